/** The Intensity feature: a multiplier per synapse, by default in {−1, 0, 1}. */
import { randint } from "../../tensor/random.js";
import type { Tensor } from "../../tensor/tensor.js";
import { AbstractFeature, type FeatureKind, type FeatureOptions, gateRow } from "./abstract-feature.js";

/** c ← c · v. Range defaults to [−1, 1]; the default value is clamp(sign(randint(−1, 2)), range). */
export class Intensity extends AbstractFeature {
  readonly kind: FeatureKind = "gate";

  constructor(opts: FeatureOptions) {
    super(opts, [-1, 1]);
  }

  protected override initializeValue(nPre: number, nPost: number): Tensor {
    const t = randint(-1, 2, [nPre, nPost], { generator: this.rng }).to("float32");
    const d = t.data as Float32Array;
    const [lo, hi] = this.range;
    for (let k = 0; k < d.length; k++) {
      let v = Math.sign(d[k]!);
      if (typeof lo === "number" && v < lo) v = lo;
      if (typeof hi === "number" && v > hi) v = hi;
      d[k] = v;
    }
    return t;
  }

  override applyRow(b: number, i: number, r: Float32Array): void {
    gateRow(this.store!, b, i, r);
  }

  override operandAt(b: number, i: number, j: number): number {
    return this.store!.at(b, i, j);
  }
}
