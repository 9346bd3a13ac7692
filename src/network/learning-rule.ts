/**
 * The learning-rule contract between connections and rules. A rule class is handed to a
 * connection (`updateRule`), instantiated with the connection and its learning options, and
 * its `update` runs once per step while the network learns. The rules themselves live in
 * src/learning/; this file holds the base class and `NoOp`, the default, so the network layer
 * does not depend on the learning layer.
 */
import { kernels } from "../backend/backend.js";
import { subview } from "../backend/view.js";
import { ValueError, fmtValue } from "../errors.js";
import { checkOptions } from "../options.js";
import { Tensor } from "../tensor/tensor.js";
import { type ClampTracker, anyFinite, boundArg, clampTouched, clampTrackerOf, clampWeights } from "./clamp-tracker.js";
import { meanDim, parseNu, parseNuPerNeuron, squeezeDim, sumDim } from "./rule-args.js";
import { type SynapseView, hasSynapseView } from "./synapse-view.js";
import type { AbstractConnection } from "./topology/abstract-connection.js";

export { anyFinite, clampWeights } from "./clamp-tracker.js";
export { meanDim, parseNu, parseNuPerNeuron, squeezeDim, sumDim } from "./rule-args.js";

/** Reduces a tensor over one dimension (the batch dimension, 0, in the rules). */
export type ReductionFn = (t: Tensor, dim: number) => Tensor;

export type Reduction = "sum" | "mean" | ReductionFn;

/** What `Network.run` passes to every connection's `update` each step. */
export interface UpdateOptions {
  /** The network's learning flag (rules run only when true). */
  learning?: boolean;
  /** Weights to zero after the update (bool/uint8, the shape of `w`). */
  mask?: Tensor | null;
  reward?: number | Tensor;
  aPlus?: number;
  aMinus?: number;
  /**
   * This step's spikes as index lists (batch size 1 only), from the simulation loop: rules
   * that run event-driven read them instead of scanning the layers' spike arrays.
   */
  spikes?: SpikeEvents | null;
}

/**
 * When a connection's run-time work reads its source layer's trace `x` (a declared
 * capability; see `AbstractConnection.sourceTraceUse`): never, only at steps where the target
 * layer spiked (batch size 1), or at any step.
 */
export type SourceTraceUse = "never" | "onTargetSpike" | "always";

/** The spike lists of one step of a connection's two layers (batch row 0; batch size 1). */
export interface SpikeEvents {
  /** Indices of the source neurons that spiked this step (increasing), `nSource` of them. */
  source: Int32Array;
  nSource: number;
  /** Indices of the target neurons that spiked this step (increasing), `nTarget` of them. */
  target: Int32Array;
  nTarget: number;
}

/**
 * The options of the library's learning rules that a connection forwards to its rule
 * (BindsNET's **kwargs). A connection accepts one only when its `updateRule` lists it in
 * `optionKeys`. A custom rule with options of its own declares them in its `optionKeys` and
 * may add their types here by declaration merging.
 */
export interface RuleOptions {
  /** MSTDP, MSTDPET: time constant of the potentiation trace (default 20). */
  tcPlus?: number;
  /** MSTDP, MSTDPET: time constant of the depression trace (default 20). */
  tcMinus?: number;
  /** MSTDPET, Rmax: time constant of the eligibility trace (default 25). */
  tcETrace?: number;
  /** Rmax: time constant of the spike-response trace (default 5; 0 for naive Hebbian). */
  tcC?: number;
  /** PostPre, MSTDP, MSTDPET: zero every weight whose sign differs from its sign when the rule was built. */
  enforcePolarity?: boolean;
  /** PostPre, MSTDP, MSTDPET: N > 0 averages each update over a ring buffer of the last N steps. */
  averageUpdate?: number;
  /** With averageUpdate: apply the buffer mean every step (true) or every N steps (false, default). */
  continuesUpdate?: boolean;
  /** PostPre: multiply the update by the network step dt (default: true on a feature, false on a connection). */
  dtScaled?: boolean;
}

