/**
 * Storage of a feature's value: dense ([nPre, nPost], or one copy per batch row) or sparse
 * (CSR per batch row), in float32, float16 (IEEE half bits, converted to float32 on read) or
 * bool. Compute and learning read and write the value through storage indices k, so one loop
 * serves every layout: row i of batch row b holds k in [rowStart(b, i), rowEnd(b, i)), at
 * column col(k).
 */
import { getBackend } from "../../backend/backend.js";
import { floatToHalf, halfToFloat } from "../../backend/dtype.js";
import { ShapeError, ValueError, fmtShape } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";

/** The dtypes a feature value can be stored in. */
export type FeatureDType = "float32" | "float16" | "bool";

let halfTable: Float32Array | null = null;

/** float32 value of every half-precision bit pattern (built once, 256 KiB). */
export function halfLookup(): Float32Array {
  if (halfTable === null) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToFloat(h);
  }
  return halfTable;
}

export class FeatureStore {
  /** Stored values (dense: batch·nPre·nPost; sparse: one per stored entry). */
  data: Float32Array | Uint16Array | Uint8Array;
  /** Sparse only: row pointers, batch·(nPre + 1) (each batch row's pointers are absolute). */
  readonly rowPtr: Int32Array | null;
  /** Sparse only: the column of every stored entry. */
  readonly colIdx: Int32Array | null;
  /** The dense tensor that owns `data` (dense layouts only). */
  readonly tensor: Tensor | null;
  private readonly half: Float32Array | null;

  private constructor(
    readonly dtype: FeatureDType,
    /** Number of stored copies: 1 when shared by every batch row. */
    readonly batch: number,
    readonly nPre: number,
    readonly nPost: number,
    readonly sparse: boolean,
    data: Float32Array | Uint16Array | Uint8Array,
    rowPtr: Int32Array | null,
    colIdx: Int32Array | null,
    tensor: Tensor | null,
  ) {
    this.data = data;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.tensor = tensor;
    this.half = dtype === "float16" ? halfLookup() : null;
  }

