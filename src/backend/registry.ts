/**
 * The backend registry: the Backend interface, the registered backends and the active one.
 * Code outside src/backend imports it through backend.ts, which also registers the wasm
 * backend's loader and the default choice; this file imports no backend but js, so the wasm
 * backend can import it without a cycle.
 */
import type { DType, TypedArray } from "./dtype.js";
import { allocArray } from "./dtype.js";
import type { StorageArena } from "./arena.js";
import { jsKernels } from "./js/index.js";

/** The kernel table every backend provides; the `js` backend defines its shape. */
export type Kernels = typeof jsKernels;

export interface Backend {
  readonly name: string;
  /**
   * Allocates zero-filled storage for `n` elements of `dtype`: in the arena of the innermost
   * `withArena` when it is one of this backend's, else garbage-collected storage.
   */
  alloc(dtype: DType, n: number): TypedArray;
  readonly kernels: Kernels;
  /**
   * A new arena in this backend's own memory (wasm); absent where storage is plain JavaScript
   * arrays (js), which needs no owner. See src/backend/arena.ts.
   */
  createArena?(): StorageArena;
}

export const jsBackend: Backend = {
  name: "js",
  alloc: allocArray,
  kernels: jsKernels,
};

const registry = new Map<string, Backend>([["js", jsBackend]]);
/** null until a backend is chosen, explicitly or by the default choice on first use. */
let active: Backend | null = null;

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

/**
 * Forgets the backend (and loader) registered under `name`, so `listBackends` no longer names
 * it; if it was active, the next `getBackend()` makes the default choice again. `js` cannot be
 * removed. Returns whether anything was removed.
 */
export function unregisterBackend(name: string): boolean {
  if (name === "js") throw new Error(`unregisterBackend: name is "js", expected another backend (js is the reference and always registered)`);
  const had = registry.delete(name) || loaders.has(name);
  loaders.delete(name);
  if (active !== null && active.name === name) active = null;
  return had;
}

/** The backend `name`, built by its loader on first use; throws (naming `op`) if unknown. */
function lookup(op: string, arg: string, name: string): Backend {
  const loader = loaders.get(name);
  if (!registry.has(name) && loader) registerBackend(loader());
  const b = registry.get(name);
  if (!b) {
    throw new Error(`${op}: ${arg} is ${JSON.stringify(name)}, expected one of ${listBackends().map((k) => JSON.stringify(k)).join(", ")}`);
  }
  return b;
}

/** Selects the backend used for new storage and kernels from now on. */
export function setBackend(name: string): void {
  active = lookup("setBackend", "name", name);
}

/**
 * Decides the default backend, called once by the first `getBackend()`/`kernels()` when no
 * backend was selected before. Returns a backend name, or null for js.
 */
export type DefaultBackendChooser = () => string | null;

let chooser: DefaultBackendChooser = () => null;

/** Sets the rule that picks the backend when none was selected (backend.ts installs it). */
export function setDefaultBackendChooser(choose: DefaultBackendChooser): void {
  chooser = choose;
}

/** The environment variable that forces the default backend ("js" or "wasm"). */
export const BACKEND_ENV = "BINDSNET_BACKEND";

/** `BINDSNET_BACKEND` from the environment where there is a `process` (Node), else undefined. */
export function backendFromEnv(): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const v = p?.env?.[BACKEND_ENV];
  return v === undefined || v === "" ? undefined : v;
}

function chooseDefault(): Backend {
  const forced = backendFromEnv();
  if (forced !== undefined) return (active = lookup("getBackend", `the environment variable ${BACKEND_ENV}`, forced));
  let name: string | null = null;
  try {
    name = chooser();
    active = name === null ? jsBackend : lookup("getBackend", "the default backend", name);
  } catch {
    // no SIMD, a page that refuses synchronous compiles, a load error: stay on the reference
    active = jsBackend;
  }
  return active;
}

/**
 * The active backend. If none was selected yet, selects the default first: the backend named
 * by `BINDSNET_BACKEND` when set, else the installed default choice (wasm where WebAssembly
 * SIMD is available and compiles synchronously), else js.
 */
export function getBackend(): Backend {
  return active ?? chooseDefault();
}

/** The active backend's name without choosing a default: null while none was selected. */
export function selectedBackendName(): string | null {
  return active === null ? null : active.name;
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...new Set([...registry.keys(), ...loaders.keys()])];
}

/** The active backend's kernel table. */
export function kernels(): Kernels {
  return (active ?? chooseDefault()).kernels;
}
