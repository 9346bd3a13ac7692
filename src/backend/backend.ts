/**
 * The backend seam. A backend owns tensor storage (`alloc`) and provides the kernels: plain
 * functions over typed arrays. Network and tensor code reach kernels only through
 * `kernels()`, never by a backend's name, so a backend can be swapped without touching them.
 *
 * The default: when nothing was selected (`setBackend`, `initBackend`), the first
 * `getBackend()`/`kernels()` call picks `wasm` where WebAssembly SIMD is available and the
 * module compiles synchronously (Node, workers), else `js` (no SIMD, a browser's main thread,
 * any load error); `BINDSNET_BACKEND=js|wasm` in the environment forces one. This file is the
 * one place that wires the wasm backend in: the registry itself (registry.ts) knows only js, so
 * the wasm code can import it without an import cycle.
 */
import { registerBackendLoader, setDefaultBackendChooser } from "./registry.js";
import { loadWasmBackend, wasmSimdSupported } from "./wasm/index.js";

export {
  type Backend,
  type Kernels,
  type DefaultBackendChooser,
  BACKEND_ENV,
  backendFromEnv,
  getBackend,
  jsBackend,
  kernels,
  listBackends,
  registerBackend,
  registerBackendLoader,
  unregisterBackend,
  selectedBackendName,
  setBackend,
  setDefaultBackendChooser,
} from "./registry.js";

// "wasm" is known by name from the start; its module is compiled on first selection.
registerBackendLoader("wasm", () => loadWasmBackend());

// wasm by default where it runs: loadWasmBackend compiles synchronously, which throws on a
// browser's main thread (modules over 4 KB); the registry then stays on js.
setDefaultBackendChooser(() => (wasmSimdSupported() ? "wasm" : null));
