/**
 * Learning rules (BindsNET's `bindsnet.learning`): each rule is written once over a
 * connection's synapse view (src/network/synapse-view.ts), so it works on every connection
 * type that provides one. Equations and batch semantics: docs/learning.md.
 */
export { LearningRule, NoOp, sumDim, meanDim, squeezeDim, type LearningRuleClass, type LearningRuleOptions, type Reduction, type ReductionFn, type UpdateOptions } from "../network/learning-rule.js";
export { type SynapseView, type HasSynapseView, type CorrelationOptions, type SpikeSide, type BatchReduction, DenseSynapseView, hasSynapseView, torchBatchSum, batchSumOrder } from "../network/synapse-view.js";
export { PostPre } from "./post-pre.js";
export { WeightDependentPostPre } from "./weight-dependent-post-pre.js";
export { Hebbian } from "./hebbian.js";
export { MSTDP } from "./mstdp.js";
export { MSTDPET } from "./mstdpet.js";
export { Rmax } from "./rmax.js";
export { AbstractReward, MovingAvgRPE } from "./reward.js";
