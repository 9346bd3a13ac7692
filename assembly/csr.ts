// CSR kernels (mirror spikeMatmulCSR, csrOuterAddRows, csrOuterAddCols in
// src/backend/js/spike.ts and csrDenseMatmul in src/backend/js/linalg.ts), float32 values.
// rowPtr / colIdx are i32 arrays; pre / post / s are u8 (kind 0) or f32 (kind 1).
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

/** out[b, colIdx[p]] += s[b, i] * values[p] over the stored entries of rows with s != 0. */
export function spikeMatmulCSRF32(out: usize, s: usize, sK: i32, rowPtr: usize, colIdx: usize, values: usize, batch: i32, nPre: i32, nPost: i32): void {
  memory.fill(out, 0, <usize>batch * <usize>nPost << 2);
  for (let b: i32 = 0; b < batch; b++) {
    const o = out + (<usize>(b * nPost) << 2);
    for (let i: i32 = 0; i < nPre; i++) {
      const si = rd(s, sK, b * nPre + i);
      if (si == 0) continue;
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
}

/** values[p] += fround(fround(scale * pre[i]) * post[colIdx[p]]) for rows with pre[i] != 0. */
export function csrOuterAddRowsF32(values: usize, rowPtr: usize, colIdx: usize, pre: usize, preK: i32, post: usize, postK: i32, scale: f64, nPre: i32): void {
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
}

/** values[p] += fround(pre[i] * fround(scale * post[j])) for stored entries with post[j] != 0. */
export function csrOuterAddColsF32(values: usize, rowPtr: usize, colIdx: usize, pre: usize, preK: i32, post: usize, postK: i32, scale: f64, nPre: i32): void {
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
}

/** out[i, :] = sum over stored p of row i of values[p] * dense[colIdx[p], :] (float32). */
export function csrDenseMatmulF32(out: usize, rowPtr: usize, colIdx: usize, values: usize, dense: usize, M: i32, N: i32): void {
  memory.fill(out, 0, <usize>M * <usize>N << 2);
  for (let i: i32 = 0; i < M; i++) {
    const o = out + (<usize>i * <usize>N << 2);
    const p1 = ld(rowPtr, i + 1);
    for (let p = ld(rowPtr, i); p < p1; p++) {
      const d = dense + (<usize>ld(colIdx, p) * <usize>N << 2);
      axpyRowF32(o, d, load<f32>(a4(values, p)), N);
    }
  }
}

/** The same in float64. */
export function csrDenseMatmulF64(out: usize, rowPtr: usize, colIdx: usize, values: usize, dense: usize, M: i32, N: i32): void {
  memory.fill(out, 0, <usize>M * <usize>N << 3);
  for (let i: i32 = 0; i < M; i++) {
    const o = out + (<usize>i * <usize>N << 3);
    const p1 = ld(rowPtr, i + 1);
    for (let p = ld(rowPtr, i); p < p1; p++) {
      const d = dense + (<usize>ld(colIdx, p) * <usize>N << 3);
      axpyRowF64(o, d, load<f64>(values + (<usize>p << 3)), N);
    }
  }
}

