/** BindsNET's `bindsnet.pipeline`: pipelines that drive a network over data sets and environments. */
export { recursiveTo, type BatchItem } from "./recursive-to.js";
export { BasePipeline, type BasePipelineOptions, type PlotConfig, type ResolvedPlotConfig, type VoltageData, resolvePlotConfig } from "./base-pipeline.js";
export {
  DataLoaderPipeline,
  type DataLoaderPipelineOptions,
  TorchVisionDatasetPipeline,
  DatasetPipeline,
  type DatasetPipelineOptions,
  type EncodedBatch,
} from "./dataloader-pipeline.js";
export { EnvironmentPipeline, type EnvironmentPipelineOptions, type EncodingFn, type GymBatch } from "./environment-pipeline.js";
export {
  type ActionPipeline,
  type ActionOptions,
  type ActionFunction,
  selectMultinomial,
  selectSoftmax,
  selectHighest,
  selectFirstSpike,
  selectRandom,
  softmaxSample,
} from "./action.js";
