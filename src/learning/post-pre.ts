/** PostPre: pair-based STDP with spike traces, on connections and on MulticompartmentConnection features. */
import { kernels } from "../backend/backend.js";
import { ValueError } from "../errors.js";
import { FAMILY_RULE_KEYS, LearningRule, type LearningRuleOptions, type RuleOptions, type SourceTraceUse, type SpikeEvents, type UpdateOptions } from "../network/learning-rule.js";
import type { SynapseView } from "../network/synapse-view.js";
import { UpdateRing, addCorrelation, averageOf, batchOf, checkCopies, checkState, flat, reductionOf, requireTraces } from "./common.js";

const fround = Math.fround;

/** PostPre's options: the base rule options plus `enforcePolarity`, `averageUpdate`, `continuesUpdate`, `dtScaled`. */
export interface PostPreOptions extends LearningRuleOptions, Pick<RuleOptions, "enforcePolarity" | "averageUpdate" | "continuesUpdate" | "dtScaled"> {}

/**
 * Pair-based STDP with traces (BindsNET's `PostPre`, and its MCC `PostPre` on a feature). Each
 * step, with `corr` the synapse-view correlation (outer product for Connection and for a
 * feature's value, im2col correlation summed over positions for convolutions, per-position
 * products for local connections) and `reduce` the rule's batch reduction:
 *
 *   depression (pre spike, if nu[0] ≠ 0):   w ← w − nu₀ · reduce_b corr(s_pre[b], x_post[b]) · dt
 *   potentiation (post spike, if nu[1] ≠ 0): w ← w + nu₁ · reduce_b corr(x_pre[b], s_post[b]) · dt
 *
 * then weight decay, polarity and the clamp (see {@link LearningRule}). The factor dt (the
 * network step) applies with `dtScaled`, which defaults to true on a feature (BindsNET's MCC
 * PostPre has it) and false on a connection (its ordinary PostPre has not). On the dense path
 * nu multiplies the trace before the product (x_post·nu₀), as the reference does; on
 * convolutional and local views it multiplies the reduced product. The update is
 * event-driven: the depression term touches only the rows of presynaptic neurons that spiked,
 * the potentiation term only the columns of postsynaptic neurons that spiked, with the
 * numbers of the dense form.
 *
 * `averageUpdate` N > 0 (BindsNET's MCC option): each term's reduced update goes into a ring
 * buffer of N slots (initially zeros); the buffer mean is applied every step with
 * `continuesUpdate`, otherwise only when the ring index wraps to 0 (every N steps).
 *
 * Both layers must record traces (`traces: true`).
 *
 * @example
 * ```ts
 * import { Connection, Input, LIFNodes, MulticompartmentConnection, PostPre, Weight } from "bindsnet";
 * const source = new Input({ n: 784, traces: true });
 * const target = new LIFNodes({ n: 100, traces: true });
 * // the rule is a connection option, as in BindsNET: nu = [pre (depression), post (potentiation)]
 * const c = new Connection({ source, target, updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1 });
 * // or a feature's rule (BindsNET's MCC PostPre is this same class)
 * const weights = new Weight({ name: "w", learningRule: PostPre, nu: [1e-4, 1e-2], range: [0, 1] });
 * const m = new MulticompartmentConnection({ source, target, pipeline: [weights] });
 * console.log(c.updateRule instanceof PostPre && weights.learningRule instanceof PostPre && m.pipeline.length === 1); // true
 * ```
 */
export class PostPre extends LearningRule {
  static override readonly optionKeys: readonly string[] = [...FAMILY_RULE_KEYS, "dtScaled"];
  /** nu may be a pair of per-neuron tensors (see {@link perNeuronUpdate}). */
  static override readonly perNeuronNu: boolean = true;
  static override readonly learnsFeatures: boolean = true;
  /** Whether the update is multiplied by the network step dt. */
  readonly dtScaled: boolean;
  /** N > 0: average each term over the last N steps (see the class comment). */
  readonly averageUpdate: number;
  readonly continuesUpdate: boolean;
  ringPre: UpdateRing | null = null;
  ringPost: UpdateRing | null = null;
  private delta = new Float32Array(0);

  constructor(opts: PostPreOptions) {
    super(opts);
    requireTraces("PostPre", this.connection);
    this.synapseView();
    const dts = opts.dtScaled ?? this.feature !== null;
    if (typeof dts !== "boolean") throw new ValueError(`PostPre: dtScaled is ${String(dts)}, expected a boolean`);
    this.dtScaled = dts;
    const avg = averageOf("PostPre", opts);
    this.averageUpdate = avg.n;
    this.continuesUpdate = avg.continues;
    if (this.nuPerNeuron !== null && this.averageUpdate > 0) throw new ValueError("PostPre: nu is a pair of tensors with averageUpdate > 0, expected one of them (not implemented together)");
  }

