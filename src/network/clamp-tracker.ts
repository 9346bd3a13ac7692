/**
 * The clamp of a learning rule's base update, and the one tracker of "clamp only what changed"
 * every rule uses, on a connection's weights and on a MulticompartmentConnection feature's
 * value alike.
 *
 * The base update clamps the whole weight storage after every rule update, as the reference
 * does; for a large matrix that pass dominated training time. The clamp is elementwise and
 * idempotent, so after a full clamp every weight is a fixed point of it and stays one until
 * something writes it. The tracker of an owner (a connection, or a feature) therefore
 * remembers "every value is within its bounds" (for this storage and these bound objects)
 * after a full clamp, and a rule that names the rows and columns it changed
 * ({@link ClampTracker.touchIndices}, {@link ClampTracker.touchFromSpikes}) then gets only those
 * clamped. Anything else that may write the values forgets the knowledge
 * ({@link ClampTracker.forget}: assigning w, wmin or wmax is caught by the identity check;
 * `normalize()`, masks, Dale's rule, a feature's own repairs, decay that may leave the bounds,
 * and `weightsChanged()` / `valuesChanged()` for users who write values themselves).
 * Trackers live in a WeakMap, not on the objects, so they are never saved with a network.
 */
import { kernels } from "../backend/backend.js";
import { subview } from "../backend/view.js";
import { Tensor } from "../tensor/tensor.js";

/** The rows and columns of a row-major [nPre, nPost] value a rule's update changed this step. */
export interface Touched {
  rows: Int32Array;
  nRows: number;
  cols: Int32Array;
  nCols: number;
}

/** A clamp bound: a number, or a tensor (or float32 array) with one bound per value. */
export type Bound = number | Tensor;

/** A bound as a clamp-kernel argument: a float32 number, or float32 values indexed like the storage. */
export function boundArg(b: number | Tensor | Float32Array): { arr: Float32Array | null; v: number } {
  if (typeof b === "number") return { arr: null, v: Math.fround(b) };
  if (b instanceof Float32Array) return { arr: b, v: 0 };
  return { arr: b.to("float32").contiguousData() as Float32Array, v: 0 };
}

/** True when a bound (number or tensor) has any finite element. */
export function anyFinite(b: number | Tensor): boolean {
  if (typeof b === "number") return Number.isFinite(b);
  const d = b.contiguousData();
  for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i]!)) return true;
  return false;
}

/** w ← min(max(w, wmin), wmax) elementwise (bounds are numbers or tensors shaped like w). */
export function clampWeights(w: Tensor, wmin: number | Tensor, wmax: number | Tensor): void {
  const d = w.data;
  const n = w.numel();
  const lo = boundArg(wmin);
  const hi = boundArg(wmax);
  if (d instanceof Float32Array && (lo.arr === null || lo.arr.length >= n) && (hi.arr === null || hi.arr.length >= n)) {
    // the backend kernel (SIMD under wasm): same comparisons, same results
    const arr = w.offset === 0 && d.length === n ? d : subview(d, w.offset, w.offset + n);
    kernels().clampRange(arr, 0, n, lo.arr, lo.v, hi.arr, hi.v);
    return;
  }
  // other dtypes, or bound tensors with fewer elements than w (only their first elements
  // bound, as before)
  for (let i = 0; i < n; i++) {
    let v = d[w.offset + i]!;
    const l = lo.arr === null ? lo.v : lo.arr[i]!;
    const h = hi.arr === null ? hi.v : hi.arr[i]!;
    if (v < l) v = l;
    if (v > h) v = h;
    d[w.offset + i] = v;
  }
}

/**
 * Clamps rows `t.rows[0..t.nRows)` and columns `t.cols[0..t.nCols)` of the contiguous
 * row-major [nPre, nPost] float32 `d` (bounds: numbers or arrays indexed like `d`).
 */
export function clampTouched(d: Float32Array, nPre: number, nPost: number, t: Touched, lo: { arr: Float32Array | null; v: number }, hi: { arr: Float32Array | null; v: number }): void {
  const k = kernels();
  const { rows, nRows } = t;
  // runs of consecutive rows as one range
  for (let r = 0; r < nRows; ) {
    let e = r + 1;
    while (e < nRows && rows[e] === rows[e - 1]! + 1) e++;
    k.clampRange(d, rows[r]! * nPost, (rows[e - 1]! + 1) * nPost, lo.arr, lo.v, hi.arr, hi.v);
    r = e;
  }
  if (t.nCols > 0) k.clampCols(d, nPre, nPost, t.cols, t.nCols, lo.arr, lo.v, hi.arr, hi.v);
}

/**
 * What is known about one owner's values (see the module comment): whether they lie within
 * their bounds, and the rows and columns the rule declared for this step.
 */
export class ClampTracker {
  private known: { values: object; lo: unknown; hi: unknown } | null = null;
  /** The record declared for this step (nRows −1: nothing declared). */
  private declared: Touched | null = null;
  /** Index arrays `touchFromSpikes` collects into. */
  private own: Touched | null = null;
  /** The record `touchIndices` points at the caller's lists with. */
  private list: Touched | null = null;

