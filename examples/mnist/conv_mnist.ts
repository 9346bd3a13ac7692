/**
 * BindsNET's examples/mnist/conv_mnist.py in TypeScript: `npx tsx examples/mnist/conv_mnist.ts [options]`,
 * the same as `bindsnet conv-mnist [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["conv-mnist", ...process.argv.slice(2)]);
