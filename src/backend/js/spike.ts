/**
 * Event-driven spike propagation: the synaptic input of a layer is the sum of the weight
 * rows of the presynaptic neurons that spiked. Rows are added in increasing presynaptic
 * index order, starting from zero, which is the order the reference's dense `s @ w` sums in
 * for small layers, so the fast path gives the same float32 bits as the dense product.
 */
import type { TypedArray } from "../dtype.js";

/**
 * out[b, j] = sum over i of s[b, i] * w[i, j], for `batch` rows, visiting only the i with
 * s[b, i] != 0. `s` is [batch, nPre] (spikes or real values), `w` is [nPre, nPost] row-major,
 * `out` is [batch, nPost] and is overwritten.
 */
export function spikeMatmul(
  out: Float32Array | Float64Array,
  s: TypedArray,
  w: Float32Array | Float64Array,
  batch: number,
  nPre: number,
  nPost: number,
): void {
  out.fill(0, 0, batch * nPost);
  const f32 = out instanceof Float32Array;
  for (let b = 0; b < batch; b++) {
    const sOff = b * nPre;
    const oOff = b * nPost;
    let i = 0;
    while (i < nPre) {
      const si = s[sOff + i]!;
      if (si === 0) {
        i++;
        continue;
      }
      if (si === 1 && f32) {
        // Four spiking rows at once when all are 1: each output element gets
        // ((o + r0) + r1) + r2) + r3 rounded after every add, the same as four single-row
        // passes, with a quarter of the output loads and stores (memory-bound at large n).
        let i1 = i + 1;
        while (i1 < nPre && s[sOff + i1] === 0) i1++;
        let i2 = i1 + 1;
        while (i2 < nPre && s[sOff + i2] === 0) i2++;
        let i3 = i2 + 1;
        while (i3 < nPre && s[sOff + i3] === 0) i3++;
        if (i3 < nPre && s[sOff + i1] === 1 && s[sOff + i2] === 1 && s[sOff + i3] === 1) {
          const w0 = i * nPost;
          const w1 = i1 * nPost;
          const w2 = i2 * nPost;
          const w3 = i3 * nPost;
          const fr = Math.fround;
          for (let j = 0; j < nPost; j++) {
            out[oOff + j] = fr(fr(fr(out[oOff + j]! + w[w0 + j]!) + w[w1 + j]!) + w[w2 + j]!) + w[w3 + j]!;
          }
          i = i3 + 1;
          continue;
        }
      }
      const wOff = i * nPost;
      if (si === 1) {
        // Unrolled by 4 for V8; every output element still receives the rows in order.
        let j = 0;
        for (; j + 3 < nPost; j += 4) {
          out[oOff + j] += w[wOff + j]!;
          out[oOff + j + 1] += w[wOff + j + 1]!;
          out[oOff + j + 2] += w[wOff + j + 2]!;
          out[oOff + j + 3] += w[wOff + j + 3]!;
        }
        for (; j < nPost; j++) out[oOff + j] += w[wOff + j]!;
      } else if (f32) {
        for (let j = 0; j < nPost; j++) out[oOff + j] += Math.fround(si * w[wOff + j]!);
      } else {
        for (let j = 0; j < nPost; j++) out[oOff + j] += si * w[wOff + j]!;
      }
      i++;
    }
  }
}

/**
 * Event-driven propagation through CSR weights ([nPre, nPost]: `rowPtr`, `colIdx`, `values`):
 * out[b, colIdx[p]] += s[b, i] * values[p] for the stored entries p of every row i with
 * s[b, i] != 0. Rows are visited in increasing i, so every output element sums in the same
 * order as `spikeMatmul` over the dense weights (absent entries contribute nothing), and the
 * float32 results are equal. `out` ([batch, nPost]) is overwritten.
 */
