/**
 * Base of the learning rules of MulticompartmentConnection features (BindsNET's
 * `MCC_learning.MCC_LearningRule`). A rule updates its feature's stored value in place.
 */
import { ShapeError, ValueError, fmtValue } from "../../errors.js";
import type { AbstractFeature, FeatureLearningRule, FeatureRuleOptions, RangeBound } from "../../network/features/abstract-feature.js";
import type { FeatureStore } from "../../network/features/feature-store.js";
import { type Reduction, type UpdateOptions, parseNuPerNeuron } from "../../network/learning-rule.js";
import type { Nodes } from "../../network/nodes/nodes.js";
import type { AbstractMulticompartmentConnection } from "../../network/topology/multicompartment-connection.js";
import { Tensor } from "../../tensor/tensor.js";
import { kernels } from "../../backend/backend.js";
import { checkOptions } from "../../options.js";

const fround = Math.fround;

/** Options of every MCC rule: the feature's (see {@link FeatureRuleOptions}) plus the connection's extras. */
export interface MCCLearningRuleOptions extends FeatureRuleOptions {
  /** Zero every entry whose sign differs from its sign when the rule was built. */
  enforcePolarity?: boolean;
  /** N > 0: average each update over a ring buffer of N steps (see the rules). */
  averageUpdate?: number;
  /** With averageUpdate: apply the buffer mean every step (true) or every N steps (false). */
  continuesUpdate?: boolean;
}

/** What a feature hands to every MCC rule's constructor (besides the rule's own `optionKeys`). */
export const MCC_FEATURE_KEYS: readonly string[] = ["connection", "feature", "featureValue", "range", "nu", "reduction", "decay"];

/**
 * Common state and the end-of-update step of the MCC rules:
 *
 *   v ← v·(1 − decay);  (enforcePolarity) v[sign(v) ≠ sign(v₀)] ← 0;  v ← clamp(v, min, max)
 *
 * (the clamp is skipped by NoOp, which does nothing at all). `nu` defaults to [0.2, 0.1]
 * (the ordinary rules default to [0, 0]); a number gives [nu, nu]. The reduction over the
 * batch is "sum" by default (the reference's construction-order choice between squeeze and
 * sum gives the same numbers whenever it works), "mean", or a function (t, dim) → Tensor.
 */
export abstract class MCCLearningRule implements FeatureLearningRule {
  /** Marks MCC rule classes (features accept only these). */
  static readonly isMCCRule = true;
  /**
   * The rule's own option keys (beyond what the feature hands over: connection, feature,
   * featureValue, range, nu, reduction, decay). A MulticompartmentConnection or feature with
   * this rule accepts them and passes them on; a subclass with options of its own extends it.
   */
  static readonly optionKeys: readonly string[] = ["enforcePolarity", "averageUpdate", "continuesUpdate"];
  readonly connection: AbstractMulticompartmentConnection;
  readonly feature: AbstractFeature;
  readonly store: FeatureStore;
  readonly min: RangeBound;
  readonly max: RangeBound;
  nu: [number, number];
  /** Per-neuron rates [nu₀, nu₁] (one per target neuron) when nu was given as tensors, else null. */
  readonly nuPerNeuron: [Float32Array, Float32Array] | null;
  /** Whether nu may be a pair of per-neuron tensors (MCC PostPre). */
  static readonly perNeuronNu: boolean = false;
  readonly reduction: Reduction;
  readonly decayFactor: number;
  readonly enforcePolarity: boolean;
  private readonly initialSign: Int8Array | null;
  readonly averageUpdate: number;
  readonly continuesUpdate: boolean;
  protected readonly isNoOp: boolean = false;

  constructor(opts: MCCLearningRuleOptions) {
    const name = new.target.name;
    if (opts === null || typeof opts !== "object" || opts.featureValue === undefined || opts.connection === undefined) {
      throw new ValueError(`${name}: options are ${fmtValue(opts)}, expected { connection, feature, featureValue, ... } (rules are built by features)`);
    }
    checkOptions(name, opts, [...MCC_FEATURE_KEYS, ...((new.target as { optionKeys?: readonly string[] }).optionKeys ?? [])]);
    this.connection = opts.connection;
    this.feature = opts.feature;
    this.store = opts.featureValue;
    const range = opts.range ?? [-1, 1];
    this.min = range[0];
    this.max = range[1];
    const nu = opts.nu ?? [0.2, 0.1];
    this.nuPerNeuron = parseNuPerNeuron(name, nu, this.connection.target.n);
    if (this.nuPerNeuron !== null && (new.target as { perNeuronNu?: boolean }).perNeuronNu !== true) {
      throw new ValueError(`${name}: nu is a pair of tensors, expected numbers (per-neuron nu is supported by MCC PostPre only)`);
    }
    if (this.nuPerNeuron !== null) this.nu = [1, 1];
    else if (typeof nu === "number") this.nu = [nu, nu];
    else if (Array.isArray(nu) && nu.length === 2 && typeof nu[0] === "number" && typeof nu[1] === "number") this.nu = [nu[0], nu[1]];
    else throw new ValueError(`${name}: nu is ${fmtValue(nu)}, expected a number or [pre, post]`);
    this.reduction = opts.reduction ?? "sum";
    const decay = opts.decay ?? 0;
    this.decayFactor = decay ? fround(1 - decay) : 1;
    this.enforcePolarity = opts.enforcePolarity ?? false;
    if (this.enforcePolarity) {
      const s = this.store;
      this.initialSign = new Int8Array(s.size);
      for (let k = 0; k < s.size; k++) this.initialSign[k] = Math.sign(s.get(k));
    } else this.initialSign = null;
    const avg = opts.averageUpdate ?? 0;
    if (!Number.isInteger(avg) || avg < 0) throw new ValueError(`${name}: averageUpdate is ${fmtValue(avg)}, expected a non-negative integer`);
    this.averageUpdate = avg;
    this.continuesUpdate = opts.continuesUpdate ?? false;
  }

