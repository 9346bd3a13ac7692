// Entry point of the wasm kernels. Every kernel takes byte addresses into the imported memory
// (which the JavaScript side allocates) plus sizes; nothing here allocates.
export * from "./spike";

/** First byte after this module's static data: the JS allocator starts at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
export * from "./neurons";
export * from "./outer";
export * from "./linalg";
export * from "./csr";
export * from "./conv";
export * from "./weights";
export * from "./fsum";
export * from "./izhikevich";
export * from "./sexp";
export * from "./csrm";
export * from "./event";
