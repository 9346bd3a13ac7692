/**
 * Sparse tensors in COO (coordinate) and CSR (compressed sparse row) layouts, and their
 * products with dense tensors.
 *
 * A sparse tensor's structure (indices / rowPtr and colIdx) is fixed once built, while its
 * `values` array is the live storage: a sparse connection learns by updating `values` in place
 * (e.g. with `kernels().csrOuterAddRows`), never by adding entries. Public functions here never
 * mutate their arguments.
 *
 * Products accumulate like the dense `matmul` (increasing k, float32 rounding per step), with
 * absent entries skipped, so a sparse product equals the dense product of `toDense(sp)` for
 * finite values.
 */
import { getBackend, kernels } from "../backend/backend.js";
import { type DType, type TypedArray } from "../backend/dtype.js";
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { requireTensor } from "./linalg.js";
import { Tensor, shapeSize } from "./tensor.js";

export type SparseLayout = "coo" | "csr";
/** Value dtypes a sparse tensor can hold. */
export type SparseDType = "float32" | "float64" | "int32";
export type SparseValues = Float32Array | Float64Array | Int32Array;

const SPARSE_DTYPES: readonly DType[] = ["float32", "float64", "int32"];

function checkSparseDType(op: string, arg: string, d: DType): SparseDType {
  if (!SPARSE_DTYPES.includes(d)) throw new DTypeError(`${op}: ${arg} has dtype ${d}, expected one of ${SPARSE_DTYPES.join(", ")}`);
  return d as SparseDType;
}

/**
 * COO: entry p sits at index (indices[0*nnz + p], ..., indices[(ndim-1)*nnz + p]) (torch's
 * `indices()` [ndim, nnz], row-major) with value values[p]. Duplicates are allowed until
 * `coalesce`, which sorts the entries and sums duplicates.
 */
export class SparseCOOTensor {
  readonly layout = "coo" as const;
  constructor(
    readonly indices: Int32Array,
    readonly values: SparseValues,
    readonly shape: readonly number[],
    readonly dtype: SparseDType,
    /** True when entries are sorted row-major without duplicates. */
    readonly isCoalesced: boolean,
  ) {}
  get ndim(): number {
    return this.shape.length;
  }
  /** Number of stored entries. */
  nnz(): number {
    return this.values.length;
  }
}

/**
 * CSR (2-D): the entries of row i are p in [rowPtr[i], rowPtr[i+1]), at column colIdx[p],
 * with value values[p]. Built by this module, columns are increasing within each row.
 */
export class SparseCSRTensor {
  readonly layout = "csr" as const;
  constructor(
    readonly rowPtr: Int32Array,
    readonly colIdx: Int32Array,
    readonly values: SparseValues,
    readonly shape: readonly [number, number],
    readonly dtype: SparseDType,
  ) {}
  get ndim(): number {
    return 2;
  }
  nnz(): number {
    return this.values.length;
  }
}

export type SparseTensor = SparseCOOTensor | SparseCSRTensor;

function requireSparse(op: string, arg: string, x: unknown): SparseTensor {
  if (!(x instanceof SparseCOOTensor) && !(x instanceof SparseCSRTensor)) {
    throw new ValueError(`${op}: ${arg} is ${fmtValue(x)}, expected a SparseCOOTensor or SparseCSRTensor`);
  }
  return x;
}

