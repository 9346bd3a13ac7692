/**
 * BindsNET's examples/mnist/conv3d_MNIST.py in TypeScript: `npx tsx examples/mnist/conv3d_MNIST.ts [options]`,
 * the same as `bindsnet conv3d-mnist [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["conv3d-mnist", ...process.argv.slice(2)]);
