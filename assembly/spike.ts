// Event-driven spike propagation (mirrors src/backend/js/spike.ts): out[b, :] is the sum, in
// increasing presynaptic index order starting from zero, of s[b, i] * w[i, :] over the i with
// s[b, i] != 0. Rows with s == 1 are added without the multiply, as the js kernel does.
import { add4RowsF32, addRowF32, axpyRowF32, axpyRowF64 } from "./util";

/** out f32 [batch, nPost], s u8 (bool/uint8) [batch, nPre], w f32 [nPre, nPost]. */
export function spikeMatmulF32U8(out: usize, s: usize, w: usize, batch: i32, nPre: i32, nPost: i32): void {
  memory.fill(out, 0, <usize>batch * <usize>nPost * 4);
  const rowBytes = <usize>nPost << 2;
  for (let b: i32 = 0; b < batch; b++) {
    const o = out + <usize>b * rowBytes;
    const sRow = s + <usize>b * <usize>nPre;
    // Spiking rows are taken four at a time when all four are 1: each output element then
    // receives ((o + r0) + r1) + r2) + r3 in one pass, the same sums in the same order as four
    // single-row passes, with a quarter of the loads and stores of `o` and four weight streams
    // in flight (the weights do not fit in cache at large n: this is memory-bound).
    let i: i32 = 0;
    while (i < nPre) {
      const si = load<u8>(sRow + <usize>i);
      if (si == 0) { i++; continue; }
      if (si == 1) {
        let i1 = i + 1;
        while (i1 < nPre && load<u8>(sRow + <usize>i1) == 0) i1++;
        let i2 = i1 + 1;
        while (i2 < nPre && load<u8>(sRow + <usize>i2) == 0) i2++;
        let i3 = i2 + 1;
        while (i3 < nPre && load<u8>(sRow + <usize>i3) == 0) i3++;
        if (i3 < nPre && load<u8>(sRow + <usize>i1) == 1 && load<u8>(sRow + <usize>i2) == 1 && load<u8>(sRow + <usize>i3) == 1) {
          add4RowsF32(o, w + <usize>i * rowBytes, w + <usize>i1 * rowBytes, w + <usize>i2 * rowBytes, w + <usize>i3 * rowBytes, nPost);
          i = i3 + 1;
          continue;
        }
        addRowF32(o, w + <usize>i * rowBytes, nPost);
      } else axpyRowF32(o, w + <usize>i * rowBytes, <f32>si, nPost);
      i++;
    }
  }
}

/** out f32 [batch, nPost], s f32 [batch, nPre], w f32 [nPre, nPost]. */
export function spikeMatmulF32F32(out: usize, s: usize, w: usize, batch: i32, nPre: i32, nPost: i32): void {
  memory.fill(out, 0, <usize>batch * <usize>nPost * 4);
  const rowBytes = <usize>nPost << 2;
  for (let b: i32 = 0; b < batch; b++) {
    const o = out + <usize>b * rowBytes;
    const sRow = s + (<usize>b * <usize>nPre << 2);
    for (let i: i32 = 0; i < nPre; i++) {
      const si = load<f32>(sRow + (<usize>i << 2));
      if (si == 0) continue;
      const wRow = w + <usize>i * rowBytes;
      if (si == 1) addRowF32(o, wRow, nPost);
      else axpyRowF32(o, wRow, si, nPost);
    }
  }
}

/** out f64 [batch, nPost], s u8 [batch, nPre], w f64 [nPre, nPost]. */
export function spikeMatmulF64U8(out: usize, s: usize, w: usize, batch: i32, nPre: i32, nPost: i32): void {
  memory.fill(out, 0, <usize>batch * <usize>nPost * 8);
  const rowBytes = <usize>nPost << 3;
  for (let b: i32 = 0; b < batch; b++) {
    const o = out + <usize>b * rowBytes;
    const sRow = s + <usize>b * <usize>nPre;
    for (let i: i32 = 0; i < nPre; i++) {
      const si = load<u8>(sRow + <usize>i);
      if (si == 0) continue;
      axpyRowF64(o, w + <usize>i * rowBytes, <f64>si, nPost);
    }
  }
}

/** out f64 [batch, nPost], s f64 [batch, nPre], w f64 [nPre, nPost]. */
export function spikeMatmulF64F64(out: usize, s: usize, w: usize, batch: i32, nPre: i32, nPost: i32): void {
  memory.fill(out, 0, <usize>batch * <usize>nPost * 8);
  const rowBytes = <usize>nPost << 3;
  for (let b: i32 = 0; b < batch; b++) {
    const o = out + <usize>b * rowBytes;
    const sRow = s + (<usize>b * <usize>nPre << 3);
    for (let i: i32 = 0; i < nPre; i++) {
      const si = load<f64>(sRow + (<usize>i << 3));
      if (si == 0) continue;
      axpyRowF64(o, w + <usize>i * rowBytes, si, nPost);
    }
  }
}
