// Restricted outer-product weight updates (mirrors the second half of src/backend/js/spike.ts)
// for float32 weights. pre/post are u8 (kind 0) or f32 (kind 1) arrays; `scale` is the
// JavaScript number (f64), multiplied in f64 and rounded once as `Math.fround(scale * x)`.
// `scratch` is a float32/int32 work area of at least the documented size.

@inline function rd(p: usize, kind: i32, i: i32): f32 {
  return kind ? load<f32>(p + (<usize>i << 2)) : <f32>load<u8>(p + <usize>i);
}
@inline function a4(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** w[i, j] += fround(c * post[j]) with c = fround(scale * pre[i]), rows with pre[i] != 0. */
export function outerAddRowsF32(w: usize, pre: usize, preK: i32, post: usize, postK: i32, scale: f64, nPre: i32, nPost: i32): void {
  for (let i: i32 = 0; i < nPre; i++) {
    const pi = rd(pre, preK, i);
    if (pi == 0) continue;
    const c = <f32>(scale * <f64>pi);
    rowAxpy(w + (<usize>i * <usize>nPost << 2), post, postK, c, nPost);
  }
}

/** o[j] += c * p[j] (float32, product rounded first) for a u8 or f32 vector p. */
@inline function rowAxpy(o: usize, p: usize, pk: i32, c: f32, n: i32): void {
  const cv = f32x4.splat(c);
  let j: i32 = 0;
  if (pk) {
    for (; j + 4 <= n; j += 4) v128.store(a4(o, j), f32x4.add(v128.load(a4(o, j)), f32x4.mul(cv, v128.load(a4(p, j)))));
  } else {
    for (; j + 4 <= n; j += 4) {
      const pv = f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p + <usize>j))));
      v128.store(a4(o, j), f32x4.add(v128.load(a4(o, j)), f32x4.mul(cv, pv)));
    }
  }
  for (; j < n; j++) store<f32>(a4(o, j), load<f32>(a4(o, j)) + c * rd(p, pk, j));
}

/**
 * w[i, j] += fround(pre[i] * coef_j), coef_j = fround(scale * post[j]), columns with
 * post[j] != 0. scratch: 2 * nPost words (active column indices, then coefficients).
 */
export function outerAddColsF32(w: usize, pre: usize, preK: i32, post: usize, postK: i32, scale: f64, nPre: i32, nPost: i32, scratch: usize): void {
  const idx = scratch;
  const coef = scratch + (<usize>nPost << 2);
  let na: i32 = 0;
  for (let j: i32 = 0; j < nPost; j++) {
    const pj = rd(post, postK, j);
    if (pj == 0) continue;
    store<i32>(a4(idx, na), j);
    store<f32>(a4(coef, na), <f32>(scale * <f64>pj));
    na++;
  }
  if (na == 0) return;
  for (let i: i32 = 0; i < nPre; i++) {
    const pi = rd(pre, preK, i);
    const row = w + (<usize>i * <usize>nPost << 2);
    for (let a: i32 = 0; a < na; a++) {
      const p = a4(row, load<i32>(a4(idx, a)));
      store<f32>(p, load<f32>(p) + pi * load<f32>(a4(coef, a)));
    }
  }
}

/** Batched rows (batch > 1): per touched row, batch terms summed from zero, then added. scratch: nPost words. */
export function outerAddRowsBatchF32(w: usize, pre: usize, preK: i32, post: usize, postK: i32, scale: f64, batch: i32, nPre: i32, nPost: i32, scratch: usize): void {
  const acc = scratch;
  for (let i: i32 = 0; i < nPre; i++) {
    let touched = false;
    for (let b: i32 = 0; b < batch; b++) {
      const pi = rd(pre, preK, b * nPre + i);
      if (pi == 0) continue;
      if (!touched) {
        memory.fill(acc, 0, <usize>nPost << 2);
        touched = true;
      }
      const c = <f32>(scale * <f64>pi);
      rowAxpy(acc, postK ? post + (<usize>(b * nPost) << 2) : post + <usize>(b * nPost), postK, c, nPost);
    }
    if (!touched) continue;
    const row = w + (<usize>i * <usize>nPost << 2);
    let j: i32 = 0;
    for (; j + 4 <= nPost; j += 4) v128.store(a4(row, j), f32x4.add(v128.load(a4(row, j)), v128.load(a4(acc, j))));
    for (; j < nPost; j++) store<f32>(a4(row, j), load<f32>(a4(row, j)) + load<f32>(a4(acc, j)));
  }
}

/**
 * Batched columns (batch > 1): w[i, j] += Σ_b fround(pre[b, i] · coef[b, j]) in batch order from
 * zero, coef[b, j] = fround(scale · post[b, j]), for every column j with a non-zero post[b, j]
 * (the js kernel's sums: zero coefficients add nothing, so each column keeps only its non-zero
 * (b, coef) pairs and a row visits those alone). scratch: 2·nPost + 1 + 2·batch·nPost words
 * (active columns, their pair offsets, then the pairs' b and coef).
 */
export function outerAddColsBatchF32(w: usize, pre: usize, preK: i32, post: usize, postK: i32, scale: f64, batch: i32, nPre: i32, nPost: i32, scratch: usize): void {
  const idx = scratch;
  const start = scratch + (<usize>nPost << 2);
  const pb = start + (<usize>(nPost + 1) << 2);
  const pc = pb + (<usize>(batch * nPost) << 2);
  let na: i32 = 0;
  let np: i32 = 0;
  for (let j: i32 = 0; j < nPost; j++) {
    const s0 = np;
    let active = false;
    for (let b: i32 = 0; b < batch; b++) {
      const v = rd(post, postK, b * nPost + j);
      if (v == 0) continue;
      active = true;
      const c = <f32>(scale * <f64>v);
      if (c == 0) continue;
      store<i32>(a4(pb, np), b * nPre);
      store<f32>(a4(pc, np), c);
      np++;
    }
    if (!active) continue;
    store<i32>(a4(idx, na), j);
    store<i32>(a4(start, na), s0);
    na++;
  }
  if (na == 0) return;
  store<i32>(a4(start, na), np);
  for (let i: i32 = 0; i < nPre; i++) {
    const row = w + (<usize>i * <usize>nPost << 2);
    let p0 = load<i32>(start);
    for (let a: i32 = 0; a < na; a++) {
      const p1 = load<i32>(a4(start, a + 1));
      let acc: f32 = 0;
      for (let q = p0; q < p1; q++) acc = acc + rd(pre, preK, load<i32>(a4(pb, q)) + i) * load<f32>(a4(pc, q));
      p0 = p1;
      const p = a4(row, load<i32>(a4(idx, a)));
      store<f32>(p, load<f32>(p) + acc);
    }
  }
}
