/**
 * Event-driven spike propagation: the synaptic input of a layer is the sum of the weight
 * rows of the presynaptic neurons that spiked. Rows are added in increasing presynaptic
 * index order, starting from zero, which is the order the reference's dense `s @ w` sums in
 * for small layers, so the fast path gives the same float32 bits as the dense product.
 */
import type { TypedArray } from "../dtype.js";

/**
 * out[b, j] = sum over i of s[b, i] * w[i, j], for `batch` rows, visiting only the i with
 * s[b, i] != 0. `s` is [batch, nPre] (spikes or real values), `w` is [nPre, nPost] row-major,
 * `out` is [batch, nPost] and is overwritten.
 */
export function spikeMatmul(
  out: Float32Array | Float64Array,
  s: TypedArray,
  w: Float32Array | Float64Array,
  batch: number,
  nPre: number,
  nPost: number,
): void {
  out.fill(0, 0, batch * nPost);
  for (let b = 0; b < batch; b++) {
    const sOff = b * nPre;
    const oOff = b * nPost;
    for (let i = 0; i < nPre; i++) {
      const si = s[sOff + i]!;
      if (si === 0) continue;
      const wOff = i * nPost;
      if (si === 1) {
        for (let j = 0; j < nPost; j++) out[oOff + j] += w[wOff + j]!;
      } else if (out instanceof Float32Array) {
        for (let j = 0; j < nPost; j++) out[oOff + j] += Math.fround(si * w[wOff + j]!);
      } else {
        for (let j = 0; j < nPost; j++) out[oOff + j] += si * w[wOff + j]!;
      }
    }
  }
}
