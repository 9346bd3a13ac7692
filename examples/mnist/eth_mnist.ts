/**
 * BindsNET's examples/mnist/eth_mnist.py in TypeScript: `npx tsx examples/mnist/eth_mnist.ts [options]`,
 * the same as `bindsnet eth-mnist [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["eth-mnist", ...process.argv.slice(2)]);
