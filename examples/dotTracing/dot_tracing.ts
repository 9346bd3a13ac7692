/**
 * BindsNET's examples/dotTracing/dot_tracing.py in TypeScript: `npx tsx examples/dotTracing/dot_tracing.ts [options]`,
 * the same as `bindsnet dot-tracing [options]` (`--help` lists the options and their defaults).
 * The reference's `--diag False` spelling of its boolean options is read correctly here (the
 * reference turned any non-empty value into True); see docs/examples.md.
 */
import { referenceArgv } from "../../src/cli/breakout.js";
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["dot-tracing", ...referenceArgv(process.argv.slice(2), ["diag", "allow-stay", "pandas", "mute", "write", "gpu"])]);
