export * from "./dtype.js";
export {
  type Backend,
  type Kernels,
  type DefaultBackendChooser,
  BACKEND_ENV,
  backendFromEnv,
  selectedBackendName,
  setDefaultBackendChooser,
  getBackend,
  setBackend,
  registerBackend,
  registerBackendLoader,
  unregisterBackend,
  listBackends,
  kernels,
  jsBackend,
} from "./backend.js";
export { initBackend, loadWasmBackend, loadWasmBackendAsync, wasmSimdSupported, type WasmBackend, type WasmBackendOptions } from "./wasm/index.js";
export { withArena, currentArena, type StorageArena } from "./arena.js";
export { subview, viewAs, rootOf, isKeptView, type ViewConstructor, type AnyTypedArray } from "./view.js";
export type { Param, LifParams, MatArray, Window3 } from "./contract.js";
export { fma32, sexp, decayOf, tsumAll, tsumLast, tsum0 } from "./numerics.js";
// The reference im2col, for callers that unfold into scratch arrays the active backend did not
// allocate (the kernel table's im2col may require backend storage).
export { im2col } from "./js/conv.js";
// types used in the public signatures above (the kernel table, the wasm backend's fields)
export { jsKernels } from "./js/index.js";
export type { HeapOptions, KernelStats, WasmArena, WasmHeap } from "./wasm/index.js";
export type { WasmExports } from "./wasm/loader.js";
