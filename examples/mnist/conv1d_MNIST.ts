/**
 * BindsNET's examples/mnist/conv1d_MNIST.py in TypeScript: `npx tsx examples/mnist/conv1d_MNIST.ts [options]`,
 * the same as `bindsnet conv1d-mnist [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["conv1d-mnist", ...process.argv.slice(2)]);
