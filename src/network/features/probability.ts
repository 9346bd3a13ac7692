/** The Probability feature: every synapse transmits with its own probability. */
import { ValueError, fmtValue } from "../../errors.js";
import { defaultGenerator, rand } from "../../tensor/random.js";
import type { Tensor } from "../../tensor/tensor.js";
import { fmix32 } from "../../hash.js";
import { AbstractFeature, type FeatureKind, type FeatureOptions } from "./abstract-feature.js";

const TWO_M24 = 2 ** -24;


/**
 * c ← c · Bernoulli(p): one draw per synapse per step, shared by every batch row (as in the
 * reference; a sparse value with a batch dimension draws per batch row). Range defaults to
 * [0, 1] (min must be ≥ 0); the default value is clamp(U[0, 1), range).
 *
 * The draws are counter-based: the uniform of synapse (i, j) at step t is a hash of (key, t,
 * i, j) with a key taken from the generator when the feature is built, so the same seed gives
 * the same gates whichever synapses are evaluated, and the event-driven compute draws only
 * for the rows it needs. (The reference draws a full matrix with torch's generator, so gates
 * are not the same numbers as the reference's.)
 */
export class Probability extends AbstractFeature {
  readonly kind: FeatureKind = "gate";
  /** Key of the counter-based draws. */
  readonly key: number;
  /** Number of computes so far (the draw counter). */
  step = 0;

  constructor(opts: FeatureOptions) {
    super(opts, [0, 1]);
    const lo = this.range[0];
    if (typeof lo === "number" ? lo < 0 : Array.from(lo.contiguousData()).some((x) => x < 0)) {
      throw new ValueError(`Probability: range is ${fmtValue(this.range)}, expected a minimum ≥ 0`);
    }
    this.key = (this.rng ?? defaultGenerator()).nextUint32() >>> 0;
  }

  protected override initializeValue(nPre: number, nPost: number): Tensor {
    const t = rand([nPre, nPost], { generator: this.rng });
    const d = t.data as Float32Array;
    const [lo, hi] = this.range;
    for (let k = 0; k < d.length; k++) {
      let v = d[k]!;
      if (typeof lo === "number" && v < lo) v = lo;
      if (typeof hi === "number" && v > hi) v = hi;
      d[k] = v;
    }
    return t;
  }

  override beginStep(): void {
    this.step++;
  }

  /** The step's uniform in [0, 1) of synapse (i, j) of batch row b (b ignored when shared). */
  uniform(b: number, i: number, j: number): number {
    const s = this.store!;
    const bb = s.batch === 1 ? 0 : b;
    let h = fmix32((this.key ^ Math.imul(this.step, 0x9e3779b1)) >>> 0);
    h = fmix32((h ^ Math.imul(bb * s.nPre + i, 0x27d4eb2f)) >>> 0);
    h = fmix32((h + j) >>> 0);
    return (h >>> 8) * TWO_M24;
  }

  override operandAt(b: number, i: number, j: number): number {
    const p = this.store!.at(b, i, j);
    return p > 0 && this.uniform(b, i, j) < p ? 1 : 0;
  }

  override get storedIsOperand(): boolean {
    return false;
  }

  override operandAtEntry(b: number, i: number, j: number, k: number): number {
    const p = this.store!.get(k);
    return p > 0 && this.uniform(b, i, j) < p ? 1 : 0;
  }

  override applyRow(b: number, i: number, r: Float32Array): void {
    const s = this.store!;
    if (!s.sparse) {
      const k0 = s.rowStart(b, i);
      for (let j = 0; j < r.length; j++) {
        const p = s.get(k0 + j);
        r[j] = r[j]! * (p > 0 && this.uniform(b, i, j) < p ? 1 : 0);
      }
      return;
    }
    for (let j = 0; j < r.length; j++) r[j] = r[j]! * this.operandAt(b, i, j);
  }
}
