/**
 * BindsNET's examples/mnist/loc2d_mnist.py in TypeScript: `npx tsx examples/mnist/loc2d_mnist.ts [options]`,
 * the same as `bindsnet loc2d-mnist [options]` (`--help` lists the options and their defaults).
 * The code is shared by all examples in src/cli (see docs/examples.md).
 */
import { main } from "../../src/cli/index.js";

process.exitCode = await main(["loc2d-mnist", ...process.argv.slice(2)]);
