/** The `js` backend: every kernel in plain TypeScript. It is the reference the others match. */
import { spikeMatmul } from "./spike.js";
import { adaptiveLifStep, boostedLifStep, csrmStep, currentLifStep, ifStep, izhikevichStep, lifStep, mcpStep, srm0Step, sumInputStep, traceStep } from "./neurons.js";

export const jsKernels = {
  spikeMatmul,
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
};
