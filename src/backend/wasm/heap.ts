/**
 * The wasm backend's memory: one WebAssembly.Memory, with a JavaScript-side allocator over it,
 * and the arenas that own its blocks (src/backend/arena.ts, docs/backends.md "Memory").
 *
 * Why a shared memory when the environment allows it: typed-array views of a plain
 * WebAssembly.Memory are detached when it grows. Views over a *shared* memory stay valid after
 * `grow` (they keep their length, the bytes are the same), so the memory can grow on demand.
 * Where shared memory is unavailable (a browser page that is not cross-origin isolated) the heap
 * uses a plain memory of a fixed size and never grows it; once that is full, `alloc` returns
 * ordinary JavaScript arrays and the kernels fall back to the js implementation for them (or
 * stage them), which is slower but gives the same results.
 *
 * Allocation: blocks are 16-byte aligned. Requests up to 64 KiB come from power-of-two size
 * classes; larger ones are rounded up to a multiple of 64 KiB and kept in exact-size free
 * lists. Every block has an explicit owner: a block returns to its free list on `release`
 * (or when the arena that owns it frees it or is disposed), never by itself. Reused blocks are
 * zero-filled.
 */
import { type DType, type TypedArray, allocArray, bytesPerElement } from "../dtype.js";
import type { StorageArena } from "../arena.js";

const PAGE = 65536;
const SMALL_LIMIT = 65536;
const ALIGN = 16;

export interface HeapOptions {
  /** Use a shared memory (growable without detaching views). Default: when available. */
  shared?: boolean;
  /** Most bytes the heap may take (shared: the memory's maximum). Default 4 GiB (wasm32's limit) shared, 256 MiB plain. */
  maxBytes?: number;
  /** Bytes below this address belong to the module's static data. */
  base?: number;
}

/** The rounded size of a block of `bytes`. */
function sizeClass(bytes: number): number {
  return bytes <= SMALL_LIMIT ? Math.max(ALIGN, 2 ** Math.ceil(Math.log2(bytes))) : Math.ceil(bytes / PAGE) * PAGE;
}

/** True where `new WebAssembly.Memory({ shared: true })` works (Node; isolated browser pages). */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer === "undefined") return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

function viewOf(buffer: ArrayBufferLike, dtype: DType, byteOffset: number, n: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(buffer, byteOffset, n);
    case "float64":
      return new Float64Array(buffer, byteOffset, n);
    case "int32":
      return new Int32Array(buffer, byteOffset, n);
    case "float16":
      return new Uint16Array(buffer, byteOffset, n);
    case "uint8":
    case "bool":
      return new Uint8Array(buffer, byteOffset, n);
  }
}

