export * from "./dtype.js";
export { type Backend, type Kernels, getBackend, setBackend, registerBackend, listBackends, kernels, jsBackend } from "./backend.js";
