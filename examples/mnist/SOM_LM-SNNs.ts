/**
 * BindsNET's examples/mnist/SOM_LM-SNNs.py in TypeScript: `npx tsx examples/mnist/SOM_LM-SNNs.ts [options]`,
 * the same as `bindsnet som-lm-snns [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["som-lm-snns", ...process.argv.slice(2)]);
