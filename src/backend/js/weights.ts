/**
 * Weight-maintenance kernels of the learning rules' base update (src/network/learning-rule.ts):
 * the clamp to [wmin, wmax] and the weight-decay multiply, over a whole weight array, a range
 * of it (rows of a row-major matrix), or a set of columns.
 *
 * Clamp semantics, per element (the reference's `clamp_(wmin, wmax)` as the base rule applies
 * it): `if (v < l) v = l; if (v > h) v = h` with l, h the float32 bounds. NaN weights and NaN
 * bounds compare false and leave the weight as it is; −0 stays −0 against a bound of 0.
 * Bounds are numbers (`lo`/`hi` null) or float32 arrays with one bound per weight, indexed
 * like `w`.
 */

/** w[i] ← clamp(w[i], lo ? lo[i] : l0, hi ? hi[i] : h0) for from ≤ i < to. */
export function clampRange(w: Float32Array, from: number, to: number, lo: Float32Array | null, l0: number, hi: Float32Array | null, h0: number): void {
  if (lo === null && hi === null) {
    for (let i = from; i < to; i++) {
      let v = w[i]!;
      if (v < l0) v = l0;
      if (v > h0) v = h0;
      w[i] = v;
    }
    return;
  }
  for (let i = from; i < to; i++) {
    let v = w[i]!;
    const l = lo === null ? l0 : lo[i]!;
    const h = hi === null ? h0 : hi[i]!;
    if (v < l) v = l;
    if (v > h) v = h;
    w[i] = v;
  }
}

/**
 * Clamps columns `cols[0..nCols)` of the row-major [nPre, nPost] matrix `w` (every row), with
 * the bounds of `clampRange` (bound arrays indexed like `w`).
 */
export function clampCols(
  w: Float32Array,
  nPre: number,
  nPost: number,
  cols: Int32Array,
  nCols: number,
  lo: Float32Array | null,
  l0: number,
  hi: Float32Array | null,
  h0: number,
): void {
  for (let i = 0; i < nPre; i++) {
    const base = i * nPost;
    for (let c = 0; c < nCols; c++) {
      const k = base + cols[c]!;
      let v = w[k]!;
      const l = lo === null ? l0 : lo[k]!;
      const h = hi === null ? h0 : hi[k]!;
      if (v < l) v = l;
      if (v > h) v = h;
      w[k] = v;
    }
  }
}

/** w[i] ← fround(w[i] · f) for i < n (weight decay; f is a float32 value). */
export function scaleInPlace(w: Float32Array, n: number, f: number): void {
  for (let i = 0; i < n; i++) w[i] = Math.fround(w[i]! * f);
}

/** dst[i] ← |src[i]| for i < n (Connection.normalize's column sums of |w|). */
export function absInto(dst: Float32Array, src: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) dst[i] = Math.abs(src[i]!);
}

/**
 * w[i, j] ← fround(w[i, j] · col[j]) for the row-major [nPre, nPost] w (normalisation).
 * Returns whether every new value lies within [lo, hi] (float32 bounds), i.e. whether a clamp
 * to them would change nothing (NaN counts as within: the clamp keeps it).
 */
export function scaleCols(w: Float32Array, col: Float32Array, nPre: number, nPost: number, lo = -Infinity, hi = Infinity): boolean {
  let inside = true;
  for (let i = 0; i < nPre; i++) {
    const base = i * nPost;
    for (let j = 0; j < nPost; j++) {
      const v = Math.fround(w[base + j]! * col[j]!);
      w[base + j] = v;
      if (v < lo || v > hi) inside = false;
    }
  }
  return inside;
}
