/**
 * Event-driven kernels over spike *lists* (indices of the neurons that spiked), for
 * simulation loops that keep such lists between phases (Network.run's step plan): listing
 * spikes, input spike trains, propagation over the spiking rows, PostPre's row and column
 * updates and the clamps of what they touched, traces rebuilt from a decay chain.
 *
 * Arithmetic is float32 throughout with the rounding points of the dense formulation
 * (`w += outer(a·s_pre, x_post)` etc.), so a loop built on these kernels gives the numbers of
 * `Network.run` bit for bit; the wasm backend's versions give the same bits again.
 */

import { tsum0 } from "../numerics.js";

const fround = Math.fround;

/** Writes the indices j < n with s[off + j] ≠ 0, increasing, to `out`; returns how many. */
export function spikeList(s: Uint8Array, off: number, n: number, out: Int32Array): number {
  let k = 0;
  for (let j = 0; j < n; j++) if (s[off + j] !== 0) out[k++] = j;
  return k;
}

/**
 * One step of an input layer driven by a spike train: clears s at the `prevK` indices of
 * `list` (the previous step's spikes), then for every j < n with train[off + j] ≠ 0 sets
 * s[j] = train[off + j], appends j to `list` and sets last[j] = t. Returns the new count.
 */
export function inputSpikes(s: Uint8Array, list: Int32Array, prevK: number, train: Uint8Array, off: number, n: number, last: Int32Array, t: number): number {
  for (let q = 0; q < prevK; q++) s[list[q]!] = 0;
  let k = 0;
  for (let j = 0; j < n; j++) {
    const v = train[off + j]!;
    if (v !== 0) {
      s[j] = v;
      list[k++] = j;
      last[j] = t;
    }
  }
  return k;
}

/**
 * Traces that follow one chain after each spike: x[j] = chain[t − last[j]], or 0 where
 * last[j] < 0 (no spike yet). `chain[d]` is the trace d steps after a spike.
 */
export function chainTrace(x: Float32Array, last: Int32Array, chain: Float32Array, t: number, n: number): void {
  for (let j = 0; j < n; j++) {
    const l = last[j]!;
    x[j] = l < 0 ? 0 : chain[t - l]!;
  }
}

/**
 * Propagation over a spike list: r = Σ_{q<k} s[i]·w[i, :] with i = rows[q], summed from zero
 * in list order (rows with s[i] = 1 are added without the multiply). With `scratch` null, r
 * is written to out[0..nPost); otherwise r is built in scratch and then added to out (one
 * rounding per element, as a second connection's input adds to a layer's input).
 */
export function addRows(out: Float32Array, scratch: Float32Array | null, w: Float32Array, s: Uint8Array, rows: Int32Array, k: number, nPost: number): void {
  const r = scratch ?? out;
  r.fill(0, 0, nPost);
  let q = 0;
  while (q < k) {
    const i = rows[q]!;
    const si = s[i]!;
    const o = i * nPost;
    if (si === 1 && q + 4 <= k && s[rows[q + 1]!] === 1 && s[rows[q + 2]!] === 1 && s[rows[q + 3]!] === 1) {
      // four rows of 1s in one pass: ((r + w0) + w1) + w2) + w3 rounded after every add, the
      // same sums in the same order as four single-row passes (as spikeMatmul)
      const o1 = rows[q + 1]! * nPost;
      const o2 = rows[q + 2]! * nPost;
      const o3 = rows[q + 3]! * nPost;
      for (let j = 0; j < nPost; j++) r[j] = fround(fround(fround(r[j]! + w[o + j]!) + w[o1 + j]!) + w[o2 + j]!) + w[o3 + j]!;
      q += 4;
      continue;
    }
    if (si === 1) for (let j = 0; j < nPost; j++) r[j] += w[o + j]!;
    else for (let j = 0; j < nPost; j++) r[j] += fround(si * w[o + j]!);
    q++;
  }
  if (scratch !== null) for (let j = 0; j < nPost; j++) out[j] = out[j]! + scratch[j]!;
}

/** addScaledRows' list of the columns where x is not +0 (grown on demand). */
let nzScratch = new Int32Array(0);

/**
 * PostPre's depression over the spiking presynaptic rows: for i = rows[q], q < k,
 * c = fround(a·s[i]) and w[i, j] = fround(w[i, j] + fround(c·x[j])) for j < nPost; with
 * `clamp`, each updated weight is then clamped as clampRange does (`v < lo → lo`, then `v > hi → hi`).
 *
 * When `a` has its sign bit set (and is not NaN), c does too, so the term at a column where
 * x[j] is +0 is −0 and w[i, j] + (−0) is w[i, j]: those columns are not visited (with `clamp`
 * they are not clamped either: the caller's weights are within [lo, hi], so the clamp would
 * leave them too). Traces are zero for every neuron that has not spiked, so this is most
 * columns of a large layer.
 */
