/**
 * `bindsnet/environment`: BindsNET's environment module in TypeScript. Browser-safe (no
 * node:fs); the CSV file writer for DotSimulator is in `./node.ts`.
 */
export { type DiscreteSpace, type EnvInfo, Environment, type StepResult } from "./environment.js";
export {
  type BoundHandling,
  DOT_DIRECTIONS,
  type Dot,
  DotSimulator,
  type DotSimulatorOptions,
  type DotWriter,
  type FitFunction,
  runDotSimulator,
} from "./dot-simulator.js";
export { CueRewardSimulator, type CueRewardOptions } from "./cue-reward.js";
export { BREAKOUT_ACTIONS, BREAKOUT_SIZE, type Ball, BreakoutEnvironment, type BreakoutOptions } from "./breakout.js";
export { FrameHistory, type HistoryOptions, HistoryWrapper } from "./history.js";
export { type ObservationOptions, ObservationProcessor } from "./frames.js";
export { type GymEnvironmentOptions, type GymFrame, type GymLikeEnv, GymEnvironment, preprocessFrame, resizeLinear } from "./gym.js";
