/**
 * Learning rules (BindsNET's `bindsnet.learning`): each rule is written once over a
 * connection's synapse view (src/network/synapse-view.ts), so it works on every connection
 * type that provides one. Equations and batch semantics: docs/learning.md.
 */
export { LearningRule, NoOp, sumDim, meanDim, squeezeDim, type LearningRuleClass, type LearningRuleOptions, type RuleOptions, BASE_RULE_KEYS, type Reduction, type ReductionFn, type UpdateOptions } from "../network/learning-rule.js";
export { type SynapseView, type HasSynapseView, type CorrelationOptions, type SpikeSide, type BatchReduction, DenseSynapseView, hasSynapseView, torchBatchSum, batchSumOrder } from "../network/synapse-view.js";
export { PostPre } from "./post-pre.js";
export { WeightDependentPostPre } from "./weight-dependent-post-pre.js";
export { Hebbian } from "./hebbian.js";
export { MSTDP, type MSTDPOptions } from "./mstdp.js";
export { MSTDPET, type MSTDPETOptions } from "./mstdpet.js";
export { Rmax, type RmaxOptions } from "./rmax.js";
export { AbstractReward, MovingAvgRPE } from "./reward.js";

import { PostPre as PostPreRule } from "./post-pre.js";
import { WeightDependentPostPre as WeightDependentPostPreRule } from "./weight-dependent-post-pre.js";
import { Hebbian as HebbianRule } from "./hebbian.js";
import { MSTDP as MSTDPRule } from "./mstdp.js";
import { MSTDPET as MSTDPETRule } from "./mstdpet.js";
import { Rmax as RmaxRule } from "./rmax.js";
import { MovingAvgRPE as MovingAvgRPEClass } from "./reward.js";
export { MCCLearningRule, type MCCLearningRuleOptions, MCCNoOp, MCCPostPre, MCCMSTDP, MCCMSTDPET } from "./mcc/index.js";
import { LearningRule as LearningRuleBase, NoOp as NoOpRule } from "../network/learning-rule.js";

/**
 * Every class of the learning layer that a saved network can name, by the name files use.
 * The MCC names (files written before the rules of MulticompartmentConnection features became
 * the ordinary rules name "MCCPostPre", ...) come last: they load as the same classes, which
 * are saved under their own names. The network layer may not import this layer; `defaultClassTable()`
 * (src/class-table.ts) joins this table with the network's, for `loadNetwork` (see
 * docs/save-load.md). Nothing is registered by importing this module.
 */
export const learningClasses = {
  PostPre: PostPreRule,
  WeightDependentPostPre: WeightDependentPostPreRule,
  Hebbian: HebbianRule,
  MSTDP: MSTDPRule,
  MSTDPET: MSTDPETRule,
  Rmax: RmaxRule,
  MovingAvgRPE: MovingAvgRPEClass,
  MCCLearningRule: LearningRuleBase,
  MCCNoOp: NoOpRule,
  MCCPostPre: PostPreRule,
  MCCMSTDP: MSTDPRule,
  MCCMSTDPET: MSTDPETRule,
} as const;
