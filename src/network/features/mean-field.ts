/** The MeanField feature: every synapse carries the mean of the whole broadcast tensor. */
import { tsumAll } from "../../backend/numerics.js";
import type { AbstractMulticompartmentConnection } from "../topology/multicompartment-connection.js";
import { checkOptions } from "../../options.js";
import { AbstractFeature, type FeatureKind } from "./abstract-feature.js";

/**
 * c[b] ← mean(c[b]) on every synapse, per batch row, so each target receives nPre·mean.
 * Fixed: the reference's constructor does nothing and priming it raises; its intended
 * `conn.mean() * ones(nPre·nPost)` mixes batch rows, here each batch row is its own field.
 */
export class MeanField extends AbstractFeature {
  readonly kind: FeatureKind = "tensor";

  constructor(opts: { name?: string } = {}) {
    checkOptions("MeanField", opts, ["name"]);
    super({ name: opts.name ?? "mean_field" });
  }

  override primeFeature(connection: AbstractMulticompartmentConnection): void {
    this.connection = connection;
    this.isPrimed = true;
  }

  override computeTensor(c: Float32Array, batch: number, nPre: number, nPost: number): void {
    const per = nPre * nPost;
    for (let b = 0; b < batch; b++) {
      const m = Math.fround(tsumAll(c, b * per, per) / per);
      c.fill(m, b * per, (b + 1) * per);
    }
  }
}