  /**
   * Whether every value is known to be within [min, max] (after a full clamp, until something
   * else may have moved values: see `valuesChanged`). Only tracked for one dense float32 value
   * with number bounds, no decay and no polarity enforcement.
   */
  private inBounds = false;
  /**
   * Rows and columns the rule's last update changed (set by an event-driven update, consumed
   * by the clamp that follows): with `inBounds`, only they can have left the bounds.
   */
  protected touched: { rows: Int32Array; nRows: number; cols: Int32Array; nCols: number } | null = null;

  /**
   * Forget that the values are within bounds, so the next update clamps all of them. The
   * features call it when they change values themselves (normalisation, polarity repair);
   * call it after writing into a feature's value yourself.
   */
  valuesChanged(): void {
    this.inBounds = false;
  }

  /**
   * The float32 bounds when the clamp after this step's update will only clamp the touched
   * rows and columns (values known in bounds, number bounds, no decay or polarity), else
   * null: an event-driven update that touches rows only may then clamp them as it writes
   * them (the same comparisons on the same sums) and report no touched rows.
   */
  protected touchedClampBounds(): readonly [number, number] | null {
    if (this.isNoOp || !this.inBounds || this.decayFactor !== 1 || this.initialSign !== null) return null;
    const lo = this.min;
    const hi = this.max;
    const s = this.store;
    if (typeof lo !== "number" || typeof hi !== "number" || s.sparse || s.dtype !== "float32" || s.batch !== 1) return null;
    const b = (this.boundsF32 ??= [fround(lo), fround(hi)]);
    if (b[0] !== fround(lo) || b[1] !== fround(hi)) this.boundsF32 = [fround(lo), fround(hi)];
    return this.boundsF32;
  }
  private boundsF32: [number, number] | null = null;

  /** Decay, polarity, then the clamp to the feature's range (see the class comment). */
  update(_opts: UpdateOptions = {}): void {
    const s = this.store;
    const n = s.size;
    const touched = this.touched;
    this.touched = null;
    if (this.decayFactor !== 1) for (let k = 0; k < n; k++) s.set(k, fround(s.get(k) * this.decayFactor));
    if (this.initialSign !== null) {
      for (let k = 0; k < n; k++) if (Math.sign(s.get(k)) !== this.initialSign[k]) s.set(k, 0);
    }
    if (this.isNoOp) return;
    const lo = this.min;
    const hi = this.max;
    const trackable = this.decayFactor === 1 && this.initialSign === null && typeof lo === "number" && typeof hi === "number" && !s.sparse && s.dtype === "float32" && s.batch === 1;
    if (trackable && this.inBounds && touched !== null) {
      // untouched values were within bounds and did not change: clamping the touched rows and
      // columns gives the full clamp's values
      const K = kernels();
      const w = s.data as Float32Array;
      if (touched.nRows > 0) K.clampRows(w, touched.rows, touched.nRows, s.nPost, fround(lo), fround(hi));
      if (touched.nCols > 0) K.clampCols(w, s.nPre, s.nPost, touched.cols, touched.nCols, null, fround(lo), null, fround(hi));
      return;
    }
    this.clamp();
    this.inBounds = trackable;
  }

