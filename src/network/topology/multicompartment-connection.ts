/**
 * BindsNET's MulticompartmentConnection: spikes pass through a pipeline of features (weights,
 * biases, gates, ...) applied in order, then the result is summed over presynaptic neurons.
 */
import { getBackend, kernels } from "../../backend/backend.js";
import { tsum0 } from "../../backend/numerics.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { AbstractFeature } from "../features/abstract-feature.js";
import { TorchColumnSum } from "../features/torch-sum.js";
import { halfLookup } from "../features/feature-store.js";
import { f16roundArray } from "../features/half.js";
import type { SourceTraceUse, UpdateOptions } from "../learning-rule.js";
import type { Nodes } from "../nodes/nodes.js";
import { AbstractConnection } from "./abstract-connection.js";
import { checkOptions } from "../../options.js";

/** What the streamed compute needs to know about the pipeline. */
interface Plan {
  feats: AbstractFeature[];
  everyRow: boolean;
  support: AbstractFeature | undefined;
  wholeTensor: boolean;
  /** Some feature computes in half precision (the generic path runs, see halfSteps). */
  half: boolean;
}

export interface AbstractMulticompartmentConnectionOptions {
  source: Nodes;
  target: Nodes;
  /** Accepted for BindsNET compatibility and ignored (everything runs where the tensors are). */
  device?: unknown;
  /** The features, applied in order (a new list per connection; none by default). */
  pipeline?: readonly AbstractFeature[] | null;
  /**
   * The options of the features' learning rules (tcPlus, averageUpdate, ...): accepted when a
   * rule of the pipeline declares them (`optionKeys`), each rule getting the keys it declares.
   */
  [k: string]: unknown;
}

export interface MulticompartmentConnectionOptions extends AbstractMulticompartmentConnectionOptions {
  /** When true, `update` never runs the features' rules (the user calls `feature.update`). */
  manualUpdate?: boolean;
  /** When true, the last compute's output is kept in `activity`. */
  traces?: boolean;
  /**
   * Always use the reference's data flow (materialise [batch, nPre, nPost], apply the features,
   * sum), instead of streaming rows. Same bits either way; for tests and benchmarks.
   */
  materialize?: boolean;
}

/**
 * Holds the pipeline and primes its features. Fixes of the reference: the pipeline defaults
 * to a new empty list per connection (the reference shares one mutable default list, and
 * `pipeline=None` raises), `insertPipeline` works (the reference swaps list.insert's
 * arguments), duplicate feature names are rejected, and `device` is optional and ignored.
 */
export abstract class AbstractMulticompartmentConnection extends AbstractConnection {
  /** The connection's own option keys (its pipeline's rules add theirs). */
  static override readonly optionKeys: readonly string[] = ["source", "target", "device", "pipeline"];
  readonly pipeline: AbstractFeature[] = [];
  /** Features by name. */
  readonly featureIndex: Record<string, AbstractFeature> = {};
  /** The extra options, handed to every feature's learning rule. */
  readonly kwargs: Readonly<Record<string, unknown>>;

  constructor(opts: AbstractMulticompartmentConnectionOptions) {
    super({ source: opts?.source, target: opts?.target });
    const name = new.target.name;
    const own = (new.target as unknown as { optionKeys: readonly string[] }).optionKeys;
    const { source: _s, target: _t, device: _d, pipeline = null, manualUpdate: _m, traces: _tr, materialize: _ma, ...rest } = opts;
    const ruleKeys: string[] = [];
    if (Array.isArray(pipeline)) {
      for (const f of pipeline as unknown[]) {
        if (f instanceof AbstractFeature && f.learningRuleClass !== null) ruleKeys.push(...(f.learningRuleClass.optionKeys ?? []));
      }
    }
    checkOptions(name, opts, [...own, ...ruleKeys]);
    for (const k of own) delete (rest as Record<string, unknown>)[k];
    this.kwargs = Object.freeze(rest);
    // The reference has no `w`; here `w` reads the first Weight-like feature's value (a live
    // tensor for dense values, a copy when sparse), so tools that read `connection.w`
    // (monitors, the parity runner) see the learned weights.
    Object.defineProperty(this, "w", {
      configurable: true,
      enumerable: true,
      get: (): Tensor => {
        const f = this.pipeline.find((x) => x.constructor.name === "Weight") ?? this.pipeline.find((x) => x.store !== null);
        return f?.store !== null && f !== undefined ? f.value : new Tensor(new Float32Array(0), [0], "float32");
      },
      set: (_v: Tensor): void => {
        throw new ValueError(`${name}.w: cannot assign weights, expected to set a feature's value (connection.pipeline[k].value)`);
      },
    });
    if (pipeline !== null && !Array.isArray(pipeline)) throw new ValueError(`${name}: pipeline is ${fmtValue(pipeline)}, expected an array of features or null`);
    for (const f of pipeline ?? []) this.insertPipeline(f, this.pipeline.length, this.kwargs);
  }

