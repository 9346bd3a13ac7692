/** MCC PostPre: pair-based STDP on a feature's value (the rule of DiehlAndCook2015). */
import type { SourceTraceUse, SpikeEvents, UpdateOptions } from "../../network/learning-rule.js";
import { requireTraces } from "../common.js";
import { ValueError } from "../../errors.js";
import { getBackend, kernels } from "../../backend/backend.js";
import { MCCLearningRule, type MCCLearningRuleOptions, UpdateRing, checkCopies, layerData } from "./mcc-learning-rule.js";

const fround = Math.fround;

/**
 * Pair-based STDP on a MulticompartmentConnection feature. Per step, with dt the network step:
 *
 *   if nu₀ ≠ 0:  v ← v − reduce_b( s_pre[b] ⊗ (nu₀·x_post[b]) ) · dt
 *   if nu₁ ≠ 0:  v ← v + reduce_b( x_pre[b] ⊗ (nu₁·s_post[b]) ) · dt
 *
 * then the base step (decay, clamp to the feature's range). Note the dt factor the ordinary
 * PostPre does not have. A value with one copy per batch row (sparse with a batch dimension)
 * is updated per row without reduction; a sparse value keeps its pattern (absent entries stay
 * absent). The depression term visits only presynaptic neurons that spiked, the potentiation
 * term only postsynaptic neurons that spiked.
 *
 * `averageUpdate` N > 0: each term's reduced update goes into a ring buffer of N slots
 * (initially zeros); the buffer mean is applied every step with `continuesUpdate`, otherwise
 * only when the ring index wraps to 0 (every N steps).
 *
 * Both layers must record traces.
 */
export class PostPre extends MCCLearningRule {
  /** The name save files use (the ordinary rule has this JS name). */
  static readonly savedAs = "MCCPostPre";
  /** nu may be a pair of per-neuron tensors (see {@link perNeuronUpdate}). */
  static override readonly perNeuronNu: boolean = true;
  private ringPre: UpdateRing | null = null;
  private ringPost: UpdateRing | null = null;
  private delta = new Float32Array(0);
  /** Spike-list scratch of the event-driven path (from the backend's allocator). */
  private lists: { pre: Int32Array; post: Int32Array } | null = null;
  /** The record handed to the base clamp as `touched`, reused every step. */
  private touchedRecord: NonNullable<MCCLearningRule["touched"]> | null = null;

  constructor(opts: MCCLearningRuleOptions) {
    super(opts);
    const c = this.connection;
    requireTraces("PostPre", c);
    if (this.nuPerNeuron !== null && this.averageUpdate > 0) throw new ValueError("PostPre: nu is a pair of tensors with averageUpdate > 0, expected one of them (not implemented together)");
  }

  /**
   * Per-neuron nu (one rate per target neuron j): over the stored entries (i, j) of one value copy,
   *   v ← v − Σ_b s_pre[b, i]·fround(nu₀[j]·x_post[b, j]) · dt,  then  v ← v + Σ_b x_pre[b, i]·fround(nu₁[j]·s_post[b, j]) · dt
   * each product and sum rounded to float32 (the batch summed from 0, "mean" divides by B).
   * A separate, plain path; equal rates give the scalar nu's numbers.
   */
  private perNeuronUpdate(sPre: ArrayLike<number>, xPre: ArrayLike<number>, sPost: ArrayLike<number>, xPost: ArrayLike<number>, B: number): void {
    const s = this.store;
    const red = this.reduceKind();
    if (red === null || s.batch !== 1) throw new ValueError("PostPre.update: per-neuron nu takes one value copy and the \"sum\" or \"mean\" reduction");
    const [nu0, nu1] = this.nuPerNeuron!;
    const dt = fround(this.connection.dt);
    const nPre = s.nPre;
    const nPost = s.nPost;
    for (const [a, p, nu, sign] of [[sPre, xPost, nu0, -1], [xPre, sPost, nu1, 1]] as const) {
      for (let i = 0; i < nPre; i++) {
        for (let k = s.rowStart(0, i); k < s.rowEnd(0, i); k++) {
          const j = s.col(k);
          let acc = 0;
          for (let b = 0; b < B; b++) acc = fround(acc + fround(a[b * nPre + i]! * fround(nu[j]! * p[b * nPost + j]!)));
          if (red === "mean") acc = fround(acc / B);
          if (acc === 0) continue;
          const t = dt === 1 ? acc : fround(acc * dt);
          s.set(k, sign > 0 ? fround(s.get(k) + t) : fround(s.get(k) - t));
        }
      }
    }
  }

