/** The dense all-to-all connection. */
import { getBackend, kernels } from "../../backend/backend.js";
import { columnFactors, columnScratch } from "../normalize.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { Generator, rand } from "../../tensor/random.js";
import { Tensor } from "../../tensor/tensor.js";
import type { TypedArray } from "../../backend/dtype.js";
import { type SourceTraceUse, anyFinite, clampWeights, forgetWeightsInBounds } from "../learning-rule.js";
import { rescaleKeepingBounds } from "../clamp-tracker.js";
import { CSRMNodes } from "../nodes/csrm.js";
import { DenseSynapseView, type SynapseView } from "../synapse-view.js";
import { AbstractConnection, type AbstractConnectionOptions } from "./abstract-connection.js";
import { ownedScratch } from "../storage.js";

export interface ConnectionOptions extends AbstractConnectionOptions {
  /** Initial weights [source.n, target.n] (copied; clamped to the bounds if one is finite). */
  w?: Tensor | null;
  /** Bias [target.n], added to every batch row. */
  b?: Tensor | null;
  /** Generator for the random initial weights (the global one by default). */
  rng?: Generator;
}

/**
 * Where a Connection keeps `stepData`'s tensors: a symbol key, so that it is no own enumerable
 * field (saving and cloning a connection skip it).
 */
const STEP_CACHE = Symbol("stepData");
interface StepCache {
  s: Tensor | null;
  sLen: number;
  w: Tensor | null;
  wLen: number;
}

/**
 * Dense connection: input = s.view(B, −1)·w (+ b), reshaped to [B, ...target.shape], with
 * w of shape [source.n, target.n] (float32).
 *
 * Initial weights: without `w`, U[0, 1) clamped to [wmin, wmax] if either bound is infinite,
 * else wmin + U[0, 1)·(wmax − wmin); a given `w` is clamped when either bound is finite.
 *
 * The product is event-driven: only the rows of presynaptic neurons with nonzero `s` are
 * added, in increasing index order — the order the reference's `s @ w` sums in for up to 31
 * presynaptic neurons, so results are bit-identical there (above that, BLAS reorders the
 * reference's sum; differences are in the last bits).
 *
 * `normalize()` (end of every run, when `norm` is set): w ← w·(norm / Σ_pre |w|) per column,
 * with zero sums replaced by 1; the column sums use torch's summation order. For a number
 * `norm` the factor is reciprocal(colsum)·norm, which is what torch computes for
 * `number / tensor`; for a per-column `norm` tensor it is the division norm_j / colsum_j
 * (torch's `tensor / tensor`).
 *
 * @example
 * ```ts
 * import { Connection, Input, LIFNodes, PostPre, randn } from "bindsnet";
 * const source = new Input({ n: 100, traces: true });
 * const target = new LIFNodes({ n: 10, traces: true });
 * const fixed = new Connection({ source, target, w: randn([100, 10]).mul(0.1).add(0.05) });
 * const learned = new Connection({ source, target, updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1, norm: 78.4 });
 * console.log(fixed.w.shape, learned.w.shape); // [100, 10] twice
 * ```
 */
