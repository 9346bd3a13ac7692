// Weight maintenance (mirrors src/backend/js/weights.ts): the clamp to [wmin, wmax] and the
// weight-decay multiply. The clamp is two compare-and-select steps, `v < l ? l : v` then
// `v > h ? h : v`, exactly the js kernel's branches (f32x4.min/max would differ for NaN and -0).
// lo/hi are addresses of per-weight f32 bounds (indexed like w) or 0 for the scalars l0/h0.

/** w[i] = clamp(w[i]) for from <= i < to (f32). */
export function clampRangeF32(w: usize, from: i32, to: i32, lo: usize, l0: f32, hi: usize, h0: f32): void {
  const lv0 = f32x4.splat(l0);
  const hv0 = f32x4.splat(h0);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const off = <usize>i << 2;
    const p = w + off;
    let v = v128.load(p);
    const l = lo != 0 ? v128.load(lo + off) : lv0;
    const h = hi != 0 ? v128.load(hi + off) : hv0;
    v = v128.bitselect(l, v, f32x4.lt(v, l));
    v = v128.bitselect(h, v, f32x4.gt(v, h));
    v128.store(p, v);
  }
  for (; i < to; i++) {
    const off = <usize>i << 2;
    let v = load<f32>(w + off);
    const l = lo != 0 ? load<f32>(lo + off) : l0;
    const h = hi != 0 ? load<f32>(hi + off) : h0;
    if (v < l) v = l;
    if (v > h) v = h;
    store<f32>(w + off, v);
  }
}

/** Clamps columns cols[0..nCols) (i32 indices) of the row-major [nPre, nPost] f32 matrix w. */
export function clampColsF32(w: usize, nPre: i32, nPost: i32, cols: usize, nCols: i32, lo: usize, l0: f32, hi: usize, h0: f32): void {
  for (let i: i32 = 0; i < nPre; i++) {
    const base = <usize>i * <usize>nPost;
    for (let c: i32 = 0; c < nCols; c++) {
      const off = (base + <usize>load<i32>(cols + (<usize>c << 2))) << 2;
      let v = load<f32>(w + off);
      const l = lo != 0 ? load<f32>(lo + off) : l0;
      const h = hi != 0 ? load<f32>(hi + off) : h0;
      if (v < l) v = l;
      if (v > h) v = h;
      store<f32>(w + off, v);
    }
  }
}

/** w[i] = w[i] * f for i < n (f32 multiply, one rounding). */
export function scaleInPlaceF32(w: usize, n: i32, f: f32): void {
  const fv = f32x4.splat(f);
  let i: i32 = 0;
  for (; i + 4 <= n; i += 4) {
    const p = w + (<usize>i << 2);
    v128.store(p, f32x4.mul(v128.load(p), fv));
  }
  for (; i < n; i++) {
    const p = w + (<usize>i << 2);
    store<f32>(p, load<f32>(p) * f);
  }
}

/** dst[i] = |src[i]| for i < n (f32; clears the sign bit, as Math.abs does for numbers). */
export function absIntoF32(dst: usize, src: usize, n: i32): void {
  let i: i32 = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(dst + off, f32x4.abs(v128.load(src + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(dst + off, abs<f32>(load<f32>(src + off)));
  }
}

/** w[i, j] = w[i, j] * col[j] for the row-major [nPre, nPost] f32 w (one rounding). */
export function scaleColsF32(w: usize, col: usize, nPre: i32, nPost: i32, lo: f32, hi: f32): i32 {
  const lv = f32x4.splat(lo);
  const hv = f32x4.splat(hi);
  let out = i32x4.splat(0);
  let outside = false;
  for (let i: i32 = 0; i < nPre; i++) {
    const row = w + ((<usize>i * <usize>nPost) << 2);
    let j: i32 = 0;
    for (; j + 4 <= nPost; j += 4) {
      const p = row + (<usize>j << 2);
      const v = f32x4.mul(v128.load(p), v128.load(col + (<usize>j << 2)));
      v128.store(p, v);
      out = v128.or(out, v128.or(f32x4.lt(v, lv), f32x4.gt(v, hv)));
    }
    for (; j < nPost; j++) {
      const p = row + (<usize>j << 2);
      const v = load<f32>(p) * load<f32>(col + (<usize>j << 2));
      store<f32>(p, v);
      if (v < lo || v > hi) outside = true;
    }
  }
  return outside || v128.any_true(out) ? 0 : 1;
}
