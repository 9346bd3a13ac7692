// Sliding-window kernels (mirror im2col and maxPool in src/backend/js/conv.ts). The window
// geometry comes as an i32[18] array at `g`: inD inH inW kD kH kW sD sH sW pD pH pW dD dH dW
// oD oH oW. im2col copies elements of 4 or 8 bytes (es) bit for bit, or (xU8) converts u8
// inputs (spikes) to float32 columns.

@inline function gi(g: usize, k: i32): i32 {
  return load<i32>(g + (<usize>k << 2));
}

/** cols[cOff..] (rows: channel x kernel tap, columns: output positions) from x. */
export function im2col(cols: usize, x: usize, es: i32, xU8: bool, channels: i32, g: usize): void {
  const inD = gi(g, 0), inH = gi(g, 1), inW = gi(g, 2), kD = gi(g, 3), kH = gi(g, 4), kW = gi(g, 5);
  const sD = gi(g, 6), sH = gi(g, 7), sW = gi(g, 8), pD = gi(g, 9), pH = gi(g, 10), pW = gi(g, 11);
  const dD = gi(g, 12), dH = gi(g, 13), dW = gi(g, 14), oD = gi(g, 15), oH = gi(g, 16), oW = gi(g, 17);
  const plane = inD * inH * inW;
  const e = <usize>es;
  let col: usize = cols;
  for (let c: i32 = 0; c < channels; c++) {
    const cBase = x + <usize>(c * plane) * (xU8 ? 1 : e);
    for (let a: i32 = 0; a < kD; a++) {
      for (let i: i32 = 0; i < kH; i++) {
        for (let j: i32 = 0; j < kW; j++) {
          // Output columns ow whose input column iw = ow*sW - pW + j*dW lies inside [0, inW).
          const off = j * dW - pW;
          let lo: i32 = 0;
          while (lo < oW && lo * sW + off < 0) lo++;
          let hi: i32 = oW;
          while (hi > lo && (hi - 1) * sW + off >= inW) hi--;
          for (let od: i32 = 0; od < oD; od++) {
            const id = od * sD - pD + a * dD;
            const dOk = id >= 0 && id < inD;
            for (let oh: i32 = 0; oh < oH; oh++) {
              const ih = oh * sH - pH + i * dH;
              if (!dOk || ih < 0 || ih >= inH) {
                memory.fill(col, 0, <usize>oW * e);
                col += <usize>oW * e;
                continue;
              }
              const rowBase = cBase + <usize>((id * inH + ih) * inW) * (xU8 ? 1 : e);
              if (lo > 0) memory.fill(col, 0, <usize>lo * e);
              if (xU8) {
                for (let ow = lo; ow < hi; ow++) store<f32>(col + (<usize>ow << 2), <f32>load<u8>(rowBase + <usize>(ow * sW + off)));
              } else if (sW == 1) {
                memory.copy(col + <usize>lo * e, rowBase + <usize>(lo + off) * e, <usize>(hi - lo) * e);
              } else if (es == 4) {
                for (let ow = lo; ow < hi; ow++) store<u32>(col + (<usize>ow << 2), load<u32>(rowBase + (<usize>(ow * sW + off) << 2)));
              } else {
                for (let ow = lo; ow < hi; ow++) store<u64>(col + (<usize>ow << 3), load<u64>(rowBase + (<usize>(ow * sW + off) << 3)));
              }
              if (hi < oW) memory.fill(col + <usize>hi * e, 0, <usize>(oW - hi) * e);
              col += <usize>oW * e;
            }
          }
        }
      }
    }
  }
}

