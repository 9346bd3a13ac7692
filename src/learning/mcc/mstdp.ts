/** MCC MSTDP: reward-modulated STDP (Florian 2007) on a feature's value. */
import { decayOf } from "../../backend/numerics.js";
import type { UpdateOptions } from "../../network/learning-rule.js";
import { Tensor } from "../../tensor/tensor.js";
import { amplitudes, decayAdd, numOpt, rewardsOf } from "../common.js";
import { MCCLearningRule, type MCCLearningRuleOptions, UpdateRing, checkCopies, layerData } from "./mcc-learning-rule.js";

const fround = Math.fround;

/**
 * Reward-modulated STDP without an eligibility trace. Options `tcPlus` = 20, `tcMinus` = 20,
 * `averageUpdate`, `continuesUpdate`; update options `reward` (required), `aPlus` = 1,
 * `aMinus` = −1. Per step, per sample b:
 *
 *   v  ← v + nu₀ · reduce_b( r_b · e_b )          (e from the previous step; nu₁ unused)
 *   p⁺ ← p⁺·exp(−dt/tcPlus) + aPlus·s_pre
 *   p⁻ ← p⁻·exp(−dt/tcMinus) + aMinus·s_post
 *   e_b ← p⁺_b ⊗ s_post_b + s_pre_b ⊗ p⁻_b
 *
 * then the base step. With `averageUpdate` N > 0 the reduced r·e goes into a ring buffer and
 * nu₀·mean(buffer) is applied (every step with `continuesUpdate`, else every N steps).
 * Eligibility is kept per stored entry (only the synapses a sparse value has).
 */
export class MSTDP extends MCCLearningRule {
  /** The name save files use (the ordinary rule has this JS name). */
  static readonly savedAs = "MCCMSTDP";
  /** The base keys plus the trace time constants. */
  static override readonly optionKeys: readonly string[] = [...MCCLearningRule.optionKeys, "tcPlus", "tcMinus"];
  readonly tcPlus: number;
  readonly tcMinus: number;
  pPlus: Tensor | null = null;
  pMinus: Tensor | null = null;
  /** Per sample and stored entry ([B, size]; one copy per batch row already has its own entries). */
  eligibility: Float32Array | null = null;
  private ring: UpdateRing | null = null;
  private delta = new Float32Array(0);

  constructor(opts: MCCLearningRuleOptions) {
    super(opts);
    this.tcPlus = numOpt("MSTDP", opts, "tcPlus", 20);
    this.tcMinus = numOpt("MSTDP", opts, "tcMinus", 20);
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const B = this.batch();
    const s = this.store;
    checkCopies("MSTDP", s.batch, B);
    const r = rewardsOf("MSTDP", opts.reward, B);
    const [aPlus, aMinus] = amplitudes("MSTDP", opts);
    const sPre = layerData("MSTDP", "source.s", c.source, c.source.s, B);
    const sPost = layerData("MSTDP", "target.s", c.target, c.target.s, B);
    const nPre = s.nPre;
    const nPost = s.nPost;
    const shared = s.batch === 1;
    const eSize = shared ? B * s.size : s.size;
    if (this.eligibility === null || this.eligibility.length !== eSize) {
      this.pPlus = new Tensor(new Float32Array(B * nPre), [B, nPre], "float32");
      this.pMinus = new Tensor(new Float32Array(B * nPost), [B, nPost], "float32");
      this.eligibility = new Float32Array(eSize);
    }
    const e = this.eligibility;
    const nu0 = fround(this.nu[0]);
    if (nu0 !== 0) {
      const upd = reduceEntries(this, e, r, B);
      if (this.averageUpdate > 0) {
        if (this.ring === null) {
          this.ring = new UpdateRing(this.averageUpdate, s.size);
          this.delta = new Float32Array(s.size);
        }
        const m = this.ring.pushMean(upd, this.delta, this.continuesUpdate);
        if (m !== null) this.addToValue(m, nu0);
      } else this.addToValue(upd, nu0);
    }
    const pp = this.pPlus!.data as Float32Array;
    const pm = this.pMinus!.data as Float32Array;
    decayAdd(pp, sPre, decayOf(this.tcPlus, c.dt), aPlus);
    decayAdd(pm, sPost, decayOf(this.tcMinus, c.dt), aMinus);
    eligibilityOf(s, e, pp, pm, sPre, sPost, B);
    super.update(opts);
  }
}

/** e[b, entry (i, j)] ← p⁺[b, i]·s_post[b, j] + s_pre[b, i]·p⁻[b, j] over the stored entries. */
export function eligibilityOf(
  s: MCCLearningRule["store"],
  e: Float32Array,
  pPlus: Float32Array,
  pMinus: Float32Array,
  sPre: ArrayLike<number>,
  sPost: ArrayLike<number>,
  B: number,
): void {
  const shared = s.batch === 1;
  for (let b = 0; b < B; b++) {
    const eo = shared ? b * s.size : 0;
    for (let i = 0; i < s.nPre; i++) {
      const ppi = pPlus[b * s.nPre + i]!;
      const spi = sPre[b * s.nPre + i]!;
      for (let k = s.rowStart(b, i); k < s.rowEnd(b, i); k++) {
        const j = s.col(k);
        e[eo + k] = fround(ppi * sPost[b * s.nPost + j]!) + fround(spi * pMinus[b * s.nPost + j]!);
      }
    }
  }
}

/**
 * reduce_b(f_b · x[b, entry]) per stored entry: summed from zero in batch order, or averaged,
 * or a custom reduction over the dense [B, nPre, nPost] terms; a value with one copy per
 * batch row takes each sample's own term.
 */
export function reduceEntries(rule: MCCLearningRule, x: Float32Array, f: ArrayLike<number>, B: number): Float32Array {
  const s = rule.store;
  const out = new Float32Array(s.size);
  if (s.batch > 1) {
    for (let b = 0; b < B; b++) for (let i = 0; i < s.nPre; i++) for (let k = s.rowStart(b, i); k < s.rowEnd(b, i); k++) out[k] = f[b]! * x[k]!;
    return out;
  }
  const red = rule.reduction;
  if (red === "sum" || red === "mean" || B === 1) {
    for (let k = 0; k < s.size; k++) {
      let acc = 0;
      for (let b = 0; b < B; b++) acc = fround(acc + fround(f[b]! * x[b * s.size + k]!));
      out[k] = red === "mean" ? acc / B : acc;
    }
    return out;
  }
  const terms = new Float32Array(B * s.nPre * s.nPost);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < s.nPre; i++) {
      for (let k = s.rowStart(0, i); k < s.rowEnd(0, i); k++) terms[(b * s.nPre + i) * s.nPost + s.col(k)] = f[b]! * x[b * s.size + k]!;
    }
  }
  const r = (rule as unknown as { reduceCustom(t: Float32Array, B: number): Float32Array }).reduceCustom(terms, B);
  for (let i = 0; i < s.nPre; i++) for (let k = s.rowStart(0, i); k < s.rowEnd(0, i); k++) out[k] = r[i * s.nPost + s.col(k)]!;
  return out;
}
