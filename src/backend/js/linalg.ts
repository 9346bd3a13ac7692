/**
 * Dense and sparse matrix products over row-major typed arrays.
 *
 * Accumulation order (all kernels here): every output element is a sum over k in increasing
 * order, started from zero, in the output's precision. For float32 each step is
 * `acc = fround(acc + fround(a * b))`: the product is rounded to float32 and then added, as
 * IEEE float32 arithmetic without fused multiply-add does. (A product of two float32 values
 * is exact in a double, and a double sum of two float32 values rounds correctly to float32,
 * so `Float32Array` stores give exactly float32 semantics.) BLAS libraries block and
 * vectorise the k loop, so torch's results can differ from ours in the last bits.
 *
 * The same order is used by the event-driven kernels in `spike.ts`, which is why
 * skipping zero rows there gives the same bits as the dense product here.
 */

import type { MatArray } from "../contract.js";

// Tile sizes: a KB x JB block of `b` (128 x 512 float32 = 256 KiB at most) is reused across
// all rows of `a`. Tiling j and k (not i) keeps every output element's k order increasing.
const KB = 128;
const JB = 512;

/**
 * out[oOff + i*N + j] = sum_k a[aOff + i*K + k] * b[bOff + k*N + j], for i < M, j < N.
 * `out` is overwritten; `a`, `b` and `out` must have the same storage type. Loops run in
 * i-k-j order inside (j, k) tiles.
 */
export function gemm(
  out: MatArray,
  a: MatArray,
  b: MatArray,
  M: number,
  K: number,
  N: number,
  aOff = 0,
  bOff = 0,
  oOff = 0,
): void {
  out.fill(0, oOff, oOff + M * N);
  if (M === 0 || N === 0 || K === 0) return;
  if (out instanceof Float32Array) gemmF32(out, a, b, M, K, N, aOff, bOff, oOff);
  else if (out instanceof Float64Array) gemmF64(out, a, b, M, K, N, aOff, bOff, oOff);
  else gemmI32(out, a, b, M, K, N, aOff, bOff, oOff);
}

function gemmF32(out: Float32Array, a: MatArray, b: MatArray, M: number, K: number, N: number, aOff: number, bOff: number, oOff: number): void {
  // With few rows there is no reuse of `b` to gain from tiles, only streaming to lose.
  const jb = M <= 4 ? N : JB;
  const kb = M <= 4 ? K : KB;
  for (let j0 = 0; j0 < N; j0 += jb) {
    const j1 = Math.min(N, j0 + jb);
    for (let k0 = 0; k0 < K; k0 += kb) {
      const k1 = Math.min(K, k0 + kb);
      for (let i = 0; i < M; i++) {
        const oRow = oOff + i * N;
        const aRow = aOff + i * K;
        for (let k = k0; k < k1; k++) {
          const aik = a[aRow + k]!;
          const bRow = bOff + k * N;
          // Unrolled by 4 (about 1.8x faster in V8); each element still gets one step per k.
          let j = j0;
          for (; j + 3 < j1; j += 4) {
            out[oRow + j] += Math.fround(aik * b[bRow + j]!);
            out[oRow + j + 1] += Math.fround(aik * b[bRow + j + 1]!);
            out[oRow + j + 2] += Math.fround(aik * b[bRow + j + 2]!);
            out[oRow + j + 3] += Math.fround(aik * b[bRow + j + 3]!);
          }
          for (; j < j1; j++) out[oRow + j] += Math.fround(aik * b[bRow + j]!);
        }
      }
    }
  }
}

function gemmF64(out: Float64Array, a: MatArray, b: MatArray, M: number, K: number, N: number, aOff: number, bOff: number, oOff: number): void {
  // With few rows there is no reuse of `b` to gain from tiles, only streaming to lose.
  const jb = M <= 4 ? N : JB;
  const kb = M <= 4 ? K : KB;
  for (let j0 = 0; j0 < N; j0 += jb) {
    const j1 = Math.min(N, j0 + jb);
    for (let k0 = 0; k0 < K; k0 += kb) {
      const k1 = Math.min(K, k0 + kb);
      for (let i = 0; i < M; i++) {
        const oRow = oOff + i * N;
        const aRow = aOff + i * K;
        for (let k = k0; k < k1; k++) {
          const aik = a[aRow + k]!;
          const bRow = bOff + k * N;
          let j = j0;
          for (; j + 3 < j1; j += 4) {
            out[oRow + j] += aik * b[bRow + j]!;
            out[oRow + j + 1] += aik * b[bRow + j + 1]!;
            out[oRow + j + 2] += aik * b[bRow + j + 2]!;
            out[oRow + j + 3] += aik * b[bRow + j + 3]!;
          }
          for (; j < j1; j++) out[oRow + j] += aik * b[bRow + j]!;
        }
      }
    }
  }
}

// int32 wraps on overflow, like torch's integer matmul.
function gemmI32(out: MatArray, a: MatArray, b: MatArray, M: number, K: number, N: number, aOff: number, bOff: number, oOff: number): void {
  for (let i = 0; i < M; i++) {
    const oRow = oOff + i * N;
    const aRow = aOff + i * K;
    for (let k = 0; k < K; k++) {
      const aik = a[aRow + k]!;
      const bRow = bOff + k * N;
      for (let j = 0; j < N; j++) out[oRow + j] = (out[oRow + j]! + Math.imul(aik, b[bRow + j]!)) | 0;
    }
  }
}

/**
 * Sparse (CSR, [M, K]) times dense ([K, N], row-major): out[i, :] = sum over the stored
 * entries p of row i, in storage order, of values[p] * dense[colIdx[p], :]. With sorted
 * column indices this is the dense product's increasing-k order with zero terms skipped.
 * `out` ([M, N]) is overwritten.
 */
export function csrDenseMatmul(
  out: Float32Array | Float64Array,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float32Array | Float64Array,
  dense: Float32Array | Float64Array,
  M: number,
  N: number,
): void {
  out.fill(0, 0, M * N);
  const f32 = out instanceof Float32Array;
  for (let i = 0; i < M; i++) {
    const oRow = i * N;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      const v = values[p]!;
      const dRow = colIdx[p]! * N;
      if (f32) for (let j = 0; j < N; j++) out[oRow + j] += Math.fround(v * dense[dRow + j]!);
      else for (let j = 0; j < N; j++) out[oRow + j] += v * dense[dRow + j]!;
    }
  }
}