export function spikeMatmulCSR(
  out: Float32Array | Float64Array,
  s: TypedArray,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float32Array | Float64Array,
  batch: number,
  nPre: number,
  nPost: number,
): void {
  out.fill(0, 0, batch * nPost);
  const f32 = out instanceof Float32Array;
  for (let b = 0; b < batch; b++) {
    const sOff = b * nPre;
    const oOff = b * nPost;
    for (let i = 0; i < nPre; i++) {
      const si = s[sOff + i]!;
      if (si === 0) continue;
      const p1 = rowPtr[i + 1]!;
      if (si === 1) for (let p = rowPtr[i]!; p < p1; p++) out[oOff + colIdx[p]!] += values[p]!;
      else if (f32) for (let p = rowPtr[i]!; p < p1; p++) out[oOff + colIdx[p]!] += Math.fround(si * values[p]!);
      else for (let p = rowPtr[i]!; p < p1; p++) out[oOff + colIdx[p]!] += si * values[p]!;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Outer-product weight updates restricted to active rows or columns.
//
// The dense update these reproduce is, per element (i, j) and in float32 for a Float32Array
// `w` (each arrow one rounding):
//   rows: c = fround(scale * pre[i]);  d = fround(c * post[j]);  w[i, j] = fround(w[i, j] + d)
//   cols: c = fround(scale * post[j]); d = fround(pre[i] * c);   w[i, j] = fround(w[i, j] + d)
// that is `w += outer(scale * pre, post)` and `w += outer(pre, scale * post)` as torch
// computes them. The batched forms reproduce `w += sum_b outer(...)` where the batch sum is
// accumulated from zero in batch order in w's precision (torch's `sum(dim=0)` of the bmm
// result), then added to w once. Skipping a zero pre[i] (or post[j]) only drops terms equal
// to +-0, so the result equals the dense update (as values; the sign of a zero weight may
// differ) whenever the inputs are finite.
// ---------------------------------------------------------------------------------------

let scratch = new Float64Array(0);
let scratchF32 = new Float32Array(0);

function accRow(f32: boolean, n: number): Float32Array | Float64Array {
  if (f32) {
    if (scratchF32.length < n) scratchF32 = new Float32Array(n);
    return scratchF32;
  }
  if (scratch.length < n) scratch = new Float64Array(n);
  return scratch;
}

/**
 * w[i, :] += (scale * pre[i]) * post[:] for the rows i with pre[i] != 0 (`w` is [nPre, nPost]
 * row-major, updated in place). Equal to the dense `w += outer(scale * pre, post)`; see above.
 */
export function outerAddRows(
  w: Float32Array | Float64Array,
  pre: TypedArray,
  post: TypedArray,
  scale: number,
  nPre: number,
  nPost: number,
): void {
  const f32 = w instanceof Float32Array;
  for (let i = 0; i < nPre; i++) {
    const pi = pre[i]!;
    if (pi === 0) continue;
    const c = f32 ? Math.fround(scale * pi) : scale * pi;
    const row = i * nPost;
    if (f32) for (let j = 0; j < nPost; j++) w[row + j] += Math.fround(c * post[j]!);
    else for (let j = 0; j < nPost; j++) w[row + j] += c * post[j]!;
  }
}

/**
 * w[:, j] += pre[:] * (scale * post[j]) for the columns j with post[j] != 0. Equal to the dense
 * `w += outer(pre, scale * post)`; see above.
 */
export function outerAddCols(
  w: Float32Array | Float64Array,
  pre: TypedArray,
  post: TypedArray,
  scale: number,
  nPre: number,
  nPost: number,
): void {
  const f32 = w instanceof Float32Array;
  const active: number[] = [];
  const coef: number[] = [];
  for (let j = 0; j < nPost; j++) {
    const pj = post[j]!;
    if (pj === 0) continue;
    active.push(j);
    coef.push(f32 ? Math.fround(scale * pj) : scale * pj);
  }
  const na = active.length;
  if (na === 0) return;
  for (let i = 0; i < nPre; i++) {
    const pi = pre[i]!;
    const row = i * nPost;
    if (f32) for (let a = 0; a < na; a++) w[row + active[a]!] += Math.fround(pi * coef[a]!);
    else for (let a = 0; a < na; a++) w[row + active[a]!] += pi * coef[a]!;
  }
}

/**
 * Batched row-restricted update: w += sum over b of outer(scale * pre[b], post[b]), with
 * `pre` [batch, nPre] and `post` [batch, nPost]. A row i is touched only if some pre[b, i] is
 * non-zero; its batch terms are summed in batch order from zero, then added to w once.
 */
export function outerAddRowsBatch(
  w: Float32Array | Float64Array,
  pre: TypedArray,
  post: TypedArray,
  scale: number,
  batch: number,
  nPre: number,
  nPost: number,
): void {
  if (batch === 1) {
    outerAddRows(w, pre, post, scale, nPre, nPost);
    return;
  }
  const f32 = w instanceof Float32Array;
  const acc = accRow(f32, nPost);
  for (let i = 0; i < nPre; i++) {
    let touched = false;
    for (let b = 0; b < batch; b++) {
      const pi = pre[b * nPre + i]!;
      if (pi === 0) continue;
      if (!touched) {
        acc.fill(0, 0, nPost);
        touched = true;
      }
      const c = f32 ? Math.fround(scale * pi) : scale * pi;
      const pOff = b * nPost;
      if (f32) for (let j = 0; j < nPost; j++) acc[j] += Math.fround(c * post[pOff + j]!);
      else for (let j = 0; j < nPost; j++) acc[j] += c * post[pOff + j]!;
    }
    if (!touched) continue;
    const row = i * nPost;
    for (let j = 0; j < nPost; j++) w[row + j] += acc[j]!;
  }
}

/**
 * Batched column-restricted update: w += sum over b of outer(pre[b], scale * post[b]). A
 * column j is touched only if some post[b, j] is non-zero; batch terms sum in batch order from
 * zero, then are added to w once.
 */
export function outerAddColsBatch(
  w: Float32Array | Float64Array,
  pre: TypedArray,
  post: TypedArray,
  scale: number,
  batch: number,
  nPre: number,
  nPost: number,
): void {
  if (batch === 1) {
    outerAddCols(w, pre, post, scale, nPre, nPost);
    return;
  }
  const f32 = w instanceof Float32Array;
  const active: number[] = [];
  for (let j = 0; j < nPost; j++) {
    for (let b = 0; b < batch; b++) {
      if (post[b * nPost + j] !== 0) {
        active.push(j);
        break;
      }
    }
  }
  const na = active.length;
  if (na === 0) return;
  // coef[b * na + a] = scale * post[b, active[a]], rounded once as the dense `scale * post` is.
  const coef = accRow(f32, batch * na);
  for (let b = 0; b < batch; b++) {
    for (let a = 0; a < na; a++) coef[b * na + a] = scale * post[b * nPost + active[a]!]!;
  }
  for (let i = 0; i < nPre; i++) {
    const row = i * nPost;
    for (let a = 0; a < na; a++) {
      let acc = 0;
      for (let b = 0; b < batch; b++) {
        const c = coef[b * na + a]!;
        if (c === 0) continue; // a zero term: dropping it does not change the sum's value
        acc = f32 ? Math.fround(acc + Math.fround(pre[b * nPre + i]! * c)) : acc + pre[b * nPre + i]! * c;
      }
      w[row + active[a]!] += acc;
    }
  }
}

/**
 * Row-restricted update of CSR weights (structure fixed, values updated in place): for every
 * row i with pre[i] != 0 and each stored entry p of that row,
 * values[p] += fround(fround(scale * pre[i]) * post[colIdx[p]]). Entries that are not stored
 * stay absent, as a sparse connection's learning requires.
 */
export function csrOuterAddRows(
  values: Float32Array | Float64Array,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  pre: TypedArray,
  post: TypedArray,
  scale: number,
  nPre: number,
): void {
  const f32 = values instanceof Float32Array;
  for (let i = 0; i < nPre; i++) {
    const pi = pre[i]!;
    if (pi === 0) continue;
    const c = f32 ? Math.fround(scale * pi) : scale * pi;
    const p1 = rowPtr[i + 1]!;
    if (f32) for (let p = rowPtr[i]!; p < p1; p++) values[p] += Math.fround(c * post[colIdx[p]!]!);
    else for (let p = rowPtr[i]!; p < p1; p++) values[p] += c * post[colIdx[p]!]!;
  }
}

/**
 * Column-restricted update of CSR weights (structure fixed, values updated in place): for each
 * stored entry p (row i, column j = colIdx[p]) with post[j] != 0,
 * values[p] += fround(pre[i] * fround(scale * post[j])), the stored entries of the dense
 * `w += outer(pre, scale * post)`. CSR has no column index, so every stored entry is visited;
 * only those in spiking columns do arithmetic.
 */
export function csrOuterAddCols(
  values: Float32Array | Float64Array,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  pre: TypedArray,
  post: TypedArray,
  scale: number,
  nPre: number,
): void {
  const f32 = values instanceof Float32Array;
  for (let i = 0; i < nPre; i++) {
    const pi = pre[i]!;
    const p1 = rowPtr[i + 1]!;
    for (let p = rowPtr[i]!; p < p1; p++) {
      const pj = post[colIdx[p]!]!;
      if (pj === 0) continue;
      values[p] += f32 ? Math.fround(pi * Math.fround(scale * pj)) : pi * (scale * pj);
    }
  }
}