export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  readonly maxBytes: number;
  /** Every ArrayBuffer/SharedArrayBuffer object the memory has exposed (one per grow). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private current: ArrayBufferLike;
  private hit: ArrayBufferLike | null = null;
  private top: number;
  private readonly small = new Map<number, number[]>();
  private readonly large = new Map<number, number[]>();
  /** Size of every block handed out and not yet released, by address. */
  private readonly live = new Map<number, number>();
  private inUse = 0;
  /** Allocations that did not fit and were served from the JavaScript heap. */
  fallbacks = 0;

  constructor(opts: HeapOptions = {}) {
    this.shared = opts.shared ?? sharedMemoryAvailable();
    this.maxBytes = Math.floor((opts.maxBytes ?? (this.shared ? 2 ** 32 : 2 ** 28)) / PAGE) * PAGE;
    const maxPages = this.maxBytes / PAGE;
    if (!(maxPages >= 1 && maxPages <= 65536)) {
      throw new RangeError(`WasmHeap: maxBytes is ${opts.maxBytes}, expected between 65536 and 4294967296`);
    }
    this.memory = this.shared
      ? new WebAssembly.Memory({ initial: Math.min(maxPages, 256), maximum: maxPages, shared: true })
      : new WebAssembly.Memory({ initial: maxPages, maximum: maxPages });
    this.current = this.memory.buffer;
    this.buffers.add(this.current);
    this.top = Math.ceil(Math.max(opts.base ?? 0, 1024) / ALIGN) * ALIGN;
  }

  /** Bytes currently handed out (rounded block sizes). */
  get bytesInUse(): number {
    return this.inUse;
  }

  /** Blocks currently handed out. */
  get blocks(): number {
    return this.live.size;
  }

  /** Bytes of the memory, used or not. */
  get bytesReserved(): number {
    return this.memory.buffer.byteLength;
  }

  /** Whether `a` is a view into this heap's memory (then `a.byteOffset` is its wasm address). */
  owns(a: TypedArray): boolean {
    const b = a.buffer;
    if (b === this.current || b === this.hit) return true;
    // arrays made before a grow hold an older buffer object: remember the last one found, as a
    // kernel's arguments usually come from one or two of them (this runs for every argument)
    if (!this.buffers.has(b)) return false;
    this.hit = b;
    return true;
  }

  /**
   * Zero-filled storage for `n` elements of `dtype` in wasm memory, held until `release`, or
   * a plain JavaScript array when the memory is full (counted in `fallbacks`). Prefer an
   * arena (`createArena`), which releases its blocks together.
   */
  alloc(dtype: DType, n: number): TypedArray {
    const bytes = Math.max(n * bytesPerElement(dtype), 1);
    const size = sizeClass(bytes);
    const list = (size <= SMALL_LIMIT ? this.small : this.large).get(size);
    let ptr: number;
    let reused = false;
    if (list && list.length > 0) {
      ptr = list.pop()!;
      reused = true;
    } else {
      const p = this.bump(size);
      if (p < 0) {
        this.fallbacks++;
        return allocArray(dtype, n);
      }
      ptr = p;
    }
    const buffer = this.buffer();
    const view = viewOf(buffer, dtype, ptr, n);
    // Fresh memory is zero; a reused block holds its previous owner's bytes.
    if (reused) new Uint8Array(buffer, ptr, bytes).fill(0);
    this.live.set(ptr, size);
    this.inUse += size;
    return view;
  }

  /**
   * Returns the block of an array from `alloc` to its free list. The array (and every view of
   * the block) must not be used afterwards. Arrays that are not a live block's own array
   * (JavaScript arrays, views into a block, an array already released) are ignored.
   */
  release(a: TypedArray): void {
    if (!this.owns(a)) return;
    const size = this.live.get(a.byteOffset);
    if (size === undefined || sizeClass(Math.max(a.byteLength, 1)) !== size) return;
    this.live.delete(a.byteOffset);
    const lists = size <= SMALL_LIMIT ? this.small : this.large;
    let l = lists.get(size);
    if (!l) lists.set(size, (l = []));
    l.push(a.byteOffset);
    this.inUse -= size;
  }

  /** A new arena over this heap (see WasmArena). */
  createArena(): WasmArena {
    return new WasmArena(this);
  }

  /** The memory's current buffer (a new object after each grow). */
  buffer(): ArrayBufferLike {
    const b = this.memory.buffer;
    if (b !== this.current) {
      this.current = b;
      this.buffers.add(b);
    }
    return b;
  }

  /** Takes `size` bytes from the top, growing a shared memory; -1 when out of room. */
  private bump(size: number): number {
    const ptr = this.top;
    const end = ptr + size;
    if (end > this.maxBytes) return -1;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      if (!this.shared) return -1;
      // Grow geometrically (at least 1/4 more) so a run of allocations grows the memory rarely.
      const want = Math.min(this.maxBytes / PAGE, Math.max(Math.ceil(end / PAGE), Math.ceil((have * 1.25) / PAGE)));
      try {
        this.memory.grow(want - have / PAGE);
      } catch {
        return -1;
      }
      this.buffer();
    }
    this.top = end;
    return ptr;
  }
}

/**
 * Backstop for arenas dropped without `dispose()`: their blocks return to the heap once the
 * arena object is garbage-collected (finalizers run between tasks, never inside a synchronous
 * loop, so nothing relies on this; `dispose` is the mechanism).
 */
const dropped = new FinalizationRegistry<{ heap: WasmHeap; arrays: Set<TypedArray> }>(({ heap, arrays }) => {
  for (const a of arrays) heap.release(a);
  arrays.clear();
});

/** Blocks of one heap owned together: `free` one, or `dispose` them all (StorageArena). */
export class WasmArena implements StorageArena {
  private readonly arrays = new Set<TypedArray>();
  private bytes = 0;
  /** When set, every block handed out is also added here (an owner tracking a build phase). */
  track: Set<TypedArray> | null = null;

  constructor(readonly heap: WasmHeap) {
    dropped.register(this, { heap, arrays: this.arrays }, this);
  }

  alloc(dtype: DType, n: number): TypedArray {
    const a = this.heap.alloc(dtype, n);
    if (this.heap.owns(a)) {
      this.arrays.add(a);
      this.track?.add(a);
      this.bytes += sizeClass(Math.max(a.byteLength, 1));
    }
    return a;
  }

  holds(a: TypedArray): boolean {
    return this.arrays.has(a);
  }

  inMemory(a: TypedArray): boolean {
    return this.heap.owns(a);
  }

  free(a: TypedArray): void {
    if (!this.arrays.delete(a)) return;
    this.bytes -= sizeClass(Math.max(a.byteLength, 1));
    this.heap.release(a);
  }

  dispose(): void {
    for (const a of this.arrays) this.heap.release(a);
    this.arrays.clear();
    this.bytes = 0;
  }

  get bytesInUse(): number {
    return this.bytes;
  }

  get blocks(): number {
    return this.arrays.size;
  }
}
