import { registerBackendLoader } from "./backend.js";
import { loadWasmBackend } from "./wasm/index.js";

export * from "./dtype.js";
export {
  type Backend,
  type Kernels,
  getBackend,
  setBackend,
  registerBackend,
  registerBackendLoader,
  listBackends,
  kernels,
  jsBackend,
} from "./backend.js";
export { initBackend, loadWasmBackend, loadWasmBackendAsync, wasmSimdSupported, type WasmBackend, type WasmBackendOptions } from "./wasm/index.js";

// "wasm" is known by name from the start; its module is compiled on first selection.
registerBackendLoader("wasm", () => loadWasmBackend());