  private checkFeature(op: string, f: unknown): AbstractFeature {
    if (!(f instanceof AbstractFeature)) throw new ValueError(`${this.constructor.name}.${op}: feature is ${fmtValue(f)}, expected a topology feature`);
    if (f.name in this.featureIndex) throw new ValueError(`${this.constructor.name}.${op}: feature name ${fmtValue(f.name)} is already in the pipeline, expected unique names`);
    return f;
  }

  /** Appends a feature and primes it. */
  appendPipeline(feature: AbstractFeature): void {
    this.insertPipeline(feature, this.pipeline.length);
  }

  /** Inserts a feature at `index` (0 = first) and primes it. */
  insertPipeline(feature: AbstractFeature, index: number, kwargs: Record<string, unknown> = this.kwargs): void {
    const f = this.checkFeature("insertPipeline", feature);
    if (!Number.isInteger(index) || index < 0 || index > this.pipeline.length) {
      throw new ValueError(`${this.constructor.name}.insertPipeline: index is ${fmtValue(index)}, expected an integer in [0, ${this.pipeline.length}]`);
    }
    f.primeFeature(this, kwargs);
    this.pipeline.splice(index, 0, f);
    this.featureIndex[f.name] = f;
    this.pipelineChanged();
  }

  /** Called after the pipeline changed (subclasses drop cached plans). */
  protected pipelineChanged(): void {}

  /** Removes a feature from the pipeline. */
  removePipeline(feature: AbstractFeature): void {
    const k = this.pipeline.indexOf(feature);
    if (k < 0) throw new ValueError(`${this.constructor.name}.removePipeline: feature ${fmtValue(feature?.name)} is not in the pipeline`);
    this.pipeline.splice(k, 1);
    delete this.featureIndex[feature.name];
    this.pipelineChanged();
  }
}

/**
 * out[b, j] = Σ_i (f_n ∘ … ∘ f_1)(c)[b, i, j] with c[b, i, j] = s[b, i], the features f in
 * pipeline order, the sum over presynaptic neurons i in torch's order (src/backend/numerics.ts
 * `tsum0`). There is no weight, bias or cast outside the pipeline: an empty pipeline yields
 * spike counts.
 *
 * Compute streams the broadcast tensor one presynaptic row at a time instead of materialising
 * `[batch, nPre, nPost]`: when every feature is a gate (Weight, Intensity, Probability, Mask), a
 * silent presynaptic neuron contributes zero and is skipped (event-driven propagation), and a
 * sparse gate contributes only its stored entries; offsets (Bias, Degradation) make every row
 * count, still without the big tensor. The sum is accumulated in torch's order with skipped
 * rows counted as zero rows, so the result has the bits of the materialised computation
 * (`materialize: true`, which features needing the whole tensor — MeanField, the adaptation
 * features — always use). Values must be finite for this equality (0·∞ is NaN there).
 *
 * Learning runs only through the features' rules, only when `update` gets `learning: true`
 * (the default here is false, as in the reference) and `manualUpdate` is false. There is no
 * mask and no Dale's rule.
 */
export class MulticompartmentConnection extends AbstractMulticompartmentConnection {
  static override readonly optionKeys: readonly string[] = ["source", "target", "device", "pipeline", "manualUpdate", "traces", "materialize"];
  readonly manualUpdate: boolean;
  readonly traces: boolean;
  materialize: boolean;
  /** The last compute's output ([B, ...target.shape]) when `traces` is on. */
  activity: Tensor | null = null;
  private sum: TorchColumnSum | null = null;
  private plan: Plan | null = null;
  private row = new Float32Array(0);
  private cols = new Int32Array(0);
  private vals = new Float32Array(0);
  /** Scratch of the event-driven torch-order sum (backend storage). */
  private rowsAcc: Float32Array<ArrayBufferLike> = new Float32Array(0);

  constructor(opts: MulticompartmentConnectionOptions) {
    super(opts);
    this.manualUpdate = opts.manualUpdate ?? false;
    this.traces = opts.traces ?? false;
    this.materialize = opts.materialize ?? false;
  }

