/**
 * The wasm kernel wrappers' shared marshalling (see kernels.ts): turning a kernel's typed-array
 * arguments into wasm addresses (staging arrays that live in the JavaScript heap), number
 * parameters into (address, value) slots, a work area in wasm memory, and the call counts.
 * One `Marshal` per backend instance; the per-area wrappers in kernels/ share it.
 */
import type { TypedArray } from "../dtype.js";
import type { Param } from "../contract.js";
import type { WasmHeap } from "./heap.js";

/** How many kernel calls ran in wasm and how many went to the js kernel (ported kernels only). */
export interface KernelStats {
  wasm: number;
  fallback: number;
}

/** The marshalling context the per-area wrappers take (one per backend instance). */
export interface Marshal {
  readonly heap: WasmHeap;
  readonly stats: KernelStats;
  /**
   * The wasm address of `a` (staged if it lives in the JavaScript heap; `write`: copied back by
   * `done(true)`), 0 for null, -1 when wasm cannot take it (shorter than `len`, or too large to stage).
   */
  A(a: TypedArray | null, len: number, write: boolean): number;
  /** Ends a call: copies staged outputs back and counts a wasm call (`copyBack`), or only discards them. */
  done(copyBack: boolean): void;
  /** Address slots for parameters and extra arguments (no allocation per call). */
  readonly pa: Float64Array;
  /** Value slots, paired with `pa`. */
  readonly pv: Float64Array;
  /**
   * Fills slot k of `pa` (address) and `pv` (value) with parameter `p` of `n` neurons (null:
   * both 0); false when wasm cannot take it (a number that is not a float32 value, an array
   * that is not a Float32Array of at least `n` values in reach).
   */
  param(k: number, p: Param | null, n: number): boolean;
  /** 0 for u8 (bool/uint8) arrays, 1 for float32, -1 for anything else. */
  kind(a: TypedArray): number;
  /** Address of a float32/int32 work area of at least `words` words in wasm memory (grown on demand), -1 if none. */
  work(words: number): number;
  /** Whether `x` is a float32 value (or NaN). */
  f32ok(x: number): boolean;
  /**
   * A CSR structure into slots 13 (rowPtr), 14 (colIdx), 15 (nnz: entries both colIdx and
   * `values` hold); false to use js. The wasm kernels check each row they use against these.
   */
  csr(rowPtr: Int32Array, colIdx: Int32Array, values: TypedArray, nRows: number): boolean;
}

// Staging: an argument array in the JavaScript heap (a tensor made before the switch, a
// node's scratch array) of at most STAGE_LIMIT bytes is copied into a wasm staging block for
// the call and, if the kernel writes it, copied back afterwards. Larger ones (weights) make
// the call use the js kernel instead: copying them every step would cost more than it saves.
const STAGE_LIMIT = 1 << 22;

type Ctor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray;

/** The marshalling context over one heap; `stats` counts the calls. */
export function createMarshal(heap: WasmHeap, stats: KernelStats): Marshal {
  let stageBuf: Uint8Array = new Uint8Array(0);
  let stageOff = 0;
  const retired: Uint8Array[] = [];
  const pending: TypedArray[] = []; // pairs: source, staged copy
  // The addresses of arrays already found in the heap's memory. An array's buffer and offset
  // never change and a heap's buffers stay its own, so the answer holds for the array's life;
  // and one lookup here costs a fraction of reading `a.buffer` and `a.byteOffset` (engines do
  // not inline those getters for views of a wasm memory), which every argument of every call
  // did before: a kernel is usually called with the same arrays step after step.
  const owned = new WeakMap<TypedArray, number>();
  function A(a: TypedArray | null, len: number, write: boolean): number {
    if (a === null) return 0;
    if (a.length < len) return -1;
    const known = owned.get(a);
    if (known !== undefined) return known;
    if (heap.owns(a)) {
      const address = a.byteOffset;
      owned.set(a, address);
      return address;
    }
    const bytes = (a.byteLength + 15) & ~15;
    if (bytes > STAGE_LIMIT) return -1;
    if (stageOff + bytes > stageBuf.length) {
      if (stageBuf.length > 0) retired.push(stageBuf);
      const fresh = heap.alloc("uint8", Math.max(2 * stageBuf.length, 4 * bytes, 4096)) as Uint8Array;
      if (!heap.owns(fresh)) return -1;
      stageBuf = fresh;
      stageOff = 0;
    }
    const view = new (a.constructor as Ctor)(stageBuf.buffer, stageBuf.byteOffset + stageOff, a.length);
    view.set(a);
    stageOff += bytes;
    if (write) pending.push(a, view);
    return view.byteOffset;
  }
  function done(copyBack: boolean): void {
    if (copyBack) {
      for (let i = 0; i < pending.length; i += 2) pending[i]!.set(pending[i + 1]!);
      stats.wasm++;
    }
    if (pending.length > 0) pending.length = 0;
    stageOff = 0;
    while (retired.length > 0) heap.release(retired.pop()!);
  }

  const pa = new Float64Array(16);
  const pv = new Float64Array(16);
  function param(k: number, p: Param | null, n: number): boolean {
    if (p === null) {
      pa[k] = 0;
      pv[k] = 0;
      return true;
    }
    if (typeof p === "number") {
      pa[k] = 0;
      pv[k] = p;
      return Math.fround(p) === p || Number.isNaN(p);
    }
    pv[k] = 0;
    if (!(p instanceof Float32Array)) return false;
    pa[k] = A(p, n, false);
    return pa[k]! > 0;
  }
  const kind = (a: TypedArray): number => (a instanceof Uint8Array ? 0 : a instanceof Float32Array ? 1 : -1);

  let scratch: Float32Array = new Float32Array(0);
  function work(words: number): number {
    if (scratch.length < words) {
      heap.release(scratch);
      scratch = heap.alloc("float32", Math.max(words, 2 * scratch.length)) as Float32Array;
      if (!heap.owns(scratch)) {
        scratch = new Float32Array(0);
        return -1;
      }
    }
    return scratch.byteOffset;
  }

  const f32ok = (x: number): boolean => Math.fround(x) === x || Number.isNaN(x);

  function csr(rowPtr: Int32Array, colIdx: Int32Array, values: TypedArray, nRows: number): boolean {
    if (!(rowPtr instanceof Int32Array) || !(colIdx instanceof Int32Array)) return false;
    pa[13] = A(rowPtr, nRows + 1, false);
    pa[14] = A(colIdx, 0, false);
    pa[15] = Math.min(colIdx.length, values.length);
    return pa[13]! > 0 && pa[14]! > 0;
  }

  return { heap, stats, A, done, pa, pv, param, kind, work, f32ok, csr };
}
