/**
 * The backend seam. A backend owns tensor storage (`alloc`) and provides the kernels: plain
 * functions over typed arrays. Network and tensor code reach kernels only through
 * `kernels()`, never by a backend's name, so a backend can be swapped without touching them.
 */
import type { DType, TypedArray } from "./dtype.js";
import { allocArray } from "./dtype.js";
import { jsKernels } from "./js/index.js";

/** The kernel table every backend provides; the `js` backend defines its shape. */
export type Kernels = typeof jsKernels;

export interface Backend {
  readonly name: string;
  /** Allocates zero-filled storage for `n` elements of `dtype`. */
  alloc(dtype: DType, n: number): TypedArray;
  readonly kernels: Kernels;
}

export const jsBackend: Backend = {
  name: "js",
  alloc: allocArray,
  kernels: jsKernels,
};

const registry = new Map<string, Backend>([["js", jsBackend]]);
let active: Backend = jsBackend;

/** Makes a backend available to `setBackend` under its name. */
export function registerBackend(backend: Backend): void {
  registry.set(backend.name, backend);
}

const loaders = new Map<string, () => Backend>();

/**
 * Makes a backend available by name without building it yet: `setBackend(name)` calls
 * `load` the first time (the wasm backend compiles its module then).
 */
export function registerBackendLoader(name: string, load: () => Backend): void {
  loaders.set(name, load);
}

/** Selects the backend used for new storage and kernels from now on. */
export function setBackend(name: string): void {
  const loader = loaders.get(name);
  if (!registry.has(name) && loader) registerBackend(loader());
  const b = registry.get(name);
  if (!b) {
    throw new Error(
      `setBackend: name is ${JSON.stringify(name)}, expected one of ${[...registry.keys()].map((k) => JSON.stringify(k)).join(", ")}`,
    );
  }
  active = b;
}

export function getBackend(): Backend {
  return active;
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...new Set([...registry.keys(), ...loaders.keys()])];
}

/** The active backend's kernel table. */
export function kernels(): Kernels {
  return active.kernels;
}
