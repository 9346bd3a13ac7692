/** MCC MSTDPET: reward-modulated STDP with an eligibility trace on a feature's value. */
import { decayOf } from "../../backend/numerics.js";
import type { UpdateOptions } from "../../network/learning-rule.js";
import { Tensor } from "../../tensor/tensor.js";
import { amplitudes, decayAdd, numOpt, rewardsOf } from "../common.js";
import { MCCLearningRule, type MCCLearningRuleOptions, UpdateRing, checkCopies, layerData } from "./mcc-learning-rule.js";
import { eligibilityOf, reduceEntries } from "./mstdp.js";

const fround = Math.fround;

/**
 * Reward-modulated STDP with an eligibility trace (Florian 2007). Options `tcPlus` = 20,
 * `tcMinus` = 20, `tcETrace` = 25, `averageUpdate`, `continuesUpdate`; update options
 * `reward` (required), `aPlus` = 1, `aMinus` = −1. Per step:
 *
 *   z_b ← z_b·exp(−dt/tcETrace) + e_b / tcETrace       (e from the previous step)
 *   v   ← v + reduce_b( (nu₀·dt·r_b) · z_b )            (nu₁ unused)
 *   p⁺, p⁻, e as in {@link MSTDP}
 *
 * then the base step. Fix: the reference keeps unbatched traces and works for batch size 1
 * only; here every sample has its own traces and the update is reduced over the batch
 * (identical for B = 1). `resetStateVariables` zeroes `eligibility` and `eligibilityTrace`
 * (not p⁺, p⁻), as in the reference.
 */
export class MSTDPET extends MCCLearningRule {
  /** The name save files use (the ordinary rule has this JS name). */
  static readonly savedAs = "MCCMSTDPET";
  /** The base keys plus the trace time constants. */
  static override readonly optionKeys: readonly string[] = [...MCCLearningRule.optionKeys, "tcPlus", "tcMinus", "tcETrace"];
  readonly tcPlus: number;
  readonly tcMinus: number;
  readonly tcETrace: number;
  pPlus: Tensor | null = null;
  pMinus: Tensor | null = null;
  eligibility: Float32Array | null = null;
  eligibilityTrace: Float32Array | null = null;
  private ring: UpdateRing | null = null;
  private delta = new Float32Array(0);

  constructor(opts: MCCLearningRuleOptions) {
    super(opts);
    this.tcPlus = numOpt("MSTDPET", opts, "tcPlus", 20);
    this.tcMinus = numOpt("MSTDPET", opts, "tcMinus", 20);
    this.tcETrace = numOpt("MSTDPET", opts, "tcETrace", 25);
  }

  override resetStateVariables(): void {
    this.eligibility?.fill(0);
    this.eligibilityTrace?.fill(0);
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const B = this.batch();
    const s = this.store;
    checkCopies("MSTDPET", s.batch, B);
    const r = rewardsOf("MSTDPET", opts.reward, B);
    const [aPlus, aMinus] = amplitudes("MSTDPET", opts);
    const sPre = layerData("MSTDPET", "source.s", c.source, c.source.s, B);
    const sPost = layerData("MSTDPET", "target.s", c.target, c.target.s, B);
    const eSize = s.batch === 1 ? B * s.size : s.size;
    if (this.eligibility === null || this.eligibility.length !== eSize) {
      this.pPlus = new Tensor(new Float32Array(B * s.nPre), [B, s.nPre], "float32");
      this.pMinus = new Tensor(new Float32Array(B * s.nPost), [B, s.nPost], "float32");
      this.eligibility = new Float32Array(eSize);
      this.eligibilityTrace = new Float32Array(eSize);
    }
    const e = this.eligibility;
    const z = this.eligibilityTrace!;
    const dt = c.dt;
    const dz = decayOf(this.tcETrace, dt);
    const tc = fround(this.tcETrace);
    for (let k = 0; k < eSize; k++) z[k] = fround(z[k]! * dz) + fround(e[k]! / tc);
    const nu0dt = fround(fround(this.nu[0]) * fround(dt));
    if (nu0dt !== 0) {
      const f = new Float32Array(B);
      for (let b = 0; b < B; b++) f[b] = nu0dt * r[b]!;
      const upd = reduceEntries(this, z, f, B);
      if (this.averageUpdate > 0) {
        if (this.ring === null) {
          this.ring = new UpdateRing(this.averageUpdate, s.size);
          this.delta = new Float32Array(s.size);
        }
        const m = this.ring.pushMean(upd, this.delta, this.continuesUpdate);
        if (m !== null) this.addToValue(m, null);
      } else this.addToValue(upd, null);
    }
    const pp = this.pPlus!.data as Float32Array;
    const pm = this.pMinus!.data as Float32Array;
    decayAdd(pp, sPre, decayOf(this.tcPlus, dt), aPlus);
    decayAdd(pm, sPost, decayOf(this.tcMinus, dt), aMinus);
    eligibilityOf(s, e, pp, pm, sPre, sPost, B);
    super.update(opts);
  }
}
