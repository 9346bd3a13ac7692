/**
 * What the rules share: reaching a connection's synapse view, reading layer quantities as
 * flat arrays, the batch reduction (the rule's `reduction`, resolved per step), rewards.
 */
import { tsum0 } from "../backend/numerics.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { type LearningRule, meanDim, squeezeDim, sumDim } from "../network/learning-rule.js";
import type { Nodes } from "../network/nodes/nodes.js";
import { type CorrelationOptions, type SynapseView, batchSumOrder, hasSynapseView, torchBatchSum } from "../network/synapse-view.js";
import { Tensor } from "../tensor/tensor.js";

const fround = Math.fround;

/** The synapse view of the rule's connection, or a ValueError naming the connection type. */
export function viewOf(rule: string, connection: object): SynapseView {
  if (!hasSynapseView(connection)) {
    throw new ValueError(
      `${rule}: connection is a ${connection.constructor.name}, expected a connection with a synapse view (Connection, SparseConnection, Conv1d/2d/3dConnection, LocalConnection*); ${connection.constructor.name} has no weights to learn`,
    );
  }
  return connection.synapseView();
}

/**
 * A layer tensor as a flat array of numbers without copying when it already is one (bool,
 * uint8 and float32 spikes, float32 traces); other dtypes are converted to float32, as the
 * reference's `.float()` does.
 */
export function flat(t: Tensor): ArrayLike<number> {
  const dt = t.dtype;
  if (dt === "bool" || dt === "uint8" || dt === "float32") return t.contiguousData();
  return t.to("float32").contiguousData();
}

/** Throws a ValueError from `rule` unless both layers of the connection record spike traces. */
export function requireTraces(rule: string, c: { readonly source: Nodes; readonly target: Nodes }): void {
  if (!c.source.traces || !c.target.traces) {
    throw new ValueError(`${rule}: source.traces is ${c.source.traces} and target.traces is ${c.target.traces}, expected both pre- and post-synaptic nodes to record spike traces (traces: true)`);
  }
}

/** p ← p·decay + a·s, each product and (on store) the sum rounded to float32: the reward rules' traces. */
export function decayAdd(p: Float32Array, s: ArrayLike<number>, decay: number, a: number): void {
  for (let i = 0; i < p.length; i++) p[i] = fround(p[i]! * decay) + fround(a * s[i]!);
}

/** The batch size of a layer (1 before it joined a network). */
export function batchOf(layer: Nodes): number {
  return layer.batchSize ?? 1;
}

/** Checks that a layer state tensor holds batch·n values. */
export function checkState(rule: string, what: string, t: Tensor, batch: number, n: number): void {
  if (t.numel() !== batch * n) {
    throw new ShapeError(`${rule}.update: ${what} has shape ${fmtShape(t.shape)}, expected ${batch * n} values ([B=${batch}, ${n}])${t.numel() === 0 ? " (enable traces on the layer)" : ""}`);
  }
}

/**
 * The rule's reduction as the view understands it. `squeeze` (the reference's default for
 * batch size 1, chosen once at construction) becomes a sum, so a network whose batch grows
 * later keeps learning (the reference fails there); for B = 1 both are the identity. A view
 * with one weight copy per sample (`copies`) takes each copy's own term: a plain sum. (A rule
 * restored from a file written before the rules were one family may hold "sum" or "mean".)
 */
export function reductionOf(rule: LearningRule, view?: SynapseView): "sum" | "mean" | ((t: Tensor, dim: number) => Tensor) {
  if (view?.copies !== undefined) return "sum";
  const r = rule.reduction as LearningRule["reduction"] | "sum" | "mean";
  if (r === sumDim || r === squeezeDim || r === "sum") return "sum";
  if (r === meanDim || r === "mean") return "mean";
  return r;
}

/** A view with one weight copy per sample must see a batch of that many samples. */
export function checkCopies(rule: string, view: SynapseView, B: number): void {
  if (view.copies !== undefined && view.copies !== B) throw new ShapeError(`${rule}.update: the feature value has ${view.copies} batch copies, expected ${B} (the network's batch size)`);
}

/**
 * target += scale · reduce_b corr(pre_b, post_b) through the view, or, for a custom
 * reduction function, the same through per-sample correlations reduced by that function.
 */
export function addCorrelation(
  rule: LearningRule,
  view: SynapseView,
  target: Float32Array,
  pre: ArrayLike<number>,
  post: ArrayLike<number>,
  batch: number,
  opts: Omit<CorrelationOptions, "reduction">,
): void {
  const red = reductionOf(rule, view);
  if (typeof red === "string") {
    view.addCorrelation(target, pre, post, batch, { ...opts, reduction: red });
    return;
  }
  const scale = fround(opts.scale);
  const side = view.scalesOperand ? (opts.scaleSide ?? null) : null;
  let a = pre;
  let b = post;
  if (side === "pre") a = Float32Array.from(pre, (v) => scale * v);
  else if (side === "post") b = Float32Array.from(post, (v) => scale * v);
  const size = view.size;
  const per = new Float32Array(batch * size);
  view.correlate(per, a, b, batch, opts.sparse ?? null);
  const r = reduceWith(rule.constructor.name, red, per, batch, size, view.wShape);
  const sign = opts.sign === -1 ? -1 : 1;
  for (let e = 0; e < size; e++) target[e] = target[e]! + sign * (side === null ? fround(scale * r[e]!) : r[e]!);
}