/** Max pooling (float32 when f64 is false): first maximum in scan order wins, a NaN always replaces. */
export function maxPool(out: usize, idx: usize, x: usize, f64: bool, planes: i32, g: usize): void {
  const inD = gi(g, 0), inH = gi(g, 1), inW = gi(g, 2), kD = gi(g, 3), kH = gi(g, 4), kW = gi(g, 5);
  const sD = gi(g, 6), sH = gi(g, 7), sW = gi(g, 8), pD = gi(g, 9), pH = gi(g, 10), pW = gi(g, 11);
  const dD = gi(g, 12), dH = gi(g, 13), dW = gi(g, 14), oD = gi(g, 15), oH = gi(g, 16), oW = gi(g, 17);
  const plane = inD * inH * inW;
  let o: i32 = 0;
  for (let p: i32 = 0; p < planes; p++) {
    const base = p * plane;
    for (let od: i32 = 0; od < oD; od++) {
      let d0 = od * sD - pD;
      const d1 = min(d0 + (kD - 1) * dD + 1, inD);
      while (d0 < 0) d0 += dD;
      for (let oh: i32 = 0; oh < oH; oh++) {
        let h0 = oh * sH - pH;
        const h1 = min(h0 + (kH - 1) * dH + 1, inH);
        while (h0 < 0) h0 += dH;
        for (let ow: i32 = 0; ow < oW; ow++) {
          let w0 = ow * sW - pW;
          const w1 = min(w0 + (kW - 1) * dW + 1, inW);
          while (w0 < 0) w0 += dW;
          let best: f64 = -Infinity;
          let bestIdx = (d0 * inH + h0) * inW + w0;
          for (let d = d0; d < d1; d += dD) {
            for (let h = h0; h < h1; h += dH) {
              const rowIdx = (d * inH + h) * inW;
              for (let w = w0; w < w1; w += dW) {
                const k = base + rowIdx + w;
                const v: f64 = f64 ? load<f64>(x + (<usize>k << 3)) : <f64>load<f32>(x + (<usize>k << 2));
                if (v > best || v != v) {
                  best = v;
                  bestIdx = rowIdx + w;
                }
              }
            }
          }
          if (f64) store<f64>(out + (<usize>o << 3), best);
          else store<f32>(out + (<usize>o << 2), <f32>best);
          store<i32>(idx + (<usize>o << 2), bestIdx);
          o++;
        }
      }
    }
  }
}

/** col2im: adds every column entry back into the input position it came from (im zeroed first). */
export function col2im(im: usize, cols: usize, f64: bool, channels: i32, g: usize): void {
  const inD = gi(g, 0), inH = gi(g, 1), inW = gi(g, 2), kD = gi(g, 3), kH = gi(g, 4), kW = gi(g, 5);
  const sD = gi(g, 6), sH = gi(g, 7), sW = gi(g, 8), pD = gi(g, 9), pH = gi(g, 10), pW = gi(g, 11);
  const dD = gi(g, 12), dH = gi(g, 13), dW = gi(g, 14), oD = gi(g, 15), oH = gi(g, 16), oW = gi(g, 17);
  const plane = inD * inH * inW;
  const sh: usize = f64 ? 3 : 2;
  memory.fill(im, 0, <usize>(channels * plane) << sh);
  let col: i32 = 0;
  for (let c: i32 = 0; c < channels; c++) {
    const cBase = c * plane;
    for (let a: i32 = 0; a < kD; a++) {
      for (let i: i32 = 0; i < kH; i++) {
        for (let j: i32 = 0; j < kW; j++) {
          const off = j * dW - pW;
          let lo: i32 = 0;
          while (lo < oW && lo * sW + off < 0) lo++;
          let hi: i32 = oW;
          while (hi > lo && (hi - 1) * sW + off >= inW) hi--;
          for (let od: i32 = 0; od < oD; od++) {
            const id = od * sD - pD + a * dD;
            const dOk = id >= 0 && id < inD;
            for (let oh: i32 = 0; oh < oH; oh++) {
              const ih = oh * sH - pH + i * dH;
              if (dOk && ih >= 0 && ih < inH) {
                const rowBase = cBase + (id * inH + ih) * inW;
                if (f64) {
                  for (let ow = lo; ow < hi; ow++) {
                    const q = im + (<usize>(rowBase + ow * sW + off) << 3);
                    store<f64>(q, load<f64>(q) + load<f64>(cols + (<usize>(col + ow) << 3)));
                  }
                } else {
                  for (let ow = lo; ow < hi; ow++) {
                    const q = im + (<usize>(rowBase + ow * sW + off) << 2);
                    store<f32>(q, load<f32>(q) + load<f32>(cols + (<usize>(col + ow) << 2)));
                  }
                }
              }
              col += oW;
            }
          }
        }
      }
    }
  }
}
