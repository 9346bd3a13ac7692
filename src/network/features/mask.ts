/** The Mask feature: a fixed boolean gate per synapse. */
import { ValueError, fmtValue } from "../../errors.js";
import { rand } from "../../tensor/random.js";
import { Tensor } from "../../tensor/tensor.js";
import { AbstractFeature, type FeatureKind, type FeatureOptions, gateRow } from "./abstract-feature.js";
import type { FeatureDType } from "./feature-store.js";

export interface MaskOptions {
  name: string;
  sparse?: boolean;
  batchSize?: number;
  rng?: FeatureOptions["rng"];
  /** A bool (or uint8) Tensor [nPre, nPost], or a boolean (or 0 / 1) for every synapse. */
  value?: Tensor | boolean | 0 | 1 | null;
}

/**
 * c ← c · m with m boolean. The default is U[0, 1) > 0.99 (about 1% of synapses pass).
 * `sparse: true` stores the mask sparse (the reference silently keeps it dense).
 */
export class Mask extends AbstractFeature {
  readonly kind: FeatureKind = "gate";

  constructor(opts: MaskOptions) {
    const v = opts?.value ?? null;
    // 0 and 1 are accepted as false and true: a loaded sparse mask is rebuilt from 0 before its
    // saved entries are written back
    if (!(v === null || typeof v === "boolean" || v === 0 || v === 1 || (v instanceof Tensor && (v.dtype === "bool" || v.dtype === "uint8")))) {
      throw new ValueError(`Mask: value is ${fmtValue(v instanceof Tensor ? `a ${v.dtype} Tensor` : v)}, expected a bool Tensor, a boolean, 0, 1 or null`);
    }
    super({ ...opts, value: typeof v === "boolean" ? (v ? 1 : 0) : v === null || typeof v === "number" ? v : v.to("float32") } as FeatureOptions, [0, 1]);
  }

  protected override storeDtype(): FeatureDType {
    return "bool";
  }

  protected override initializeValue(nPre: number, nPost: number): Tensor {
    const u = rand([nPre, nPost], { generator: this.rng });
    const d = u.data as Float32Array;
    for (let k = 0; k < d.length; k++) d[k] = d[k]! > 0.99 ? 1 : 0;
    return u;
  }

  override applyRow(b: number, i: number, r: Float32Array): void {
    gateRow(this.store!, b, i, r);
  }

  override operandAt(b: number, i: number, j: number): number {
    return this.store!.at(b, i, j);
  }
}
