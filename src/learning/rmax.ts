/** Rmax: reward-modulated learning for stochastic neurons (Vasilaki et al. 2009). */
import { ValueError } from "../errors.js";
import { LearningRule, type LearningRuleOptions, type RuleOptions, type UpdateOptions } from "../network/learning-rule.js";
import { SRM0Nodes } from "../network/nodes/srm0.js";
import { Tensor } from "../tensor/tensor.js";
import { batchOf, checkState, flat, numOpt, reduceBatch, rewardsOf, stateTensor, viewOf } from "./common.js";

const fround = Math.fround;

/** Rmax's options: the base rule options plus `tcC`, `tcETrace`. */
export interface RmaxOptions extends LearningRuleOptions, Pick<RuleOptions, "tcC" | "tcETrace"> {}

/**
 * R-max (BindsNET's `Rmax`; Vasilaki et al. 2009). Options `tcC` = 5 (0: naive Hebbian,
 * ∞: policy gradient), `tcETrace` = 25; update option `reward` (required). With p = the
 * target's firing probability `sProb` this step:
 *
 *   z_b ← z_b · (1 − dt/tcETrace)                                (Euler decay, as the reference)
 *   z_b ← z_b + corr(x_pre[b], s_post[b] − p_b / (1 + (tcC/dt)·p_b))
 *   w   ← w + reduce_b( (nu₀·r_b) · z_b )
 *
 * then weight decay and the clamp. The target must be `SRM0Nodes` (stochastic firing) and the
 * source must keep additive traces. State `eligibilityTrace` [B, ...w] is per sample (the
 * reference supports batch size 1 only); through the synapse view the rule also works on
 * connection types the reference rejects (convolutions, local connections).
 */
export class Rmax extends LearningRule {
  static override readonly optionKeys: readonly string[] = ["tcC", "tcETrace"];
  readonly tcC: number;
  readonly tcETrace: number;
  eligibilityTrace: Tensor | null = null;
  private tmp = new Float32Array(0);
  private g = new Float32Array(0);

  constructor(opts: RmaxOptions) {
    super(opts);
    const c = this.connection;
    if (!c.source.traces || !c.source.tracesAdditive) {
      throw new ValueError(`Rmax: source.traces is ${c.source.traces} and source.tracesAdditive is ${c.source.tracesAdditive}, expected pre-synaptic nodes with additive spike traces (traces: true, tracesAdditive: true)`);
    }
    if (!(c.target instanceof SRM0Nodes)) {
      throw new ValueError(`Rmax: target is ${c.target.constructor.name}, expected SRM0Nodes (R-max needs stochastically firing neurons)`);
    }
    this.tcC = numOpt("Rmax", opts, "tcC", 5, true);
    this.tcETrace = numOpt("Rmax", opts, "tcETrace", 25);
    viewOf("Rmax", c);
  }

  /** Zeroes the eligibility trace. */
  resetState(): void {
    this.eligibilityTrace?.zero_();
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const view = viewOf("Rmax", c);
    const B = batchOf(c.source);
    const r = rewardsOf("Rmax", opts.reward, B);
    const target = c.target as SRM0Nodes;
    checkState("Rmax", "source.x", c.source.x, B, view.nPre);
    checkState("Rmax", "target.sProb", target.sProb, B, view.nPost);
    if (this.eligibilityTrace === null || this.eligibilityTrace.shape[0] !== B) this.eligibilityTrace = stateTensor(view, B);
    const n = view.size;
    if (this.tmp.length !== B * n) this.tmp = new Float32Array(B * n);
    if (this.g.length !== B * view.nPost) this.g = new Float32Array(B * view.nPost);
    const z = this.eligibilityTrace.data as Float32Array;
    const tmp = this.tmp;
    const g = this.g;
    const dt = fround(c.dt);

    const efac = fround(1 - fround(fround(1 / fround(this.tcETrace)) * dt));
    for (let k = 0; k < B * n; k++) z[k] = z[k]! * efac;
    const cc = fround(fround(this.tcC) / dt);
    const s = flat(target.s);
    const p = flat(target.sProb);
    for (let k = 0; k < g.length; k++) {
      const pk = p[k]!;
      g[k] = s[k]! - fround(pk / fround(1 + fround(cc * pk)));
    }
    view.correlate(tmp, flat(c.source.x), g, B, null);
    for (let k = 0; k < B * n; k++) z[k] = z[k]! + tmp[k]!;

    const nu0 = fround(this.nu[0]);
    if (nu0 !== 0) {
      for (let b = 0; b < B; b++) {
        const f = fround(nu0 * r[b]!);
        for (let e = 0; e < n; e++) tmp[b * n + e] = f * z[b * n + e]!;
      }
      const upd = reduceBatch(this, tmp, B, n, view);
      const w = view.weights();
      for (let e = 0; e < n; e++) w[e] = w[e]! + upd[e]!;
    }
    super.update(opts);
  }
}
