/**
 * BindsNET's `learning.MCC_learning` names. The rules of MulticompartmentConnection features
 * are the ordinary rules (one family, written once over the synapse view): a feature's
 * `learningRule: PostPre` is the same class as a connection's `updateRule: PostPre`. The MCC
 * names stay as aliases of those classes, so code and saved networks that use them keep
 * working ("MCCPostPre" in a file loads as PostPre).
 */
import { LearningRule, type LearningRuleOptions, NoOp } from "../../network/learning-rule.js";
import { MSTDP } from "../mstdp.js";
import { MSTDPET } from "../mstdpet.js";
import { PostPre } from "../post-pre.js";

export { NoOp, PostPre, MSTDP, MSTDPET };

/** BindsNET's MCC `NoOp`: {@link NoOp} (on a feature it does nothing at all). */
export const MCCNoOp = NoOp;
/** BindsNET's MCC `PostPre`: {@link PostPre} (on a feature: nu [0.2, 0.1] by default, times dt). */
export const MCCPostPre = PostPre;
/** BindsNET's MCC `MSTDP`: {@link MSTDP}. */
export const MCCMSTDP = MSTDP;
/** BindsNET's MCC `MSTDPET`: {@link MSTDPET}. */
export const MCCMSTDPET = MSTDPET;
/** BindsNET's `MCC_LearningRule`: the one base, {@link LearningRule}. */
export const MCCLearningRule = LearningRule;
/** The options of a rule on a feature: the rules' own (the feature sets connection, feature, nu, reduction, weightDecay). */
export type MCCLearningRuleOptions = LearningRuleOptions;
export type MCCNoOp = NoOp;
export type MCCPostPre = PostPre;
export type MCCMSTDP = MSTDP;
export type MCCMSTDPET = MSTDPET;
export type MCCLearningRule = LearningRule;