  /**
   * Without update averaging the source trace enters only the potentiation term, zero where
   * the target did not spike; averaged updates keep past terms (then "always").
   */
  get sourceTraceUse(): SourceTraceUse {
    return this.update === mccPostPreUpdate && this.averageUpdate === 0 ? "onTargetSpike" : "always";
  }

  override update(opts: UpdateOptions = {}): void {
    const c = this.connection;
    const B = this.batch();
    const src = c.source;
    const tgt = c.target;
    const sPre = layerData("PostPre", "source.s", src, src.s, B);
    const xPre = layerData("PostPre", "source.x", src, src.x, B);
    const sPost = layerData("PostPre", "target.s", tgt, tgt.s, B);
    const xPost = layerData("PostPre", "target.x", tgt, tgt.x, B);
    checkCopies("PostPre", this.store.batch, B);
    if (this.nuPerNeuron !== null) {
      this.perNeuronUpdate(sPre, xPre, sPost, xPost, B);
      super.update(opts);
      return;
    }
    const nu0 = fround(this.nu[0]);
    const nu1 = fround(this.nu[1]);
    const dt = fround(c.dt);
    const N = this.averageUpdate;
    if (N > 0) {
      const size = this.store.size;
      if (this.ringPre === null) {
        this.ringPre = new UpdateRing(N, size);
        this.ringPost = new UpdateRing(N, size);
        this.delta = new Float32Array(size);
      }
      const d = this.delta;
      if (nu0 !== 0) {
        d.fill(0);
        this.term(d, sPre, xPost, nu0, B, "pre", 1, 1);
        const m = this.ringPre.pushMean(d, d, this.continuesUpdate);
        if (m !== null) this.apply(m, -1, dt);
      }
      if (nu1 !== 0) {
        d.fill(0);
        this.term(d, xPre, sPost, nu1, B, "post", 1, 1);
        const m = this.ringPost!.pushMean(d, d, this.continuesUpdate);
        if (m !== null) this.apply(m, 1, dt);
      }
    } else if (!this.listUpdate(sPre, xPre, sPost, xPost, nu0, nu1, B, dt, opts.spikes ?? null)) {
      if (nu0 !== 0) this.term(null, sPre, xPost, nu0, B, "pre", -1, dt);
      if (nu1 !== 0) this.term(null, xPre, sPost, nu1, B, "post", 1, dt);
    }
    super.update(opts);
  }

  /**
   * The common case (one dense float32 value, batch 1, dt 1, spikes that are 0 or 1) on the
   * backend's spike-list kernels: depression w[i, :] ← w[i, :] − fround(nu₀·x_post) over the
   * spiking presynaptic rows, potentiation w[:, j] ← w[:, j] + fround(x_pre·nu₁) over the
   * spiking postsynaptic columns — the terms' arithmetic exactly (with s = 1,
   * fround(s·fround(nu·x)) is fround(nu·x), and −fround(nu₀·x) = fround(−nu₀·x)). Returns false
   * when the case does not apply (the general loops run instead).
   */
  private listUpdate(sPre: ArrayLike<number>, xPre: ArrayLike<number>, sPost: ArrayLike<number>, xPost: ArrayLike<number>, nu0: number, nu1: number, B: number, dt: number, ev: SpikeEvents | null): boolean {
    const s = this.store;
    if (B !== 1 || s.batch !== 1 || s.sparse || s.dtype !== "float32" || dt !== 1 || this.reduceKind() === null) return false;
    if (!(sPre instanceof Uint8Array) || !(sPost instanceof Uint8Array) || !(xPre instanceof Float32Array) || !(xPost instanceof Float32Array)) return false;
    const nPre = s.nPre;
    const nPost = s.nPost;
    if (this.lists === null || this.lists.pre.length < nPre || this.lists.post.length < nPost) {
      const be = getBackend();
      this.lists = { pre: be.alloc("int32", nPre) as Int32Array, post: be.alloc("int32", nPost) as Int32Array };
    }
    const K = kernels();
    // the loop's spike lists when it has them (the same indices spikeList would find), copied
    // into the rule's own lists: they are part of the rule's state (saved with a checkpoint)
    const { pre, post } = this.lists;
    let kPre = 0;
    let kPost = 0;
    if (ev !== null) {
      if (nu0 !== 0) for (kPre = 0; kPre < ev.nSource; kPre++) pre[kPre] = ev.source[kPre]!;
      if (nu1 !== 0) for (kPost = 0; kPost < ev.nTarget; kPost++) post[kPost] = ev.target[kPost]!;
    } else {
      kPre = nu0 === 0 ? 0 : K.spikeList(sPre, 0, nPre, pre);
      kPost = nu1 === 0 ? 0 : K.spikeList(sPost, 0, nPost, post);
    }
    for (let q = 0; q < kPre; q++) if (sPre[pre[q]!] !== 1) return false;
    for (let q = 0; q < kPost; q++) if (sPost[post[q]!] !== 1) return false;
    const w = s.data as Float32Array;
    // depression alone on values known in bounds: clamp each row as it is written (the clamp
    // that follows then has nothing to do)
    const fused = kPost === 0 && kPre > 0 ? this.touchedClampBounds() : null;
    if (fused !== null) K.addScaledRows(w, pre, kPre, sPre, fround(-nu0), xPost, nPost, true, fused[0], fused[1]);
    else if (kPre > 0) K.addScaledRows(w, pre, kPre, sPre, fround(-nu0), xPost, nPost, false, 0, 0);
    if (kPost > 0) K.addScaledCols(w, post, kPost, sPost, nu1, xPre, nPre, nPost);
    const t = (this.touchedRecord ??= { rows: pre, nRows: 0, cols: post, nCols: 0 });
    t.rows = pre;
    t.nRows = fused !== null ? 0 : kPre;
    t.cols = post;
    t.nCols = kPost;
    this.touched = t;
    return true;
  }