  /** True when every value of `values` is known to lie within bounds `lo`, `hi` (by identity). */
  isKnown(values: object, lo: unknown, hi: unknown): boolean {
    const k = this.known;
    return k !== null && k.values === values && k.lo === lo && k.hi === hi;
  }

  /** Records that every value of `values` lies within `lo`, `hi` (after a full clamp). */
  markKnown(values: object, lo: unknown, hi: unknown): void {
    if (this.known === null) this.known = { values, lo, hi };
    else {
      this.known.values = values;
      this.known.lo = lo;
      this.known.hi = hi;
    }
  }

  /** Forgets that the values lie within their bounds (the next base update clamps all). */
  forget(): void {
    this.known = null;
  }

  /**
   * Declares that this step's update changed only rows rows[0..nRows) and columns
   * cols[0..nCols) (each increasing). The lists are read by this step's base update only:
   * kept by reference, not copied.
   */
  touchIndices(rows: Int32Array, nRows: number, cols: Int32Array, nCols: number): void {
    const t = (this.list ??= { rows, nRows, cols, nCols });
    t.rows = rows;
    t.nRows = nRows;
    t.cols = cols;
    t.nCols = nCols;
    this.declared = t;
  }

  /**
   * Declares that this step's update changed the [nPre, nPost] values only in rows where
   * `rows` (length nPre, or [B, nPre] flattened) is non-zero and in columns where `cols`
   * (length nPost, or [B, nPost]) is non-zero; null for none. Entries outside them may have
   * changed only by adding ±0 (or become NaN), which the clamp leaves as they are.
   */
  touchFromSpikes(rows: ArrayLike<number> | null, nPre: number, cols: ArrayLike<number> | null, nPost: number): void {
    let t = this.own;
    if (t === null || t.rows.length < nPre || t.cols.length < nPost) {
      t = { rows: new Int32Array(nPre), nRows: 0, cols: new Int32Array(nPost), nCols: 0 };
      this.own = t;
    }
    t.nRows = collectIndices(rows, nPre, t.rows);
    t.nCols = collectIndices(cols, nPost, t.cols);
    this.declared = t;
  }

  /** This step's declaration, consumed (null when the rule declared nothing). */
  take(): Touched | null {
    const t = this.declared;
    this.declared = null;
    return t;
  }
}

const trackers = new WeakMap<object, ClampTracker>();

/**
 * A library pass that rescales every value of an owner (normalisation) without losing "within
 * bounds" when it need not: `forget` is called first (what a value write must do); then
 * `scale(lo, hi)` rescales and returns whether every new value lies within the float32 number
 * bounds [lo, hi] (infinite when the values were not known within number bounds). When they
 * were known and still are, the knowledge is restored: the full clamp the next update would
 * otherwise do changes nothing, so it is skipped.
 */
export function rescaleKeepingBounds(owner: object, values: object, lo: unknown, hi: unknown, clampLo: unknown, clampHi: unknown, forget: () => void, scale: (lo: number, hi: number) => boolean): void {
  const t = clampTrackerOf(owner);
  const known = typeof clampLo === "number" && typeof clampHi === "number" && t.isKnown(values, lo, hi);
  forget();
  const inside = scale(known ? Math.fround(clampLo) : -Infinity, known ? Math.fround(clampHi) : Infinity);
  if (known && inside) t.markKnown(values, lo, hi);
}

/** The tracker of an owner (a connection, or a feature), made on first use. */
export function clampTrackerOf(owner: object): ClampTracker {
  let t = trackers.get(owner);
  if (t === undefined) trackers.set(owner, (t = new ClampTracker()));
  return t;
}

/** Sorted unique indices i < n with any a[b·n + i] ≠ 0, written into out; returns the count. */
function collectIndices(a: ArrayLike<number> | null, n: number, out: Int32Array): number {
  if (a === null || n === 0) return 0;
  const B = Math.floor(a.length / n);
  let k = 0;
  if (B === 1 && a instanceof Uint8Array) {
    // one sample of bool/uint8 spikes (the common case, mostly zeros): skip four zero bytes
    // at a time through a 32-bit view when the array is aligned
    let i = 0;
    if ((a.byteOffset & 3) === 0 && n >= 16) {
      // eslint-disable-next-line no-restricted-syntax -- transient: read in this loop while the caller holds a
      const words = new Uint32Array(a.buffer, a.byteOffset, n >> 2);
      for (let q = 0; q < words.length; q++) {
        if (words[q] === 0) continue;
        const e = (q << 2) + 4;
        for (let j = q << 2; j < e; j++) if (a[j] !== 0) out[k++] = j;
      }
      i = words.length << 2;
    }
    for (; i < n; i++) if (a[i] !== 0) out[k++] = i;
    return k;
  }
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let b = 0; b < B && !any; b++) any = a[b * n + i] !== 0;
    if (any) out[k++] = i;
  }
  return k;
}
