/**
 * The learning-rule contract between connections and rules. A rule class is handed to a
 * connection (`updateRule`), instantiated with the connection and its learning options, and
 * its `update` runs once per step while the network learns. The rules themselves live in
 * src/learning/; this file holds the base class and `NoOp`, the default, so the network layer
 * does not depend on the learning layer.
 */
import { kernels } from "../backend/backend.js";
import { subview } from "../backend/view.js";
import { tsum0 } from "../backend/numerics.js";
import { ValueError, fmtValue } from "../errors.js";
import { checkOptions } from "../options.js";
import { Tensor } from "../tensor/tensor.js";
import type { AbstractConnection } from "./topology/abstract-connection.js";

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
}

/**
 * A learning-rule class. `optionKeys` lists the options the rule reads besides connection,
 * nu, reduction and weightDecay (a connection with this rule accepts them).
 */
export type LearningRuleClass = (new (opts: LearningRuleOptions) => LearningRule) & { readonly optionKeys?: readonly string[] };

/** The options every rule accepts. */
export const BASE_RULE_KEYS: readonly string[] = ["connection", "nu", "reduction", "weightDecay"];

/** torch.sum(t, dim) in torch's summation order (float32 result). */
export function sumDim(t: Tensor, dim: number): Tensor {
  const d = dim < 0 ? dim + t.ndim : dim;
  const perm = [d, ...t.shape.map((_, i) => i).filter((i) => i !== d)];
  const moved = d === 0 ? t : t.permute(perm);
  const data = moved.to("float32").contiguousData();
  const R = t.shape[d] ?? 1;
  const rest = t.shape.filter((_, i) => i !== d);
  const C = rest.reduce((a, b) => a * b, 1);
  const out = R === 0 ? new Float32Array(C) : tsum0(data, R, C);
  return new Tensor(out, rest, "float32");
}

/** torch.mean(t, dim): the sum divided by the dimension's size. */
export function meanDim(t: Tensor, dim: number): Tensor {
  const s = sumDim(t, dim);
  const R = t.shape[dim < 0 ? dim + t.ndim : dim] ?? 1;
  const d = s.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] = Math.fround(d[i]! / R);
  return s;
}

/** torch.squeeze(t, dim) (the default reduction for batch size 1). */
export function squeezeDim(t: Tensor, dim: number): Tensor {
  return t.squeeze(dim);
}

/** True when a bound (number or tensor) has any finite element. */
export function anyFinite(b: number | Tensor): boolean {
  if (typeof b === "number") return Number.isFinite(b);
  const d = b.contiguousData();
  for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i]!)) return true;
  return false;
}

/** A bound as a clamp-kernel argument: a float32 number, or float32 values indexed like w. */
function boundArg(b: number | Tensor): { arr: Float32Array | null; v: number } {
  if (typeof b === "number") return { arr: null, v: Math.fround(b) };
  return { arr: b.to("float32").contiguousData() as Float32Array, v: 0 };
}

/** w ← min(max(w, wmin), wmax) elementwise (bounds are numbers or tensors shaped like w). */
export function clampWeights(w: Tensor, wmin: number | Tensor, wmax: number | Tensor): void {
  const d = w.data;
  const n = w.numel();
  const lo = boundArg(wmin);
  const hi = boundArg(wmax);
  if (d instanceof Float32Array && (lo.arr === null || lo.arr.length >= n) && (hi.arr === null || hi.arr.length >= n)) {
    // the backend kernel (SIMD under wasm): same comparisons, same results
    const arr = w.offset === 0 && d.length === n ? d : subview(d, w.offset, w.offset + n);
    kernels().clampRange(arr, 0, n, lo.arr, lo.v, hi.arr, hi.v);
    return;
  }
  // other dtypes, or bound tensors with fewer elements than w (only their first elements
  // bound, as before)
  for (let i = 0; i < n; i++) {
    let v = d[w.offset + i]!;
    const l = lo.arr === null ? lo.v : lo.arr[i]!;
    const h = hi.arr === null ? hi.v : hi.arr[i]!;
    if (v < l) v = l;
    if (v > h) v = h;
    d[w.offset + i] = v;
  }
}

