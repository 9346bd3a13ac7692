/**
 * The `wasm` backend: tensor storage in a WebAssembly memory and kernels compiled from
 * AssemblyScript with 128-bit SIMD (see docs/backends.md).
 *
 * It is the default backend where WebAssembly SIMD is available (see backend.ts); to load and
 * select it explicitly:
 * ```ts
 * import { loadWasmBackend, setBackend } from "bindsnet/backend";
 * loadWasmBackend();          // Node / workers: synchronous compile (await loadWasmBackendAsync() in a page)
 * setBackend("wasm");
 * ```
 * or `await initBackend()` to pick the default for this environment.
 */
// registry.ts, not backend.ts: backend.ts imports this file to install wasm as the default.
import { type Backend, type Kernels, getBackend, registerBackend, setBackend } from "../registry.js";
import { type DType, type TypedArray, allocArray } from "../dtype.js";
import { currentArena, markGcStorage } from "../arena.js";
import { type HeapOptions, WasmArena, WasmHeap, sharedMemoryAvailable } from "./heap.js";
import { type WasmExports, compileModule, compileModuleSync, instantiate, wasmSimdSupported } from "./loader.js";
import { type KernelStats, createWasmKernels, wasmKernelNames } from "./kernels.js";

export { WasmArena, WasmHeap, sharedMemoryAvailable, wasmSimdSupported, wasmKernelNames };
export type { HeapOptions, KernelStats };

/** The wasm backend object: a Backend plus its heap (for statistics and `release`). */
export interface WasmBackend extends Backend {
  readonly name: "wasm";
  readonly heap: WasmHeap;
  createArena(): WasmArena;
  readonly exports: WasmExports;
  /** Calls of ported kernels that ran in wasm / went to the js kernel (for tests, tuning). */
  readonly stats: KernelStats;
}

export type WasmBackendOptions = HeapOptions;

let loaded: WasmBackend | null = null;

function create(module: WebAssembly.Module, shared: boolean, opts: WasmBackendOptions): WasmBackend {
  // The heap must start above the module's static data; instantiate once over a scratch
  // memory of the same kind to read that address before the real heap exists.
  const probe = new WebAssembly.Memory(shared ? { initial: 1, maximum: 1, shared: true } : { initial: 1 });
  const base = instantiate(module, probe).heapBase();
  const heap = new WasmHeap({ ...opts, shared, base });
  const ex = instantiate(module, heap.memory);
  const stats: KernelStats = { wasm: 0, fallback: 0 };
  const kernels: Kernels = createWasmKernels(ex, heap, stats);
  return {
    name: "wasm",
    heap,
    stats,
    exports: ex,
    kernels,
    // new storage belongs to the innermost withArena's arena (a network adopts its own at
    // run time); outside any, it is a JavaScript array the garbage collector frees
    alloc: (dtype: DType, n: number): TypedArray => {
      const a = currentArena();
      return a !== null && a instanceof WasmArena && a.heap === heap ? a.alloc(dtype, n) : markGcStorage(allocArray(dtype, n));
    },
    createArena: (): WasmArena => heap.createArena(),
  };
}

function check(): boolean {
  if (!wasmSimdSupported()) {
    throw new Error("loadWasmBackend: this engine has no WebAssembly SIMD, expected an engine with 128-bit SIMD (use the js backend)");
  }
  return sharedMemoryAvailable();
}

/**
 * Compiles the kernels synchronously, registers the backend as "wasm" and returns it (the
 * same object on later calls; options apply to the first). Fine in Node and workers; on a
 * browser's main thread use `loadWasmBackendAsync`.
 */
export function loadWasmBackend(opts: WasmBackendOptions = {}): WasmBackend {
  if (loaded) return loaded;
  const shared = opts.shared ?? check();
  loaded = create(compileModuleSync(shared), shared, opts);
  registerBackend(loaded);
  return loaded;
}

/** As `loadWasmBackend`, compiling asynchronously (works everywhere, including a page). */
export async function loadWasmBackendAsync(opts: WasmBackendOptions = {}): Promise<WasmBackend> {
  if (loaded) return loaded;
  const shared = opts.shared ?? check();
  const module = await compileModule(shared);
  if (!loaded) {
    loaded = create(module, shared, opts);
    registerBackend(loaded);
  }
  return loaded;
}

/**
 * Chooses the backend for this environment and activates it: "wasm" where WebAssembly SIMD
 * is available, else "js"; pass a name to force one. Returns the active backend's name.
 */
export async function initBackend(name: "auto" | "wasm" | "js" = "auto"): Promise<string> {
  if (name === "js" || (name === "auto" && !wasmSimdSupported())) {
    setBackend("js");
  } else {
    await loadWasmBackendAsync();
    setBackend("wasm");
  }
  return getBackend().name;
}