  /** The synaptic input [B, ...target.shape] (float32) from source spikes `s` ([B, ...source.shape]). */
  compute(s: Tensor): Tensor {
    const B = this.batchOf(s);
    const out = new Float32Array(B * this.target.n);
    this.computeInto(out, s);
    return new Tensor(out, [B, ...this.target.shape], "float32");
  }

  /** The reference's data flow (materialised tensor), whatever `materialize` says. */
  computeGeneric(s: Tensor): Tensor {
    const m = this.materialize;
    this.materialize = true;
    try {
      return this.compute(s);
    } finally {
      this.materialize = m;
    }
  }

  private batchOf(s: Tensor): number {
    if (!(s instanceof Tensor)) throw new ValueError(`MulticompartmentConnection.compute: s is ${fmtValue(s)}, expected a Tensor [B, ...source.shape]`);
    const n = this.source.n;
    const B = s.ndim > 1 ? s.shape[0]! : 1;
    if (s.numel() !== B * n) throw new ShapeError(`MulticompartmentConnection.compute: s has shape ${fmtShape(s.shape)}, expected [B, ${this.source.shape.join(", ")}] (source.n = ${n})`);
    return B;
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const B = this.batchOf(s);
    const nPre = this.source.n;
    const nPost = this.target.n;
    if (out.length !== B * nPost) throw new ShapeError(`MulticompartmentConnection.compute: output buffer has ${out.length} elements, expected ${B * nPost} ([B, target.n])`);
    const sd = s.dtype === "float64" || s.dtype === "float16" || s.dtype === "int32" ? s.to("float32").contiguousData() : s.contiguousData();
    for (const f of this.pipeline) f.beginStep(B);
    const half = this.planOf().half ? this.halfSteps(s.dtype === "float32" || s.dtype === "float64") : null;
    if (this.materialize || this.planOf().wholeTensor || half !== null) this.generic(out, sd, B, nPre, nPost, half);
    else this.streamed(out, sd, B, nPre, nPost);
    for (const f of this.pipeline) f.endStep();
    if (this.traces) this.activity = new Tensor(Float32Array.from(out), [B, ...this.target.shape], "float32");
  }

  /**
   * Event-driven `computeInto` for batch size 1 given the spiking rows `list[0..k)`: the
   * streamed sum visits only those rows (same bits). No spike gives zeros; one binary spike
   * through a lone dense float32 gate gives its stored row + 0 (torch's sum of one nonzero row
   * and zero rows, whatever its order).
   */
  override computeFromSpikes(out: Float32Array, s: Tensor, list: Int32Array, k: number): boolean {
    const nPre = this.source.n;
    const nPost = this.target.n;
    if (this.materialize || this.traces || !(s instanceof Tensor) || s.numel() !== nPre || out.length !== nPost) {
      this.computeInto(out, s);
      return false;
    }
    const plan = this.planOf();
    if (plan.wholeTensor || plan.everyRow || plan.half) {
      this.computeInto(out, s);
      return false;
    }
    const sd = s.dtype === "float64" || s.dtype === "float16" || s.dtype === "int32" ? s.to("float32").contiguousData() : s.contiguousData();
    for (const f of this.pipeline) f.beginStep(1);
    const f0 = plan.feats[0];
    const lone = plan.feats.length === 1 && f0!.kind === "gate" && f0!.storedIsOperand && f0!.store?.dtype === "float32" && !f0!.store.sparse && f0!.store.batch === 1;
    let binary = lone;
    for (let q = 0; q < k && binary; q++) binary = sd[list[q]!] === 1;
    if (k === 0) out.fill(0);
    else if (binary && k === 1) {
      const w = f0!.store!.data;
      const o = list[0]! * nPost;
      for (let j = 0; j < nPost; j++) out[j] = w[o + j]! + 0;
    } else if (binary && nPost > 1) {
      // binary spikes through one dense float32 gate: the listed rows of the value, summed
      // in torch's order by the backend kernel (the streamed sum's bits)
      // (the kernel needs 4a + 20b floats for a cascade columns and b others: 20·nPost covers it)
      const need = 20 * nPost;
      if (this.rowsAcc.length !== need) this.rowsAcc = getBackend().alloc("float32", need) as Float32Array;
      kernels().torchRowsSum(out, f0!.store!.data as Float32Array, list, k, nPre, nPost, this.rowsAcc);
    } else this.streamed(out, sd, 1, nPre, nPost, list, k);
    for (const f of this.pipeline) f.endStep();
    return k === 0;
  }

  /**
   * The sum over presynaptic neurons starts from +0 accumulators and only adds (torch's
   * order or the row stream), and x + y is −0 only when both are −0: never −0.
   */
  override get mayYieldNegativeZero(): boolean {
    return this.computeInto !== multicompartmentConnectionProto.computeInto;
  }