// ---------------------------------------------------------------------------------------
// Clamping only what may have left the bounds.
//
// The base update clamps the whole weight matrix after every rule update, as the reference
// does; for a large matrix that pass dominated training time. The clamp is elementwise and
// idempotent, so after a full clamp every weight is a fixed point of it and stays one until
// something writes it. For connections that opt in (`tracksWeightBounds`: the dense
// Connection), the base update therefore remembers "every weight is within its bounds" (for
// this w tensor and these wmin/wmax objects) after a full clamp, and a rule that names the
// rows and columns it changed (`setTouchedWeights`) then gets only those clamped. Anything
// else that may write weights forgets the knowledge: assigning w, wmin or wmax (identity
// check), `normalize()`, masks and Dale's rule (AbstractConnection.update), weight decay
// unless 0 ≤ w·f stays between 0 and w inside bounds that contain 0, and
// `connection.weightsChanged()` (for users who write into w.data or into a bound tensor).
// The state lives in WeakMaps, not on the objects, so it is never saved with a network.
// ---------------------------------------------------------------------------------------

interface BoundsKnowledge {
  w: Tensor;
  wmin: number | Tensor;
  wmax: number | Tensor;
}
const inBounds = new WeakMap<AbstractConnection, BoundsKnowledge>();

/** True when every weight of `c` is known to lie within its bounds (see above). */
export function weightsKnownInBounds(c: AbstractConnection): boolean {
  const k = inBounds.get(c);
  return k !== undefined && k.w === c.w && k.wmin === c.wmin && k.wmax === c.wmax;
}

/** Forgets that the weights of `c` lie within their bounds (the next base update clamps all). */
export function forgetWeightsInBounds(c: AbstractConnection): void {
  inBounds.delete(c);
}

/** The rows and columns of w a rule's update changed this step (see `setTouchedWeights`). */
interface Touched {
  rows: Int32Array;
  nRows: number;
  cols: Int32Array;
  nCols: number;
}
const touchedOf = new WeakMap<LearningRule, Touched>();
/** The index arrays `setTouchedWeights` collects into, per rule. */
const ownTouched = new WeakMap<LearningRule, Touched>();
/** The record `setTouchedIndices` points at the caller's lists with, per rule. */
const listTouched = new WeakMap<LearningRule, Touched>();

/**
 * Declares, before `super.update(opts)`, that this step's rule update changed w [nPre, nPost]
 * only in rows where `rows` (length nPre, or [B, nPre] flattened) is non-zero and in columns
 * where `cols` (length nPost, or [B, nPost]) is non-zero; null for none. Entries outside them
 * may have changed only by adding ±0 (or become NaN), which the clamp leaves as they are.
 * The base update then clamps just those rows and columns when the rest is known to be in
 * bounds. Rules that do not call this get the full clamp.
 */
export function setTouchedWeights(rule: LearningRule, rows: ArrayLike<number> | null, nPre: number, cols: ArrayLike<number> | null, nPost: number): void {
  let t = ownTouched.get(rule);
  if (t === undefined || t.rows.length < nPre || t.cols.length < nPost) {
    t = { rows: new Int32Array(nPre), nRows: 0, cols: new Int32Array(nPost), nCols: 0 };
    ownTouched.set(rule, t);
  }
  t.nRows = collectIndices(rows, nPre, t.rows);
  t.nCols = collectIndices(cols, nPost, t.cols);
  if (touchedOf.get(rule) !== t) touchedOf.set(rule, t);
}

/**
 * `setTouchedWeights` from index lists: rows rows[0..nRows) and columns cols[0..nCols) (each
 * increasing) are the only ones this step's update changed.
 */
export function setTouchedIndices(rule: LearningRule, rows: Int32Array, nRows: number, cols: Int32Array, nCols: number, _nPre: number, _nPost: number): void {
  // the lists are read by this step's base update only: kept by reference, not copied
  let t = listTouched.get(rule);
  if (t === undefined) listTouched.set(rule, (t = { rows, nRows, cols, nCols }));
  t.rows = rows;
  t.nRows = nRows;
  t.cols = cols;
  t.nCols = nCols;
  if (touchedOf.get(rule) !== t) touchedOf.set(rule, t);
}

