/** PostPre: pair-based STDP with spike traces. */
import { LearningRule, type LearningRuleOptions, type UpdateOptions, setTouchedIndices, setTouchedWeights } from "../network/learning-rule.js";
import { addCorrelation, batchOf, checkState, flat, requireTraces, viewOf } from "./common.js";

/**
 * Pair-based STDP with traces (BindsNET's `PostPre`). Each step, with `corr` the connection's
 * synapse-view correlation (outer product for Connection, im2col correlation summed over
 * positions for convolutions, per-position products for local connections) and `reduce` the
 * rule's batch reduction:
 *
 *   depression (pre spike, if nu[0] ≠ 0):   w ← w − nu₀ · reduce_b corr(s_pre[b], x_post[b])
 *   potentiation (post spike, if nu[1] ≠ 0): w ← w + nu₁ · reduce_b corr(x_pre[b], s_post[b])
 *
 * then weight decay and the clamp to [wmin, wmax]. On the dense path nu multiplies the trace
 * before the product (x_post·nu₀), as the reference does; on convolutional and local views it
 * multiplies the reduced product. The update is event-driven: the depression term touches only
 * the rows of presynaptic neurons that spiked, the potentiation term only the columns of
 * postsynaptic neurons that spiked, with the numbers of the dense form.
 *
 * Both layers must record traces (`traces: true`).
 */
export class PostPre extends LearningRule {
  constructor(opts: LearningRuleOptions) {
    super(opts);
    const c = this.connection;
    requireTraces("PostPre", c);
    viewOf("PostPre", c);
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const view = viewOf("PostPre", c);
    const B = batchOf(c.source);
    const { source, target } = c;
    checkState("PostPre", "source.s", source.s, B, view.nPre);
    checkState("PostPre", "target.s", target.s, B, view.nPost);
    checkState("PostPre", "source.x", source.x, B, view.nPre);
    checkState("PostPre", "target.x", target.x, B, view.nPost);
    const w = view.weights();
    const nu0 = Math.fround(this.nu[0]);
    const nu1 = Math.fround(this.nu[1]);
    const side = view.scalesOperand ? "post" : null;
    if (nu0 !== 0) addCorrelation(this, view, w, flat(source.s), flat(target.x), B, { scale: nu0, sign: -1, sparse: "pre", scaleSide: side });
    if (nu1 !== 0) addCorrelation(this, view, w, flat(source.x), flat(target.s), B, { scale: nu1, sparse: "post", scaleSide: side });
    // only rows of presynaptic spikes (depression) and columns of postsynaptic spikes
    // (potentiation) changed: the base update may clamp just those
    // (the loop's spike lists, when it passes them, name the same rows and columns)
    const ev = opts.spikes ?? null;
    if (c.tracksWeightBounds && ev !== null && B === 1 && source.n === view.nPre && target.n === view.nPost) {
      setTouchedIndices(this, ev.source, nu0 !== 0 ? ev.nSource : 0, ev.target, nu1 !== 0 ? ev.nTarget : 0, view.nPre, view.nPost);
    } else if (c.tracksWeightBounds) setTouchedWeights(this, nu0 !== 0 ? source.s.contiguousData() : null, view.nPre, nu1 !== 0 ? target.s.contiguousData() : null, view.nPost);
    super.update(opts);
  }
}