/** The custom reduction of [batch, size] terms, given as [batch, ...wShape] when that is the storage's shape. */
function reduceWith(rule: string, fn: (t: Tensor, dim: number) => Tensor, per: Float32Array, batch: number, size: number, wShape?: readonly number[]): Float32Array {
  const shape = wShape !== undefined && wShape.reduce((a, b) => a * b, 1) === size ? [batch, ...wShape] : [batch, size];
  const out = fn(new Tensor(per, shape, "float32"), 0);
  if (!(out instanceof Tensor) || out.numel() !== size) {
    throw new ShapeError(`${rule}: reduction returned ${out instanceof Tensor ? `shape ${fmtShape(out.shape)}` : fmtValue(out)}, expected a Tensor of ${size} values (the batch dimension reduced)`);
  }
  return out.to("float32").contiguousData() as Float32Array;
}

/**
 * reduce_b data[b·size + e] with the rule's reduction (sum in torch's order, for the view's
 * `batchOrder` when it has one; mean = sum / B; or the rule's function). Returns `size`
 * float32 values.
 */
export function reduceBatch(rule: LearningRule, data: Float32Array, batch: number, size: number, view?: SynapseView): Float32Array {
  const red = reductionOf(rule, view);
  if (typeof red !== "string") return reduceWith(rule.constructor.name, red, data, batch, size, view?.wShape);
  const res = new Float32Array(size);
  if (view?.copies !== undefined) {
    // one weight copy per sample: only its own sample's term is non-zero
    for (let b = 0; b < batch; b++) for (let e = 0; e < size; e++) res[e] = res[e]! + data[b * size + e]!;
    return res;
  }
  if (batch === 1) {
    res.set(data.subarray(0, size));
    return res;
  }
  const order = view?.batchOrder;
  if (order) {
    for (let e = 0; e < size; e++) res[e] = torchBatchSum(data, e, size, batch, batchSumOrder(order.index[e]!, order.n));
  } else tsum0(data, batch, size, res);
  if (red === "mean") for (let e = 0; e < size; e++) res[e] = fround(res[e]! / batch);
  return res;
}

/**
 * The reward of each sample as float32: a number, or a Tensor of 1 or B values (a per-sample
 * reward; the reference cannot broadcast one against its batched eligibility).
 */
export function rewardsOf(rule: string, reward: unknown, batch: number): Float32Array {
  const out = new Float32Array(batch);
  if (typeof reward === "number") {
    out.fill(reward);
    return out;
  }
  if (reward instanceof Tensor) {
    const d = reward.to("float32").contiguousData();
    if (d.length === 1) out.fill(d[0]!);
    else if (d.length === batch) out.set(d);
    else throw new ShapeError(`${rule}.update: reward has shape ${fmtShape(reward.shape)}, expected a number, one value or [B=${batch}] values`);
    return out;
  }
  throw new ValueError(`${rule}.update: reward is ${fmtValue(reward)}, expected a number or a Tensor (pass reward to Network.run, or give the network a rewardFn)`);
}

/** A number option of a rule (positive unless `allowZero`), or a ValueError. */
export function numOpt(rule: string, opts: object, name: string, dflt: number, allowZero = false): number {
  const v = (opts as Record<string, unknown>)[name] ?? dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new ValueError(`${rule}: ${name} is ${fmtValue(v)}, expected a ${allowZero ? "non-negative" : "positive"} finite number`);
  }
  return v;
}

/** aPlus / aMinus of an update call (float32), with the reference's defaults 1 and −1. */
export function amplitudes(rule: string, opts: { readonly aPlus?: unknown; readonly aMinus?: unknown }): [number, number] {
  const ap = opts.aPlus ?? 1;
  const am = opts.aMinus ?? -1;
  for (const [k, v] of [["aPlus", ap], ["aMinus", am]] as const) {
    if (typeof v !== "number" || Number.isNaN(v)) throw new ValueError(`${rule}.update: ${k} is ${fmtValue(v)}, expected a number`);
  }
  return [fround(ap as number), fround(am as number)];
}

/** A float32 state tensor [batch, ...shape] of zeros (shape: w's when the view is dense). */
export function stateTensor(view: SynapseView, batch: number): Tensor {
  const shape = view.size === view.wShape.reduce((a, b) => a * b, 1) ? view.wShape : [view.size];
  return new Tensor(new Float32Array(batch * view.size), [batch, ...shape], "float32");
}

/**
 * Ring buffer of the last N updates (one value per weight), for the rules' `averageUpdate`
 * (BindsNET's MCC rules): the slots start as zeros.
 */
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

/** `averageUpdate` of a rule's options: a non-negative integer (0: off). */
export function averageOf(rule: string, opts: object): { n: number; continues: boolean } {
  const o = opts as { averageUpdate?: unknown; continuesUpdate?: unknown };
  const n = o.averageUpdate ?? 0;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new ValueError(`${rule}: averageUpdate is ${fmtValue(n)}, expected a non-negative integer`);
  const c = o.continuesUpdate ?? false;
  if (typeof c !== "boolean") throw new ValueError(`${rule}: continuesUpdate is ${fmtValue(c)}, expected a boolean`);
  return { n, continues: c };
}