/** Sorted unique indices i < n with any a[b·n + i] ≠ 0, written into out; returns the count. */
function collectIndices(a: ArrayLike<number> | null, n: number, out: Int32Array): number {
  if (a === null || n === 0) return 0;
  const B = Math.floor(a.length / n);
  let k = 0;
  if (B === 1 && a instanceof Uint8Array) {
    // one sample of bool/uint8 spikes (the common case, mostly zeros): skip four zero bytes
    // at a time through a 32-bit view when the array is aligned
    let i = 0;
    if ((a.byteOffset & 3) === 0 && n >= 16) {
      // eslint-disable-next-line no-restricted-syntax -- transient: read in this loop while the caller holds a
      const words = new Uint32Array(a.buffer, a.byteOffset, n >> 2);
      for (let q = 0; q < words.length; q++) {
        if (words[q] === 0) continue;
        const e = (q << 2) + 4;
        for (let j = q << 2; j < e; j++) if (a[j] !== 0) out[k++] = j;
      }
      i = words.length << 2;
    }
    for (; i < n; i++) if (a[i] !== 0) out[k++] = i;
    return k;
  }
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let b = 0; b < B && !any; b++) any = a[b * n + i] !== 0;
    if (any) out[k++] = i;
  }
  return k;
}

/** Whether 0 lies within [wmin, wmax] for every weight (number bounds only; false for tensors). */
function zeroWithin(wmin: number | Tensor, wmax: number | Tensor): boolean {
  return typeof wmin === "number" && typeof wmax === "number" && wmin <= 0 && wmax >= 0;
}

/** Clamps rows `t.rows` and columns `t.cols` of the contiguous [nPre, nPost] float32 w. */
function clampTouched(d: Float32Array, nPre: number, nPost: number, rows: Int32Array, nRows: number, cols: Int32Array, nCols: number, wmin: number | Tensor, wmax: number | Tensor): void {
  const lo = boundArg(wmin);
  const hi = boundArg(wmax);
  const k = kernels();
  // runs of consecutive rows as one range
  for (let r = 0; r < nRows; ) {
    let e = r + 1;
    while (e < nRows && rows[e] === rows[e - 1]! + 1) e++;
    k.clampRange(d, rows[r]! * nPost, (rows[e - 1]! + 1) * nPost, lo.arr, lo.v, hi.arr, hi.v);
    r = e;
  }
  if (nCols > 0) k.clampCols(d, nPre, nPost, cols, nCols, lo.arr, lo.v, hi.arr, hi.v);
}

/**
 * Base of every learning rule. Subclasses override `update`, change `connection.w`, and call
 * `super.update(opts)` last, which applies weight decay, w ← w·(1 − weightDecay), and then
 * (for every rule except `NoOp`) clamps w to [wmin, wmax] when a bound is finite. So during a
 * run, bounds are enforced only by real rules, and a rule-less connection still decays.
 */
export abstract class LearningRule {
  /** The rule's own option keys (beyond connection, nu, reduction, weightDecay); none here. */
  static readonly optionKeys: readonly string[] = [];
  /** Whether nu may be a pair of per-neuron tensors (PostPre). */
  static readonly perNeuronNu: boolean = false;
  readonly connection: AbstractConnection;
  /** Learning rates [pre, post]. */
  nu: [number, number];
  reduction: ReductionFn;
  /** Fraction of every weight removed per update. */
  weightDecay: number;
  /** Per-neuron rates [nu₀, nu₁] (one per target neuron) when nu was given as tensors, else null. */
  readonly nuPerNeuron: [Float32Array, Float32Array] | null;

  constructor(opts: LearningRuleOptions) {
    const name = new.target.name;
    if (opts === null || typeof opts !== "object" || opts.connection === undefined) {
      throw new ValueError(`${name}: connection is missing, expected the connection the rule updates`);
    }
    checkOptions(name, opts, [...BASE_RULE_KEYS, ...((new.target as { optionKeys?: readonly string[] }).optionKeys ?? [])]);
    this.connection = opts.connection;
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
  }

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

