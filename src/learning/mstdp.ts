/** MSTDP: reward-modulated STDP without an eligibility trace (Florian 2007). */
import { decayOf } from "../backend/numerics.js";
import { FAMILY_RULE_KEYS, LearningRule, type LearningRuleOptions, type RuleOptions, type UpdateOptions } from "../network/learning-rule.js";
import type { SynapseView } from "../network/synapse-view.js";
import { Tensor } from "../tensor/tensor.js";
import { UpdateRing, amplitudes, averageOf, batchOf, checkCopies, checkState, decayAdd, flat, numOpt, reduceBatch, rewardsOf, stateTensor } from "./common.js";

const fround = Math.fround;

/** MSTDP's options: the base rule options plus `tcPlus`, `tcMinus` and the family's `enforcePolarity`, `averageUpdate`, `continuesUpdate`. */
export interface MSTDPOptions extends LearningRuleOptions, Pick<RuleOptions, "tcPlus" | "tcMinus" | "enforcePolarity" | "averageUpdate" | "continuesUpdate"> {}

/**
 * Reward-modulated STDP (BindsNET's `MSTDP`, and its MCC `MSTDP` on a feature; Florian 2007).
 * Options `tcPlus` = 20, `tcMinus` = 20; update options `reward` (required), `aPlus` = 1,
 * `aMinus` = −1. Per step:
 *
 *   w  ← w + nu₀ · reduce_b( r_b · e_b )                      (e from the previous step)
 *   p⁺ ← p⁺·exp(−dt/tcPlus)  + aPlus·s_pre                    [B, source.n]
 *   p⁻ ← p⁻·exp(−dt/tcMinus) + aMinus·s_post                  [B, target.n]
 *   e_b ← corr(p⁺_b, s_post_b) + corr(s_pre_b, p⁻_b)          [B, ...w]
 *
 * then weight decay, polarity and the clamp. nu₁ is unused. `r` is a number or one reward per
 * sample. With `averageUpdate` N > 0 the reduced r·e goes into a ring buffer and
 * nu₀·mean(buffer) is applied (every step with `continuesUpdate`, else every N steps).
 * State (`pPlus`, `pMinus`, `eligibility`) is kept per sample on every connection type and
 * feature value (a sparse value: per stored entry): the reference drops the batch on
 * convolutions (its update then sums over output channels and gives every filter the same
 * change); here convolutions behave as the dense path does. `pPlus` lives in source-layer
 * space; a view unfolds it, which equals the reference's im2col-space trace exactly. State is
 * created on the first update (and again if the batch size changes) and survives
 * `resetStateVariables`, as in the reference; `resetState()` clears it.
 */
export class MSTDP extends LearningRule {
  static override readonly optionKeys: readonly string[] = [...FAMILY_RULE_KEYS, "tcPlus", "tcMinus"];
  static override readonly learnsFeatures: boolean = true;
  readonly tcPlus: number;
  readonly tcMinus: number;
  /** N > 0: average the reduced r·e over the last N steps. */
  readonly averageUpdate: number;
  readonly continuesUpdate: boolean;
  pPlus: Tensor | null = null;
  pMinus: Tensor | null = null;
  eligibility: Tensor | null = null;
  ring: UpdateRing | null = null;
  private tmp = new Float32Array(0);

  constructor(opts: MSTDPOptions) {
    super(opts);
    this.tcPlus = numOpt("MSTDP", opts, "tcPlus", 20);
    this.tcMinus = numOpt("MSTDP", opts, "tcMinus", 20);
    const avg = averageOf("MSTDP", opts);
    this.averageUpdate = avg.n;
    this.continuesUpdate = avg.continues;
    this.synapseView();
  }

  /** Zeroes pPlus, pMinus and the eligibility. */
  resetState(): void {
    for (const t of [this.pPlus, this.pMinus, this.eligibility]) t?.zero_();
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const view = this.synapseView();
    const B = batchOf(c.source);
    const r = rewardsOf("MSTDP", opts.reward, B);
    const [aPlus, aMinus] = amplitudes("MSTDP", opts);
    checkState("MSTDP", "source.s", c.source.s, B, view.nPre);
    checkState("MSTDP", "target.s", c.target.s, B, view.nPost);
    checkCopies("MSTDP", view, B);
    this.eligibility = stateOf(this.eligibility, view, B);
    if (this.eligibility === null) {
      this.pPlus = new Tensor(new Float32Array(B * view.nPre), [B, view.nPre], "float32");
      this.pMinus = new Tensor(new Float32Array(B * view.nPost), [B, view.nPost], "float32");
      this.eligibility = stateTensor(view, B);
    }
    const n = view.size;
    if (this.tmp.length !== B * n) this.tmp = new Float32Array(B * n);
    const w = view.weights();
    const elig = this.eligibility.data as Float32Array;
    const tmp = this.tmp;

    // 1. w += nu0 · reduce(reward · eligibility of the previous step)
    const nu0 = fround(this.nu[0]);
    if (nu0 !== 0) {
      for (let b = 0; b < B; b++) for (let e = 0; e < n; e++) tmp[b * n + e] = r[b]! * elig[b * n + e]!;
      let upd: Float32Array | null = reduceBatch(this, tmp, B, n, view);
      if (this.averageUpdate > 0) {
        if (this.ring === null || this.ring.size !== n) this.ring = new UpdateRing(this.averageUpdate, n);
        upd = this.ring.pushMean(upd, upd, this.continuesUpdate);
      }
      if (upd !== null) {
        for (let e = 0; e < n; e++) w[e] = w[e]! + fround(nu0 * upd[e]!);
        view.commit?.();
      }
    }
    // 2. the presynaptic and postsynaptic traces
    const sPre = flat(c.source.s);
    const sPost = flat(c.target.s);
    decayAdd(this.pPlus!.data as Float32Array, sPre, decayOf(this.tcPlus, c.dt), aPlus);
    decayAdd(this.pMinus!.data as Float32Array, sPost, decayOf(this.tcMinus, c.dt), aMinus);
    // 3. the new eligibility
    eligibilityOf(view, elig, tmp, this.pPlus!.data as Float32Array, this.pMinus!.data as Float32Array, sPre, sPost, B);
    super.update(opts);
  }
}

/**
 * Per-sample state [B, ...] as a Tensor, or null when it must be (re)made: absent, or made for
 * another batch size. A rule restored from a file written before the rules were one family
 * holds its state as a flat Float32Array of the same values: it is taken over as a Tensor.
 */
export function stateOf(t: Tensor | Float32Array | null, view: SynapseView, B: number): Tensor | null {
  if (t === null) return null;
  if (t instanceof Float32Array) {
    if (t.length !== B * view.size) return null;
    const s = stateTensor(view, B);
    (s.data as Float32Array).set(t);
    return s;
  }
  return t.shape[0] === B && t.numel() === B * view.size ? t : null;
}

/** e ← corr(p⁺, s_post) + corr(s_pre, p⁻) per sample; `tmp` is scratch of the same size. */
export function eligibilityOf(
  view: SynapseView,
  e: Float32Array,
  tmp: Float32Array,
  pPlus: ArrayLike<number>,
  pMinus: ArrayLike<number>,
  sPre: ArrayLike<number>,
  sPost: ArrayLike<number>,
  B: number,
): void {
  view.correlate(e, pPlus, sPost, B, "post");
  view.correlate(tmp, sPre, pMinus, B, "pre");
  const n = B * view.size;
  for (let k = 0; k < n; k++) e[k] = e[k]! + tmp[k]!;
}