  /** Idle when not learning (or updated manually) or every feature's update is idle, and `update` is this class's. */
  override updateIsIdle(learning: boolean, _hasMask: boolean): boolean {
    return (!learning || this.manualUpdate || this.pipeline.every((f) => f.updateIsIdle)) && this.update === multicompartmentConnectionProto.update;
  }

  /**
   * No spikes: the streamed sum is all +0, as long as no feature does something per step
   * (`stepHooksIdle`) and the pipeline is one the event-driven path takes.
   */
  override get zeroWithoutSpikes(): boolean {
    const p = multicompartmentConnectionProto;
    if (this.materialize || this.traces || this.computeFromSpikes !== p.computeFromSpikes || this.computeInto !== p.computeInto) return false;
    const plan = this.planOf();
    return !(plan.wholeTensor || plan.everyRow || plan.half) && this.pipeline.every((f) => f.stepHooksIdle);
  }

  /**
   * Propagation reads spikes only (unless `traces`); an update reads traces as its features'
   * rules declare ("always" for a rule that does not say).
   */
  override sourceTraceUse(learning: boolean, hasMask: boolean): SourceTraceUse {
    const p = multicompartmentConnectionProto;
    if (this.traces || this.computeInto !== p.computeInto || this.computeFromSpikes !== p.computeFromSpikes || this.compute !== p.compute || this.update !== p.update) return "always";
    if (this.updateIsIdle(learning, hasMask)) return "never";
    let use: SourceTraceUse = "never";
    for (const f of this.pipeline) {
      if (f.updateIsIdle) continue;
      const r = f.learningRule?.sourceTraceUse ?? "always";
      if (r === "always" || f.update !== AbstractFeature.prototype.update) return "always";
      if (r === "onTargetSpike") use = r;
    }
    return use;
  }

  protected override pipelineChanged(): void {
    this.plan = null;
  }

  /** What the streamed compute needs to know about the pipeline (cached until it changes). */
  private planOf(): Plan {
    if (this.plan === null) {
      const feats = this.pipeline.filter((f) => f.kind !== "identity");
      const everyRow = feats.some((f) => f.kind === "offset");
      const support = everyRow ? undefined : feats.find((f) => f.kind === "gate" && f.store !== null && f.store.sparse);
      this.plan = { feats, everyRow, support, wholeTensor: feats.some((f) => f.kind === "tensor"), half: feats.some((f) => f.computeDtype === "float16") };
    }
    return this.plan;
  }

  /**
   * Which features leave the pipeline's tensor in half precision, by torch's type promotion:
   * the tensor starts as the spikes' dtype (integer or bool, or float32 for float spikes); a
   * float16 feature computing in half makes an integer tensor float16; a float32 feature (or
   * one computing in float32, or one that needs the whole tensor) makes it float32 for good; a
   * bool Mask keeps it. Null when it never is half.
   */
  private halfSteps(floatSpikes: boolean): boolean[] | null {
    let cur: "int" | "f16" | "f32" = floatSpikes ? "f32" : "int";
    let any = false;
    const steps = this.pipeline.map((f) => {
      if (f.kind === "identity") return false;
      if (f.kind === "tensor") cur = "f32";
      else if (!(f.store !== null && f.store.dtype === "bool") && cur !== "f32") cur = f.computeDtype === "float16" ? "f16" : "f32";
      any ||= cur === "f16";
      return cur === "f16";
    });
    return any ? steps : null;
  }

  /**
   * Materialise c = s broadcast, apply every feature, sum over presynaptic neurons. `half[k]`:
   * after feature k, c is a float16 tensor (every element rounded to half); the sum of a half
   * tensor accumulates in float32 and is rounded to half once, as torch's CPU sum does.
   */
  private generic(out: Float32Array, sd: ArrayLike<number>, B: number, nPre: number, nPost: number, half: boolean[] | null = null): void {
    const per = nPre * nPost;
    const c = new Float32Array(B * per);
    for (let r = 0; r < B * nPre; r++) c.fill(sd[r]!, r * nPost, (r + 1) * nPost);
    for (let k = 0; k < this.pipeline.length; k++) {
      const f = this.pipeline[k]!;
      if (f.kind === "identity") continue;
      f.computeTensor(c, B, nPre, nPost);
      if (half !== null && half[k] === true) f16roundArray(c);
    }
    const col = new Float32Array(nPost);
    for (let b = 0; b < B; b++) {
      // eslint-disable-next-line no-restricted-syntax -- the view is read inside this synchronous tsum0 call only
      tsum0(c.subarray(b * per, (b + 1) * per), nPre, nPost, col);
      out.set(col, b * nPost);
    }
    // the tensor summed is half when the last feature that maps it left it half
    let last = this.pipeline.length - 1;
    while (last >= 0 && this.pipeline[last]!.kind === "identity") last--;
    if (half !== null && last >= 0 && half[last] === true) f16roundArray(out);
  }

