/** The `js` backend: every kernel in plain TypeScript. It is the reference the others match. */
import { spikeMatmul } from "./spike.js";

export const jsKernels = {
  spikeMatmul,
};
