/**
 * Matrix products with torch semantics: matmul (1-D, 2-D and batched with broadcast batch
 * dims), mm, bmm, mv, dot and outer.
 *
 * Accumulation: every output element is summed over k in increasing order, from zero, in the
 * dtype of the operands; for float32 each step rounds the product and then the sum to float32
 * (no fused multiply-add). torch's BLAS blocks and vectorises the k loop, so results agree
 * with torch to rounding (about 1e-6 relative for float32), not bit for bit. The event-driven
 * kernels (`kernels().spikeMatmul`, sparse products) use the same order, so they agree with
 * these dense products exactly.
 */
import type { MatArray } from "../backend/contract.js";
import { type DType, type TypedArray, promoteTypes } from "../backend/dtype.js";
import { getBackend, kernels } from "../backend/backend.js";
import { DTypeError, ShapeError, fmtShape, fmtValue } from "../errors.js";
import { Tensor, shapeSize, writeElement } from "./tensor.js";

const MATMUL_DTYPES: readonly DType[] = ["float32", "float64", "int32"];

/** @internal Throws unless `x` is a Tensor. */
export function requireTensor(op: string, arg: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new ShapeError(`${op}: ${arg} is ${fmtValue(x)}, expected a Tensor`);
  return x;
}

function checkPair(op: string, a: unknown, b: unknown): [Tensor, Tensor] {
  const ta = requireTensor(op, "a", a);
  const tb = requireTensor(op, "b", b);
  if (!MATMUL_DTYPES.includes(ta.dtype)) {
    throw new DTypeError(`${op}: a has dtype ${ta.dtype}, expected one of ${MATMUL_DTYPES.join(", ")}`);
  }
  if (tb.dtype !== ta.dtype) {
    throw new DTypeError(`${op}: b has dtype ${tb.dtype}, expected ${ta.dtype} to match a`);
  }
  return [ta, tb];
}

function checkNdim(op: string, arg: string, t: Tensor, ndim: number): void {
  if (t.ndim !== ndim) {
    throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(t.shape)}, expected ${ndim} dims`);
  }
}

/**
 * Element offsets, one per batch of the broadcast `outBatch` shape (row-major), into a
 * contiguous tensor whose batch dims are `srcBatch` and whose matrices hold `matSize`
 * elements each. Broadcast dims (size 1 or missing) repeat the same matrix.
 */
function batchOffsets(srcBatch: readonly number[], outBatch: readonly number[], matSize: number): Int32Array {
  const nb = shapeSize(outBatch);
  const offs = new Int32Array(nb);
  const nd = outBatch.length;
  const lead = nd - srcBatch.length;
  const strides = new Array<number>(nd).fill(0);
  let acc = matSize;
  for (let d = nd - 1; d >= lead; d--) {
    const s = srcBatch[d - lead]!;
    strides[d] = s === 1 ? 0 : acc;
    acc *= s;
  }
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < nb; i++) {
    offs[i] = off;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      off += strides[d]!;
      if (idx[d]! < outBatch[d]!) break;
      off -= strides[d]! * outBatch[d]!;
      idx[d] = 0;
    }
  }
  return offs;
}

function broadcastBatch(op: string, a: readonly number[], b: readonly number[], aShape: readonly number[], bShape: readonly number[]): number[] {
  const nd = Math.max(a.length, b.length);
  const out = new Array<number>(nd);
  for (let i = 0; i < nd; i++) {
    const da = a[i - (nd - a.length)] ?? 1;
    const db = b[i - (nd - b.length)] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: b has shape ${fmtShape(bShape)}, expected batch dims that broadcast with a's ${fmtShape(aShape)} (batch dim ${i - nd} is ${db}, expected ${da} or 1)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Matrix product with torch.matmul's rules:
 * - 1-D · 1-D: the dot product (a 0-d tensor);
 * - 2-D @ 2-D: the matrix product;
 * - 1-D @ N-D: `a` is treated as a row [1, K] and the prepended dim removed afterwards;
 * - N-D @ 1-D: `b` is treated as a column [K, 1] and the appended dim removed afterwards;
 * - otherwise a batched product over the leading dims, which broadcast against each other.
 *
 * Both operands must have the same dtype (float32, float64 or int32), as torch requires.
 *
 * @example matmul(zeros([10, 1, 3, 4]), zeros([5, 4, 2])).shape  // [10, 5, 3, 2]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const op = "matmul";
  const [ta, tb] = checkPair(op, a, b);
  if (ta.ndim === 0) throw new ShapeError(`${op}: a has shape [], expected at least 1 dim`);
  if (tb.ndim === 0) throw new ShapeError(`${op}: b has shape [], expected at least 1 dim`);
  if (ta.ndim === 1 && tb.ndim === 1) return dotImpl(op, ta, tb);
  const aMat = ta.ndim === 1 ? [1, ta.shape[0]!] : ta.shape.slice(-2);
  const bMat = tb.ndim === 1 ? [tb.shape[0]!, 1] : tb.shape.slice(-2);
  const [M, K] = aMat as [number, number];
  const [K2, N] = bMat as [number, number];
  if (K !== K2) {
    const want = tb.ndim === 1 ? `[${K}]` : tb.ndim === 2 ? `[${K}, *]` : `[..., ${K}, *]`;
    throw new ShapeError(`${op}: b has shape ${fmtShape(tb.shape)}, expected ${want} to match a's last dim ${K} (a has shape ${fmtShape(ta.shape)})`);
  }
  const aBatch = ta.ndim > 2 ? ta.shape.slice(0, -2) : [];
  const bBatch = tb.ndim > 2 ? tb.shape.slice(0, -2) : [];
  const batch = broadcastBatch(op, aBatch, bBatch, ta.shape, tb.shape);
  const outShape = [...batch];
  if (ta.ndim > 1) outShape.push(M);
  if (tb.ndim > 1) outShape.push(N);
  return batchedProduct(ta, tb, aBatch, bBatch, batch, M, K, N, outShape);
}

