/**
 * BindsNET's action functions (`pipeline/action.py`): how an `EnvironmentPipeline` turns the
 * output layer's spikes into a discrete action. Each is called as `f(pipeline, { output })`
 * and returns an integer action in `0 … actionSpace.n − 1`. Randomness comes from
 * `opts.generator`, else the pipeline's seeded `generator`.
 *
 * Fixes relative to the reference (see docs/pipeline.md):
 * - `selectMultinomial` sums each population over its *neurons* (the reference slices the
 *   batch axis, so it picks action 0 whenever the layer spiked).
 * - `selectHighest` picks uniformly among *all* actions when the layer was silent (the
 *   reference's `randint(0, 1)` always gives 0).
 * - `selectHighest` and `selectFirstSpike` check that the layer has one neuron per action
 *   (the reference could return a neuron index that is not an action).
 * - All return plain numbers (the reference mixes ints and 0-d tensors).
 */
import { ValueError, fmtShape, fmtValue } from "../errors.js";
import type { Network } from "../network/network.js";
import type { Nodes } from "../network/nodes/nodes.js";
import { Generator } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";

/** What an action function reads from its pipeline (an `EnvironmentPipeline` has all of it). */
export interface ActionPipeline {
  readonly network: Network;
  readonly env: { readonly actionSpace: { readonly n: number } };
  /** `{ output: spikes [T, n] }` of the last step (float32; see EnvironmentPipeline). */
  readonly spikeRecord: Record<string, Tensor>;
  readonly generator: Generator;
}

/** Options of every action function. */
export interface ActionOptions {
  /** Name of the output layer (required). */
  output: string;
  /** Source of randomness (default: the pipeline's generator). */
  generator?: Generator;
}

/** An action function: `(pipeline, { output }) → action`. */
export type ActionFunction<P extends ActionPipeline = ActionPipeline> = (pipeline: P, opts: ActionOptions) => number;

interface Ctx {
  layer: Nodes;
  nActions: number;
  gen: Generator;
}

function context(op: string, pipeline: ActionPipeline, opts: ActionOptions): Ctx {
  if (pipeline === null || typeof pipeline !== "object" || pipeline.network === undefined || pipeline.env === undefined) {
    throw new ValueError(`${op}: pipeline is ${fmtValue(pipeline)}, expected an EnvironmentPipeline`);
  }
  const output = (opts as ActionOptions | undefined)?.output;
  if (typeof output !== "string") throw new ValueError(`${op}: output is ${fmtValue(output)}, expected the name of the output layer`);
  const layer = pipeline.network.layers[output];
  if (layer === undefined) throw new ValueError(`${op}: output is ${fmtValue(output)}, expected one of the network's layers ${fmtValue(pipeline.network.layerNames())}`);
  const nActions = pipeline.env.actionSpace?.n;
  if (typeof nActions !== "number" || !Number.isInteger(nActions) || nActions < 1) {
    throw new ValueError(`${op}: pipeline.env.actionSpace.n is ${fmtValue(nActions)}, expected a positive integer`);
  }
  const gen = opts.generator ?? pipeline.generator;
  if (!(gen instanceof Generator)) throw new ValueError(`${op}: generator is ${fmtValue(gen)}, expected a Generator`);
  return { layer, nActions, gen };
}

function oneNeuronPerAction(op: string, output: string, c: Ctx): void {
  if (c.layer.n !== c.nActions) {
    throw new ValueError(`${op}: output layer ${fmtValue(output)} has n=${c.layer.n} neurons, expected n = the ${c.nActions} actions of the environment`);
  }
}

/** Spike counts per neuron over all rows of `spikeRecord[output]` ([T, n], or [T, B, n] read as T·B rows). */
function spikeCounts(op: string, pipeline: ActionPipeline, output: string, n: number): Float64Array {
  const rec = pipeline.spikeRecord?.[output];
  if (!(rec instanceof Tensor)) {
    throw new ValueError(`${op}: pipeline.spikeRecord[${fmtValue(output)}] is ${fmtValue(rec)}, expected the output's spike record (EnvironmentPipeline's output option set to ${fmtValue(output)})`);
  }
  if (rec.ndim < 1 || rec.shape[rec.ndim - 1] !== n) throw new ValueError(`${op}: pipeline.spikeRecord[${fmtValue(output)}] has shape ${fmtShape(rec.shape)}, expected [T, ${n}]`);
  const d = rec.contiguousData();
  const counts = new Float64Array(n);
  for (let i = 0; i < d.length; i++) counts[i % n] += Number(d[i]!);
  return counts;
}