export interface LearningRuleOptions {
  connection: AbstractConnection;
  /** Learning rate(s): one number for both, or [pre, post]. Default [0, 0]. */
  nu?: number | readonly number[] | readonly [Tensor, Tensor] | Tensor | null;
  /**
   * How to reduce a batched update to the weight shape: "sum", "mean" or a function. Default:
   * squeeze for batch size 1, else sum (decided when the rule is created).
   */
  reduction?: Reduction | null;
  /** Fraction of every weight removed per update (default 0). */
  weightDecay?: number;
  /**
   * The MulticompartmentConnection feature whose value the rule learns (set by the feature that
   * primes the rule; null or absent: the connection's weights).
   */
  feature?: LearningFeature | null;
}

/**
 * A learning-rule class. `optionKeys` lists the options the rule reads besides connection,
 * nu, reduction and weightDecay (a connection with this rule accepts them).
 */
export type LearningRuleClass = (new (opts: LearningRuleOptions) => LearningRule) & { readonly optionKeys?: readonly string[] };

/** The options every rule accepts. */
export const BASE_RULE_KEYS: readonly string[] = ["connection", "nu", "reduction", "weightDecay", "feature"];

/**
 * What a MulticompartmentConnection feature gives the rule that learns its value (the
 * features of src/network/features implement it). A rule attached to a feature updates the
 * feature's stored values through {@link synapseView} instead of a connection's `w`, clamps
 * to the feature's range instead of [wmin, wmax], and reads the feature's `decay` as its
 * weight decay.
 */
export interface LearningFeature {
  readonly name: string;
  /** The stored value as a synapse view (one weight per stored entry). */
  synapseView(): SynapseView;
  /** The feature's range (the bound objects: the clamp tracker compares them by identity). */
  readonly range: readonly [number | Tensor, number | Tensor];
  /** The range as clamp bounds per stored entry: numbers, or float32 arrays of `size` values. */
  clampBounds(): { lo: number | Float32Array; hi: number | Float32Array };
}

/** The option keys every rule of the PostPre / MSTDP / MSTDPET family takes (see the rules). */
export const FAMILY_RULE_KEYS: readonly string[] = ["enforcePolarity", "averageUpdate", "continuesUpdate"];

/**
 * Base of every learning rule. Subclasses override `update`, change the weights (through
 * {@link synapseView}), and call `super.update(opts)` last, which applies weight decay,
 * w ← w·(1 − weightDecay), with `enforcePolarity` zeroes every weight whose sign differs from
 * its sign when the rule was built, and then (for every rule except `NoOp`) clamps w to
 * [wmin, wmax] when a bound is finite. So during a run, bounds are enforced only by real
 * rules, and a rule-less connection still decays.
 *
 * A rule attached to a MulticompartmentConnection feature (`feature` set, by the feature that
 * primes it) does the same on the feature's value: the decay is the feature's `decay`, the
 * bounds its `range`; `NoOp` there does nothing at all, not even decay (BindsNET's MCC NoOp).
 */
export abstract class LearningRule {
  /** The rule's own option keys (beyond connection, nu, reduction, weightDecay, feature); none here. */
  static readonly optionKeys: readonly string[] = [];
  /** Whether nu may be a pair of per-neuron tensors (PostPre). */
  static readonly perNeuronNu: boolean = false;
  /** Whether the rule may learn a MulticompartmentConnection feature's value (declared capability). */
  static readonly learnsFeatures: boolean = false;
  readonly connection: AbstractConnection;
  /** The feature whose value the rule learns, or null for the connection's weights. */
  readonly feature: LearningFeature | null;
  /** Learning rates [pre, post]. */
  nu: [number, number];
  reduction: ReductionFn;
  /** Fraction of every weight removed per update. */
  weightDecay: number;
  /** Per-neuron rates [nu₀, nu₁] (one per target neuron) when nu was given as tensors, else null. */
  readonly nuPerNeuron: [Float32Array, Float32Array] | null;
  /** With `enforcePolarity`: the sign of every weight when the rule was built (storage order), else null. */
  initialSign: Int8Array | null;