function batchedProduct(
  ta: Tensor,
  tb: Tensor,
  aBatch: readonly number[],
  bBatch: readonly number[],
  batch: readonly number[],
  M: number,
  K: number,
  N: number,
  outShape: readonly number[],
): Tensor {
  const out = getBackend().alloc(ta.dtype, shapeSize(outShape)) as MatArray;
  const nb = shapeSize(batch);
  if (out.length > 0) {
    const ad = ta.contiguousData() as MatArray;
    const bd = tb.contiguousData() as MatArray;
    const aOffs = batchOffsets(aBatch, batch, M * K);
    const bOffs = batchOffsets(bBatch, batch, K * N);
    const gemm = kernels().gemm;
    for (let i = 0; i < nb; i++) gemm(out, ad, bd, M, K, N, aOffs[i]!, bOffs[i]!, i * M * N);
  }
  return new Tensor(out, outShape, ta.dtype);
}

/** Matrix product of two 2-D tensors [M, K] @ [K, N] → [M, N] (torch.mm; no broadcasting). */
export function mm(a: Tensor, b: Tensor): Tensor {
  const op = "mm";
  const [ta, tb] = checkPair(op, a, b);
  checkNdim(op, "a", ta, 2);
  checkNdim(op, "b", tb, 2);
  const [M, K] = ta.shape as [number, number];
  const [K2, N] = tb.shape as [number, number];
  if (K !== K2) throw new ShapeError(`${op}: b has shape ${fmtShape(tb.shape)}, expected [${K}, *] to match a's last dim ${K}`);
  return batchedProduct(ta, tb, [], [], [], M, K, N, [M, N]);
}

/** Batched matrix product [B, M, K] @ [B, K, N] → [B, M, N] (torch.bmm; batch sizes must match). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  const op = "bmm";
  const [ta, tb] = checkPair(op, a, b);
  checkNdim(op, "a", ta, 3);
  checkNdim(op, "b", tb, 3);
  const [B, M, K] = ta.shape as [number, number, number];
  const [B2, K2, N] = tb.shape as [number, number, number];
  if (B !== B2 || K !== K2) {
    throw new ShapeError(`${op}: b has shape ${fmtShape(tb.shape)}, expected [${B}, ${K}, *] to match a's shape ${fmtShape(ta.shape)}`);
  }
  return batchedProduct(ta, tb, [B], [B], [B], M, K, N, [B, M, N]);
}

/** Matrix-vector product [M, K] @ [K] → [M] (torch.mv). */
export function mv(a: Tensor, b: Tensor): Tensor {
  const op = "mv";
  const [ta, tb] = checkPair(op, a, b);
  checkNdim(op, "a", ta, 2);
  checkNdim(op, "b", tb, 1);
  const [M, K] = ta.shape as [number, number];
  if (tb.shape[0] !== K) throw new ShapeError(`${op}: b has shape ${fmtShape(tb.shape)}, expected [${K}] to match a's last dim ${K}`);
  return batchedProduct(ta, tb, [], [], [], M, K, 1, [M]);
}

/** Dot product of two 1-D tensors of equal length, as a 0-d tensor (torch.dot). */
export function dot(a: Tensor, b: Tensor): Tensor {
  const op = "dot";
  const [ta, tb] = checkPair(op, a, b);
  checkNdim(op, "a", ta, 1);
  checkNdim(op, "b", tb, 1);
  return dotImpl(op, ta, tb);
}

function dotImpl(op: string, ta: Tensor, tb: Tensor): Tensor {
  const K = ta.shape[0]!;
  if (tb.shape[0] !== K) throw new ShapeError(`${op}: b has shape ${fmtShape(tb.shape)}, expected [${K}] to match a`);
  return batchedProduct(ta, tb, [], [], [], 1, K, 1, []);
}

/**
 * Outer product of two 1-D tensors: out[i, j] = a[i] * b[j], each product rounded once to the
 * result dtype (torch.outer). Dtypes promote as in torch's multiplication.
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  const op = "outer";
  const ta = requireTensor(op, "a", a);
  const tb = requireTensor(op, "b", b);
  checkNdim(op, "a", ta, 1);
  checkNdim(op, "b", tb, 1);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  const n = ta.shape[0]!;
  const m = tb.shape[0]!;
  const out = getBackend().alloc(dtype, n * m);
  const av = ta.toFlatArray();
  const bv = tb.toFlatArray();
  writeOuter(out, dtype, av, bv);
  return new Tensor(out, [n, m], dtype);
}

function writeOuter(out: TypedArray, dtype: DType, av: readonly number[], bv: readonly number[]): void {
  const m = bv.length;
  for (let i = 0; i < av.length; i++) {
    const ai = av[i]!;
    const row = i * m;
    if (dtype === "int32") for (let j = 0; j < m; j++) out[row + j] = Math.imul(ai, bv[j]!);
    else if (dtype === "bool") for (let j = 0; j < m; j++) out[row + j] = ai !== 0 && bv[j] !== 0 ? 1 : 0;
    else if (dtype === "float32" || dtype === "float64" || dtype === "uint8") for (let j = 0; j < m; j++) out[row + j] = ai * bv[j]!;
    else for (let j = 0; j < m; j++) writeElement(out, dtype, row + j, ai * bv[j]!);
  }
}
