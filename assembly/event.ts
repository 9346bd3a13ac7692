// Event-driven kernels over spike lists (mirrors src/backend/js/event.ts): the same float32
// operations per element in the same order, four weights at a time where the js kernel works
// along a row. Lists are i32 indices; spikes are u8.
import { add4RowsF32, addRowCallF32, addRowF32, axpyRowF32, ceilLog2 } from "./util";

/** Scans n bytes at p for non-zero ones, appending base + their index to the list at out[k..]; returns the new k. */
@inline
function scan(p: usize, n: i32, out: usize, k: i32): i32 {
  let j: i32 = 0;
  for (; j + 16 <= n; j += 16) {
    const v = v128.load(p + <usize>j);
    if (!v128.any_true(v)) continue;
    // one bit per non-zero byte, visited lowest first (increasing index)
    let m = ~i8x16.bitmask(i8x16.eq(v, i8x16.splat(0))) & 0xffff;
    while (m != 0) {
      store<i32>(out + (<usize>k << 2), j + ctz<i32>(m));
      k++;
      m &= m - 1;
    }
  }
  for (; j < n; j++) {
    if (load<u8>(p + <usize>j) != 0) {
      store<i32>(out + (<usize>k << 2), j);
      k++;
    }
  }
  return k;
}

/** Indices j < n with s[j] != 0 (s at address s, already offset) into out; returns the count. */
export function spikeListU8(s: usize, n: i32, out: usize): i32 {
  return scan(s, n, out, 0);
}

/** See inputSpikes in the js kernels; train points at the step's row. */
export function inputSpikesU8(s: usize, list: usize, prevK: i32, train: usize, n: i32, last: usize, t: i32): i32 {
  for (let q: i32 = 0; q < prevK; q++) store<u8>(s + <usize>load<i32>(list + (<usize>q << 2)), 0);
  const k = scan(train, n, list, 0);
  for (let q: i32 = 0; q < k; q++) {
    const j = <usize>load<i32>(list + (<usize>q << 2));
    store<u8>(s + j, load<u8>(train + j));
    store<i32>(last + (j << 2), t);
  }
  return k;
}

/** x[j] = last[j] < 0 ? 0 : chain[t - last[j]] for j < n. */
export function chainTraceF32(x: usize, last: usize, chain: usize, t: i32, n: i32): void {
  for (let j: i32 = 0; j < n; j++) {
    const l = load<i32>(last + (<usize>j << 2));
    store<f32>(x + (<usize>j << 2), l < 0 ? <f32>0 : load<f32>(chain + (<usize>(t - l) << 2)));
  }
}

/** See addRows in the js kernels (scratch 0: sum straight into out). */
export function addRowsF32(out: usize, scratch: usize, w: usize, s: usize, rows: usize, k: i32, nPost: i32): void {
  const r = scratch != 0 ? scratch : out;
  memory.fill(r, 0, <usize>nPost << 2);
  const rowBytes = <usize>nPost << 2;
  let q: i32 = 0;
  while (q < k) {
    const i = <usize>load<i32>(rows + (<usize>q << 2));
    const si = load<u8>(s + i);
    if (si == 1 && q + 4 <= k) {
      // four listed rows of 1s in one pass over r: ((r + w0) + w1) + w2) + w3, the same sums
      // in the same order as four single-row passes, with a quarter of r's loads and stores
      const i1 = <usize>load<i32>(rows + (<usize>(q + 1) << 2));
      const i2 = <usize>load<i32>(rows + (<usize>(q + 2) << 2));
      const i3 = <usize>load<i32>(rows + (<usize>(q + 3) << 2));
      if (load<u8>(s + i1) == 1 && load<u8>(s + i2) == 1 && load<u8>(s + i3) == 1) {
        add4RowsF32(r, w + i * rowBytes, w + i1 * rowBytes, w + i2 * rowBytes, w + i3 * rowBytes, nPost);
        q += 4;
        continue;
      }
    }
    if (si == 1) addRowF32(r, w + i * rowBytes, nPost);
    else axpyRowF32(r, w + i * rowBytes, <f32>si, nPost);
    q++;
  }
  if (scratch != 0) addRowF32(out, scratch, nPost);
}

/** One chunk of four columns of a clamped row update: lanes where x is +0 keep their weight (see addScaledRows in the js kernels). */
@inline
function clampChunkF32(p: usize, xp: usize, cv: v128, lv: v128, hv: v128): void {
  const xv = v128.load(xp);
  const old = v128.load(p);
  let v = f32x4.add(old, f32x4.mul(cv, xv));
  v = v128.bitselect(lv, v, f32x4.lt(v, lv));
  v = v128.bitselect(hv, v, f32x4.gt(v, hv));
  v128.store(p, v128.bitselect(old, v, i32x4.eq(xv, i32x4.splat(0))));
}