  constructor(opts: LearningRuleOptions) {
    const name = new.target.name;
    if (opts === null || typeof opts !== "object" || opts.connection === undefined) {
      throw new ValueError(`${name}: connection is missing, expected the connection the rule updates`);
    }
    const keys = (new.target as { optionKeys?: readonly string[] }).optionKeys ?? [];
    checkOptions(name, opts, [...BASE_RULE_KEYS, ...keys]);
    this.connection = opts.connection;
    const feature = opts.feature ?? null;
    if (feature !== null && (new.target as { learnsFeatures?: boolean }).learnsFeatures !== true) {
      throw new ValueError(`${name}: feature is ${fmtValue(feature.name)}, expected a rule that learns feature values (NoOp, PostPre, MSTDP, MSTDPET)`);
    }
    this.feature = feature;
    this.nuPerNeuron = parseNuPerNeuron(name, opts.nu, this.connection.target?.n ?? 0);
    if (this.nuPerNeuron !== null && (new.target as { perNeuronNu?: boolean }).perNeuronNu !== true) {
      throw new ValueError(`${name}: nu is a pair of tensors, expected numbers (per-neuron nu is supported by PostPre only)`);
    }
    // with per-neuron rates, nu reads [1, 1]: each term runs, scaled by the tensors
    this.nu = this.nuPerNeuron !== null ? [1, 1] : parseNu(name, opts.nu);
    const red = opts.reduction;
    if (red === undefined || red === null) {
      this.reduction = this.connection.source.batchSize === 1 ? squeezeDim : sumDim;
    } else if (red === "sum") this.reduction = sumDim;
    else if (red === "mean") this.reduction = meanDim;
    else if (typeof red === "function") this.reduction = red;
    else throw new ValueError(`${name}: reduction is ${fmtValue(red)}, expected "sum", "mean" or a function`);
    const wd = opts.weightDecay ?? 0;
    if (typeof wd !== "number" || !Number.isFinite(wd)) throw new ValueError(`${name}: weightDecay is ${fmtValue(wd)}, expected a finite number`);
    this.weightDecay = wd;
    const ep = (opts as { enforcePolarity?: unknown }).enforcePolarity ?? false;
    if (typeof ep !== "boolean") throw new ValueError(`${name}: enforcePolarity is ${fmtValue(ep)}, expected a boolean`);
    this.initialSign = ep ? signsOf(this.weightValues()) : null;
  }

  /**
   * The synapse view the rule updates: its feature's value, or its connection's weights (a
   * ValueError naming the connection type when the connection has none).
   */
  synapseView(): SynapseView {
    if (this.feature !== null) return this.feature.synapseView();
    const c = this.connection;
    if (!hasSynapseView(c)) {
      const n = c.constructor.name;
      throw new ValueError(`${this.constructor.name}: connection is a ${n}, expected a connection with a synapse view (Connection, SparseConnection, Conv1d/2d/3dConnection, LocalConnection*); ${n} has no weights to learn`);
    }
    return c.synapseView();
  }

  /** The clamp tracker of what the rule learns (its feature, or its connection). */
  protected get clampTracker(): ClampTracker {
    return clampTrackerOf(this.feature ?? this.connection);
  }

  /**
   * Whether the clamp after this update may be restricted to what the rule declares touched
   * ({@link touchIndices}, {@link touchFromSpikes}); a rule declares nothing otherwise.
   */
  get tracksBounds(): boolean {
    return this.feature !== null || this.connection.tracksWeightBounds;
  }

  /**
   * Declares, before `super.update(opts)`, that this step's update changed the dense
   * [nPre, nPost] weights only in rows rows[0..nRows) and columns cols[0..nCols) (increasing).
   */
  protected touchIndices(rows: Int32Array, nRows: number, cols: Int32Array, nCols: number): void {
    this.clampTracker.touchIndices(rows, nRows, cols, nCols);
  }

  /** As {@link touchIndices}, from spike arrays: rows (cols) where some sample is non-zero; null for none. */
  protected touchFromSpikes(rows: ArrayLike<number> | null, nPre: number, cols: ArrayLike<number> | null, nPost: number): void {
    this.clampTracker.touchFromSpikes(rows, nPre, cols, nPost);
  }