export function addScaledRows(w: Float32Array, rows: Int32Array, k: number, s: Uint8Array, a: number, x: Float32Array, nPost: number, clamp: boolean, lo: number, hi: number): void {
  if (k > 0 && (a < 0 || Object.is(a, -0))) {
    if (nzScratch.length < nPost) nzScratch = new Int32Array(nPost);
    const nz = nzScratch;
    let m = 0;
    for (let j = 0; j < nPost; j++) {
      const xj = x[j]!;
      if (xj !== 0 || 1 / xj < 0) nz[m++] = j;
    }
    for (let q = 0; q < k; q++) {
      const i = rows[q]!;
      const c = fround(a * s[i]!);
      const o = i * nPost;
      for (let t = 0; t < m; t++) {
        const j = nz[t]!;
        let v = fround(w[o + j]! + fround(c * x[j]!));
        if (clamp) {
          if (v < lo) v = lo;
          if (v > hi) v = hi;
        }
        w[o + j] = v;
      }
    }
    return;
  }
  for (let q = 0; q < k; q++) {
    const i = rows[q]!;
    const c = fround(a * s[i]!);
    const o = i * nPost;
    if (clamp) {
      for (let j = 0; j < nPost; j++) {
        let v = fround(w[o + j]! + fround(c * x[j]!));
        if (v < lo) v = lo;
        if (v > hi) v = hi;
        w[o + j] = v;
      }
    } else for (let j = 0; j < nPost; j++) w[o + j] += fround(c * x[j]!);
  }
}

/**
 * PostPre's potentiation over the spiking postsynaptic columns: for j = cols[q], q < k,
 * c = fround(a·s[j]) and w[i, j] = fround(w[i, j] + fround(x[i]·c)) for i < nPre.
 */
export function addScaledCols(w: Float32Array, cols: Int32Array, k: number, s: Uint8Array, a: number, x: Float32Array, nPre: number, nPost: number): void {
  if (k === 1) {
    const j = cols[0]!;
    const c = fround(a * s[j]!);
    for (let i = 0; i < nPre; i++) w[i * nPost + j] += fround(x[i]! * c);
    return;
  }
  // several columns: one pass over the rows (each weight still gets its one update)
  const cs = colScratch.length >= k ? colScratch : (colScratch = new Float64Array(k));
  for (let q = 0; q < k; q++) cs[q] = fround(a * s[cols[q]!]!);
  for (let i = 0; i < nPre; i++) {
    const xi = x[i]!;
    const o = i * nPost;
    for (let q = 0; q < k; q++) w[o + cols[q]!] += fround(xi * cs[q]!);
  }
}

let colScratch = new Float64Array(16);

/** Clamps the rows rows[0..k) of the row-major [*, nPost] matrix w to [lo, hi]. */
export function clampRows(w: Float32Array, rows: Int32Array, k: number, nPost: number, lo: number, hi: number): void {
  for (let q = 0; q < k; q++) {
    const o = rows[q]! * nPost;
    for (let j = 0; j < nPost; j++) {
      let v = w[o + j]!;
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      w[o + j] = v;
    }
  }
}

/** Floats of scratch `torchRowsSum` needs for `nCols` columns. */
export function torchRowsScratch(nCols: number): number {
  const a = torchCascadeCols(nCols);
  return 4 * a + 20 * (nCols - a);
}

/** Columns summed by the multi-row cascade directly (the 32-wide blocks; under 8 columns, 4-wide ones). */
function torchCascadeCols(nCols: number): number {
  if (nCols === 1) return 0;
  return nCols >= 8 ? nCols - (nCols % 32) : nCols - (nCols % 4);
}

/**
 * torch.sum(m, 0) in torch's order (numerics' `tsum0`, bit for bit) of the [nRows, nCols]
 * matrix m whose rows rows[0..k) (increasing) are those of w (row-major, row stride nCols)
 * and whose other rows are zero: a gate's propagation from a spike list with the reference's
 * summation order. `acc` is scratch of `torchRowsScratch(nCols)` floats (its content is
 * irrelevant). Every column's arithmetic depends only on the row indices, so the blocks of
 * `tsum0` merge into one cascade over the 32-wide columns and one 4-lane row sum over the
 * rest; an accumulator nothing was added to is never read (it would be +0, and an
 * accumulator is never −0, so skipping it keeps the bits).
 */