  /**
   * Without update averaging the source trace enters only the potentiation term, which is
   * zero where the target did not spike (x_pre · 0), so a step without target spikes reads no
   * meaningful x_pre; averaged updates keep past terms (then "always").
   */
  override get sourceTraceUse(): SourceTraceUse {
    return this.update === postPreUpdate && this.averageUpdate === 0 ? "onTargetSpike" : "always";
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const view = this.synapseView();
    const B = batchOf(c.source);
    const { source, target } = c;
    checkState("PostPre", "source.s", source.s, B, view.nPre);
    checkState("PostPre", "target.s", target.s, B, view.nPost);
    checkState("PostPre", "source.x", source.x, B, view.nPre);
    checkState("PostPre", "target.x", target.x, B, view.nPost);
    checkCopies("PostPre", view, B);
    const w = view.weights();
    const dt = this.dtScaled ? fround(c.dt) : 1;
    if (this.nuPerNeuron !== null) {
      perNeuronUpdate(this, view, w, B, dt);
      super.update(opts);
      return;
    }
    const nu0 = fround(this.nu[0]);
    const nu1 = fround(this.nu[1]);
    const side = view.scalesOperand ? "post" : null;
    if (this.averageUpdate > 0) {
      this.averaged(view, w, nu0, nu1, B, dt, side);
      super.update(opts);
      return;
    }
    if (dt === 1 && listUpdate(this, view, opts.spikes ?? null, w, nu0, nu1, B)) {
      super.update(opts);
      return;
    }
    const terms: [ArrayLike<number>, ArrayLike<number>, number, -1 | 1, "pre" | "post"][] = [
      [flat(source.s), flat(target.x), nu0, -1, "pre"],
      [flat(source.x), flat(target.s), nu1, 1, "post"],
    ];
    for (const [a, p, nu, sign, sparse] of terms) {
      if (nu === 0) continue;
      if (dt === 1) addCorrelation(this, view, w, a, p, B, { scale: nu, sign, sparse, scaleSide: side });
      else {
        // BindsNET's MCC form: the reduced term times dt, then added
        const d = this.scratch(view.size);
        addCorrelation(this, view, d, a, p, B, { scale: nu, sparse, scaleSide: side });
        for (let e = 0; e < view.size; e++) w[e] = sign > 0 ? w[e]! + fround(d[e]! * dt) : w[e]! - fround(d[e]! * dt);
      }
      view.commit?.();
    }
    // only rows of presynaptic spikes (depression) and columns of postsynaptic spikes
    // (potentiation) changed: the base update may clamp just those
    // (the loop's spike lists, when it passes them, name the same rows and columns)
    if (declaresTouched(this, view)) {
      const ev = opts.spikes ?? null;
      if (ev !== null && B === 1 && source.n === view.nPre && target.n === view.nPost) {
        this.touch(ev.source, nu0 !== 0 ? ev.nSource : 0, ev.target, nu1 !== 0 ? ev.nTarget : 0);
      } else this.touchSpikes(nu0 !== 0 ? source.s.contiguousData() : null, view.nPre, nu1 !== 0 ? target.s.contiguousData() : null, view.nPost);
    }
    super.update(opts);
  }

  /** Declares touched rows and columns (for the functions of this module). */
  touch(rows: Int32Array, nRows: number, cols: Int32Array, nCols: number): void {
    this.touchIndices(rows, nRows, cols, nCols);
  }

  private touchSpikes(rows: ArrayLike<number> | null, nPre: number, cols: ArrayLike<number> | null, nPost: number): void {
    this.touchFromSpikes(rows, nPre, cols, nPost);
  }

  /** The bounds of a fused clamp (see LearningRule), for the functions of this module. */
  fusedBounds(): [number, number] | null {
    return this.fusedClampBounds();
  }

  private scratch(n: number): Float32Array {
    if (this.delta.length !== n) this.delta = new Float32Array(n);
    this.delta.fill(0);
    return this.delta;
  }

  /** Each term's reduced update through its ring buffer (see the class comment). */
  private averaged(view: SynapseView, w: Float32Array, nu0: number, nu1: number, B: number, dt: number, side: "post" | null): void {
    const c = this.connection;
    const n = view.size;
    if (this.ringPre === null || this.ringPre.size !== n) {
      this.ringPre = new UpdateRing(this.averageUpdate, n);
      this.ringPost = new UpdateRing(this.averageUpdate, n);
    }
    const terms: [UpdateRing, ArrayLike<number>, ArrayLike<number>, number, -1 | 1, "pre" | "post"][] = [
      [this.ringPre, flat(c.source.s), flat(c.target.x), nu0, -1, "pre"],
      [this.ringPost!, flat(c.source.x), flat(c.target.s), nu1, 1, "post"],
    ];
    for (const [ring, a, p, nu, sign, sparse] of terms) {
      if (nu === 0) continue;
      const d = this.scratch(n);
      addCorrelation(this, view, d, a, p, B, { scale: nu, sparse, scaleSide: side });
      const m = ring.pushMean(d, d, this.continuesUpdate);
      if (m === null) continue;
      for (let e = 0; e < n; e++) {
        const t = dt === 1 ? m[e]! : fround(m[e]! * dt);
        w[e] = sign > 0 ? w[e]! + t : w[e]! - t;
      }
      view.commit?.();
    }
  }
}

