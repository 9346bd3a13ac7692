/** The Weight feature: every synapse multiplies its input by a weight. */
import { ValueError, fmtValue } from "../../errors.js";
import { rand } from "../../tensor/random.js";
import type { Tensor } from "../../tensor/tensor.js";
import { AbstractFeature, FEATURE_KEYS, type FeatureKind, type FeatureOptions, gateRow } from "./abstract-feature.js";

export type NormFrequency = "sample" | "time step";

export interface WeightOptions extends FeatureOptions {
  /** When to normalise: at the end of every run ("sample", default) or after every compute ("time step"). */
  normFrequency?: NormFrequency;
  /** Keep every presynaptic row's sign: positive rows ≥ +1e-4, negative rows ≤ −1e-4. */
  enforcePolarity?: boolean;
}

const EPS = Math.fround(1e-4);

/**
 * c ← c · w. Range defaults to [−∞, +∞]; the default value is U[0, 1) when a bound is infinite,
 * else uniform in the range (the reference ignores the range here).
 *
 * `enforcePolarity` (fixed): a presynaptic row is positive when more than half of its initial
 * weights are > 0; before every compute, positive rows have every weight below +1e-4 raised to
 * +1e-4 and negative rows every weight above −1e-4 lowered to −1e-4, in place, so the learning
 * rule keeps updating the same values. (The reference leaves −1e-4 in positive rows and rebinds
 * the value, detaching it from the rule.) Not available with sparse values.
 */
export class Weight extends AbstractFeature {
  static override readonly optionKeys: readonly string[] = [...FEATURE_KEYS, "normFrequency", "enforcePolarity"];
  readonly kind: FeatureKind = "gate";
  readonly normFrequency: NormFrequency;
  readonly enforcePolarity: boolean;
  /** Per presynaptic row: 1 positive, 0 negative (built when primed, with enforcePolarity). */
  positiveMask: Uint8Array | null = null;

  constructor(opts: WeightOptions) {
    super(opts, [-Infinity, Infinity]);
    const nf = opts.normFrequency ?? "sample";
    if (nf !== "sample" && nf !== "time step") throw new ValueError(`Weight: normFrequency is ${fmtValue(nf)}, expected "sample" or "time step"`);
    this.normFrequency = nf;
    this.enforcePolarity = opts.enforcePolarity ?? false;
    if (this.enforcePolarity && this.sparse) throw new ValueError(`Weight: enforcePolarity is true with sparse: true, expected dense values for polarity enforcement`);
  }

  protected override initializeValue(nPre: number, nPost: number): Tensor {
    const u = rand([nPre, nPost], { generator: this.rng });
    const [lo, hi] = this.range;
    if (typeof lo === "number" && typeof hi === "number" && Number.isFinite(lo) && Number.isFinite(hi)) {
      const d = u.data as Float32Array;
      for (let k = 0; k < d.length; k++) d[k] = lo + d[k]! * (hi - lo);
    }
    return u;
  }

  protected override afterStore(): void {
    if (!this.enforcePolarity) return;
    const s = this.store!;
    const m = new Uint8Array(s.nPre);
    for (let i = 0; i < s.nPre; i++) {
      let pos = 0;
      for (let j = 0; j < s.nPost; j++) if (s.get(i * s.nPost + j) > 0) pos++;
      m[i] = pos > s.nPost / 2 ? 1 : 0;
    }
    this.positiveMask = m;
  }

  /** Applies the polarity repair in place (see the class comment). */
  repairPolarity(): void {
    const s = this.store;
    const m = this.positiveMask;
    if (s === null || m === null) return;
    this.learningRule?.valuesChanged?.();
    for (let i = 0; i < s.nPre; i++) {
      const pos = m[i] === 1;
      for (let k = i * s.nPost; k < (i + 1) * s.nPost; k++) {
        const v = s.get(k);
        if (pos ? v < EPS : v > -EPS) s.set(k, pos ? EPS : -EPS);
      }
    }
  }

  /** Its hooks act only with enforcePolarity and with the "time step" normalisation. */
  override get stepHooksIdle(): boolean {
    const p = weightProto;
    return this.beginStep === p.beginStep && this.endStep === p.endStep && !this.enforcePolarity && this.normFrequency !== "time step";
  }

  override beginStep(): void {
    if (this.enforcePolarity) this.repairPolarity();
  }

  override endStep(): void {
    if (this.normFrequency === "time step") this.applyNorm();
  }

  /** Normalises at the end of a run when normFrequency is "sample" (time-step norm runs in compute). */
  override normalize(): void {
    if (this.normFrequency === "sample") this.applyNorm();
  }

  override applyRow(b: number, i: number, r: Float32Array): void {
    gateRow(this.store!, b, i, r);
  }

  override operandAt(b: number, i: number, j: number): number {
    return this.store!.at(b, i, j);
  }
}

/** The class's own methods (bound outside the class body, see the note on inputProto in nodes/input.ts). */
const weightProto: Weight = Weight.prototype;