/** See addScaledRows in the js kernels. */
export function addScaledRowsF32(w: usize, rows: usize, k: i32, s: usize, a: f32, x: usize, nPost: i32, clamp: i32, lo: f32, hi: f32): void {
  const rowBytes = <usize>nPost << 2;
  const lv = f32x4.splat(lo);
  const hv = f32x4.splat(hi);
  // a with its sign bit set (not NaN): every term at x[j] = +0 is −0 and leaves w[i, j] as it
  // is, so chunks of four columns where x is all +0 are passed over (traces are mostly zero)
  const skip = reinterpret<i32>(a) < 0 && a == a;
  for (let q: i32 = 0; q < k; q++) {
    const i = <usize>load<i32>(rows + (<usize>q << 2));
    const c: f32 = a * <f32>load<u8>(s + i);
    const cv = f32x4.splat(c);
    const row = w + i * rowBytes;
    let j: i32 = 0;
    if (skip) {
      for (; j + 4 <= nPost; j += 4) {
        const o = <usize>j << 2;
        const xv = v128.load(x + o);
        if (!v128.any_true(xv)) continue;
        if (clamp != 0) clampChunkF32(row + o, x + o, cv, lv, hv);
        else v128.store(row + o, f32x4.add(v128.load(row + o), f32x4.mul(cv, xv)));
      }
      for (; j < nPost; j++) {
        const xj = load<f32>(x + (<usize>j << 2));
        if (reinterpret<i32>(xj) == 0) continue;
        const p = row + (<usize>j << 2);
        let v: f32 = load<f32>(p) + c * xj;
        if (clamp != 0) {
          if (v < lo) v = lo;
          if (v > hi) v = hi;
        }
        store<f32>(p, v);
      }
    } else if (clamp != 0) {
      for (; j + 4 <= nPost; j += 4) {
        const p = row + (<usize>j << 2);
        let v = f32x4.add(v128.load(p), f32x4.mul(cv, v128.load(x + (<usize>j << 2))));
        v = v128.bitselect(lv, v, f32x4.lt(v, lv));
        v = v128.bitselect(hv, v, f32x4.gt(v, hv));
        v128.store(p, v);
      }
      for (; j < nPost; j++) {
        const p = row + (<usize>j << 2);
        let v: f32 = load<f32>(p) + c * load<f32>(x + (<usize>j << 2));
        if (v < lo) v = lo;
        if (v > hi) v = hi;
        store<f32>(p, v);
      }
    } else axpyRowF32(row, x, c, nPost);
  }
}

/** See addScaledCols in the js kernels. */
export function addScaledColsF32(w: usize, cols: usize, k: i32, s: usize, a: f32, x: usize, nPre: i32, nPost: i32): void {
  const rowBytes = <usize>nPost << 2;
  if (k == 1) {
    const j = <usize>load<i32>(cols);
    const c: f32 = a * <f32>load<u8>(s + j);
    let p = w + (j << 2);
    for (let i: i32 = 0; i < nPre; i++) {
      store<f32>(p, load<f32>(p) + load<f32>(x + (<usize>i << 2)) * c);
      p += rowBytes;
    }
    return;
  }
  // several columns: one pass over the rows (each weight still gets its one update)
  for (let i: i32 = 0; i < nPre; i++) {
    const xi = load<f32>(x + (<usize>i << 2));
    const row = w + <usize>i * rowBytes;
    for (let q: i32 = 0; q < k; q++) {
      const j = <usize>load<i32>(cols + (<usize>q << 2));
      const c: f32 = a * <f32>load<u8>(s + j);
      const p = row + (j << 2);
      store<f32>(p, load<f32>(p) + xi * c);
    }
  }
}

/** See clampRows in the js kernels. */
export function clampRowsF32(w: usize, rows: usize, k: i32, nPost: i32, lo: f32, hi: f32): void {
  const rowBytes = <usize>nPost << 2;
  const lv = f32x4.splat(lo);
  const hv = f32x4.splat(hi);
  for (let q: i32 = 0; q < k; q++) {
    const row = w + <usize>load<i32>(rows + (<usize>q << 2)) * rowBytes;
    let j: i32 = 0;
    for (; j + 4 <= nPost; j += 4) {
      const p = row + (<usize>j << 2);
      let v = v128.load(p);
      v = v128.bitselect(lv, v, f32x4.lt(v, lv));
      v = v128.bitselect(hv, v, f32x4.gt(v, hv));
      v128.store(p, v);
    }
    for (; j < nPost; j++) {
      const p = row + (<usize>j << 2);
      let v = load<f32>(p);
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      store<f32>(p, v);
    }
  }
}

