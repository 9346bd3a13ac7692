/**
 * BindsNET's examples/mnist/reservoir.py in TypeScript: `npx tsx examples/mnist/reservoir.ts [options]`,
 * the same as `bindsnet reservoir [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["reservoir", ...process.argv.slice(2)]);