  private apply(d: Float32Array, sign: 1 | -1, dt: number): void {
    const s = this.store;
    for (let k = 0; k < s.size; k++) {
      const t = dt === 1 ? d[k]! : fround(d[k]! * dt);
      s.set(k, sign > 0 ? fround(s.get(k) + t) : fround(s.get(k) - t));
    }
  }

  /**
   * The reduced outer product reduce_b(a[b] ⊗ (nu·p[b])) per stored entry: added (sign·, ·dt)
   * to the value when `sink` is null, else stored in `sink`. `sparse` says which side is
   * spikes (terms on silent neurons are ±0 and skipped).
   */
  private term(sink: Float32Array | null, a: ArrayLike<number>, p: ArrayLike<number>, nu: number, B: number, sparse: "pre" | "post", sign: 1 | -1, dt: number): void {
    const s = this.store;
    const nPre = s.nPre;
    const nPost = s.nPost;
    const q = new Float32Array(B * nPost);
    for (let e = 0; e < B * nPost; e++) q[e] = nu * p[e]!;
    const red = this.reduceKind();
    const perBatch = s.batch > 1 || (B === 1 && red !== null);
    const put = (k: number, t: number): void => {
      if (sink !== null) sink[k] = t;
      else {
        const u = dt === 1 ? t : fround(t * dt);
        s.set(k, sign > 0 ? fround(s.get(k) + u) : fround(s.get(k) - u));
      }
    };
    const colActive = new Uint8Array(nPost);
    if (sparse === "post") for (let e = 0; e < B * nPost; e++) if (p[e] !== 0) colActive[e % nPost] = 1;
    if (!perBatch && red === null) {
      // custom reduction over the dense per-sample terms
      const terms = new Float32Array(B * nPre * nPost);
      for (let b = 0; b < B; b++) for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) terms[(b * nPre + i) * nPost + j] = a[b * nPre + i]! * q[b * nPost + j]!;
      const r = this.reduceCustom(terms, B);
      for (let i = 0; i < nPre; i++) for (let k = s.rowStart(0, i); k < s.rowEnd(0, i); k++) put(k, r[i * nPost + s.col(k)]!);
      return;
    }
    if (perBatch) {
      const copies = s.batch;
      for (let b = 0; b < B; b++) {
        if (copies === 1 && b > 0) break;
        for (let i = 0; i < nPre; i++) {
          const ai = a[b * nPre + i]!;
          if (sparse === "pre" && ai === 0) continue;
          for (let k = s.rowStart(b, i); k < s.rowEnd(b, i); k++) {
            const j = s.col(k);
            if (sparse === "post" && q[b * nPost + j] === 0) continue;
            put(k, fround(ai * q[b * nPost + j]!));
          }
        }
      }
      return;
    }
    for (let i = 0; i < nPre; i++) {
      if (sparse === "pre") {
        let any = false;
        for (let b = 0; b < B; b++) if (a[b * nPre + i] !== 0) any = true;
        if (!any) continue;
      }
      for (let k = s.rowStart(0, i); k < s.rowEnd(0, i); k++) {
        const j = s.col(k);
        if (sparse === "post" && colActive[j] === 0) continue;
        let acc = 0;
        for (let b = 0; b < B; b++) acc = fround(acc + fround(a[b * nPre + i]! * q[b * nPost + j]!));
        if (red === "mean") acc = fround(acc / B);
        put(k, acc);
      }
    }
  }
}

/** The class's own update (bound outside the class body). */
const mccPostPreUpdate = PostPre.prototype.update;
