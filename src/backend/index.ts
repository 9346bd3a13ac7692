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
export { subview, viewAs, rootOf, isKeptView, type ViewConstructor } from "./view.js";
