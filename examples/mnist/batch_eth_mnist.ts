/**
 * BindsNET's examples/mnist/batch_eth_mnist.py in TypeScript: `npx tsx examples/mnist/batch_eth_mnist.ts [options]`,
 * the same as `bindsnet batch-eth-mnist [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["batch-eth-mnist", ...process.argv.slice(2)]);