function checkDims(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${op}: shape is ${fmtValue(shape)}, expected an array of non-negative integers`);
  }
}

function copyValues(op: string, values: Tensor | TypedArray | readonly number[], dtype: SparseDType | undefined): { v: SparseValues; dtype: SparseDType } {
  let src: ArrayLike<number>;
  let d: SparseDType;
  if (values instanceof Tensor) {
    d = dtype ?? checkSparseDType(op, "values", values.dtype);
    src = values.toFlatArray();
  } else if (ArrayBuffer.isView(values)) {
    d = dtype ?? (values instanceof Float64Array ? "float64" : values instanceof Int32Array ? "int32" : "float32");
    src = values;
  } else {
    d = dtype ?? "float32";
    src = values as readonly number[];
  }
  checkSparseDType(op, "dtype", d);
  const v = getBackend().alloc(d, src.length) as SparseValues;
  for (let i = 0; i < src.length; i++) v[i] = src[i]!;
  return { v, dtype: d };
}

/**
 * Builds a COO tensor from indices ([ndim][nnz] nested arrays, or a flat Int32Array laid out
 * [ndim, nnz]) and values (copied), like torch.sparse_coo_tensor. Entries need not be sorted.
 */
export function sparseCooTensor(
  indices: readonly (readonly number[])[] | Int32Array,
  values: Tensor | TypedArray | readonly number[],
  shape: readonly number[],
  opts: { dtype?: SparseDType } = {},
): SparseCOOTensor {
  const op = "sparseCooTensor";
  checkDims(op, shape);
  const { v, dtype } = copyValues(op, values, opts.dtype);
  const nnz = v.length;
  const nd = shape.length;
  const idx = new Int32Array(nd * nnz);
  if (indices instanceof Int32Array) {
    if (indices.length !== nd * nnz) throw new ShapeError(`${op}: indices has ${indices.length} elements, expected ndim*nnz = ${nd}*${nnz} = ${nd * nnz}`);
    idx.set(indices);
  } else {
    if (indices.length !== nd || indices.some((r) => r.length !== nnz)) {
      throw new ShapeError(`${op}: indices has shape [${indices.length}, ${indices[0]?.length ?? 0}], expected [${nd}, ${nnz}] (ndim of shape, nnz of values)`);
    }
    for (let d = 0; d < nd; d++) for (let p = 0; p < nnz; p++) idx[d * nnz + p] = indices[d]![p]!;
  }
  for (let d = 0; d < nd; d++) {
    for (let p = 0; p < nnz; p++) {
      const i = idx[d * nnz + p]!;
      if (i < 0 || i >= shape[d]!) throw new IndexError(`${op}: indices[${d}][${p}] is ${i}, expected an integer in [0, ${shape[d]! - 1}] for shape ${fmtShape(shape)}`);
    }
  }
  return new SparseCOOTensor(idx, v, [...shape], dtype, false);
}

/**
 * Builds a CSR matrix from rowPtr (length rows+1, from 0 to nnz, non-decreasing), colIdx and
 * values (all copied), like torch.sparse_csr_tensor. Columns should increase within a row:
 * that is the summation order of the products.
 */
export function sparseCsrTensor(
  rowPtr: Int32Array | readonly number[],
  colIdx: Int32Array | readonly number[],
  values: Tensor | TypedArray | readonly number[],
  shape: readonly [number, number],
  opts: { dtype?: SparseDType } = {},
): SparseCSRTensor {
  const op = "sparseCsrTensor";
  checkDims(op, shape);
  if (shape.length !== 2) throw new ShapeError(`${op}: shape is ${fmtShape(shape)}, expected 2 dims`);
  const [rows, cols] = shape;
  const { v, dtype } = copyValues(op, values, opts.dtype);
  const nnz = v.length;
  if (rowPtr.length !== rows + 1) throw new ShapeError(`${op}: rowPtr has length ${rowPtr.length}, expected rows+1 = ${rows + 1}`);
  if (colIdx.length !== nnz) throw new ShapeError(`${op}: colIdx has length ${colIdx.length}, expected nnz = ${nnz} (length of values)`);
  const rp = Int32Array.from(rowPtr);
  const ci = Int32Array.from(colIdx);
  if (rp[0] !== 0 || rp[rows] !== nnz) throw new ValueError(`${op}: rowPtr runs from ${rp[0]} to ${rp[rows]}, expected 0 to nnz = ${nnz}`);
  for (let i = 0; i < rows; i++) {
    if (rp[i + 1]! < rp[i]!) throw new ValueError(`${op}: rowPtr decreases at row ${i} (${rp[i]} to ${rp[i + 1]}), expected non-decreasing`);
  }
  for (let p = 0; p < nnz; p++) {
    if (ci[p]! < 0 || ci[p]! >= cols) throw new IndexError(`${op}: colIdx[${p}] is ${ci[p]}, expected an integer in [0, ${cols - 1}]`);
  }
  return new SparseCSRTensor(rp, ci, v, [rows, cols], dtype);
}

/**
 * The sparse form of a dense tensor: every element that is not 0 (NaN included) becomes an
 * entry, in row-major order. COO takes any rank >= 1 and comes out coalesced; CSR needs 2 dims.
 */
export function fromDense(dense: Tensor, layout: "coo"): SparseCOOTensor;
export function fromDense(dense: Tensor, layout: "csr"): SparseCSRTensor;
export function fromDense(dense: Tensor, layout?: SparseLayout): SparseTensor;
export function fromDense(dense: Tensor, layout: SparseLayout = "coo"): SparseTensor {
  const op = "fromDense";
  requireTensor(op, "dense", dense);
  const dtype = checkSparseDType(op, "dense", dense.dtype);
  if (layout !== "coo" && layout !== "csr") throw new ValueError(`${op}: layout is ${fmtValue(layout)}, expected "coo" or "csr"`);
  if (layout === "csr" && dense.ndim !== 2) throw new ShapeError(`${op}: dense has shape ${fmtShape(dense.shape)}, expected 2 dims for layout "csr"`);
  if (dense.ndim === 0) throw new ShapeError(`${op}: dense has shape [], expected at least 1 dim`);
  const data = dense.contiguousData();
  let nnz = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) nnz++;
  const values = getBackend().alloc(dtype, nnz) as SparseValues;
  const shape = dense.shape;
  if (layout === "csr") {
    const [rows, cols] = shape as [number, number];
    const rowPtr = new Int32Array(rows + 1);
    const colIdx = new Int32Array(nnz);
    let p = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const x = data[i * cols + j]!;
        if (x !== 0) {
          colIdx[p] = j;
          values[p++] = x;
        }
      }
      rowPtr[i + 1] = p;
    }
    return new SparseCSRTensor(rowPtr, colIdx, values, [rows, cols], dtype);
  }
  const nd = shape.length;
  const indices = new Int32Array(nd * nnz);
  let p = 0;
  for (let flat = 0; flat < data.length; flat++) {
    const x = data[flat]!;
    if (x === 0) continue;
    let rem = flat;
    for (let d = nd - 1; d >= 0; d--) {
      indices[d * nnz + p] = rem % shape[d]!;
      rem = Math.floor(rem / shape[d]!);
    }
    values[p++] = x;
  }
  return new SparseCOOTensor(indices, values, [...shape], dtype, true);
}

/** Alias of `fromDense` with torch's verb. */
export function toSparse(dense: Tensor, layout: SparseLayout = "coo"): SparseTensor {
  return fromDense(dense, layout);
}

/** The dense tensor (duplicate COO entries add up, in storage order). */
export function toDense(sp: SparseTensor): Tensor {
  requireSparse("toDense", "sp", sp);
  const out = getBackend().alloc(sp.dtype, shapeSize(sp.shape)) as SparseValues;
  if (sp.layout === "csr") {
    const cols = sp.shape[1];
    for (let i = 0; i < sp.shape[0]; i++) {
      for (let p = sp.rowPtr[i]!; p < sp.rowPtr[i + 1]!; p++) out[i * cols + sp.colIdx[p]!] += sp.values[p]!;
    }
  } else {
    const flat = linearIndices(sp);
    for (let p = 0; p < flat.length; p++) out[flat[p]!] += sp.values[p]!;
  }
  return new Tensor(out, sp.shape, sp.dtype);
}

function linearIndices(sp: SparseCOOTensor): Float64Array {
  const nnz = sp.nnz();
  const nd = sp.ndim;
  const flat = new Float64Array(nnz);
  for (let p = 0; p < nnz; p++) {
    let f = 0;
    for (let d = 0; d < nd; d++) f = f * sp.shape[d]! + sp.indices[d * nnz + p]!;
    flat[p] = f;
  }
  return flat;
}

/** Number of stored entries (explicit zeros included). */
export function nnz(sp: SparseTensor): number {
  return requireSparse("nnz", "sp", sp).nnz();
}

/**
 * Sorts a COO tensor's entries row-major and sums duplicates (in their storage order), like
 * torch's `coalesce()`. Explicit zeros are kept. Returns a new tensor.
 */
export function coalesce(sp: SparseCOOTensor): SparseCOOTensor {
  const op = "coalesce";
  requireSparse(op, "sp", sp);
  if (sp.layout !== "coo") throw new ValueError(`${op}: sp has layout "csr", expected "coo"`);
  const nnz0 = sp.nnz();
  const flat = linearIndices(sp);
  const order = Array.from({ length: nnz0 }, (_, i) => i).sort((a, b) => flat[a]! - flat[b]! || a - b);
  let nnz = 0;
  for (let q = 0; q < nnz0; q++) if (q === 0 || flat[order[q]!] !== flat[order[q - 1]!]) nnz++;
  const nd = sp.ndim;
  const indices = new Int32Array(nd * nnz);
  const values = getBackend().alloc(sp.dtype, nnz) as SparseValues;
  let p = -1;
  for (let q = 0; q < nnz0; q++) {
    const src = order[q]!;
    if (q === 0 || flat[src] !== flat[order[q - 1]!]) {
      p++;
      for (let d = 0; d < nd; d++) indices[d * nnz + p] = sp.indices[d * nnz0 + src]!;
      values[p] = sp.values[src]!;
    } else values[p] += sp.values[src]!;
  }
  return new SparseCOOTensor(indices, values, sp.shape, sp.dtype, true);
}

/** The CSR form of a 2-D sparse tensor (COO input is coalesced first). */
export function toCSR(sp: SparseTensor): SparseCSRTensor {
  const op = "toCSR";
  requireSparse(op, "sp", sp);
  if (sp.layout === "csr") return new SparseCSRTensor(sp.rowPtr.slice(), sp.colIdx.slice(), sp.values.slice(), sp.shape, sp.dtype);
  if (sp.ndim !== 2) throw new ShapeError(`${op}: sp has shape ${fmtShape(sp.shape)}, expected 2 dims`);
  const c = sp.isCoalesced ? sp : coalesce(sp);
  const nnz = c.nnz();
  const rows = c.shape[0]!;
  const rowPtr = new Int32Array(rows + 1);
  for (let p = 0; p < nnz; p++) rowPtr[c.indices[p]! + 1]!++;
  for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i]!;
  return new SparseCSRTensor(rowPtr, c.indices.slice(nnz, 2 * nnz), c.values.slice(), [rows, c.shape[1]!], c.dtype);
}

/** The COO form (coalesced when converted from CSR). */
export function toCOO(sp: SparseTensor): SparseCOOTensor {
  requireSparse("toCOO", "sp", sp);
  if (sp.layout === "coo") return new SparseCOOTensor(sp.indices.slice(), sp.values.slice(), sp.shape, sp.dtype, sp.isCoalesced);
  const nnz = sp.nnz();
  const indices = new Int32Array(2 * nnz);
  for (let i = 0; i < sp.shape[0]; i++) for (let p = sp.rowPtr[i]!; p < sp.rowPtr[i + 1]!; p++) indices[p] = i;
  indices.set(sp.colIdx, nnz);
  return new SparseCOOTensor(indices, sp.values.slice(), [...sp.shape], sp.dtype, true);
}

/**
 * The transpose of a 2-D sparse matrix, in the same layout. For CSR this is the CSC form of
 * the input read as CSR of the transpose (a counting sort by column; rows stay in order).
 */
export function sparseTranspose(sp: SparseCOOTensor): SparseCOOTensor;
export function sparseTranspose(sp: SparseCSRTensor): SparseCSRTensor;
export function sparseTranspose(sp: SparseTensor): SparseTensor;
export function sparseTranspose(sp: SparseTensor): SparseTensor {
  const op = "sparseTranspose";
  requireSparse(op, "sp", sp);
  if (sp.ndim !== 2) throw new ShapeError(`${op}: sp has shape ${fmtShape(sp.shape)}, expected 2 dims`);
  const nnz = sp.nnz();
  if (sp.layout === "coo") {
    const idx = new Int32Array(2 * nnz);
    idx.set(sp.indices.subarray(nnz, 2 * nnz), 0);
    idx.set(sp.indices.subarray(0, nnz), nnz);
    return new SparseCOOTensor(idx, sp.values.slice(), [sp.shape[1]!, sp.shape[0]!], sp.dtype, false);
  }
  const [rows, cols] = sp.shape;
  const rowPtr = new Int32Array(cols + 1);
  for (let p = 0; p < nnz; p++) rowPtr[sp.colIdx[p]! + 1]!++;
  for (let j = 0; j < cols; j++) rowPtr[j + 1] += rowPtr[j]!;
  const next = rowPtr.slice(0, cols);
  const colIdx = new Int32Array(nnz);
  const values = getBackend().alloc(sp.dtype, nnz) as SparseValues;
  for (let i = 0; i < rows; i++) {
    for (let p = sp.rowPtr[i]!; p < sp.rowPtr[i + 1]!; p++) {
      const q = next[sp.colIdx[p]!]!++;
      colIdx[q] = i;
      values[q] = sp.values[p]!;
    }
  }
  return new SparseCSRTensor(rowPtr, colIdx, values, [cols, rows], sp.dtype);
}

function floatValues(op: string, arg: string, sp: SparseTensor): void {
  if (sp.dtype !== "float32" && sp.dtype !== "float64") throw new DTypeError(`${op}: ${arg} has dtype ${sp.dtype}, expected float32 or float64`);
}

/**
 * Sparse-dense products (torch.sparse.mm / torch.mm with one sparse operand):
 * - sparse [M, K] @ dense [K, N] (or [K]) → dense [M, N] (or [M]);
 * - dense [M, K] (or [K]) @ sparse [K, N] → dense [M, N] (or [N]); rows of the sparse matrix
 *   are visited only for non-zero dense entries (the event-driven product).
 * Dtypes must match (float32 or float64).
 */
export function sparseMatmul(a: SparseTensor | Tensor, b: SparseTensor | Tensor): Tensor {
  const op = "sparseMatmul";
  const aSparse = !(a instanceof Tensor);
  const bSparse = !(b instanceof Tensor);
  if (aSparse && bSparse) throw new ValueError(`${op}: a and b are both sparse, expected one sparse and one dense Tensor`);
  if (!aSparse && !bSparse) throw new ValueError(`${op}: a and b are both dense, expected one sparse operand (use matmul)`);
  if (aSparse) {
    const sp = requireSparse(op, "a", a);
    const d = b as Tensor;
    floatValues(op, "a", sp);
    if (sp.ndim !== 2) throw new ShapeError(`${op}: a has shape ${fmtShape(sp.shape)}, expected 2 dims`);
    if (d.dtype !== sp.dtype) throw new DTypeError(`${op}: b has dtype ${d.dtype}, expected ${sp.dtype} to match a`);
    const [M, K] = sp.shape as [number, number];
    if ((d.ndim !== 1 && d.ndim !== 2) || d.shape[0] !== K) {
      throw new ShapeError(`${op}: b has shape ${fmtShape(d.shape)}, expected [${K}, *] or [${K}] to match a's shape ${fmtShape(sp.shape)}`);
    }
    const N = d.ndim === 2 ? d.shape[1]! : 1;
    const csr = sp.layout === "csr" ? sp : toCSR(sp);
    const out = getBackend().alloc(sp.dtype, M * N) as Float32Array | Float64Array;
    kernels().csrDenseMatmul(out, csr.rowPtr, csr.colIdx, csr.values as Float32Array | Float64Array, d.contiguousData() as Float32Array | Float64Array, M, N);
    return new Tensor(out, d.ndim === 2 ? [M, N] : [M], sp.dtype);
  }
  const sp = requireSparse(op, "b", b);
  const d = a as Tensor;
  floatValues(op, "b", sp);
  if (sp.ndim !== 2) throw new ShapeError(`${op}: b has shape ${fmtShape(sp.shape)}, expected 2 dims`);
  if (d.dtype !== sp.dtype) throw new DTypeError(`${op}: a has dtype ${d.dtype}, expected ${sp.dtype} to match b`);
  const [K, N] = sp.shape as [number, number];
  if ((d.ndim !== 1 && d.ndim !== 2) || d.shape[d.ndim - 1] !== K) {
    throw new ShapeError(`${op}: a has shape ${fmtShape(d.shape)}, expected [*, ${K}] or [${K}] to match b's shape ${fmtShape(sp.shape)}`);
  }
  const M = d.ndim === 2 ? d.shape[0]! : 1;
  return propagate(d.contiguousData(), sp.layout === "csr" ? sp : toCSR(sp), M, K, N, d.ndim === 2 ? [M, N] : [N]);
}

