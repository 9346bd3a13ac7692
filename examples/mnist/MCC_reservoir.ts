/**
 * BindsNET's examples/mnist/MCC_reservoir.py in TypeScript: `npx tsx examples/mnist/MCC_reservoir.ts [options]`,
 * the same as `bindsnet mcc-reservoir [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["mcc-reservoir", ...process.argv.slice(2)]);