  /**
   * Stores `values` ([nPre, nPost] or [batch, nPre, nPost]); `copies` repeats a 2-D value for a
   * sparse store. Zeros are not stored when sparse.
   */
  static from(values: Tensor, dtype: FeatureDType, sparse: boolean, copies = 1): FeatureStore {
    const sh = values.shape;
    if (sh.length !== 2 && sh.length !== 3) throw new ShapeError(`FeatureStore: value has shape ${fmtShape(sh)}, expected [nPre, nPost] or [batch, nPre, nPost]`);
    const batch = sh.length === 3 ? sh[0]! : copies;
    const nPre = sh[sh.length - 2]!;
    const nPost = sh[sh.length - 1]!;
    const per = nPre * nPost;
    if (!sparse && dtype === "float32" && sh.length === 2 && values.dtype === "float32" && values.offset === 0 && values.isContiguous() && values.data.length === per) {
      // the value's own storage, as the reference's Parameter(value) shares it: no copy (a
      // model's big fixed matrices are built once)
      return new FeatureStore(dtype, 1, nPre, nPost, false, values.data as Float32Array, null, null, values);
    }
    const src = values.to("float32").contiguousData();
    const at = (b: number, e: number): number => src[(sh.length === 3 ? b * per : 0) + e]!;
    if (!sparse) {
      if (sh.length === 3 && batch !== 1) throw new ShapeError(`FeatureStore: a dense value has shape ${fmtShape(sh)}, expected [nPre, nPost] (only sparse values carry a batch dimension)`);
      const shape = [nPre, nPost];
      const t = new Tensor(allocOf(dtype, per), shape, dtype);
      const s = new FeatureStore(dtype, 1, nPre, nPost, false, t.data as Float32Array | Uint16Array | Uint8Array, null, null, t);
      for (let e = 0; e < per; e++) s.set(e, at(0, e));
      return s;
    }
    const rowPtr = new Int32Array(batch * (nPre + 1));
    let nnz = 0;
    for (let b = 0; b < batch; b++) for (let e = 0; e < per; e++) if (at(b, e) !== 0) nnz++;
    const colIdx = new Int32Array(nnz);
    const data = allocOf(dtype, nnz);
    const s = new FeatureStore(dtype, batch, nPre, nPost, true, data, rowPtr, colIdx, null);
    let k = 0;
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < nPre; i++) {
        rowPtr[b * (nPre + 1) + i] = k;
        for (let j = 0; j < nPost; j++) {
          const v = at(b, i * nPost + j);
          if (v !== 0) {
            colIdx[k] = j;
            s.set(k, v);
            k++;
          }
        }
      }
      rowPtr[b * (nPre + 1) + nPre] = k;
    }
    return s;
  }

  /** Wraps an existing dense tensor (shares its storage). */
  static wrap(t: Tensor): FeatureStore {
    if (t.ndim !== 2 || !t.isContiguous() || t.offset !== 0) throw new ShapeError(`FeatureStore.wrap: tensor has shape ${fmtShape(t.shape)}, expected a contiguous [nPre, nPost] tensor`);
    const dt = t.dtype;
    if (dt !== "float32" && dt !== "float16" && dt !== "bool") throw new ValueError(`FeatureStore.wrap: tensor has dtype ${dt}, expected float32, float16 or bool`);
    return new FeatureStore(dt, 1, t.shape[0]!, t.shape[1]!, false, t.data as Float32Array | Uint16Array | Uint8Array, null, null, t);
  }

  /** First storage index of row i of batch row b (b is ignored for a shared store). */
  rowStart(b: number, i: number): number {
    if (this.rowPtr !== null) return this.rowPtr[(this.batch === 1 ? 0 : b) * (this.nPre + 1) + i]!;
    return i * this.nPost;
  }

  rowEnd(b: number, i: number): number {
    if (this.rowPtr !== null) return this.rowPtr[(this.batch === 1 ? 0 : b) * (this.nPre + 1) + i + 1]!;
    return (i + 1) * this.nPost;
  }

  /** Column of storage index k. */
  col(k: number): number {
    return this.colIdx !== null ? this.colIdx[k]! : k % this.nPost;
  }

  /** Number of stored values. */
  get size(): number {
    return this.data.length;
  }

  /** The float32 value at storage index k. */
  get(k: number): number {
    const h = this.half;
    return h !== null ? h[this.data[k]!]! : this.data[k]!;
  }

  /** Stores v (rounded to the store's dtype) at storage index k. */
  set(k: number, v: number): void {
    if (this.dtype === "float16") this.data[k] = floatToHalf(v);
    else if (this.dtype === "bool") this.data[k] = v !== 0 ? 1 : 0;
    else this.data[k] = v;
  }

  /** The value at (b, i, j), 0 where a sparse store has no entry. */
  at(b: number, i: number, j: number): number {
    if (this.colIdx === null) return this.get(i * this.nPost + j);
    let lo = this.rowStart(b, i);
    let hi = this.rowEnd(b, i) - 1;
    const c = this.colIdx;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      const cm = c[m]!;
      if (cm === j) return this.get(m);
      if (cm < j) lo = m + 1;
      else hi = m - 1;
    }
    return 0;
  }

  /** Writes the float32 values of row i (batch row b), zeros included, to out[0, nPost). */
  readRow(b: number, i: number, out: Float32Array): void {
    if (this.colIdx === null && this.dtype === "float32") {
      out.set((this.data as Float32Array).subarray(i * this.nPost, (i + 1) * this.nPost));
      return;
    }
    if (this.colIdx !== null) out.fill(0);
    const k1 = this.rowEnd(b, i);
    for (let k = this.rowStart(b, i); k < k1; k++) out[this.col(k)] = this.get(k);
  }

  /** A dense float32 copy: [nPre, nPost] when shared, else [batch, nPre, nPost]. */
  toDense(): Tensor {
    const per = this.nPre * this.nPost;
    const out = new Float32Array(this.batch * per);
    for (let b = 0; b < this.batch; b++) {
      for (let i = 0; i < this.nPre; i++) {
        const k1 = this.rowEnd(b, i);
        for (let k = this.rowStart(b, i); k < k1; k++) out[b * per + i * this.nPost + this.col(k)] = this.get(k);
      }
    }
    return new Tensor(out, this.batch === 1 ? [this.nPre, this.nPost] : [this.batch, this.nPre, this.nPost], "float32");
  }

  /** Bytes held by the value (values, column indices and row pointers). */
  memoryBytes(): number {
    return this.data.byteLength + (this.colIdx?.byteLength ?? 0) + (this.rowPtr?.byteLength ?? 0);
  }
}

/** Value storage from the active backend (so its kernels update the values in place). */
function allocOf(dtype: FeatureDType, n: number): Float32Array | Uint16Array | Uint8Array {
  return getBackend().alloc(dtype, n) as Float32Array | Uint16Array | Uint8Array;
}
