// Event-driven spike propagation (mirrors src/backend/js/spike.ts): out[b, :] is the sum, in
// increasing presynaptic index order starting from zero, of s[b, i] * w[i, :] over the i with
// s[b, i] != 0. Rows with s == 1 are added without the multiply, as the js kernel does.
import { addRowF32, axpyRowF32, axpyRowF64 } from "./util";

/** out f32 [batch, nPost], s u8 (bool/uint8) [batch, nPre], w f32 [nPre, nPost]. */
export function spikeMatmulF32U8(out: usize, s: usize, w: usize, batch: i32, nPre: i32, nPost: i32): void {
  memory.fill(out, 0, <usize>batch * <usize>nPost * 4);
  const rowBytes = <usize>nPost << 2;
  for (let b: i32 = 0; b < batch; b++) {
    const o = out + <usize>b * rowBytes;
    const sRow = s + <usize>b * <usize>nPre;
    for (let i: i32 = 0; i < nPre; i++) {
      const si = load<u8>(sRow + <usize>i);
      if (si == 0) continue;
      const wRow = w + <usize>i * rowBytes;
      if (si == 1) addRowF32(o, wRow, nPost);
      else axpyRowF32(o, wRow, <f32>si, nPost);
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
