/** The `js` backend: every kernel in plain TypeScript. It is the reference the others match. */
import { csrOuterAddCols, csrOuterAddRows, outerAddCols, outerAddColsBatch, outerAddRows, outerAddRowsBatch, spikeMatmul, spikeMatmulCSR } from "./spike.js";
import { csrDenseMatmul, gemm } from "./linalg.js";
import { col2im, im2col, maxPool } from "./conv.js";
import { absInto, clampCols, clampRange, scaleCols, scaleInPlace } from "./weights.js";
import { addRows, addScaledCols, addScaledRows, chainTrace, clampRows, inputSpikes, spikeList, torchRowsSum } from "./event.js";
import { tsum0 } from "../numerics.js";
import { adaptiveLifStep, boostedLifStep, csrmStep, currentLifStep, ifStep, izhikevichStep, lifStep, mcpStep, srm0Step, sumInputStep, traceStep } from "./neurons.js";

export const jsKernels = {
  spikeMatmul,
  spikeMatmulCSR,
  outerAddRows,
  outerAddCols,
  outerAddRowsBatch,
  outerAddColsBatch,
  csrOuterAddRows,
  csrOuterAddCols,
  gemm,
  csrDenseMatmul,
  im2col,
  col2im,
  maxPool,
  traceStep,
  sumInputStep,
  lifStep,
  boostedLifStep,
  ifStep,
  currentLifStep,
  adaptiveLifStep,
  izhikevichStep,
  srm0Step,
  mcpStep,
  csrmStep,
  clampRange,
  clampCols,
  scaleInPlace,
  absInto,
  scaleCols,
  tsum0,
  spikeList,
  inputSpikes,
  chainTrace,
  addRows,
  addScaledRows,
  addScaledCols,
  clampRows,
  torchRowsSum,
};