/** The class's own update (bound outside the class body, see the note on inputProto in nodes/input.ts). */
const postPreUpdate = PostPre.prototype.update;

/** Whether the rule may declare touched rows and columns: dense float32 [nPre, nPost] storage it tracks. */
function declaresTouched(rule: PostPre, view: SynapseView): boolean {
  return rule.tracksBounds && view.size === view.nPre * view.nPost && view.copies === undefined && view.commit === undefined;
}

/**
 * Batch 1 with the loop's spike lists, on a dense view (trace scaled before the product) and
 * 0/1 spikes, dt factor 1: depression over the listed presynaptic rows,
 * w[i, :] += fround(−nu₀·x_post), potentiation over the listed postsynaptic columns,
 * w[:, j] += fround(x_pre·nu₁) — the dense form's numbers (with s = 1,
 * fround(s·fround(nu·x)) = fround(nu·x)) without scanning the layers. Depression alone on
 * weights known within number bounds is clamped as it is written (the clamp that follows then
 * has nothing to do). Returns false where it does not apply (the general path runs).
 */
function listUpdate(rule: PostPre, view: SynapseView, ev: SpikeEvents | null, w: Float32Array, nu0: number, nu1: number, B: number): boolean {
  const c = rule.connection;
  if (ev === null || B !== 1 || !declaresTouched(rule, view) || typeof reductionOf(rule, view) === "function") return false;
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
  const fused = kPost === 0 && kPre > 0 ? rule.fusedBounds() : null;
  if (fused !== null) K.addScaledRows(w, ev.source, kPre, sPre, fround(-nu0), xPost, nPost, true, fused[0], fused[1]);
  else if (kPre > 0) K.addScaledRows(w, ev.source, kPre, sPre, fround(-nu0), xPost, nPost, false, 0, 0);
  if (kPost > 0) K.addScaledCols(w, ev.target, kPost, sPost, nu1, xPre, nPre, nPost);
  rule.touch(ev.source, fused !== null ? 0 : kPre, ev.target, kPost);
  return true;
}

/**
 * Per-neuron nu (one rate per target neuron j, as BindsNET's stacked tensors broadcast against
 * the target side), over the view's weights (i, j):
 *
 *   w[i, j] ← w[i, j] − Σ_b s_pre[b, i]·fround(nu₀[j]·x_post[b, j]) · dt
 *   w[i, j] ← w[i, j] + Σ_b x_pre[b, i]·fround(s_post[b, j]·nu₁[j]) · dt
 *
 * every product and sum rounded to float32, the batch summed from 0 in order ("mean" divides
 * by B; dt only with `dtScaled`). A separate, plain path: with every nu₀[j] and nu₁[j] equal
 * to a number, the numbers are those of the scalar nu.
 */
function perNeuronUpdate(rule: PostPre, view: SynapseView, w: Float32Array, B: number, dt: number): void {
  const c = rule.connection;
  const red = reductionOf(rule, view);
  if (typeof red === "function") throw new ValueError("PostPre.update: per-neuron nu takes the \"sum\" or \"mean\" reduction, not a custom function");
  if (!view.scalesOperand || view.copies !== undefined || c.source.n !== view.nPre || c.target.n !== view.nPost) {
    throw new ValueError(`PostPre.update: per-neuron nu needs one copy of dense or sparse weights [source.n, target.n], got ${c.constructor.name}`);
  }
  const [nu0, nu1] = rule.nuPerNeuron!;
  const nPost = view.nPost;
  const size = view.size;
  const q = new Float32Array(B * nPost);
  const per = new Float32Array(B * size);
  const acc = new Float32Array(size);
  const terms: [ArrayLike<number>, ArrayLike<number>, Float32Array, -1 | 1][] = [
    [c.source.s.to("float32").contiguousData(), c.target.x.to("float32").contiguousData(), nu0, -1],
    [c.source.x.to("float32").contiguousData(), c.target.s.to("float32").contiguousData(), nu1, 1],
  ];
  for (const [a, p, nu, sign] of terms) {
    for (let b = 0; b < B; b++) for (let j = 0; j < nPost; j++) q[b * nPost + j] = fround(nu[j]! * p[b * nPost + j]!);
    view.correlate(per, a, q, B);
    acc.fill(0);
    for (let b = 0; b < B; b++) for (let e = 0; e < size; e++) acc[e] = acc[e]! + per[b * size + e]!;
    for (let e = 0; e < size; e++) {
      let t = red === "mean" ? fround(acc[e]! / B) : acc[e]!;
      if (dt !== 1) t = fround(t * dt);
      w[e] = sign > 0 ? w[e]! + t : w[e]! - t;
    }
    view.commit?.();
  }
}
