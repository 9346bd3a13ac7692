/**
 * Storage ownership: an arena owns blocks of a backend's memory until it frees them or is
 * disposed. The wasm backend's arenas hold blocks of its WebAssembly memory (kernels take them
 * in place); a backend without its own memory (js) has no arenas, and its storage is ordinary
 * JavaScript arrays freed by the garbage collector.
 *
 * Who owns what (docs/backends.md "Memory"): tensors made by user code are JavaScript arrays
 * (freed by the ordinary GC, so a loop drawing a fresh input per sample stays flat); a
 * `Network` owns an arena holding its layers' state, its weights and its step scratch, freed by
 * `network.dispose()`; `withArena(arena, fn)` puts the storage of every tensor made inside `fn`
 * into `arena`, for users who want their own tensors in wasm memory.
 */
import type { DType, TypedArray } from "./dtype.js";

/** Storage blocks owned together, freed together (see the module comment). */
export interface StorageArena {
  /** Zero-filled storage for `n` elements of `dtype`, owned by this arena. */
  alloc(dtype: DType, n: number): TypedArray;
  /** Whether `a` is storage this arena handed out and still owns (not a view of it). */
  holds(a: TypedArray): boolean;
  /** Whether `a` lies in the memory this arena's blocks come from (any arena's or the heap's). */
  inMemory(a: TypedArray): boolean;
  /** Returns one block now; `a` must not be used afterwards. Arrays not held are ignored. */
  free(a: TypedArray): void;
  /** Frees every block; the arena can still allocate afterwards. */
  dispose(): void;
  /** Bytes of the blocks it holds (rounded sizes). */
  readonly bytesInUse: number;
  /** Blocks it holds. */
  readonly blocks: number;
  /** When set, every block it hands out is also added to this set (see `buildInArena`). */
  track?: Set<TypedArray> | null;
}

let current: StorageArena | null = null;

/**
 * Runs `fn` with `arena` as the owner of new storage: every tensor made by `fn` (creation
 * functions, op results) has its storage in `arena`, and lives until `arena.free`/`dispose`.
 * Nests; the previous owner is restored when `fn` returns or throws. Pass `null` to make
 * storage of the garbage-collected kind inside an outer scope.
 *
 * Careful: a tensor whose arena was disposed must not be used (its block may belong to someone
 * else by then). Arenas of a `Network` re-point their tensors to JavaScript copies when disposed,
 * so network state stays valid; your own arenas do not.
 */
export function withArena<T>(arena: StorageArena | null, fn: () => T): T {
  const prev = current;
  current = arena;
  try {
    return fn();
  } finally {
    current = prev;
  }
}

/** The arena of the innermost `withArena`, or null (new storage is garbage-collected). */
export function currentArena(): StorageArena | null {
  return current;
}

const gcMade = new WeakSet<TypedArray>();

/**
 * Marks `a` as garbage-collected storage a backend with its own memory handed out (outside any
 * arena): an owner that finds it in a field of its objects may move it into its arena
 * (src/network/storage.ts). Arrays made directly with `new Float32Array(...)` are never moved.
 */
export function markGcStorage<T extends TypedArray>(a: T): T {
  gcMade.add(a);
  return a;
}

/** Whether `a` came from a backend's `alloc` outside any arena (see markGcStorage). */
export function isGcStorage(a: TypedArray): boolean {
  return gcMade.has(a);
}