/** Level j += level j − 1, or a copy when level j is clean; returns the new dirty bits. */
@inline
function foldLevel(acc: usize, W: i32, j: i32, dirty: i32): i32 {
  const bitPrev = 1 << (j - 1);
  if ((dirty & bitPrev) == 0) return dirty;
  const dst = acc + (<usize>(j * W) << 2);
  const src = acc + (<usize>((j - 1) * W) << 2);
  if ((dirty & (1 << j)) != 0) addRowCallF32(dst, src, W);
  else memory.copy(dst, src, <usize>W << 2);
  return (dirty & ~bitPrev) | (1 << j);
}

/** See cascade in src/backend/js/event.ts (dirty levels as bits; the same adds in the same order). */
function cascadeF32(out: usize, w: usize, rows: usize, k: i32, size: i32, stride: i32, col0: i32, width: i32, acc: usize, lanes: bool): void {
  const W = lanes ? 4 * width : width;
  const power = max<i32>(4, ceilLog2(size) / 4);
  const step = 1 << power;
  const mask = step - 1;
  const full = (size / step) * step;
  let dirty: i32 = 0;
  let nextEnd = step;
  for (let q: i32 = 0; q < k; q++) {
    const i = load<i32>(rows + (<usize>q << 2));
    const v = lanes ? i >> 2 : i;
    while (nextEnd <= v && nextEnd <= full) {
      dirty = foldLevel(acc, W, 1, dirty);
      if ((nextEnd & (mask << power)) == 0) {
        dirty = foldLevel(acc, W, 2, dirty);
        if ((nextEnd & (mask << (2 * power))) == 0) dirty = foldLevel(acc, W, 3, dirty);
      }
      nextEnd += step;
    }
    if ((dirty & 1) == 0) {
      memory.fill(acc, 0, <usize>W << 2);
      dirty |= 1;
    }
    const a0 = acc + (lanes ? <usize>((i & 3) * width) << 2 : 0);
    addRowCallF32(a0, w + ((<usize>i * <usize>stride + <usize>col0) << 2), width);
  }
  while (nextEnd <= full) {
    dirty = foldLevel(acc, W, 1, dirty);
    if ((nextEnd & (mask << power)) == 0) {
      dirty = foldLevel(acc, W, 2, dirty);
      if ((nextEnd & (mask << (2 * power))) == 0) dirty = foldLevel(acc, W, 3, dirty);
    }
    nextEnd += step;
  }
  let first: i32 = -1;
  for (let j: i32 = 0; j < 4; j++) {
    if ((dirty & (1 << j)) == 0) continue;
    const src = acc + (<usize>(j * W) << 2);
    if (first < 0) {
      if (src != out) memory.copy(out, src, <usize>W << 2);
      first = j;
    } else addRowCallF32(out, src, W);
  }
  if (first < 0) memory.fill(out, 0, <usize>W << 2);
}

// The tiled cascade's plan of one call: each listed row's byte offset and the folds before it.
const PLAN_MAX: i32 = 8192;
const PLAN_OFF: usize = memory.data(PLAN_MAX * 4, 16);
const PLAN_FOLD: usize = memory.data(PLAN_MAX + 1, 16);

/**
 * The cascade of cascadeF32 without lanes, column tile by column tile with its four levels
 * in registers: the same adds in the same order, each listed row read once per tile.
 * Levels start at +0 and every fold is done: a clean level is +0, and since no level is ever
 * −0, adding +0 (a fold of a clean level, or a level nothing was folded into) is exact, so
 * this equals the dirty-level bookkeeping of cascadeF32 bit for bit. Folds between two
 * listed rows collapse into one per level, in level order (the levels folded in between
 * hold +0); they are worked out once per call (PLAN_FOLD: bit 0 folds level 0 into 1, bit 1
 * level 1 into 2, bit 2 level 2 into 3; entry k: the folds after the last row). `width` is a
 * multiple of 16 (tiles of 16 columns); at most PLAN_MAX rows.
 */
