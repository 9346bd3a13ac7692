/** WeightDependentPostPre: STDP with soft bounds. */
import { ValueError } from "../errors.js";
import { LearningRule, type LearningRuleOptions, type UpdateOptions, anyFinite } from "../network/learning-rule.js";
import { Tensor } from "../tensor/tensor.js";
import { addCorrelation, batchOf, checkState, flat, requireTraces, viewOf } from "./common.js";

const fround = Math.fround;

/**
 * STDP with soft bounds (BindsNET's `WeightDependentPostPre`). With P and Q the reduced
 * PostPre terms and w the weights before this step:
 *
 *   P = reduce_b corr(s_pre[b], x_post[b]),   Q = reduce_b corr(x_pre[b], s_post[b])
 *   Δ = −nu₀·P·(w − wmin) + nu₁·Q·(wmax − w);   w ← w + Δ
 *
 * then weight decay and the clamp. Depression shrinks as w nears wmin, potentiation as it
 * nears wmax. Needs a finite wmin and wmax, and (a fix: the reference checks only the source
 * but reads both) traces on both layers.
 */
export class WeightDependentPostPre extends LearningRule {
  private p = new Float32Array(0);
  private q = new Float32Array(0);

  constructor(opts: LearningRuleOptions) {
    super(opts);
    const c = this.connection;
    requireTraces("WeightDependentPostPre", c);
    if (!anyFinite(c.wmin) || !anyFinite(c.wmax)) {
      throw new ValueError(`WeightDependentPostPre: wmin is ${describe(c.wmin)} and wmax is ${describe(c.wmax)}, expected the connection to define finite wmin and wmax`);
    }
    viewOf("WeightDependentPostPre", c);
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const name = "WeightDependentPostPre";
    const view = viewOf(name, c);
    const B = batchOf(c.source);
    const { source, target } = c;
    checkState(name, "source.x", source.x, B, view.nPre);
    checkState(name, "target.x", target.x, B, view.nPost);
    const w = view.weights();
    const n = view.size;
    const nu0 = fround(this.nu[0]);
    const nu1 = fround(this.nu[1]);
    const lo = boundAt(c.wmin, n);
    const hi = boundAt(c.wmax, n);
    if (this.p.length !== n) {
      this.p = new Float32Array(n);
      this.q = new Float32Array(n);
    }
    const P = this.p;
    const Q = this.q;
    if (nu0 !== 0) {
      P.fill(0);
      addCorrelation(this, view, P, flat(source.s), flat(target.x), B, { scale: 1, sparse: "pre" });
    }
    if (nu1 !== 0) {
      Q.fill(0);
      addCorrelation(this, view, Q, flat(source.x), flat(target.s), B, { scale: 1, sparse: "post" });
    }
    for (let e = 0; e < n; e++) {
      const we = w[e]!;
      let d = 0;
      if (nu0 !== 0) d = fround(0 - fround(fround(nu0 * P[e]!) * fround(we - lo(e))));
      if (nu1 !== 0) d = fround(d + fround(fround(nu1 * Q[e]!) * fround(hi(e) - we)));
      w[e] = we + d;
    }
    super.update(opts);
  }
}

function boundAt(b: number | Tensor, n: number): (e: number) => number {
  if (typeof b === "number") {
    const v = fround(b);
    return () => v;
  }
  const d = b.to("float32").contiguousData();
  if (d.length === 1) {
    const v = d[0]!;
    return () => v;
  }
  if (d.length !== n) throw new ValueError(`WeightDependentPostPre.update: a bound has ${d.length} values, expected 1 or ${n} (one per weight)`);
  return (e) => d[e]!;
}

function describe(b: number | Tensor): string {
  return typeof b === "number" ? String(b) : `a Tensor of shape [${b.shape.join(", ")}] without finite values`;
}
