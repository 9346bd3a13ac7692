/** Topology features of the MulticompartmentConnection (BindsNET's topology_features). */
export { AbstractFeature, type FeatureOptions, type FeatureKind, type FeatureRuleOptions, type FeatureLearningRule, type FeatureLearningRuleClass, type RangeBound, gateRow, offsetRow } from "./abstract-feature.js";
export { FeatureStore, type FeatureDType, halfLookup } from "./feature-store.js";
export { Weight, type WeightOptions, type NormFrequency } from "./weight.js";
export { Bias } from "./bias.js";
export { Intensity } from "./intensity.js";
export { Degradation, type DegradationOptions } from "./degradation.js";
export { Probability } from "./probability.js";
export { Mask, type MaskOptions } from "./mask.js";
export { MeanField } from "./mean-field.js";
export { AdaptationBase, type AdaptationOptions } from "./adaptation.js";
export { AdaptationBaseSynapsHistory } from "./adaptation-base-synaps-history.js";
export { AdaptationBaseOtherSynaps } from "./adaptation-base-other-synaps.js";
export { AbstractSubFeature, Normalization, type SubFeatureOptions } from "./normalization.js";
export { Updating, type UpdatingOptions } from "./updating.js";
export { TorchColumnSum } from "./torch-sum.js";