function cascadeTilesF32(out: usize, w: usize, rows: usize, k: i32, size: i32, stride: i32, width: i32): void {
  const power = max<i32>(4, ceilLog2(size) / 4);
  const full = (size >> power) << power;
  const rowBytes = <usize>stride << 2;
  let p1: i32 = 0, p2: i32 = 0, p3: i32 = 0;
  for (let q: i32 = 0; q <= k; q++) {
    const i = q < k ? load<i32>(rows + (<usize>q << 2)) : size;
    const m = min<i32>(i, full);
    let f: u8 = 0;
    const c1 = m >> power;
    if (c1 != p1) {
      p1 = c1;
      f = 1;
      const c2 = m >> (2 * power);
      if (c2 != p2) {
        p2 = c2;
        f = 3;
        const c3 = m >> (3 * power);
        if (c3 != p3) {
          p3 = c3;
          f = 7;
        }
      }
    }
    store<u8>(PLAN_FOLD + <usize>q, f);
    if (q < k) store<u32>(PLAN_OFF + (<usize>q << 2), <u32>(<usize>i * rowBytes));
  }
  const z = f32x4.splat(0);
  let c: i32 = 0;
  for (; c + 16 <= width; c += 16) {
    let a0 = z, b0 = z, c0 = z, d0 = z, a1 = z, b1 = z, c1 = z, d1 = z;
    let a2 = z, b2 = z, c2 = z, d2 = z, a3 = z, b3 = z, c3 = z, d3 = z;
    const col = w + (<usize>c << 2);
    for (let q: i32 = 0; q <= k; q++) {
      const f = load<u8>(PLAN_FOLD + <usize>q);
      if (f != 0) {
        a1 = f32x4.add(a1, a0); b1 = f32x4.add(b1, b0); c1 = f32x4.add(c1, c0); d1 = f32x4.add(d1, d0);
        a0 = z; b0 = z; c0 = z; d0 = z;
        if (f & 2) {
          a2 = f32x4.add(a2, a1); b2 = f32x4.add(b2, b1); c2 = f32x4.add(c2, c1); d2 = f32x4.add(d2, d1);
          a1 = z; b1 = z; c1 = z; d1 = z;
          if (f & 4) {
            a3 = f32x4.add(a3, a2); b3 = f32x4.add(b3, b2); c3 = f32x4.add(c3, c2); d3 = f32x4.add(d3, d2);
            a2 = z; b2 = z; c2 = z; d2 = z;
          }
        }
      }
      if (q == k) break;
      const p = col + <usize>load<u32>(PLAN_OFF + (<usize>q << 2));
      a0 = f32x4.add(a0, v128.load(p));
      b0 = f32x4.add(b0, v128.load(p, 16));
      c0 = f32x4.add(c0, v128.load(p, 32));
      d0 = f32x4.add(d0, v128.load(p, 48));
    }
    const o = out + (<usize>c << 2);
    v128.store(o, f32x4.add(f32x4.add(f32x4.add(a0, a1), a2), a3));
    v128.store(o, f32x4.add(f32x4.add(f32x4.add(b0, b1), b2), b3), 16);
    v128.store(o, f32x4.add(f32x4.add(f32x4.add(c0, c1), c2), c3), 32);
    v128.store(o, f32x4.add(f32x4.add(f32x4.add(d0, d1), d2), d3), 48);
  }
}

/** See torchRowsSum in the js kernels (nCols ≥ 2; acc: 4a + 20b floats; the first 4a only for more than PLAN_MAX listed rows). */
export function torchRowsSumF32(out: usize, w: usize, rows: usize, k: i32, nRows: i32, nCols: i32, acc: usize): void {
  const a = nCols >= 8 ? nCols - (nCols % 32) : nCols - (nCols % 4);
  if (a > 0) {
    // (under 8 columns, a is 4: the memory cascade, as for very long lists)
    if (k <= PLAN_MAX && a % 16 == 0) cascadeTilesF32(out, w, rows, k, nRows, nCols, a);
    else cascadeF32(out, w, rows, k, nRows, nCols, 0, a, acc, false);
  }
  const b = nCols - a;
  if (b == 0) return;
  const n4 = nRows / 4;
  const lanes = acc + (<usize>(4 * a) << 2);
  const cas = lanes + (<usize>(4 * b) << 2);
  let q0: i32 = 0;
  while (q0 < k && load<i32>(rows + (<usize>q0 << 2)) < 4 * n4) q0++;
  if (n4 > 0) cascadeF32(lanes, w, rows, q0, n4, nCols, a, b, cas, true);
  else memory.fill(lanes, 0, <usize>(4 * b) << 2);
  for (let q = q0; q < k; q++) {
    const i = load<i32>(rows + (<usize>q << 2));
    addRowCallF32(lanes, w + ((<usize>i * <usize>nCols + <usize>a) << 2), b);
  }
  for (let c: i32 = 0; c < b; c++) {
    const l = lanes + (<usize>c << 2);
    store<f32>(out + (<usize>(a + c) << 2), ((load<f32>(l) + load<f32>(l + (<usize>b << 2))) + load<f32>(l + (<usize>(2 * b) << 2))) + load<f32>(l + (<usize>(3 * b) << 2)));
  }
}
