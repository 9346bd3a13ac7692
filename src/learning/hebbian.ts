/** Hebbian: both spike-pair orders potentiate. */
import { LearningRule, type LearningRuleOptions, type UpdateOptions } from "../network/learning-rule.js";
import { addCorrelation, batchOf, checkState, flat, requireTraces, viewOf } from "./common.js";

/**
 * Simple Hebbian learning (BindsNET's `Hebbian`): both terms potentiate.
 *
 *   w ← w + nu₀ · reduce_b corr(s_pre[b], x_post[b])
 *   w ← w + nu₁ · reduce_b corr(x_pre[b], s_post[b])
 *
 * then weight decay and the clamp. nu always multiplies the reduced product. Event-driven like
 * {@link PostPre}. Both layers must record traces.
 */
export class Hebbian extends LearningRule {
  constructor(opts: LearningRuleOptions) {
    super(opts);
    const c = this.connection;
    requireTraces("Hebbian", c);
    viewOf("Hebbian", c);
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const view = viewOf("Hebbian", c);
    const B = batchOf(c.source);
    const { source, target } = c;
    checkState("Hebbian", "source.x", source.x, B, view.nPre);
    checkState("Hebbian", "target.x", target.x, B, view.nPost);
    const w = view.weights();
    const nu0 = Math.fround(this.nu[0]);
    const nu1 = Math.fround(this.nu[1]);
    // a zero rate adds 0·(...) = 0 in the reference (it always computes both terms)
    if (nu0 !== 0) addCorrelation(this, view, w, flat(source.s), flat(target.x), B, { scale: nu0, sparse: "pre" });
    if (nu1 !== 0) addCorrelation(this, view, w, flat(source.x), flat(target.s), B, { scale: nu1, sparse: "post" });
    super.update(opts);
  }
}
