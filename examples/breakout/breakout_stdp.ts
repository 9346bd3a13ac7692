/**
 * BindsNET's examples/breakout/breakout_stdp.py in TypeScript: `npx tsx examples/breakout/breakout_stdp.ts [options]`,
 * the same as `bindsnet breakout-stdp [options]` (`--help` lists the options and their defaults).
 * The reference's `-n` is accepted. Plays BreakoutEnvironment, the project's TypeScript
 * Breakout (no Atari offline); see docs/examples.md.
 */
import { referenceArgv } from "../../src/cli/breakout.js";
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["breakout-stdp", ...referenceArgv(process.argv.slice(2), ["render", "gpu"])]);