  /**
   * The float32 bounds [lo, hi] when the base update after this step will clamp only the
   * declared rows and columns of a dense float32 [nPre, nPost] storage with number bounds and
   * change nothing else (no decay, no polarity), else null: an update that touches rows only
   * may then clamp them as it writes them (the same comparisons on the same sums) and declare
   * no touched rows.
   */
  protected fusedClampBounds(): [number, number] | null {
    if (this instanceof NoOp || this.initialSign !== null || this.weightDecayFactor !== 1) return null;
    if (this.feature !== null) {
      const f = this.feature;
      const [lo, hi] = f.range;
      const v = f.synapseView();
      if (typeof lo !== "number" || typeof hi !== "number" || v.commit !== undefined || v.copies !== undefined || v.size !== v.nPre * v.nPost) return null;
      return this.clampTracker.isKnown(v.weights(), lo, hi) ? [Math.fround(lo), Math.fround(hi)] : null;
    }
    const c = this.connection;
    const w = c.w;
    if (!c.tracksWeightBounds || typeof c.wmin !== "number" || typeof c.wmax !== "number" || !(w.data instanceof Float32Array) || w.offset !== 0 || w.ndim !== 2 || !w.isContiguous()) return null;
    return this.clampTracker.isKnown(w, c.wmin, c.wmax) ? [Math.fround(c.wmin), Math.fround(c.wmax)] : null;
  }

  /**
   * Forget that the weights are within bounds, so the next update clamps all of them. The
   * library calls it when it changes weights itself (normalisation, a feature's polarity
   * repair); call it after writing into the weights (or a feature's value) yourself.
   */
  valuesChanged(): void {
    this.clampTracker.forget();
  }

  /**
   * Resets state the reference resets with the network (called by a feature's
   * `resetStateVariables`; connections keep their rules' state, as in the reference). None here.
   */
  resetStateVariables(): void {}

  /**
   * Declared capability: true when `update` would change nothing (the simulation loop then
   * skips the call). False for every rule that learns.
   */
  get isIdle(): boolean {
    return false;
  }

  /**
   * Declared capability: when `update` reads the source layer's trace `x` ("always" unless
   * the rule knows better; see SourceTraceUse). Network.run keeps an input layer's traces
   * lazily only while every rule reading them allows it.
   */
  get sourceTraceUse(): SourceTraceUse {
    return "always";
  }

  /** The multiplier applied to w every update: 1 − weightDecay (1 when weightDecay is 0). */
  get weightDecayFactor(): number {
    return this.weightDecay ? Math.fround(1 - this.weightDecay) : 1;
  }

  /** The weights as the rule stores them, for the initial signs (storage order). */
  private weightValues(): ArrayLike<number> {
    if (this.feature !== null) return this.feature.synapseView().weights();
    const w = this.connection.w;
    return w && w.numel() > 0 ? w.contiguousData() : new Float32Array(0);
  }

  /** Weight decay, polarity, then the clamp to [wmin, wmax] (not for NoOp). */
  update(_opts: UpdateOptions = {}): void {
    if (this.feature !== null) {
      this.finishFeature(this.feature);
      return;
    }
    const c = this.connection;
    const w = c.w;
    const tracker = this.clampTracker;
    // what the rule declared for this update, consumed here
    const t = tracker.take();
    if (!w || w.numel() === 0) return;
    const tracking = c.tracksWeightBounds;
    let known = tracking && tracker.isKnown(w, c.wmin, c.wmax);
    const f = this.weightDecayFactor;
    // A factor of 0 (weightDecay = 1) is "no decay" in the reference; kept for parity.
    if (f !== 1 && f !== 0) {
      const d = w.data;
      const n = w.numel();
      if (d instanceof Float32Array) kernels().scaleInPlace(w.offset === 0 ? d : subview(d, w.offset, w.offset + n), n, f);
      else for (let i = 0; i < n; i++) d[w.offset + i] = Math.fround(d[w.offset + i]! * f);
      // w·f lies between 0 and w (inclusive) for 0 < f < 1, so bounds containing 0 still hold
      if (known && !(f > 0 && f < 1 && zeroWithin(c.wmin, c.wmax))) {
        known = false;
        tracker.forget();
      }
    }
    if (this.initialSign !== null) {
      if (!w.isContiguous() || w.offset !== 0) c.w = w.contiguous();
      polarity(c.w.data as unknown as { [k: number]: number; length: number }, this.initialSign);
      known = false;
      tracker.forget();
    }
    if (this instanceof NoOp || !(anyFinite(c.wmin) || anyFinite(c.wmax))) return;
    const ww = c.w;
    const d = ww.data;
    if (known && t !== null && d instanceof Float32Array && ww.offset === 0 && ww.ndim === 2 && d.length >= ww.numel() && ww.isContiguous() && boundsCover(c.wmin, ww) && boundsCover(c.wmax, ww)) {
      clampTouched(d, ww.shape[0]!, ww.shape[1]!, t, boundArg(c.wmin), boundArg(c.wmax));
      return;
    }
    clampWeights(ww, c.wmin, c.wmax);
    if (tracking) tracker.markKnown(ww, c.wmin, c.wmax);
  }

