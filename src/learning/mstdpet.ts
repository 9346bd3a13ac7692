/** MSTDPET: reward-modulated STDP with an eligibility trace (Florian 2007). */
import { decayOf } from "../backend/numerics.js";
import { LearningRule, type LearningRuleOptions, type RuleOptions, type UpdateOptions } from "../network/learning-rule.js";
import { Tensor } from "../tensor/tensor.js";
import { amplitudes, batchOf, checkState, decayAdd, flat, numOpt, reduceBatch, rewardsOf, stateTensor, viewOf } from "./common.js";
import { eligibilityOf } from "./mstdp.js";

const fround = Math.fround;

/** MSTDPET's options: the base rule options plus `tcPlus`, `tcMinus`, `tcETrace`. */
export interface MSTDPETOptions extends LearningRuleOptions, Pick<RuleOptions, "tcPlus" | "tcMinus" | "tcETrace"> {}

/**
 * Reward-modulated STDP with an eligibility trace (BindsNET's `MSTDPET`; Florian 2007).
 * Options `tcPlus` = 20, `tcMinus` = 20, `tcETrace` = 25; update options `reward` (required),
 * `aPlus` = 1, `aMinus` = −1. Per step:
 *
 *   z_b ← z_b·exp(−dt/tcETrace) + e_b / tcETrace              (e from the previous step)
 *   w   ← w + reduce_b( (nu₀·dt·r_b) · z_b )
 *   p⁺, p⁻, e as in {@link MSTDP}
 *
 * then weight decay and the clamp. nu₁ is unused. State `pPlus`, `pMinus`, `eligibility`,
 * `eligibilityTrace` (z) is per sample on every connection type. Fixes: the reference's dense
 * path works for batch size 1 only (here every sample has its own traces and the updates are
 * reduced with the rule's reduction); on convolutional and local connections it never learns
 * (the line adding e/tcETrace to z is missing there, so z stays 0): here every view learns.
 */
export class MSTDPET extends LearningRule {
  static override readonly optionKeys: readonly string[] = ["tcPlus", "tcMinus", "tcETrace"];
  readonly tcPlus: number;
  readonly tcMinus: number;
  readonly tcETrace: number;
  pPlus: Tensor | null = null;
  pMinus: Tensor | null = null;
  eligibility: Tensor | null = null;
  eligibilityTrace: Tensor | null = null;
  private tmp = new Float32Array(0);

  constructor(opts: MSTDPETOptions) {
    super(opts);
    this.tcPlus = numOpt("MSTDPET", opts, "tcPlus", 20);
    this.tcMinus = numOpt("MSTDPET", opts, "tcMinus", 20);
    this.tcETrace = numOpt("MSTDPET", opts, "tcETrace", 25);
    viewOf("MSTDPET", this.connection);
  }

  /** Zeroes every state tensor. */
  resetState(): void {
    for (const t of [this.pPlus, this.pMinus, this.eligibility, this.eligibilityTrace]) t?.zero_();
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const view = viewOf("MSTDPET", c);
    const B = batchOf(c.source);
    const r = rewardsOf("MSTDPET", opts.reward, B);
    const [aPlus, aMinus] = amplitudes("MSTDPET", opts);
    checkState("MSTDPET", "source.s", c.source.s, B, view.nPre);
    checkState("MSTDPET", "target.s", c.target.s, B, view.nPost);
    if (this.eligibility === null || this.eligibility.shape[0] !== B) {
      this.pPlus = new Tensor(new Float32Array(B * view.nPre), [B, view.nPre], "float32");
      this.pMinus = new Tensor(new Float32Array(B * view.nPost), [B, view.nPost], "float32");
      this.eligibility = stateTensor(view, B);
      this.eligibilityTrace = stateTensor(view, B);
    }
    const n = view.size;
    if (this.tmp.length !== B * n) this.tmp = new Float32Array(B * n);
    const w = view.weights();
    const elig = this.eligibility.data as Float32Array;
    const z = this.eligibilityTrace!.data as Float32Array;
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
      const upd = reduceBatch(this, tmp, B, n, view);
      for (let e = 0; e < n; e++) w[e] = w[e]! + upd[e]!;
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
