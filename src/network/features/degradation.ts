/** The Degradation feature: a function of its value subtracted from every synapse. */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { AbstractFeature, FEATURE_KEYS, type FeatureKind, type FeatureOptions } from "./abstract-feature.js";

export interface DegradationOptions extends FeatureOptions {
  /** f in c ← c − f(value); the identity by default. Must keep the value's shape. */
  degradeFunction?: ((value: Tensor) => Tensor) | null;
}

/**
 * c ← c − f(v) on every synapse, spiking or not (weights 1, v = 0.1 and input [1, 0] give 0.8
 * per target). The value is required unless `parentFeature` is given: then the parent's value
 * is shared (the reference's link assertion rejects Degradation; fixed). f is evaluated once
 * per step.
 */
export class Degradation extends AbstractFeature {
  static override readonly optionKeys: readonly string[] = [...FEATURE_KEYS, "degradeFunction"];
  readonly kind: FeatureKind = "offset";
  readonly degradeFunction: (value: Tensor) => Tensor;
  private deg: Float32Array = new Float32Array(0);
  private degPer = 0;

  constructor(opts: DegradationOptions) {
    super(opts);
    const f = opts.degradeFunction ?? null;
    if (f !== null && typeof f !== "function") throw new ValueError(`Degradation: degradeFunction is ${fmtValue(f)}, expected a function of the value or null`);
    this.degradeFunction = f ?? ((v: Tensor) => v);
  }

  override beginStep(): void {
    const s = this.requireStore("compute");
    const dense = s.toDense();
    const r = this.degradeFunction(dense);
    if (!(r instanceof Tensor) || r.numel() !== dense.numel()) {
      throw new ShapeError(`Degradation: degradeFunction returned ${r instanceof Tensor ? `shape ${fmtShape(r.shape)}` : fmtValue(r)}, expected a Tensor of shape ${fmtShape(dense.shape)}`);
    }
    this.deg = r.to("float32").contiguousData() as Float32Array;
    this.degPer = s.batch === 1 ? 0 : s.nPre * s.nPost;
  }

  override applyRow(b: number, i: number, r: Float32Array): void {
    const n = r.length;
    const o = b * this.degPer + i * n;
    const d = this.deg;
    for (let j = 0; j < n; j++) r[j] = r[j]! - d[o + j]!;
  }
}