  private clamp(): void {
    const s = this.store;
    const lo = this.min;
    const hi = this.max;
    if (typeof lo === "number" && typeof hi === "number" && !Number.isFinite(lo) && !Number.isFinite(hi)) return;
    const lod = typeof lo === "number" ? null : lo.to("float32").contiguousData();
    const hid = typeof hi === "number" ? null : hi.to("float32").contiguousData();
    const l0 = typeof lo === "number" ? fround(lo) : 0;
    const h0 = typeof hi === "number" ? fround(hi) : 0;
    if (lod === null && hid === null && !s.sparse && s.dtype === "float32") {
      // one pass of the backend's clamp kernel (the same comparisons: v < l → l, then v > h → h;
      // min < max is checked when the feature is built, so the two orders agree)
      kernels().clampRange(s.data as Float32Array, 0, s.size, null, l0, null, h0);
      return;
    }
    const per = s.nPre * s.nPost;
    for (let b = 0; b < s.batch; b++) {
      for (let i = 0; i < s.nPre; i++) {
        for (let k = s.rowStart(b, i); k < s.rowEnd(b, i); k++) {
          const e = i * s.nPost + s.col(k);
          const l = lod === null ? l0 : lod[e % lod.length]!;
          const h = hid === null ? h0 : hid[(e % per) % hid.length]!;
          const v = s.get(k);
          if (v < l) s.set(k, l);
          else if (v > h) s.set(k, h);
        }
      }
    }
  }

  /** value[k] ← value[k] + scale·u[k] (`scale` null: + u[k]), each product and sum rounded to float32. */
  protected addToValue(u: ArrayLike<number>, scale: number | null): void {
    const s = this.store;
    for (let k = 0; k < s.size; k++) s.set(k, fround(s.get(k) + (scale === null ? u[k]! : fround(scale * u[k]!))));
  }

  /** Resets rule state (none by default). */
  resetStateVariables(): void {}

  /** The batch size of the connection's source (1 before it joined a network). */
  protected batch(): number {
    return this.connection.source.batchSize ?? 1;
  }

  /**
   * For a shared value, the batch reduction of per-sample terms term(b) for one entry, summed
   * from zero in batch order (or averaged); `null` means a custom reduction (see reduceCustom).
   */
  protected reduceKind(): "sum" | "mean" | null {
    const r = this.reduction;
    return r === "sum" || r === "mean" ? r : null;
  }

  /**
   * A custom reduction: `terms` holds [B, nPre, nPost] (dense, float32) per-sample updates;
   * returns the reduced [nPre·nPost] update.
   */
  protected reduceCustom(terms: Float32Array, B: number): Float32Array {
    const s = this.store;
    const fn = this.reduction as (t: Tensor, dim: number) => Tensor;
    const r = fn(new Tensor(terms, [B, s.nPre, s.nPost], "float32"), 0);
    if (!(r instanceof Tensor) || r.numel() !== s.nPre * s.nPost) {
      throw new ShapeError(`${this.constructor.name}.update: the reduction returned ${r instanceof Tensor ? `shape [${r.shape.join(", ")}]` : fmtValue(r)}, expected ${s.nPre * s.nPost} values ([nPre, nPost])`);
    }
    return r.to("float32").contiguousData() as Float32Array;
  }
}

/** A layer's spikes or traces as numbers, checked to hold batch·n values. */
export function layerData(rule: string, what: string, layer: Nodes, t: Tensor, B: number): ArrayLike<number> {
  if (t.numel() !== B * layer.n) {
    throw new ShapeError(`${rule}.update: ${what} has ${t.numel()} values, expected ${B * layer.n} ([B=${B}, ${layer.n}])${t.numel() === 0 ? " (enable traces on the layer)" : ""}`);
  }
  const dt = t.dtype;
  return dt === "bool" || dt === "uint8" || dt === "float32" ? t.contiguousData() : t.to("float32").contiguousData();
}

/** Ring buffer of the last N updates (one value per storage index), for `averageUpdate`. */
export class UpdateRing {
  private readonly slots: Float32Array[];
  private idx = 0;

  constructor(
    readonly n: number,
    readonly size: number,
  ) {
    this.slots = Array.from({ length: n }, () => new Float32Array(size));
  }

  /** Stores `u` in the current slot and advances; returns true when the index wrapped to 0. */
  push(u: Float32Array): boolean {
    this.slots[this.idx]!.set(u);
    this.idx = (this.idx + 1) % this.n;
    return this.idx === 0;
  }

  /**
   * Pushes `u`, then returns the mean (into `out`, which may be `u`) when it is due for
   * `averageUpdate`: after every push with `continues`, else when the index wrapped; else null.
   */
  pushMean(u: Float32Array, out: Float32Array, continues: boolean): Float32Array | null {
    const wrapped = this.push(u);
    return continues || wrapped ? this.mean(out) : null;
  }

  /** The mean over the slots (summed in slot order), into `out`. */
  mean(out: Float32Array): Float32Array {
    out.fill(0);
    for (const s of this.slots) for (let k = 0; k < this.size; k++) out[k] = out[k]! + s[k]!;
    for (let k = 0; k < this.size; k++) out[k] = out[k]! / this.n;
    return out;
  }
}

/** A value with one copy per batch row must have as many copies as the batch has rows. */
export function checkCopies(rule: string, copies: number, B: number): void {
  if (copies > 1 && copies !== B) throw new ShapeError(`${rule}.update: the feature value has ${copies} batch copies, expected ${B} (the network's batch size)`);
}
