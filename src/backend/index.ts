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
  listBackends,
  kernels,
  jsBackend,
} from "./backend.js";
export { initBackend, loadWasmBackend, loadWasmBackendAsync, wasmSimdSupported, type WasmBackend, type WasmBackendOptions } from "./wasm/index.js";
export { subview, viewAs, rootOf, isKeptView, type ViewConstructor, type AnyTypedArray } from "./view.js";
// types used in the public signatures above (the kernel table, the wasm backend's fields)
export { jsKernels } from "./js/index.js";
export type { HeapOptions, KernelStats, WasmHeap } from "./wasm/index.js";
export type { WasmExports } from "./wasm/loader.js";
export type { MatArray } from "./js/linalg.js";
export type { Param, LifParams } from "./js/neurons.js";
export type { Window3 } from "./js/conv.js";
