/** PostPre: pair-based STDP with spike traces. */
import { kernels } from "../backend/backend.js";
import { ValueError } from "../errors.js";
import { LearningRule, type LearningRuleOptions, type SourceTraceUse, type SpikeEvents, type UpdateOptions, setTouchedIndices, setTouchedWeights } from "../network/learning-rule.js";
import { addCorrelation, batchOf, checkState, flat, reductionOf, requireTraces, viewOf } from "./common.js";

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
 *
 * @example
 * ```ts
 * import { Connection, Input, LIFNodes, PostPre } from "bindsnet";
 * const source = new Input({ n: 784, traces: true });
 * const target = new LIFNodes({ n: 100, traces: true });
 * // the rule is a connection option, as in BindsNET: nu = [pre (depression), post (potentiation)]
 * const c = new Connection({ source, target, updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1 });
 * console.log(c.updateRule instanceof PostPre); // true
 * ```
 */
export class PostPre extends LearningRule {
  /** nu may be a pair of per-neuron tensors (see {@link perNeuronUpdate}). */
  static override readonly perNeuronNu: boolean = true;

  constructor(opts: LearningRuleOptions) {
    super(opts);
    const c = this.connection;
    requireTraces("PostPre", c);
    viewOf("PostPre", c);
  }

  /**
   * The source trace enters only the potentiation term, which is zero where the target did
   * not spike (x_pre · 0), so a step without target spikes reads no meaningful x_pre.
   */
  override get sourceTraceUse(): SourceTraceUse {
    return this.update === postPreUpdate ? "onTargetSpike" : "always";
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
    if (this.nuPerNeuron !== null) {
      perNeuronUpdate(this, w, view.nPre, view.nPost, B);
      super.update(opts);
      return;
    }
    const nu0 = Math.fround(this.nu[0]);
    const nu1 = Math.fround(this.nu[1]);
    if (listUpdate(this, opts.spikes ?? null, w, nu0, nu1, B)) {
      super.update(opts);
      return;
    }
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

/**
 * Batch 1 with the loop's spike lists, on the dense view (trace scaled before the product)
 * and 0/1 spikes: depression over the listed presynaptic rows, w[i, :] += fround(−nu₀·x_post),
 * potentiation over the listed postsynaptic columns, w[:, j] += fround(x_pre·nu₁) — the
 * dense form's numbers (with s = 1, fround(s·fround(nu·x)) = fround(nu·x)) without scanning
 * the layers. Returns false where it does not apply (the general path runs).
 */
/** The class's own update (bound outside the class body, see the note on inputProto in nodes/input.ts). */
const postPreUpdate = PostPre.prototype.update;

function listUpdate(rule: PostPre, ev: SpikeEvents | null, w: Float32Array, nu0: number, nu1: number, B: number): boolean {
  const c = rule.connection;
  if (ev === null || B !== 1 || !c.tracksWeightBounds || reductionOf(rule) !== "sum") return false;
  const view = viewOf("PostPre", c);
  if (!view.scalesOperand) return false;
  const { source, target } = c;
  const nPre = view.nPre;
  const nPost = view.nPost;
  const sPre = source.s.data;
  const sPost = target.s.data;
  const xPre = source.x.data;
  const xPost = target.x.data;
  if (!(sPre instanceof Uint8Array) || !(sPost instanceof Uint8Array) || !(xPre instanceof Float32Array) || !(xPost instanceof Float32Array)) return false;
  if (source.s.offset !== 0 || target.s.offset !== 0 || source.x.offset !== 0 || target.x.offset !== 0 || w.length !== nPre * nPost || xPre.length !== nPre || xPost.length !== nPost) return false;
  const kPre = nu0 !== 0 ? ev.nSource : 0;
  const kPost = nu1 !== 0 ? ev.nTarget : 0;
  for (let q = 0; q < kPre; q++) if (sPre[ev.source[q]!] !== 1) return false;
  for (let q = 0; q < kPost; q++) if (sPost[ev.target[q]!] !== 1) return false;
  const K = kernels();
  if (kPre > 0) K.addScaledRows(w, ev.source, kPre, sPre, Math.fround(-nu0), xPost, nPost, false, 0, 0);
  if (kPost > 0) K.addScaledCols(w, ev.target, kPost, sPost, nu1, xPre, nPre, nPost);
  setTouchedIndices(rule, ev.source, kPre, ev.target, kPost, nPre, nPost);
  return true;
}

/**
 * Per-neuron nu (one rate per target neuron j, as BindsNET's stacked tensors broadcast against
 * the target side), on dense weights [nPre, nPost]:
 *
 *   w[i, j] ← w[i, j] − Σ_b s_pre[b, i]·fround(nu₀[j]·x_post[b, j])
 *   w[i, j] ← w[i, j] + Σ_b x_pre[b, i]·fround(s_post[b, j]·nu₁[j])
 *
 * every product and sum rounded to float32, the batch summed from 0 in order ("mean" divides
 * by B). A separate, plain path: with every nu₀[j] and nu₁[j] equal to a number, the numbers
 * are those of the scalar nu.
 */
function perNeuronUpdate(rule: PostPre, w: Float32Array, nPre: number, nPost: number, B: number): void {
  const c = rule.connection;
  const red = reductionOf(rule);
  if (typeof red === "function") throw new ValueError("PostPre.update: per-neuron nu takes the \"sum\" or \"mean\" reduction, not a custom function");
  if (w.length !== nPre * nPost || c.source.n !== nPre || c.target.n !== nPost) throw new ValueError(`PostPre.update: per-neuron nu needs dense weights [source.n, target.n], got ${c.constructor.name}`);
  const [nu0, nu1] = rule.nuPerNeuron!;
  const sPre = c.source.s.to("float32").contiguousData();
  const xPre = c.source.x.to("float32").contiguousData();
  const sPost = c.target.s.to("float32").contiguousData();
  const xPost = c.target.x.to("float32").contiguousData();
  const f = Math.fround;
  const acc = new Float32Array(nPre * nPost);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < nPre; i++) {
      const sp = sPre[b * nPre + i]!;
      if (sp === 0) continue;
      for (let j = 0; j < nPost; j++) acc[i * nPost + j] = f(acc[i * nPost + j]! + f(sp * f(nu0[j]! * xPost[b * nPost + j]!)));
    }
  }
  for (let k = 0; k < acc.length; k++) w[k] = f(w[k]! - (red === "mean" ? f(acc[k]! / B) : acc[k]!));
  acc.fill(0);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < nPost; j++) {
      const q = f(sPost[b * nPost + j]! * nu1[j]!);
      if (q === 0) continue;
      for (let i = 0; i < nPre; i++) acc[i * nPost + j] = f(acc[i * nPost + j]! + f(xPre[b * nPre + i]! * q));
    }
  }
  for (let k = 0; k < acc.length; k++) w[k] = f(w[k]! + (red === "mean" ? f(acc[k]! / B) : acc[k]!));
}
