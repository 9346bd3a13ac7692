/** MSTDPET: reward-modulated STDP with an eligibility trace (Florian 2007). */
import { decayOf } from "../backend/numerics.js";
import { FAMILY_RULE_KEYS, LearningRule, type LearningRuleOptions, type RuleOptions, type UpdateOptions } from "../network/learning-rule.js";
import { Tensor } from "../tensor/tensor.js";
import { UpdateRing, amplitudes, averageOf, batchOf, checkCopies, checkState, decayAdd, flat, numOpt, reduceBatch, rewardsOf, stateTensor } from "./common.js";
import { eligibilityOf, stateOf } from "./mstdp.js";

const fround = Math.fround;

/** MSTDPET's options: the base rule options plus `tcPlus`, `tcMinus`, `tcETrace` and the family's `enforcePolarity`, `averageUpdate`, `continuesUpdate`. */
export interface MSTDPETOptions extends LearningRuleOptions, Pick<RuleOptions, "tcPlus" | "tcMinus" | "tcETrace" | "enforcePolarity" | "averageUpdate" | "continuesUpdate"> {}

/**
 * Reward-modulated STDP with an eligibility trace (BindsNET's `MSTDPET`, and its MCC
 * `MSTDPET` on a feature; Florian 2007). Options `tcPlus` = 20, `tcMinus` = 20,
 * `tcETrace` = 25; update options `reward` (required), `aPlus` = 1, `aMinus` = −1. Per step:
 *
 *   z_b ← z_b·exp(−dt/tcETrace) + e_b / tcETrace              (e from the previous step)
 *   w   ← w + reduce_b( (nu₀·dt·r_b) · z_b )
 *   p⁺, p⁻, e as in {@link MSTDP}
 *
 * then weight decay, polarity and the clamp. nu₁ is unused. With `averageUpdate` N > 0 the
 * reduced update goes into a ring buffer whose mean is applied (every step with
 * `continuesUpdate`, else every N steps). State `pPlus`, `pMinus`, `eligibility`,
 * `eligibilityTrace` (z) is per sample on every connection type and feature value. Fixes: the
 * reference's dense path works for batch size 1 only (here every sample has its own traces
 * and the updates are reduced with the rule's reduction); on convolutional and local
 * connections it never learns (the line adding e/tcETrace to z is missing there, so z stays
 * 0): here every view learns. On a feature, `resetStateVariables` zeroes the eligibility and
 * its trace (not p⁺, p⁻), as BindsNET's MCC MSTDPET does.
 */
export class MSTDPET extends LearningRule {
  static override readonly optionKeys: readonly string[] = [...FAMILY_RULE_KEYS, "tcPlus", "tcMinus", "tcETrace"];
  static override readonly learnsFeatures: boolean = true;
  readonly tcPlus: number;
  readonly tcMinus: number;
  readonly tcETrace: number;
  /** N > 0: average the reduced update over the last N steps. */
  readonly averageUpdate: number;
  readonly continuesUpdate: boolean;
  pPlus: Tensor | null = null;
  pMinus: Tensor | null = null;
  eligibility: Tensor | null = null;
  eligibilityTrace: Tensor | null = null;
  ring: UpdateRing | null = null;
  private tmp = new Float32Array(0);

  constructor(opts: MSTDPETOptions) {
    super(opts);
    this.tcPlus = numOpt("MSTDPET", opts, "tcPlus", 20);
    this.tcMinus = numOpt("MSTDPET", opts, "tcMinus", 20);
    this.tcETrace = numOpt("MSTDPET", opts, "tcETrace", 25);
    const avg = averageOf("MSTDPET", opts);
    this.averageUpdate = avg.n;
    this.continuesUpdate = avg.continues;
    this.synapseView();
  }

  /** Zeroes every state tensor. */
  resetState(): void {
    for (const t of [this.pPlus, this.pMinus, this.eligibility, this.eligibilityTrace]) t?.zero_();
  }

  /** On a feature: zeroes the eligibility and its trace (BindsNET's MCC MSTDPET); on a connection: nothing. */
  override resetStateVariables(): void {
    if (this.feature === null) return;
    for (const t of [this.eligibility, this.eligibilityTrace]) t?.zero_();
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const view = this.synapseView();
    const B = batchOf(c.source);
    const r = rewardsOf("MSTDPET", opts.reward, B);
    const [aPlus, aMinus] = amplitudes("MSTDPET", opts);
    checkState("MSTDPET", "source.s", c.source.s, B, view.nPre);
    checkState("MSTDPET", "target.s", c.target.s, B, view.nPost);
    checkCopies("MSTDPET", view, B);
    this.eligibility = stateOf(this.eligibility, view, B);
    this.eligibilityTrace = stateOf(this.eligibilityTrace, view, B);
    if (this.eligibility === null || this.eligibilityTrace === null) {
      this.pPlus = new Tensor(new Float32Array(B * view.nPre), [B, view.nPre], "float32");
      this.pMinus = new Tensor(new Float32Array(B * view.nPost), [B, view.nPost], "float32");
      this.eligibility = stateTensor(view, B);
      this.eligibilityTrace = stateTensor(view, B);
    }
    const n = view.size;
    if (this.tmp.length !== B * n) this.tmp = new Float32Array(B * n);
    const w = view.weights();
    const elig = this.eligibility.data as Float32Array;
    const z = this.eligibilityTrace.data as Float32Array;
    const tmp = this.tmp;
    const dt = c.dt;

    // 1. the eligibility trace
    const dz = decayOf(this.tcETrace, dt);
    const tc = fround(this.tcETrace);
    for (let k = 0; k < B * n; k++) z[k] = fround(z[k]! * dz) + fround(elig[k]! / tc);
    // 2. w += reduce((nu0·dt·reward) · trace)
    const nu0dt = fround(fround(this.nu[0]) * fround(dt));
    if (nu0dt !== 0) {
      for (let b = 0; b < B; b++) {
        const f = fround(nu0dt * r[b]!);
        for (let e = 0; e < n; e++) tmp[b * n + e] = f * z[b * n + e]!;
      }
      let upd: Float32Array | null = reduceBatch(this, tmp, B, n, view);
      if (this.averageUpdate > 0) {
        if (this.ring === null || this.ring.size !== n) this.ring = new UpdateRing(this.averageUpdate, n);
        upd = this.ring.pushMean(upd, upd, this.continuesUpdate);
      }
      if (upd !== null) {
        for (let e = 0; e < n; e++) w[e] = w[e]! + upd[e]!;
        view.commit?.();
      }
    }
    // 3. traces and the new eligibility
    const sPre = flat(c.source.s);
    const sPost = flat(c.target.s);
    decayAdd(this.pPlus!.data as Float32Array, sPre, decayOf(this.tcPlus, dt), aPlus);
    decayAdd(this.pMinus!.data as Float32Array, sPost, decayOf(this.tcMinus, dt), aMinus);
    eligibilityOf(view, elig, tmp, this.pPlus!.data as Float32Array, this.pMinus!.data as Float32Array, sPre, sPost, B);
    super.update(opts);
  }
}