function propagate(s: TypedArray, w: SparseCSRTensor, M: number, K: number, N: number, shape: number[]): Tensor {
  const out = getBackend().alloc(w.dtype, M * N) as Float32Array | Float64Array;
  kernels().spikeMatmulCSR(out, s, w.rowPtr, w.colIdx, w.values as Float32Array | Float64Array, M, K, N);
  return new Tensor(out, shape, w.dtype);
}

/**
 * Event-driven propagation through sparse weights: spikes [B, nPre] (any dtype; bool/uint8
 * spikes welcome) times CSR weights [nPre, nPost] → [B, nPost] in the weights' dtype, adding
 * only the stored rows of the neurons that spiked. Equal to `spikes.float() @ toDense(w)`.
 */
export function spikePropagate(spikes: Tensor, w: SparseCSRTensor): Tensor {
  const op = "spikePropagate";
  requireTensor(op, "spikes", spikes);
  if (!(w instanceof SparseCSRTensor)) throw new ValueError(`${op}: w is ${fmtValue(w)}, expected a SparseCSRTensor`);
  floatValues(op, "w", w);
  if (spikes.dtype === "float16") throw new DTypeError(`${op}: spikes has dtype float16, expected bool, uint8, int32, float32 or float64`);
  const [K, N] = w.shape;
  if (spikes.ndim !== 2 || spikes.shape[1] !== K) throw new ShapeError(`${op}: spikes has shape ${fmtShape(spikes.shape)}, expected [B, ${K}] to match w's shape ${fmtShape(w.shape)}`);
  const M = spikes.shape[0]!;
  return propagate(spikes.contiguousData(), w, M, K, N, [M, N]);
}
