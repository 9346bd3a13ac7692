/**
 * BindsNET's examples/breakout/random_baseline.py in TypeScript: `npx tsx examples/breakout/random_baseline.ts [options]`,
 * the same as `bindsnet breakout-random-baseline [options]` (`--help` lists the options and their defaults).
 * The reference's `-n` is accepted. Plays BreakoutEnvironment, the project's TypeScript
 * Breakout (no Atari offline); see docs/examples.md.
 */
import { referenceArgv } from "../../src/cli/breakout.js";
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["breakout-random-baseline", ...referenceArgv(process.argv.slice(2), ["render", "gpu"])]);