/** Index drawn with probability proportional to `w` (`w` non-negative, positive sum). */
function sample(w: ArrayLike<number>, total: number, gen: Generator): number {
  const u = gen.nextFloat64() * total;
  let acc = 0;
  let last = 0;
  for (let i = 0; i < w.length; i++) {
    if (!(w[i]! > 0)) continue;
    acc += w[i]!;
    last = i;
    if (u < acc) return i;
  }
  return last; // round-off at the top end
}

/**
 * Splits the output layer into `nActions` equal populations and draws an action with
 * probability proportional to each population's spike count at the last time step
 * (`output.s`, batch element 0); uniform when no neuron spiked.
 *
 * P(a) = Σ_{j ∈ pop(a)} s_j / Σ_j s_j.
 */
export function selectMultinomial(pipeline: ActionPipeline, opts: ActionOptions): number {
  const op = "selectMultinomial";
  const c = context(op, pipeline, opts);
  const n = c.layer.n;
  if (n % c.nActions !== 0) throw new ValueError(`${op}: output layer ${fmtValue(opts.output)} has n=${n} neurons, expected a multiple of the ${c.nActions} actions`);
  const pop = n / c.nActions;
  const s = c.layer.s.contiguousData();
  const sums = new Float64Array(c.nActions);
  let total = 0;
  for (let j = 0; j < n; j++) {
    const v = Number(s[j]!);
    sums[Math.floor(j / pop)] += v;
    total += v;
  }
  if (total === 0) return c.gen.nextBelow(c.nActions);
  return sample(sums, total, c.gen);
}

/**
 * Draws an action from the softmax of the output neurons' spike counts over the last step's
 * record: P(a) = exp(c_a) / Σ_b exp(c_b), with c = Σ_t spikeRecord[output][t]. One neuron per
 * action.
 */
export function selectSoftmax(pipeline: ActionPipeline, opts: ActionOptions): number {
  const op = "selectSoftmax";
  const c = context(op, pipeline, opts);
  oneNeuronPerAction(op, opts.output, c);
  return softmaxSample(spikeCounts(op, pipeline, opts.output, c.layer.n), c.gen);
}

/** An index drawn with probability exp(c_i) / Σ_j exp(c_j) (one draw from `gen`). */
export function softmaxSample(counts: Float64Array, gen: Generator): number {
  let max = -Infinity;
  for (const v of counts) max = Math.max(max, v);
  let total = 0;
  const p = counts.map((v) => {
    const e = Math.exp(v - max); // shifted for stability: same probabilities
    total += e;
    return e;
  });
  return sample(p, total, gen);
}

/**
 * The action whose neuron spiked most over the last step's record (the lowest index among
 * ties); uniform over all actions when the layer was silent. One neuron per action.
 */
export function selectHighest(pipeline: ActionPipeline, opts: ActionOptions): number {
  const op = "selectHighest";
  const c = context(op, pipeline, opts);
  oneNeuronPerAction(op, opts.output, c);
  const counts = spikeCounts(op, pipeline, opts.output, c.layer.n);
  let best = 0;
  for (let j = 1; j < counts.length; j++) if (counts[j]! > counts[best]!) best = j;
  if (counts[best] === 0) return c.gen.nextBelow(c.nActions);
  return best;
}

/**
 * The action whose neuron spiked first in the last step's record (the lowest index among
 * neurons spiking at that time step); 0 when the layer was silent. One neuron per action.
 */
export function selectFirstSpike(pipeline: ActionPipeline, opts: ActionOptions): number {
  const op = "selectFirstSpike";
  const c = context(op, pipeline, opts);
  oneNeuronPerAction(op, opts.output, c);
  const rec = pipeline.spikeRecord?.[opts.output];
  spikeCounts(op, pipeline, opts.output, c.layer.n); // validates the record
  const d = (rec as Tensor).contiguousData();
  const n = c.layer.n;
  for (let i = 0; i < d.length; i++) if (Number(d[i]!) !== 0) return i % n;
  return 0;
}

/** A uniformly random action (the output's spikes are not read). */
export function selectRandom(pipeline: ActionPipeline, opts: ActionOptions): number {
  const c = context("selectRandom", pipeline, opts);
  return c.gen.nextBelow(c.nActions);
}
