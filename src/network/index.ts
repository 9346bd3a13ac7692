export * from "./nodes/index.js";
export * from "./topology/index.js";
export { LearningRule, NoOp, sumDim, meanDim, squeezeDim, clampWeights, anyFinite, type LearningRuleClass, type LearningRuleOptions, type RuleOptions, BASE_RULE_KEYS, type Reduction, type ReductionFn, type UpdateOptions } from "./learning-rule.js";
export { Network, ConnectionMap, connectionKey, type NetworkOptions, type RunOptions, type PerConnection, type AbstractReward, type RewardClass } from "./network.js";
export { AbstractMonitor, Monitor, NetworkMonitor, type MonitorOptions, type NetworkMonitorOptions, type MonitoredNetwork } from "./monitors.js";
export * from "./features/index.js";
// types used in public signatures (connection geometry, synapse-view hosts)
export type { WindowGeometry } from "./topology/geometry.js";
export type { BatchSumOrder, DenseViewHost } from "./synapse-view.js";
export type { WeightHost, ConvViewGeometry, LocalViewGeometry, CsrHost } from "./topology/synapse-views.js";
export { checkFiniteTensor } from "./checks.js";
export { adoptStorage, buildInArena, disposeStorage, storageBytes, storageArena } from "./storage.js";
