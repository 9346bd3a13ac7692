/**
 * The wasm backend's tensor memory: one WebAssembly.Memory shared by every tensor allocated
 * while the backend is active, with a JavaScript-side allocator over it.
 *
 * Why a shared memory when the environment allows it: `Backend.alloc` hands out typed-array
 * views, and growing a plain WebAssembly.Memory detaches every view made before. Views over a
 * *shared* memory stay valid after `grow` (they keep their length, the bytes are the same), so
 * the memory can grow on demand. Where shared memory is unavailable (a browser page that is
 * not cross-origin isolated) the heap uses a plain memory of a fixed size and never grows it;
 * once that is full, `alloc` returns ordinary JavaScript arrays and the kernels fall back to
 * the js implementation for them, which is slower but gives the same results.
 *
 * Allocation: blocks are 16-byte aligned. Requests up to 64 KiB come from power-of-two size
 * classes; larger ones are rounded up to a multiple of 64 KiB and kept in exact-size free
 * lists. A block returns to its free list when the typed array handed out for it is garbage
 * collected (FinalizationRegistry), or on `release`. Reused blocks are zero-filled.
 *
 * Caveat: a view made from an allocated array (`subarray`, `new Float32Array(a.buffer, ...)`)
 * does not keep the block alive; keep the array returned by `alloc` (the tensor does) as long
 * as such a view is in use.
 */
import { type DType, type TypedArray, allocArray, bytesPerElement } from "../dtype.js";

const PAGE = 65536;
const SMALL_LIMIT = 65536;
const ALIGN = 16;
/** Blocks at least this large are exempt from the soft limit (see HeapOptions.softLimitBytes). */
export const STORAGE_BYTES = 4 * 2 ** 20;

export interface HeapOptions {
  /** Use a shared memory (growable without detaching views). Default: when available. */
  shared?: boolean;
  /** Most bytes the heap may take (shared: the memory's maximum). Default 4 GiB (wasm32's limit) shared, 256 MiB plain. */
  maxBytes?: number;
  /** Bytes below this address belong to the module's static data. */
  base?: number;
  /**
   * Fresh bytes the heap may take while no freed block comes back (default 256 MiB; Infinity
   * turns the limit off). Blocks return when their arrays are garbage-collected, through
   * FinalizationRegistry callbacks, and those run only between tasks: a long synchronous
   * loop that makes new tensors (a spike train per sample) would grow the memory without
   * bound. Past this many bytes, allocations that no free block can serve come from the
   * JavaScript heap instead (the kernels handle those arrays, with the same results), until
   * a block is freed (the loop yields, or `release` is called). Blocks of 4 MiB or more
   * (STORAGE_BYTES: the weights and state of big networks, allocated once) neither count
   * towards the limit nor are refused by it; they are bounded by `maxBytes` only.
   */
  softLimitBytes?: number;
}

interface Block {
  readonly ptr: number;
  readonly size: number;
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
  private readonly registry = new FinalizationRegistry<Block>((b) => {
    this.freeBlock(b);
    this.grown = 0;
  });
  private inUse = 0;
  /** Allocations that did not fit and were served from the JavaScript heap. */
  fallbacks = 0;
  /** See HeapOptions.softLimitBytes. */
  readonly softLimit: number;
  /** Fresh bytes taken since a block last came back. */
  private grown = 0;

  constructor(opts: HeapOptions = {}) {
    this.shared = opts.shared ?? sharedMemoryAvailable();
    this.maxBytes = Math.floor((opts.maxBytes ?? (this.shared ? 2 ** 32 : 2 ** 28)) / PAGE) * PAGE;
    const soft = opts.softLimitBytes ?? 2 ** 28;
    if (!(soft > 0)) throw new RangeError(`WasmHeap: softLimitBytes is ${opts.softLimitBytes}, expected a positive number of bytes (or Infinity)`);
    this.softLimit = soft;
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
   * Zero-filled storage for `n` elements of `dtype` in wasm memory, or a plain JavaScript
   * array when the heap is full.
   */
  alloc(dtype: DType, n: number): TypedArray {
    const bytes = Math.max(n * bytesPerElement(dtype), 1);
    const size = bytes <= SMALL_LIMIT ? Math.max(ALIGN, 2 ** Math.ceil(Math.log2(bytes))) : Math.ceil(bytes / PAGE) * PAGE;
    const list = (size <= SMALL_LIMIT ? this.small : this.large).get(size);
    let ptr: number;
    let reused = false;
    if (list && list.length > 0) {
      ptr = list.pop()!;
      reused = true;
    } else {
      // blocks of STORAGE_BYTES or more are a model's storage (weights, big state), made once
      // and kept: the soft limit on garbage does not apply to them, only the memory's maximum
      const storage = size >= STORAGE_BYTES;
      const p = this.grown >= this.softLimit && !storage ? -1 : this.bump(size);
      if (p < 0) {
        this.fallbacks++;
        return allocArray(dtype, n);
      }
      if (!storage) this.grown += size;
      ptr = p;
    }
    const buffer = this.buffer();
    const view = viewOf(buffer, dtype, ptr, n);
    // Fresh memory is zero; a reused block holds its previous owner's bytes.
    if (reused) new Uint8Array(buffer, ptr, bytes).fill(0);
    const block: Block = { ptr, size };
    this.registry.register(view, block, view);
    this.inUse += size;
    return view;
  }

  /**
   * Returns the block of an array from `alloc` to the free list now instead of at garbage
   * collection. The array must not be used afterwards. Arrays not owned by the heap are ignored.
   */
  release(a: TypedArray): void {
    if (!this.owns(a)) return;
    // unregister reports whether `a` was a live allocation, so double releases are harmless.
    const bytes = Math.max(a.byteLength, 1);
    const size = bytes <= SMALL_LIMIT ? Math.max(ALIGN, 2 ** Math.ceil(Math.log2(bytes))) : Math.ceil(bytes / PAGE) * PAGE;
    if (this.registry.unregister(a)) {
      this.freeBlock({ ptr: a.byteOffset, size });
      this.grown = 0;
    }
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

  private freeBlock(b: Block): void {
    const lists = b.size <= SMALL_LIMIT ? this.small : this.large;
    let list = lists.get(b.size);
    if (!list) lists.set(b.size, (list = []));
    list.push(b.ptr);
    this.inUse -= b.size;
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