  /** Row-by-row evaluation with the same bits as {@link generic} (see the class comment). */
  private streamed(out: Float32Array, sd: ArrayLike<number>, B: number, nPre: number, nPost: number, list: Int32Array | null = null, nList = 0): void {
    if (this.sum === null || this.sum.rows !== nPre || this.sum.cols !== nPost) {
      this.sum = new TorchColumnSum(nPre, nPost);
      this.row = new Float32Array(nPost);
      this.cols = new Int32Array(nPost);
      this.vals = new Float32Array(nPost);
    }
    const sum = this.sum;
    const row = this.row;
    const plan = this.planOf();
    const feats = plan.feats;
    const everyRow = plan.everyRow;
    const support = plan.support;
    const cols = this.cols;
    const vals = this.vals;
    for (let b = 0; b < B; b++) {
      sum.reset();
      const nRows = list === null ? nPre : nList;
      for (let q = 0; q < nRows; q++) {
        const i = list === null ? q : list[q]!;
        const sv = sd[b * nPre + i]!;
        if (sv === 0 && !everyRow) continue;
        if (support !== undefined) {
          const st = support.store!;
          if (feats.length === 1 && sv === 1 && support.storedIsOperand && st.dtype === "float32") {
            // a lone sparse float32 gate: its stored entries are the row's contributions
            sum.addSparse(i, st.colIdx!, st.data, st.rowStart(b, i), st.rowEnd(b, i));
            continue;
          }
          const k1 = st.rowEnd(b, i);
          let n = 0;
          for (let k = st.rowStart(b, i); k < k1; k++) {
            const j = st.col(k);
            let v = sv;
            for (const f of feats) v = Math.fround(v * (f === support ? f.operandAtEntry(b, i, j, k) : f.operandAt(b, i, j)));
            cols[n] = j;
            vals[n++] = v;
          }
          sum.addSparse(i, cols, vals, 0, n);
        } else if (feats.length === 1 && sv === 1 && feats[0]!.kind === "gate" && feats[0]!.storedIsOperand && feats[0]!.store?.dtype === "float32" && !feats[0]!.store.sparse) {
          // a lone dense float32 gate and a binary spike: the row's contributions are the
          // stored row itself (1·w = w), so add it without the scratch copy
          sum.addRow(i, feats[0]!.store.data, i * nPost);
        } else if (feats.length === 1 && sv === 1 && feats[0]!.kind === "gate" && feats[0]!.storedIsOperand && feats[0]!.store?.dtype === "float16" && !feats[0]!.store.sparse) {
          // a lone dense float16 gate: convert the stored row (1·w = w)
          const h = halfLookup();
          const d = feats[0]!.store.data as Uint16Array;
          const o = i * nPost;
          for (let j = 0; j < nPost; j++) row[j] = h[d[o + j]!]!;
          sum.addRow(i, row);
        } else {
          row.fill(sv);
          for (const f of feats) f.applyRow(b, i, row);
          sum.addRow(i, row);
        }
      }
      sum.finish(out, b * nPost);
    }
  }

  /** Runs every feature's rule when `learning` is true (default false) and not `manualUpdate`. */
  override update(opts: UpdateOptions = {}): void {
    if (!(opts.learning ?? false) || this.manualUpdate) return;
    for (const f of this.pipeline) f.update(opts);
  }

  /** Normalises every feature (Weight: only when its normFrequency is "sample"). */
  override normalize(): void {
    for (const f of this.pipeline) f.normalize();
  }

  override resetStateVariables(): void {
    for (const f of this.pipeline) f.resetStateVariables();
  }

  /** Bytes held by the features' values. */
  memoryBytes(): number {
    let n = 0;
    const seen = new Set<unknown>();
    for (const f of this.pipeline) {
      if (f.store === null || seen.has(f.store)) continue;
      seen.add(f.store);
      n += f.memoryBytes();
    }
    return n;
  }
}

/**
 * The class's own methods, for the declared capabilities above to tell an overriding subclass
 * (bound outside the class body: a self-reference inside it makes esbuild rename the class).
 */
const multicompartmentConnectionProto: MulticompartmentConnection = MulticompartmentConnection.prototype;
