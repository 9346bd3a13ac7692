/**
 * Sliding-window kernels: im2col / col2im (unfold / fold) and max pooling, written once for
 * three spatial dims. 1-D and 2-D callers pass size 1 (kernel 1, stride 1, padding 0,
 * dilation 1) for the missing leading dims.
 */
import type { Window3 } from "../contract.js";
import type { TypedArray } from "../dtype.js";

/**
 * im2col: copies `channels` planes of `x` (starting at element `xOff`) into `cols` (starting
 * at `cOff`), laid out [channels * kD*kH*kW, oD*oH*oW] row-major. Row
 * `c*kD*kH*kW + (a*kH + i)*kW + j` holds kernel tap (a, i, j) of channel c; columns run over
 * output positions in row-major order (torch's F.unfold order). Taps in the padding read 0.
 */
export function im2col(cols: TypedArray, x: TypedArray, xOff: number, channels: number, g: Window3, cOff = 0): void {
  const L = g.oD * g.oH * g.oW;
  const plane = g.inD * g.inH * g.inW;
  let r = cOff;
  for (let c = 0; c < channels; c++) {
    const cBase = xOff + c * plane;
    for (let a = 0; a < g.kD; a++) {
      for (let i = 0; i < g.kH; i++) {
        for (let j = 0; j < g.kW; j++) {
          let col = r;
          for (let od = 0; od < g.oD; od++) {
            const id = od * g.sD - g.pD + a * g.dD;
            const dOk = id >= 0 && id < g.inD;
            for (let oh = 0; oh < g.oH; oh++) {
              const ih = oh * g.sH - g.pH + i * g.dH;
              if (!dOk || ih < 0 || ih >= g.inH) {
                cols.fill(0, col, col + g.oW);
                col += g.oW;
                continue;
              }
              const rowBase = cBase + (id * g.inH + ih) * g.inW;
              for (let ow = 0; ow < g.oW; ow++) {
                const iw = ow * g.sW - g.pW + j * g.dW;
                cols[col++] = iw >= 0 && iw < g.inW ? x[rowBase + iw]! : 0;
              }
            }
          }
          r += L;
        }
      }
    }
  }
}

/**
 * col2im: the adjoint of `im2col`. Adds every entry of `cols` ([channels * kD*kH*kW, L]) into
 * the input position it was read from; `im` (`channels` planes from `imOff`) is zeroed first.
 * Overlapping windows sum in the order rows, then columns, as torch's col2im does; taps in
 * the padding are dropped.
 */
export function col2im(im: TypedArray, cols: TypedArray, imOff: number, channels: number, g: Window3): void {
  const plane = g.inD * g.inH * g.inW;
  im.fill(0, imOff, imOff + channels * plane);
  let col = 0;
  for (let c = 0; c < channels; c++) {
    const cBase = imOff + c * plane;
    for (let a = 0; a < g.kD; a++) {
      for (let i = 0; i < g.kH; i++) {
        for (let j = 0; j < g.kW; j++) {
          for (let od = 0; od < g.oD; od++) {
            const id = od * g.sD - g.pD + a * g.dD;
            const dOk = id >= 0 && id < g.inD;
            for (let oh = 0; oh < g.oH; oh++) {
              const ih = oh * g.sH - g.pH + i * g.dH;
              if (!dOk || ih < 0 || ih >= g.inH) {
                col += g.oW;
                continue;
              }
              const rowBase = cBase + (id * g.inH + ih) * g.inW;
              for (let ow = 0; ow < g.oW; ow++) {
                const iw = ow * g.sW - g.pW + j * g.dW;
                if (iw >= 0 && iw < g.inW) im[rowBase + iw] += cols[col]!;
                col++;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Max pooling over `planes` channel planes of `x`: out[p, o] is the largest input in the
 * window of output position o, and idx[p, o] its flat index within the plane
 * ((d*inH + h)*inW + w). Padding never wins (it is -infinity). As in torch, the first maximum
 * in scan order wins a tie, and a NaN always replaces the current maximum (so the last NaN
 * wins).
 */
export function maxPool(out: Float32Array | Float64Array, idx: Int32Array, x: Float32Array | Float64Array, planes: number, g: Window3): void {
  const plane = g.inD * g.inH * g.inW;
  const L = g.oD * g.oH * g.oW;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    let o = p * L;
    for (let od = 0; od < g.oD; od++) {
      let d0 = od * g.sD - g.pD;
      const d1 = Math.min(d0 + (g.kD - 1) * g.dD + 1, g.inD);
      while (d0 < 0) d0 += g.dD;
      for (let oh = 0; oh < g.oH; oh++) {
        let h0 = oh * g.sH - g.pH;
        const h1 = Math.min(h0 + (g.kH - 1) * g.dH + 1, g.inH);
        while (h0 < 0) h0 += g.dH;
        for (let ow = 0; ow < g.oW; ow++) {
          let w0 = ow * g.sW - g.pW;
          const w1 = Math.min(w0 + (g.kW - 1) * g.dW + 1, g.inW);
          while (w0 < 0) w0 += g.dW;
          let best = -Infinity;
          let bestIdx = (d0 * g.inH + h0) * g.inW + w0;
          for (let d = d0; d < d1; d += g.dD) {
            for (let h = h0; h < h1; h += g.dH) {
              const rowIdx = (d * g.inH + h) * g.inW;
              for (let w = w0; w < w1; w += g.dW) {
                const v = x[base + rowIdx + w]!;
                if (v > best || Number.isNaN(v)) {
                  best = v;
                  bestIdx = rowIdx + w;
                }
              }
            }
          }
          out[o] = best;
          idx[o] = bestIdx;
          o++;
        }
      }
    }
  }
}