  /** Weight decay, then the clamp to [wmin, wmax] (not for NoOp). */
  update(_opts: UpdateOptions = {}): void {
    const c = this.connection;
    const w = c.w;
    // what the rule declared for this update, consumed here (nRows −1: nothing declared; the
    // record stays for reuse)
    const t = touchedOf.get(this);
    const touchedRows = t !== undefined ? t.nRows : -1;
    if (t !== undefined) t.nRows = -1;
    if (!w || w.numel() === 0) return;
    const tracking = c.tracksWeightBounds;
    let known = tracking && weightsKnownInBounds(c);
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
        forgetWeightsInBounds(c);
      }
    }
    if (this instanceof NoOp || !(anyFinite(c.wmin) || anyFinite(c.wmax))) return;
    const d = w.data;
    if (known && t !== undefined && touchedRows >= 0 && d instanceof Float32Array && w.offset === 0 && w.ndim === 2 && d.length >= w.numel() && w.isContiguous() && boundsCover(c.wmin, w) && boundsCover(c.wmax, w)) {
      clampTouched(d, w.shape[0]!, w.shape[1]!, t.rows, touchedRows, t.cols, t.nCols, c.wmin, c.wmax);
      return;
    }
    clampWeights(w, c.wmin, c.wmax);
    if (tracking) inBounds.set(c, { w, wmin: c.wmin, wmax: c.wmax });
  }
}

/** A number, or a tensor with one bound per weight (what the touched-only clamp indexes). */
function boundsCover(b: number | Tensor, w: Tensor): boolean {
  return typeof b === "number" || b.numel() === w.numel();
}

/** The default rule: no learning (only the base weight decay). */
export class NoOp extends LearningRule {
  constructor(opts: LearningRuleOptions) {
    super(opts);
  }

  /** Without weight decay (and with the base update) an update changes nothing. */
  override get isIdle(): boolean {
    return !this.weightDecay && this.update === LearningRule.prototype.update;
  }
}

/**
 * A per-neuron nu (BindsNET's sequence of tensors, stacked): [nu₀, nu₁] as two Tensors of
 * `n` values each, or one Tensor [2, n] — one rate per postsynaptic neuron, broadcast against
 * the postsynaptic side of each update (the target trace in depression, the target spikes in
 * potentiation). Null when `nu` holds no tensor (then {@link parseNu} applies).
 */
export function parseNuPerNeuron(name: string, nu: unknown, n: number): [Float32Array, Float32Array] | null {
  let parts: unknown[] | null = null;
  if (nu instanceof Tensor) {
    if (nu.ndim !== 2 || nu.shape[0] !== 2) throw new ValueError(`${name}: nu is a Tensor of shape [${nu.shape.join(", ")}], expected [2, ${n}] (one rate per target neuron, pre and post)`);
    const d = nu.to("float32").contiguousData();
    const m = nu.shape[1]!;
    parts = [0, 1].map((k) => new Tensor(Float32Array.from({ length: m }, (_, j) => d[k * m + j]!), [m], "float32"));
  } else if (Array.isArray(nu) && nu.some((v) => v instanceof Tensor)) parts = nu;
  if (parts === null) return null;
  if (parts.length !== 2 || !parts.every((v) => v instanceof Tensor)) throw new ValueError(`${name}: nu is ${fmtValue(nu)}, expected two Tensors [pre, post] of ${n} values (or numbers)`);
  const out = parts.map((t) => {
    const d = Float32Array.from((t as Tensor).to("float32").contiguousData());
    if (d.length !== n) throw new ValueError(`${name}: nu has a Tensor of ${d.length} values, expected ${n} (one per target neuron)`);
    for (const v of d) if (!Number.isFinite(v)) throw new ValueError(`${name}: nu has ${v}, expected finite learning rates`);
    return d;
  });
  return [out[0]!, out[1]!];
}

/** nu as [pre, post]: checked once at the door (finite numbers only; NaN would spread into every weight). */
export function parseNu(name: string, nu: unknown): [number, number] {
  if (nu === undefined || nu === null) return [0, 0];
  let pair: [number, number] | null = null;
  if (typeof nu === "number") pair = [nu, nu];
  else if (Array.isArray(nu) && nu.every((v) => typeof v === "number")) {
    if (nu.length === 2) pair = [nu[0] as number, nu[1] as number];
    else if (nu.length === 1) pair = [nu[0] as number, nu[0] as number];
  }
  if (pair === null) throw new ValueError(`${name}: nu is ${fmtValue(nu)}, expected a number or a pair of numbers [pre, post]`);
  if (!Number.isFinite(pair[0]) || !Number.isFinite(pair[1])) throw new ValueError(`${name}: nu is ${fmtValue(nu)}, expected finite learning rates`);
  return pair;
}
