/**
 * Data-based weight normalisation (Diehl et al. 2015, with the robust percentile of
 * Rueckauer et al. 2017), as BindsNET's `data_based_normalization` intends it.
 */
import { quantile } from "../encoding/encodings.js";
import { ValueError, fmtValue } from "../errors.js";
import { div, mul } from "../tensor/ops/elementwise.js";
import { Tensor } from "../tensor/tensor.js";
import { type AnnLayer, Conv2d, Linear, ReLU, Sequential } from "./layers.js";

export interface NormalizationOptions {
  /** Percentile (0–100) of a layer's activations taken as its maximum (default 99.9). */
  percentile?: number;
}

/** The scale found for one weighted layer. */
export interface NormalizationFactor {
  /** Dotted path of the layer in the model ("0", "2.1", ...). */
  layer: string;
  type: "Linear" | "Conv2d";
  /** Whether a ReLU follows the layer (before the next weighted layer). */
  relu: boolean;
  /** λ: the percentile of the layer's activations (after the ReLU when one follows). */
  lambda: number;
  /** The factor its weights are multiplied by: λ_prev / λ (its bias is divided by λ). */
  weightScale: number;
}

function checkArgs(op: string, ann: unknown, data: unknown, opts: NormalizationOptions): number {
  if (!(ann instanceof Sequential)) throw new ValueError(`${op}: ann is ${fmtValue(ann)}, expected a Sequential`);
  if (!(data instanceof Tensor)) throw new ValueError(`${op}: data is ${fmtValue(data)}, expected a Tensor [N, ...inputShape] of examples`);
  if (data.numel() === 0) throw new ValueError(`${op}: data has no elements, expected a Tensor [N, ...inputShape] of examples`);
  const p = (opts ?? {}).percentile ?? 99.9;
  if (typeof p !== "number" || !(p >= 0 && p <= 100)) throw new ValueError(`${op}: percentile is ${fmtValue(p)}, expected a number in [0, 100]`);
  return p;
}

/**
 * The normalisation factor of every Linear/Conv2d layer of `ann` on `data` ([N, ...inputShape],
 * float). All activations come from one forward pass of the original network, in the order
 * of the layers (nested Sequentials expanded):
 *
 *   λ_l = percentile over all examples and units of max(a_l, 0) when a ReLU follows layer l,
 *         else of a_l itself (the output layer);
 *   W_l ← W_l · λ_{l−1} / λ_l,   b_l ← b_l / λ_l     (λ_0 = 1 for the first weighted layer).
 *
 * Then every ReLU output of the normalised network is the original's divided by its λ, so the
 * chosen percentile of each layer's activations is 1, the firing threshold of the converted
 * neurons. Percentiles interpolate linearly between order statistics (numpy's default).
 * A λ ≤ 0 (a layer that is never active on the data) is a ValueError.
 */
export function normalizationFactors(ann: Sequential, data: Tensor, opts: NormalizationOptions = {}): NormalizationFactor[] {
  const op = "dataBasedNormalization";
  const p = checkArgs(op, ann, data, opts);
  const leaves = ann.leaves();
  const outs: Tensor[] = [];
  let x = data.to("float32");
  for (const { layer } of leaves) {
    x = layer.forward(x);
    outs.push(x);
  }
  const factors: NormalizationFactor[] = [];
  let prev = 1;
  leaves.forEach(({ name, layer }, k) => {
    if (!(layer instanceof Linear || layer instanceof Conv2d)) return;
    let relu = false;
    for (let j = k + 1; j < leaves.length; j++) {
      const l = leaves[j]!.layer;
      if (l instanceof Linear || l instanceof Conv2d) break;
      if (l instanceof ReLU) {
        relu = true;
        break;
      }
    }
    const a = outs[k]!.contiguousData();
    const vals = relu ? Float32Array.from(a, (v) => (v > 0 ? v : 0)) : a;
    const lambda = quantile(vals, p / 100);
    if (!(lambda > 0) || !Number.isFinite(lambda)) {
      throw new ValueError(`${op}: layer "${name}" (${layer.type}) has a ${p}th-percentile activation of ${lambda} on the data, expected a positive number (the layer is never active: give more representative data or a lower percentile)`);
    }
    factors.push({ layer: name, type: layer.type, relu, lambda, weightScale: prev / lambda });
    prev = lambda;
  });
  return factors;
}

/**
 * A copy of `ann` with every Linear/Conv2d rescaled by {@link normalizationFactors}; `ann`
 * itself is not changed.
 *
 * Differences from the reference (which rescales in place): a top-level Linear is normalised
 * too (the reference never makes it the "previous module", so a plain Linear stack is left
 * unscaled); every λ comes from the original network's activations in one pass (the
 * reference rescales a conv again with stale activations when a top-level Linear follows it);
 * the output layer is scaled by its own percentile wherever it sits, not only at the end of a
 * nested Sequential.
 */
export function dataBasedNormalization(ann: Sequential, data: Tensor, opts: NormalizationOptions = {}): Sequential {
  const factors = new Map(normalizationFactors(ann, data, opts).map((f) => [f.layer, f]));
  const rebuild = (seq: Sequential, prefix: string): Sequential =>
    new Sequential(
      seq.layers.map((l, i): AnnLayer => {
        const name = `${prefix}${i}`;
        if (l instanceof Sequential) return rebuild(l, `${name}.`);
        const f = factors.get(name);
        if (f === undefined || !(l instanceof Linear || l instanceof Conv2d)) return l;
        const w = mul(l.weight, Math.fround(f.weightScale));
        const b = l.bias === null ? null : div(l.bias, f.lambda);
        return l.withParams(w, b);
      }),
    );
  return rebuild(ann, "");
}
