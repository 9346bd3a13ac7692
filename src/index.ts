/**
 * bindsnet: spiking neural networks with local learning rules, for Node.js and the browser.
 *
 * The root entry holds the core, which runs unchanged in Node and in a browser: tensors,
 * backend selection, the network (nodes, connections, monitors), learning rules and spike
 * encodings. Each BindsNET module is also a subpath (`bindsnet/network`, `bindsnet/learning`,
 * `bindsnet/encoding`, `bindsnet/datasets`, `bindsnet/preprocessing`, `bindsnet/pipeline`,
 * `bindsnet/environment`, `bindsnet/conversion`, ...). Every entry but `bindsnet/node` (files,
 * folder data sets, PNG plots) and `bindsnet/parity` bundles for browsers; `network.save(path)`
 * and `Network.load(path)` reach Node's fs at call time (see `setFileSystem`), and
 * `serializeNetwork` / `deserializeNetwork` give the same file as bytes anywhere.
 */
export * from "./errors.js";
export { type FileSystem, NoFileSystemError, setFileSystem } from "./platform.js";
export * from "./tensor/index.js";
export { getBackend, setBackend, registerBackend, listBackends, initBackend, loadWasmBackendAsync, wasmSimdSupported, type Backend, withArena, type StorageArena } from "./backend/index.js";
export * from "./network/index.js";
export {
  PostPre,
  WeightDependentPostPre,
  Hebbian,
  MSTDP,
  MSTDPET,
  Rmax,
  AbstractReward,
  MovingAvgRPE,
  type SynapseView,
  type HasSynapseView,
  DenseSynapseView,
  hasSynapseView,
  MCCLearningRule,
  MCCNoOp,
  MCCPostPre,
  MCCMSTDP,
  MCCMSTDPET,
  learningClasses,
} from "./learning/index.js";
export {
  saveNetwork,
  serializeNetwork,
  cloneNetwork,
  encodeSafetensors,
  decodeSafetensors,
  type SafetensorsFile,
  type SerializableNetwork,
  type CloneContext,
  type AnyClass,
  type AnyFunction,
  registerClass,
  registerClasses,
  registerFunction,
  type LoadOptions,
} from "./network/io/index.js";
export { defaultClassTable, loadNetwork, deserializeNetwork } from "./class-table.js";
/** Spike encodings (`encoding.poisson(...)`); named like BindsNET's `bindsnet.encoding`. */
export * as encoding from "./encoding/index.js";
export {
  NullEncoder,
  SingleEncoder,
  RepeatEncoder,
  BernoulliEncoder,
  PoissonEncoder,
  RankOrderEncoder,
} from "./encoding/index.js";
/**
 * ANN → SNN conversion (`bindsnet/conversion` has the whole module); exported here so that a
 * saved converted network loads from the root entry (`loadNetwork` uses `defaultClassTable()`,
 * which holds its node and connection classes).
 */
export { annToSnn, dataBasedNormalization, SubtractiveResetIFNodes, PassThroughNodes, conversionClasses } from "./conversion/index.js";