  /**
   * The base step on a feature's value: decay (the feature's `decay`), polarity, the clamp to
   * its range (only what the rule declared touched when the rest is known within it). Views
   * whose storage is not float32 (float16, bool) are written back after every phase, so each
   * rounds as an in-place operation on the stored dtype does.
   */
  private finishFeature(fe: LearningFeature): void {
    const tracker = this.clampTracker;
    const t = tracker.take();
    if (this instanceof NoOp) return;
    const view = fe.synapseView();
    const w = view.weights();
    const n = view.size;
    const [lo, hi] = fe.range;
    const dense = view.commit === undefined && view.copies === undefined && n === view.nPre * view.nPost;
    let known = dense && tracker.isKnown(w, lo, hi);
    const f = this.weightDecayFactor;
    if (f !== 1 && f !== 0) {
      if (view.commit === undefined) kernels().scaleInPlace(w, n, f);
      else for (let k = 0; k < n; k++) w[k] = Math.fround(w[k]! * f);
      view.commit?.();
      if (known && !(f > 0 && f < 1 && zeroWithin(lo, hi))) known = false;
    }
    if (this.initialSign !== null) {
      polarity(w, this.initialSign);
      view.commit?.();
      known = false;
    }
    if (typeof lo === "number" && typeof hi === "number" && !Number.isFinite(lo) && !Number.isFinite(hi)) return;
    const b = fe.clampBounds();
    const l = boundArg(b.lo);
    const h = boundArg(b.hi);
    if (known && t !== null) {
      clampTouched(w, view.nPre, view.nPost, t, l, h);
      return;
    }
    kernels().clampRange(w, 0, n, l.arr, l.v, h.arr, h.v);
    view.commit?.();
    if (dense && this.initialSign === null) tracker.markKnown(w, lo, hi);
    else tracker.forget();
  }
}

/** Int8 signs of values (storage order). */
function signsOf(v: ArrayLike<number>): Int8Array {
  const s = new Int8Array(v.length);
  for (let k = 0; k < v.length; k++) s[k] = Math.sign(v[k]!);
  return s;
}

/** Zeroes every value whose sign differs from its recorded initial sign. */
function polarity(w: { [k: number]: number; length: number }, sign: Int8Array): void {
  const n = Math.min(w.length, sign.length);
  for (let k = 0; k < n; k++) if (Math.sign(w[k]!) !== sign[k]) w[k] = 0;
}

/** Whether 0 lies within [wmin, wmax] for every weight (number bounds only; false for tensors). */
function zeroWithin(wmin: number | Tensor, wmax: number | Tensor): boolean {
  return typeof wmin === "number" && typeof wmax === "number" && wmin <= 0 && wmax >= 0;
}

/** A number, or a tensor with one bound per weight (what the touched-only clamp indexes). */
function boundsCover(b: number | Tensor, w: Tensor): boolean {
  return typeof b === "number" || b.numel() === w.numel();
}

/** True when every weight of `c` is known to lie within its bounds (see src/network/clamp-tracker.ts). */
export function weightsKnownInBounds(c: AbstractConnection): boolean {
  return clampTrackerOf(c).isKnown(c.w, c.wmin, c.wmax);
}

/** Forgets that the weights of `c` lie within their bounds (the next base update clamps all). */
export function forgetWeightsInBounds(c: AbstractConnection): void {
  clampTrackerOf(c).forget();
}

/**
 * The default rule: no learning. On a connection it still applies the base weight decay; on
 * a feature it does nothing at all (BindsNET's MCC NoOp).
 */
export class NoOp extends LearningRule {
  static override readonly learnsFeatures: boolean = true;

  constructor(opts: LearningRuleOptions) {
    super(opts);
  }

  /** Without weight decay, or on a feature (and with the base update) an update changes nothing. */
  override get isIdle(): boolean {
    return (this.feature !== null || !this.weightDecay) && this.update === LearningRule.prototype.update;
  }
}
