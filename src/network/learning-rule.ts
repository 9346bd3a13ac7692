/**
 * The learning-rule contract between connections and rules. A rule class is handed to a
 * connection (`updateRule`), instantiated with the connection and its learning options, and
 * its `update` runs once per step while the network learns. The rules themselves live in
 * src/learning/; this file holds the base class and `NoOp`, the default, so the network layer
 * does not depend on the learning layer.
 */
import { tsum0 } from "../backend/js/fmath.js";
import { ValueError, fmtValue } from "../errors.js";
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
  [k: string]: unknown;
}

export interface LearningRuleOptions {
  connection: AbstractConnection;
  /** Learning rate(s): one number for both, or [pre, post]. Default [0, 0]. */
  nu?: number | readonly number[] | null;
  /**
   * How to reduce a batched update to the weight shape: "sum", "mean" or a function. Default:
   * squeeze for batch size 1, else sum (decided when the rule is created).
   */
  reduction?: Reduction | null;
  /** Fraction of every weight removed per update (default 0). */
  weightDecay?: number;
  [k: string]: unknown;
}

export type LearningRuleClass = new (opts: LearningRuleOptions) => LearningRule;

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

/** w ← min(max(w, wmin), wmax) elementwise (bounds are numbers or tensors shaped like w). */
export function clampWeights(w: Tensor, wmin: number | Tensor, wmax: number | Tensor): void {
  const d = w.data;
  const n = w.numel();
  const lo = typeof wmin === "number" ? null : wmin.to("float32").contiguousData();
  const hi = typeof wmax === "number" ? null : wmax.to("float32").contiguousData();
  const l0 = typeof wmin === "number" ? Math.fround(wmin) : 0;
  const h0 = typeof wmax === "number" ? Math.fround(wmax) : 0;
  for (let i = 0; i < n; i++) {
    let v = d[w.offset + i]!;
    const l = lo === null ? l0 : lo[i]!;
    const h = hi === null ? h0 : hi[i]!;
    if (v < l) v = l;
    if (v > h) v = h;
    d[w.offset + i] = v;
  }
}

/**
 * Base of every learning rule. Subclasses override `update`, change `connection.w`, and call
 * `super.update(opts)` last, which applies weight decay, w ← w·(1 − weightDecay), and then
 * (for every rule except `NoOp`) clamps w to [wmin, wmax] when a bound is finite. So during a
 * run, bounds are enforced only by real rules, and a rule-less connection still decays.
 */
export abstract class LearningRule {
  readonly connection: AbstractConnection;
  /** Learning rates [pre, post]. */
  nu: [number, number];
  reduction: ReductionFn;
  /** Fraction of every weight removed per update. */
  weightDecay: number;

  constructor(opts: LearningRuleOptions) {
    const name = new.target.name;
    if (opts === null || typeof opts !== "object" || opts.connection === undefined) {
      throw new ValueError(`${name}: connection is missing, expected the connection the rule updates`);
    }
    this.connection = opts.connection;
    this.nu = parseNu(name, opts.nu);
    const red = opts.reduction;
    if (red === undefined || red === null) {
      this.reduction = this.connection.source.batchSize === 1 ? squeezeDim : sumDim;
    } else if (red === "sum") this.reduction = sumDim;
    else if (red === "mean") this.reduction = meanDim;
    else if (typeof red === "function") this.reduction = red;
    else throw new ValueError(`${name}: reduction is ${fmtValue(red)}, expected "sum", "mean" or a function`);
    const wd = opts.weightDecay ?? 0;
    if (typeof wd !== "number" || Number.isNaN(wd)) throw new ValueError(`${name}: weightDecay is ${fmtValue(wd)}, expected a number`);
    this.weightDecay = wd;
  }

  /** The multiplier applied to w every update: 1 − weightDecay (1 when weightDecay is 0). */
  get weightDecayFactor(): number {
    return this.weightDecay ? Math.fround(1 - this.weightDecay) : 1;
  }

  /** Weight decay, then the clamp to [wmin, wmax] (not for NoOp). */
  update(_opts: UpdateOptions = {}): void {
    const c = this.connection;
    const w = c.w;
    if (!w || w.numel() === 0) return;
    const f = this.weightDecayFactor;
    // A factor of 0 (weightDecay = 1) is "no decay" in the reference; kept for parity.
    if (f !== 1 && f !== 0) {
      const d = w.data;
      const n = w.numel();
      for (let i = 0; i < n; i++) d[w.offset + i] = Math.fround(d[w.offset + i]! * f);
    }
    if (!(this instanceof NoOp) && (anyFinite(c.wmin) || anyFinite(c.wmax))) clampWeights(w, c.wmin, c.wmax);
  }
}

/** The default rule: no learning (only the base weight decay). */
export class NoOp extends LearningRule {
  constructor(opts: LearningRuleOptions) {
    super(opts);
  }
}

function parseNu(name: string, nu: number | readonly number[] | null | undefined): [number, number] {
  if (nu === undefined || nu === null) return [0, 0];
  if (typeof nu === "number") return [nu, nu];
  if (Array.isArray(nu) && nu.every((v) => typeof v === "number")) {
    if (nu.length === 2) return [nu[0]!, nu[1]!];
    if (nu.length === 1) return [nu[0]!, nu[0]!];
  }
  throw new ValueError(`${name}: nu is ${fmtValue(nu)}, expected a number or a pair of numbers [pre, post]`);
}
