/** The Bias feature: a value added to every synapse, spiking or not. */
import { rand } from "../../tensor/random.js";
import type { Tensor } from "../../tensor/tensor.js";
import { AbstractFeature, type FeatureKind, type FeatureOptions, offsetRow } from "./abstract-feature.js";

/**
 * c ← c + v on every synapse, silent ones included, so after the sum over presynaptic
 * neurons each target receives Σ_i v[i, j] every step (2 inputs × 0.25 give 0.5). Range
 * defaults to [−∞, +∞]; the default value is U[0, 1).
 */
export class Bias extends AbstractFeature {
  readonly kind: FeatureKind = "offset";

  constructor(opts: FeatureOptions) {
    super(opts, [-Infinity, Infinity]);
  }

  protected override initializeValue(nPre: number, nPost: number): Tensor {
    return rand([nPre, nPost], { generator: this.rng });
  }

  override applyRow(b: number, i: number, r: Float32Array): void {
    offsetRow(this.store!, b, i, r, 1);
  }
}
