// CSR kernels (mirror spikeMatmulCSR, csrOuterAddRows, csrOuterAddCols in
// src/backend/js/spike.ts and csrDenseMatmul in src/backend/js/linalg.ts). rowPtr / colIdx
// are i32; pre / post / s are u8 (kind 0) or f32 (kind 1).
//
// The structure is checked where it is used, so no pass over the whole matrix is added: a
// row's pointers must lie in [0, nnz] (nnz: the stored entries colIdx and values hold) and its
// columns in [0, nCols). A kernel that finds a bad entry returns 1 before changing anything it
// does not overwrite anyway, and the caller reruns the js kernel; 0 means done.
import { axpyRowF32, axpyRowF64 } from "./util";

@inline function rd(p: usize, kind: i32, i: i32): f32 {
  return kind ? load<f32>(p + (<usize>i << 2)) : <f32>load<u8>(p + <usize>i);
}
@inline function a4(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}
@inline function ld(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
/** Row i's entries [p0, p1) are valid and all its columns are below nCols. */
function rowOk(rowPtr: usize, colIdx: usize, i: i32, nnz: i32, nCols: i32): bool {
  const p0 = ld(rowPtr, i);
  const p1 = ld(rowPtr, i + 1);
  if (<u32>p0 > <u32>nnz || <u32>p1 > <u32>nnz) return false;
  for (let p = p0; p < p1; p++) if (<u32>ld(colIdx, p) >= <u32>nCols) return false;
  return true;
}

/** out[b, colIdx[p]] += s[b, i] * values[p] over the stored entries of rows with s != 0 (f32). */
export function spikeMatmulCSRF32(out: usize, s: usize, sK: i32, rowPtr: usize, colIdx: usize, values: usize, nnz: i32, batch: i32, nPre: i32, nPost: i32): i32 {
  memory.fill(out, 0, <usize>batch * <usize>nPost << 2);
  for (let b: i32 = 0; b < batch; b++) {
    const o = out + (<usize>(b * nPost) << 2);
    for (let i: i32 = 0; i < nPre; i++) {
      const si = rd(s, sK, b * nPre + i);
      if (si == 0) continue;
      if (!rowOk(rowPtr, colIdx, i, nnz, nPost)) return 1;
      const p1 = ld(rowPtr, i + 1);
      if (si == 1) {
        for (let p = ld(rowPtr, i); p < p1; p++) {
          const q = a4(o, ld(colIdx, p));
          store<f32>(q, load<f32>(q) + load<f32>(a4(values, p)));
        }
      } else {
        for (let p = ld(rowPtr, i); p < p1; p++) {
          const q = a4(o, ld(colIdx, p));
          store<f32>(q, load<f32>(q) + si * load<f32>(a4(values, p)));
        }
      }
    }
  }
  return 0;
}

/** values[p] += fround(fround(scale * pre[i]) * post[colIdx[p]]) for rows with pre[i] != 0. */
export function csrOuterAddRowsF32(values: usize, rowPtr: usize, colIdx: usize, nnz: i32, pre: usize, preK: i32, post: usize, postK: i32, nPostAvail: i32, scale: f64, nPre: i32): i32 {
  for (let i: i32 = 0; i < nPre; i++) if (rd(pre, preK, i) != 0 && !rowOk(rowPtr, colIdx, i, nnz, nPostAvail)) return 1;
  for (let i: i32 = 0; i < nPre; i++) {
    const pi = rd(pre, preK, i);
    if (pi == 0) continue;
    const c = <f32>(scale * <f64>pi);
    const p1 = ld(rowPtr, i + 1);
    for (let p = ld(rowPtr, i); p < p1; p++) {
      const q = a4(values, p);
      store<f32>(q, load<f32>(q) + c * rd(post, postK, ld(colIdx, p)));
    }
  }
  return 0;
}

/** values[p] += fround(pre[i] * fround(scale * post[j])) for stored entries with post[j] != 0. */
export function csrOuterAddColsF32(values: usize, rowPtr: usize, colIdx: usize, nnz: i32, pre: usize, preK: i32, post: usize, postK: i32, nPostAvail: i32, scale: f64, nPre: i32): i32 {
  for (let i: i32 = 0; i < nPre; i++) if (!rowOk(rowPtr, colIdx, i, nnz, nPostAvail)) return 1;
  for (let i: i32 = 0; i < nPre; i++) {
    const pi = rd(pre, preK, i);
    const p1 = ld(rowPtr, i + 1);
    for (let p = ld(rowPtr, i); p < p1; p++) {
      const pj = rd(post, postK, ld(colIdx, p));
      if (pj == 0) continue;
      const q = a4(values, p);
      store<f32>(q, load<f32>(q) + pi * <f32>(scale * <f64>pj));
    }
  }
  return 0;
}

/** out[i, :] = sum over stored p of row i of values[p] * dense[colIdx[p], :] (f32; out is overwritten). */
export function csrDenseMatmulF32(out: usize, rowPtr: usize, colIdx: usize, values: usize, nnz: i32, dense: usize, denseRows: i32, M: i32, N: i32): i32 {
  memory.fill(out, 0, <usize>M * <usize>N << 2);
  for (let i: i32 = 0; i < M; i++) {
    if (!rowOk(rowPtr, colIdx, i, nnz, denseRows)) return 1;
    const o = out + (<usize>i * <usize>N << 2);
    const p1 = ld(rowPtr, i + 1);
    for (let p = ld(rowPtr, i); p < p1; p++) axpyRowF32(o, dense + (<usize>ld(colIdx, p) * <usize>N << 2), load<f32>(a4(values, p)), N);
  }
  return 0;
}

/** The same in float64. */
export function csrDenseMatmulF64(out: usize, rowPtr: usize, colIdx: usize, values: usize, nnz: i32, dense: usize, denseRows: i32, M: i32, N: i32): i32 {
  memory.fill(out, 0, <usize>M * <usize>N << 3);
  for (let i: i32 = 0; i < M; i++) {
    if (!rowOk(rowPtr, colIdx, i, nnz, denseRows)) return 1;
    const o = out + (<usize>i * <usize>N << 3);
    const p1 = ld(rowPtr, i + 1);
    for (let p = ld(rowPtr, i); p < p1; p++) axpyRowF64(o, dense + (<usize>ld(colIdx, p) * <usize>N << 3), load<f64>(values + (<usize>p << 3)), N);
  }
  return 0;
}