export class Connection extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "w", "b", "rng"];
  static override readonly perColumnNorm: boolean = true;
  b: Tensor | null;
  private [STEP_CACHE]?: StepCache;
  /** The sliding window of source spikes for a CSRM target ([B, W, ...source.shape]). */
  sW: Tensor | null = null;
  private sBuf = new Float32Array(0);

  constructor(opts: ConnectionOptions) {
    super(opts);
    const name = "Connection";
    const nPre = this.source.n;
    const nPost = this.target.n;
    const g = opts.rng;
    if (g !== undefined && !(g instanceof Generator)) throw new ValueError(`${name}: rng is ${fmtValue(g)}, expected a Generator`);
    for (const [k, bnd] of [["wmin", this.wmin], ["wmax", this.wmax]] as const) {
      if (bnd instanceof Tensor && bnd.numel() !== 1 && bnd.numel() !== nPre * nPost) {
        throw new ShapeError(`${name}: ${k} has shape ${fmtShape(bnd.shape)}, expected a number or [source.n=${nPre}, target.n=${nPost}]`);
      }
    }
    const given = opts.w ?? null;
    let w: Tensor;
    if (given === null) {
      w = rand([nPre, nPost], g ? { generator: g } : {});
      const infinite = !allFinite(this.wmin, true) || !allFinite(this.wmax, false);
      if (infinite) clampWeights(w, this.wmin, this.wmax);
      else {
        const d = w.data;
        const lo = bound(this.wmin);
        const hi = bound(this.wmax);
        for (let i = 0; i < d.length; i++) {
          const l = lo(i);
          d[i] = Math.fround(l + Math.fround(d[i]! * Math.fround(hi(i) - l)));
        }
      }
    } else {
      if (!(given instanceof Tensor)) throw new ValueError(`${name}: w is ${fmtValue(given)}, expected a Tensor`);
      if (given.ndim !== 2 || given.shape[0] !== nPre || given.shape[1] !== nPost) {
        throw new ShapeError(`${name}: w has shape ${fmtShape(given.shape)}, expected [source.n=${nPre}, target.n=${nPost}]`);
      }
      w = given.to("float32", true);
      if (anyFinite(this.wmin) || anyFinite(this.wmax)) clampWeights(w, this.wmin, this.wmax);
    }
    this.w = w;
    const b = opts.b ?? null;
    if (b !== null) {
      if (!(b instanceof Tensor)) throw new ValueError(`${name}: b is ${fmtValue(b)}, expected a Tensor or null`);
      if (b.numel() !== nPost) throw new ShapeError(`${name}: b has shape ${fmtShape(b.shape)}, expected [target.n=${nPost}]`);
      this.b = b.to("float32", true).reshape([nPost]);
    } else this.b = null;
  }

  /** Source spikes `d` (s's elements) as a float32 or 0/1 typed array (no copy for bool, uint8 and float32). */
  private spikeData(s: Tensor, d: TypedArray): Float32Array | Uint8Array {
    if (d instanceof Uint8Array || d instanceof Float32Array) return d;
    const n = d.length;
    if (this.sBuf.length !== n) this.sBuf = new Float32Array(n);
    if (s.dtype === "float16") this.sBuf.set(s.to("float32").contiguousData());
    else for (let i = 0; i < n; i++) this.sBuf[i] = d[i]!;
    return this.sBuf;
  }

  /**
   * `t.contiguousData()` for the spikes (slot "s") or the weights (slot "w") of a step. The
   * layout checks are skipped for the tensor seen last time in that slot whose elements were
   * then its whole storage array: a tensor's shape, strides and offset never change, so that
   * stays true while its storage array has the same length. (The checks showed in profiles of
   * small networks, run every step for the same two tensors.)
   */
  private stepData(t: Tensor, slot: "s" | "w"): TypedArray {
    const c = (this[STEP_CACHE] ??= { s: null, sLen: -1, w: null, wLen: -1 });
    const d = t.data;
    if (slot === "s" ? t === c.s && d.length === c.sLen : t === c.w && d.length === c.wLen) return d;
    const e = t.contiguousData();
    const whole = e === d;
    if (slot === "s") {
      c.s = whole ? t : null;
      c.sLen = d.length;
    } else {
      c.w = whole ? t : null;
      c.wLen = d.length;
    }
    return e;
  }

  /** The batch size of spikes `s` (`total`: s.numel() when the caller has it). */
  private batchOf(s: Tensor, total = s.numel()): number {
    const nPre = this.source.n;
    if (nPre === 0 || total % nPre !== 0) {
      throw new ShapeError(`Connection.compute: s has shape ${fmtShape(s.shape)}, expected [B, ...source.shape=${fmtShape(this.source.shape)}]`);
    }
    return total / nPre;
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const sd = this.stepData(s, "s");
    const B = this.batchOf(s, sd.length);
    const nPost = this.target.n;
    if (out.length !== B * nPost) throw new ShapeError(`Connection.compute: output holds ${out.length} values, expected ${B * nPost}`);
    const w = this.stepData(this.w, "w") as Float32Array;
    kernels().spikeMatmul(out, this.spikeData(s, sd), w, B, this.source.n, nPost);
    if (this.b !== null) {
      const bd = this.b.contiguousData();
      for (let r = 0; r < B; r++) for (let j = 0; j < nPost; j++) out[r * nPost + j] = Math.fround(out[r * nPost + j]! + bd[j]!);
    }
  }

  /** Event-driven: only the listed rows (batch size 1, 0/1 or uint8 spikes, no bias); else computeInto. */
  override computeFromSpikes(out: Float32Array, s: Tensor, list: Int32Array, k: number): boolean {
    const nPost = this.target.n;
    const sd = this.stepData(s, "s");
    if (sd instanceof Uint8Array && sd.length === this.source.n && out.length === nPost && this.b === null) {
      const w = this.stepData(this.w, "w");
      if (w instanceof Float32Array && w.length === this.source.n * nPost) {
        // list order is increasing index order: spikeMatmul's order, so the same bits
        kernels().addRows(out, null, w, sd, list, k, nPost);
        return k === 0;
      }
    }
    this.computeInto(out, s);
    return false;
  }

  /** No spikes, no bias: the event-driven product is all +0. */
  override get zeroWithoutSpikes(): boolean {
    const p = connectionProto;
    return this.b === null && this.computeFromSpikes === p.computeFromSpikes && this.computeInto === p.computeInto;
  }

  /** Propagation reads spikes only; the update reads traces as its rule declares. */
  override sourceTraceUse(learning: boolean, hasMask: boolean): SourceTraceUse {
    const p = connectionProto;
    if (this.computeInto !== p.computeInto || this.computeFromSpikes !== p.computeFromSpikes || this.compute !== p.compute || this.update !== p.update) return "always";
    return !learning || this.updateIsIdle(learning, hasMask) ? "never" : this.updateRule.sourceTraceUse;
  }

  /** The product starts from +0 and only adds, so it never yields −0 (a bias may). */
  override get mayYieldNegativeZero(): boolean {
    return this.b !== null || this.computeInto !== connectionProto.computeInto;
  }

  override compute(s: Tensor): Tensor {
    const B = this.batchOf(s);
    const out = zeros([B, ...this.target.shape]);
    this.computeInto(out.data as Float32Array, s);
    return out;
  }

  /**
   * Input for a CSRM target: shifts `s` into the window of recent source spikes and returns
   * window·w (+ b), [B, W, ...target.shape].
   */
  override computeWindow(s: Tensor): Tensor {
    const tgt = this.target;
    if (!(tgt instanceof CSRMNodes)) throw new ValueError(`Connection.computeWindow: target is ${tgt.constructor.name}, expected CSRMNodes`);
    const B = this.batchOf(s);
    const W = tgt.resWindowSteps;
    const nPre = this.source.n;
    if (this.sW === null || this.sW.shape[0] !== B || this.sW.shape[1] !== W) this.sW = zeros([B, W, ...this.source.shape]);
    const sw = this.sW.data as Float32Array;
    const sd = s.to("float32").contiguousData();
    for (let b = 0; b < B; b++) {
      const base = b * W * nPre;
      sw.copyWithin(base, base + nPre, base + W * nPre);
      sw.set(sd.subarray(b * nPre, (b + 1) * nPre), base + (W - 1) * nPre);
    }
    const out = zeros([B, W, ...tgt.shape]);
    const flat = new Tensor(sw, [B * W, nPre], "float32");
    this.computeInto(out.data as Float32Array, flat);
    return out;
  }

  // --- learning-rule support (added by the learning helper L; see src/network/synapse-view.ts)
  private view: DenseSynapseView | null = null;

  /** The synapse view learning rules update `w` through: outer products pre[i]·post[j]. */
  synapseView(): SynapseView {
    return (this.view ??= new DenseSynapseView(this, this.source.n, this.target.n, kernels));
  }

  /** Makes `w` a contiguous float32 tensor at offset 0 (for the synapse view). */
  ensureContiguousWeights(): void {
    this.w = this.w.to("float32", true);
  }
  // --- end of learning-rule support

  /** Every in-library write of this w is accounted for (see AbstractConnection). */
  override get tracksWeightBounds(): boolean {
    return true;
  }

  override normalize(): void {
    if (this.norm === null) return;
    if (!this.w.isContiguous() || this.w.offset !== 0 || this.w.dtype !== "float32") this.w = this.w.to("float32", true);
    const nPre = this.source.n;
    const nPost = this.target.n;
    const w = this.w.data as Float32Array;
    // |w| into a scratch array shared by all connections (normalize runs once per run: the
    // two passes over w are kernels, compiled code even when this method is not)
    const be = getBackend();
    let scratch = absScratch.get(be.name);
    if (scratch === undefined || scratch.length < nPre * nPost) {
      // owned by the backend object: one reused scratch in its memory (src/network/storage.ts)
      scratch = ownedScratch(be, "float32", nPre * nPost, scratch ?? null) as Float32Array;
      absScratch.set(be.name, scratch);
    }
    // eslint-disable-next-line no-restricted-syntax -- the absScratch map keeps the scratch itself alive, and the view is used in this call only
    const abs = scratch.length === nPre * nPost ? scratch : scratch.subarray(0, nPre * nPost);
    const k = be.kernels;
    k.absInto(abs, w, nPre * nPost);
    const col = k.tsum0(abs, nPre, nPost, columnScratch(nPost));
    if (this.norm instanceof Tensor) columnFactors(col, nPost, this.norm.contiguousData() as Float32Array, true);
    else columnFactors(col, nPost, Math.fround(this.norm));
    // normalisation may push weights past the bounds until the next clamp; when it does not
    // (checked as it scales), the weights stay known within them
    rescaleKeepingBounds(this, this.w, this.wmin, this.wmax, this.wmin, this.wmax, () => forgetWeightsInBounds(this), (lo, hi) => k.scaleCols(w, col, nPre, nPost, lo, hi));
  }
}

/**
 * The class's own methods, for the declared capabilities above to tell an overriding subclass
 * (bound outside the class body: a self-reference inside it makes esbuild rename the class).
 */
const connectionProto: Connection = Connection.prototype;

/** Scratch for normalize's |w| per backend (from its allocator, so wasm kernels take it in place). */
const absScratch = new Map<string, Float32Array>();

function allFinite(b: number | Tensor, lower: boolean): boolean {
  const inf = lower ? -Infinity : Infinity;
  if (typeof b === "number") return b !== inf;
  const d = b.contiguousData();
  for (let i = 0; i < d.length; i++) if (d[i] === inf) return false;
  return true;
}

function bound(b: number | Tensor): (i: number) => number {
  if (typeof b === "number" || b.numel() === 1) {
    const v = Math.fround(typeof b === "number" ? b : b.item());
    return () => v;
  }
  const d = b.contiguousData();
  return (i) => d[i]!;
}
