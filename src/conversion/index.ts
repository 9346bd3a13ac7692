/**
 * ANN → SNN conversion (BindsNET's `bindsnet.conversion`): a declarative ANN evaluated with
 * this library's tensor ops, data-based weight normalisation, and the converter with its
 * neuron and connection classes (`conversionClasses`, part of `defaultClassTable()` for
 * save/load).
 */
import { PassThroughNodes, SubtractiveResetIFNodes } from "./nodes.js";
import { ConstantPad2dConnection, PermuteConnection } from "./topology.js";

export {
  type AnnLayer,
  type WeightLike,
  type Conv2dOptions,
  type MaxPool2dOptions,
  Linear,
  Conv2d,
  ReLU,
  MaxPool2d,
  Flatten,
  Dropout,
  Permute,
  ConstantPad2d,
  Sequential,
  FeatureExtractor,
  isAnnLayer,
  constantPad2d,
} from "./layers.js";
export { type AnnLayerJson, type WeightJson, annFromJson, annToJson, weightToBase64 } from "./json.js";
export { type NormalizationOptions, type NormalizationFactor, dataBasedNormalization, normalizationFactors } from "./normalization.js";
export { type SubtractiveResetIFNodesOptions, SubtractiveResetIFNodes, PassThroughNodes } from "./nodes.js";
export { type PermuteConnectionOptions, type ConstantPad2dConnectionOptions, PermuteConnection, ConstantPad2dConnection } from "./topology.js";
export { type AnnToSnnOptions, type NodeClass, annToSnn } from "./conversion.js";

/** The classes of this module that a saved Network may name, by name. */
export const conversionClasses = { SubtractiveResetIFNodes, PassThroughNodes, PermuteConnection, ConstantPad2dConnection } as const;
