// torch's summation order for float32 vectors (mirrors tsumAll in src/backend/js/fmath.ts):
// 8-lane rows, each row's lane q of four-row groups into partial sums, folded by torch's
// multi_row_sum cascade. Every add is one float32 rounding, in the js order.
import { addRowCallF32, ceilLog2 } from "./util";

// Static scratch: 32 partial lanes, 8 results; the cascade's 4 levels of up to PANEL values.
const LANES: usize = memory.data(32 * 4, 16);
const OUT: usize = memory.data(8 * 4, 16);
const PANEL: i32 = 1024;
const LEVELS: usize = memory.data(4 * PANEL * 4, 16);

/** Adds row i (R groups of w lanes, see multiRowSum) into the level-0 accumulator a0. */
@inline
function addRow(a0: usize, m: usize, i: i32, R: i32, w: i32, stride: i32): void {
  for (let q: i32 = 0; q < R; q++) addRowCallF32(a0 + (<usize>(q * w) << 2), m + ((<usize>(R * i + q) * <usize>stride) << 2), w);
}

/**
 * multi_row_sum over `size` rows of width R·w: row i, lane q·w + k at
 * m + ((R·i + q)·stride + k)·4. Writes the width sums to `out`. Every column's cascade
 * depends only on `size`, so the lanes are done a panel of at most PANEL columns of each
 * group at a time (R·w ≤ PANEL when R > 1), row by row: with R = 1 and many columns (tsum0's
 * 32-wide blocks, all at once) each row is read as one contiguous run of the panel.
 */
function multiRowSum(m: usize, size: i32, R: i32, w: i32, stride: i32, out: usize): void {
  const power = max<i32>(4, ceilLog2(size) / 4);
  const step = 1 << power;
  const mask = step - 1;
  for (let c0: i32 = 0; c0 < w; c0 += PANEL) {
    const pw = min<i32>(PANEL, w - c0);
    const width = R * pw;
    const col = m + (<usize>c0 << 2);
    memory.fill(LEVELS, 0, <usize>(4 * width * 4));
    const a0 = LEVELS;
    let i: i32 = 0;
    while (i + step <= size) {
      for (let r: i32 = 0; r < step; r++) {
        addRow(a0, col, i, R, pw, stride);
        i++;
      }
      for (let j: i32 = 1; j < 4; j++) {
        const aj = LEVELS + (<usize>(j * width) << 2);
        const ap = LEVELS + (<usize>((j - 1) * width) << 2);
        addRowCallF32(aj, ap, width);
        memory.fill(ap, 0, <usize>(width * 4));
        if (i & (mask << (j * power))) break;
      }
    }
    while (i < size) {
      addRow(a0, col, i, R, pw, stride);
      i++;
    }
    for (let j: i32 = 1; j < 4; j++) addRowCallF32(a0, LEVELS + (<usize>(j * width) << 2), width);
    memory.copy(out + (<usize>c0 << 2), a0, <usize>(width * 4));
  }
}

/** torch's row_sum over `size` rows of `w` values at m + i·stride·4; sums to `out` (w values). */
function rowSum(m: usize, size: i32, w: i32, stride: i32, out: usize): void {
  const n4 = size / 4;
  memory.fill(LANES, 0, <usize>(4 * w * 4));
  if (n4 > 0) multiRowSum(m, n4, 4, w, stride, LANES);
  for (let i = n4 * 4; i < size; i++) {
    const o = m + ((<usize>i * <usize>stride) << 2);
    addRowCallF32(LANES, o, w);
  }
  for (let k: i32 = 0; k < w; k++) {
    const l = LANES + (<usize>k << 2);
    store<f32>(out + (<usize>k << 2), ((load<f32>(l) + load<f32>(l + (<usize>w << 2))) + load<f32>(l + (<usize>(2 * w) << 2))) + load<f32>(l + (<usize>(3 * w) << 2)));
  }
}

/** torch.sum of the f32 vector at v (len values), in torch's order. */
export function tsumAllF32(v: usize, len: i32): f32 {
  if (len >= 8) {
    const nv = len / 8;
    rowSum(v, nv, 8, 8, OUT);
    let acc: f32 = 0;
    for (let k = nv * 8; k < len; k++) acc = acc + load<f32>(v + (<usize>k << 2));
    for (let k: i32 = 0; k < 8; k++) acc = acc + load<f32>(OUT + (<usize>k << 2));
    return acc;
  }
  rowSum(v, len, 1, 1, OUT);
  return load<f32>(OUT);
}

/**
 * torch.sum(m, 0) of the row-major [rows, cols] f32 matrix at m into out (cols values), in the
 * order of tsum0 in src/backend/js/fmath.ts: blocks of 32 columns by the multi-row cascade,
 * blocks of 8 and single columns by the 4-way row sum; under 8 columns, blocks of 4 by the
 * cascade; a single column is a contiguous vector sum.
 */
export function tsum0F32(m: usize, rows: i32, cols: i32, out: usize): void {
  if (cols == 1) {
    store<f32>(out, tsumAllF32(m, rows));
    return;
  }
  // the 32-wide blocks (under 8 columns, the 4-wide ones) are each multiRowSum(R = 1): one
  // cascade over all of them
  let j: i32 = cols >= 8 ? cols - (cols % 32) : cols - (cols % 4);
  if (j > 0) multiRowSum(m, rows, 1, j, cols, out);
  if (cols >= 8) for (; j + 8 <= cols; j += 8) rowSum(m + (<usize>j << 2), rows, 8, cols, out + (<usize>j << 2));
  for (; j < cols; j++) rowSum(m + (<usize>j << 2), rows, 1, cols, out + (<usize>j << 2));
}
