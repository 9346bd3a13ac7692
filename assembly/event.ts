// Event-driven kernels over spike lists (mirrors src/backend/js/event.ts): the same float32
// operations per element in the same order, four weights at a time where the js kernel works
// along a row. Lists are i32 indices; spikes are u8.
import { addRowF32, axpyRowF32 } from "./util";

/** Scans n bytes at p for non-zero ones, appending base + their index to the list at out[k..]; returns the new k. */
@inline
function scan(p: usize, n: i32, out: usize, k: i32): i32 {
  let j: i32 = 0;
  for (; j + 16 <= n; j += 16) {
    if (!v128.any_true(v128.load(p + <usize>j))) continue;
    for (let r: i32 = j; r < j + 16; r++) {
      if (load<u8>(p + <usize>r) != 0) {
        store<i32>(out + (<usize>k << 2), r);
        k++;
      }
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
  for (let q: i32 = 0; q < k; q++) {
    const i = <usize>load<i32>(rows + (<usize>q << 2));
    const si = load<u8>(s + i);
    if (si == 1) addRowF32(r, w + i * rowBytes, nPost);
    else axpyRowF32(r, w + i * rowBytes, <f32>si, nPost);
  }
  if (scratch != 0) addRowF32(out, scratch, nPost);
}

/** See addScaledRows in the js kernels. */
export function addScaledRowsF32(w: usize, rows: usize, k: i32, s: usize, a: f32, x: usize, nPost: i32, clamp: i32, lo: f32, hi: f32): void {
  const rowBytes = <usize>nPost << 2;
  const lv = f32x4.splat(lo);
  const hv = f32x4.splat(hi);
  for (let q: i32 = 0; q < k; q++) {
    const i = <usize>load<i32>(rows + (<usize>q << 2));
    const c: f32 = a * <f32>load<u8>(s + i);
    const cv = f32x4.splat(c);
    const row = w + i * rowBytes;
    let j: i32 = 0;
    if (clamp != 0) {
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
