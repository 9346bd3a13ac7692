/**
 * Learning rules for MulticompartmentConnection features (BindsNET's learning.MCC_learning).
 * The short names clash with the ordinary rules, so each is also exported with an MCC prefix.
 */
export { MCCLearningRule, type MCCLearningRuleOptions } from "./mcc-learning-rule.js";
export { NoOp, NoOp as MCCNoOp } from "./no-op.js";
export { PostPre, PostPre as MCCPostPre } from "./post-pre.js";
export { MSTDP, MSTDP as MCCMSTDP } from "./mstdp.js";
export { MSTDPET, MSTDPET as MCCMSTDPET } from "./mstdpet.js";