export function torchRowsSum(out: Float32Array, w: Float32Array, rows: Int32Array, k: number, nRows: number, nCols: number, acc: Float32Array): void {
  if (nCols === 1) {
    const col = new Float32Array(nRows);
    for (let q = 0; q < k; q++) col[rows[q]!] = w[rows[q]!]!;
    out[0] = tsum0(col, nRows, 1)[0]!;
    return;
  }
  const a = torchCascadeCols(nCols);
  if (a > 0) cascade(out, 0, w, rows, k, nRows, nCols, 0, a, acc, 0, false);
  const b = nCols - a;
  if (b > 0) {
    // torch's row_sum: row i < 4·⌊R/4⌋ to lane i % 4 of virtual row ⌊i/4⌋ (a cascade of width
    // 4b), later rows to lane 0, the lanes then added as ((l0 + l1) + l2) + l3
    const n4 = Math.floor(nRows / 4);
    const lanes = 4 * a;
    const cas = lanes + 4 * b;
    let q0 = 0;
    while (q0 < k && rows[q0]! < 4 * n4) q0++;
    if (n4 > 0) cascade(acc, lanes, w, rows, q0, n4, nCols, a, b, acc, cas, true);
    else acc.fill(0, lanes, lanes + 4 * b);
    for (let q = q0; q < k; q++) {
      const o = rows[q]! * nCols + a;
      for (let c = 0; c < b; c++) acc[lanes + c] = acc[lanes + c]! + w[o + c]!;
    }
    for (let c = 0; c < b; c++) {
      const l = lanes + c;
      out[a + c] = fround(fround(fround(acc[l]! + acc[l + b]!) + acc[l + 2 * b]!) + acc[l + 3 * b]!);
    }
  }
}

/**
 * torch's multi_row_sum over `size` (virtual) rows of `width` columns into out[outOff..]
 * (every value written), adding the listed rows of w (columns col0..col0 + width). With
 * `lanes`, virtual row ⌊i/4⌋ takes row i at lane i % 4: `width` is then a lane's width and
 * the cascade is 4·width wide (torch's row_sum). Scratch: acc[accOff .. accOff + 4·cascade width).
 */
function cascade(out: Float32Array, outOff: number, w: Float32Array, rows: Int32Array, k: number, size: number, stride: number, col0: number, width: number, acc: Float32Array, accOff: number, lanes: boolean): void {
  const W = lanes ? 4 * width : width;
  let lg = 0;
  while (2 ** lg < size) lg++;
  const power = Math.max(4, Math.floor(lg / 4));
  const step = 2 ** power;
  const mask = step - 1;
  const full = Math.floor(size / step) * step;
  let d0 = false;
  let d1 = false;
  let d2 = false;
  let d3 = false;
  let nextEnd = step;
  const o1 = accOff + W;
  const o2 = accOff + 2 * W;
  const o3 = accOff + 3 * W;
  const fold = (e: number): void => {
    // level j += level j−1 (a clean level j takes level j−1 as it is: 0 + x = x, never −0)
    if (d0) {
      if (d1) for (let c = 0; c < W; c++) acc[o1 + c] = acc[o1 + c]! + acc[accOff + c]!;
      else acc.copyWithin(o1, accOff, accOff + W);
      d1 = true;
      d0 = false;
    }
    if (e & (mask << power)) return;
    if (d1) {
      if (d2) for (let c = 0; c < W; c++) acc[o2 + c] = acc[o2 + c]! + acc[o1 + c]!;
      else acc.copyWithin(o2, o1, o1 + W);
      d2 = true;
      d1 = false;
    }
    if (e & (mask << (2 * power))) return;
    if (d2) {
      if (d3) for (let c = 0; c < W; c++) acc[o3 + c] = acc[o3 + c]! + acc[o2 + c]!;
      else acc.copyWithin(o3, o2, o2 + W);
      d3 = true;
      d2 = false;
    }
  };
  for (let q = 0; q < k; q++) {
    const i = rows[q]!;
    const v = lanes ? i >> 2 : i;
    while (nextEnd <= v && nextEnd <= full) {
      fold(nextEnd);
      nextEnd += step;
    }
    const a0 = accOff + (lanes ? (i & 3) * width : 0);
    const o = i * stride + col0;
    if (!d0) {
      // a fresh level 0: +0 everywhere, then this row (0 + r turns −0 into +0)
      acc.fill(0, accOff, accOff + W);
      d0 = true;
    }
    for (let c = 0; c < width; c++) acc[a0 + c] = acc[a0 + c]! + w[o + c]!;
  }
  while (nextEnd <= full) {
    fold(nextEnd);
    nextEnd += step;
  }
  // level 0 += levels 1, 2, 3 (clean levels are +0 and skipped)
  const first = d0 ? accOff : d1 ? o1 : d2 ? o2 : d3 ? o3 : -1;
  if (first < 0) {
    out.fill(0, outOff, outOff + W);
    return;
  }
  if (out !== acc || outOff !== first) for (let c = 0; c < W; c++) out[outOff + c] = acc[first + c]!;
  if (d1 && o1 > first) for (let c = 0; c < W; c++) out[outOff + c] = out[outOff + c]! + acc[o1 + c]!;
  if (d2 && o2 > first) for (let c = 0; c < W; c++) out[outOff + c] = out[outOff + c]! + acc[o2 + c]!;
  if (d3 && o3 > first) for (let c = 0; c < W; c++) out[outOff + c] = out[outOff + c]! + acc[o3 + c]!;
}
