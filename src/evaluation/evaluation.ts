/**
 * BindsNET's `bindsnet/evaluation/evaluation.py`: label assignment of excitatory neurons and
 * the voting schemes that turn a spike record into class predictions.
 *
 * Spike records are `[nSamples, time, nNeurons]` (bool, uint8 or float; sparse records are
 * densified). Ties are broken towards the lowest label everywhere (torch's `max`/`argmax`
 * do so on CPU; its descending `sort` does not promise it, so `allActivity` and
 * `proportionWeighting` pick the lowest label by choice). Arithmetic is float32 like the
 * reference. Unlike the reference, no function mutates its arguments: `assignLabels`
 * returns new `rates`, `updateNgramScores` returns a new map.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { SparseCOOTensor, SparseCSRTensor, type SparseTensor, Tensor, tensor, toDense, zeros } from "../tensor/index.js";

const f32 = Math.fround;

/** A spike record: a dense tensor or a sparse one (densified on use). */
export type SpikeRecord = Tensor | SparseTensor;

function dense(op: string, arg: string, t: unknown): Tensor {
  if (t instanceof SparseCOOTensor || t instanceof SparseCSRTensor) return toDense(t);
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(t)}, expected a Tensor`);
  return t;
}

function nonNegInt(op: string, arg: string, v: unknown, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected an integer >= ${min}`);
  }
  return v;
}

/** Checks a `[nSamples, time, nNeurons]` record and returns it with its spike counts summed over time, `[nSamples, nNeurons]` (float64 exact integers / float32 sums). */
function spikeCounts(op: string, spikes: unknown): { counts: Float64Array; nSamples: number; nNeurons: number } {
  const s = dense(op, "spikes", spikes);
  if (s.ndim !== 3) throw new ShapeError(`${op}: spikes has shape ${fmtShape(s.shape)}, expected 3 dims [nSamples, time, nNeurons]`);
  const [nSamples, T, nNeurons] = s.shape as [number, number, number];
  const v = s.dtype === "float16" || s.dtype === "bool" ? s.toFlatArray() : s.contiguousData();
  const counts = new Float64Array(nSamples * nNeurons);
  for (let b = 0; b < nSamples; b++) {
    for (let t = 0; t < T; t++) {
      const base = (b * T + t) * nNeurons;
      for (let n = 0; n < nNeurons; n++) counts[b * nNeurons + n] = f32(counts[b * nNeurons + n]! + Number(v[base + n]!));
    }
  }
  return { counts, nSamples, nNeurons };
}

/** Integer class labels `[n]` as numbers, each checked to lie in `[0, nLabels)`. */
function labelValues(op: string, arg: string, labels: unknown, n: number, nLabels: number, allowMinusOne = false): number[] {
  const t = labels instanceof Tensor ? labels : Array.isArray(labels) ? tensor(labels as number[], { dtype: "float64" }) : null;
  if (t === null) throw new ValueError(`${op}: ${arg} is ${fmtValue(labels)}, expected a Tensor or an array of integers`);
  if (t.ndim !== 1 || t.shape[0] !== n) throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(t.shape)}, expected [${n}]`);
  const vals = t.toFlatArray();
  for (const v of vals) {
    if (!Number.isInteger(v) || v >= nLabels || v < (allowMinusOne ? -Infinity : 0)) {
      throw new ValueError(`${op}: ${arg} holds ${v}, expected integers in [${allowMinusOne ? "" : "0, "}${nLabels})${allowMinusOne ? " (negative = unassigned)" : ""}`);
    }
  }
  return vals;
}

/** Index of the largest value, the lowest index on ties; NaN never wins. */
function argmaxLowest(a: ArrayLike<number>, start: number, len: number): number {
  let best = 0;
  let bv = -Infinity;
  let found = false;
  for (let i = 0; i < len; i++) {
    const v = a[start + i]!;
    if (!found ? !Number.isNaN(v) : v > bv) {
      best = i;
      bv = v;
      found = true;
    }
  }
  return best;
}

/** Result of {@link assignLabels}. */
export interface LabelAssignment {
  /** `[nNeurons]` int32: the label each neuron responds to most (proportionally). */
  assignments: Tensor;
  /** `[nNeurons, nLabels]` float32: each neuron's rates normalised to sum 1 (0 for silent neurons). */
  proportions: Tensor;
  /** `[nNeurons, nLabels]` float32: mean spike count per sample of each label, accumulated. */
  rates: Tensor;
}

/**
 * Assigns each neuron the label for which its mean spike count is highest.
 *
 * With `c[s, n] = Σ_t spikes[s, t, n]` and `N_i` samples of label i (labels with `N_i = 0`
 * leave their column unchanged):
 * `rates[n, i] = alpha·rates₀[n, i] + Σ_{s: label s = i} c[s, n] / N_i`,
 * `proportions = rates / rates.sum(1)` (0 where that is 0/0),
 * `assignments[n] = argmax_i proportions[n, i]` (lowest i on ties, so silent neurons get 0).
 *
 * `rates` (default zeros) is the previous call's result; with the default `alpha = 1` rates
 * accumulate across calls. It is not modified (the reference updates it in place).
 */
export function assignLabels(spikes: SpikeRecord, labels: Tensor | readonly number[], nLabels: number, rates?: Tensor | null, alpha = 1.0): LabelAssignment {
  const op = "assignLabels";
  nonNegInt(op, "nLabels", nLabels);
  const { counts, nSamples, nNeurons } = spikeCounts(op, spikes);
  const lab = labelValues(op, "labels", labels, nSamples, nLabels);
  if (typeof alpha !== "number" || !Number.isFinite(alpha)) throw new ValueError(`${op}: alpha is ${fmtValue(alpha)}, expected a finite number`);
  const r = zeros([nNeurons, nLabels]);
  if (rates !== undefined && rates !== null) {
    if (!(rates instanceof Tensor)) throw new ValueError(`${op}: rates is ${fmtValue(rates)}, expected a Tensor or null`);
    if (rates.ndim !== 2 || rates.shape[0] !== nNeurons || rates.shape[1] !== nLabels) {
      throw new ShapeError(`${op}: rates has shape ${fmtShape(rates.shape)}, expected [nNeurons, nLabels] = [${nNeurons}, ${nLabels}]`);
    }
    r.copy_(rates);
  }
  const rd = r.data;
  const nPer = new Array<number>(nLabels).fill(0);
  for (const l of lab) nPer[l]!++;
  const sums = new Float64Array(nNeurons * nLabels);
  for (let s = 0; s < nSamples; s++) {
    const l = lab[s]!;
    for (let n = 0; n < nNeurons; n++) sums[n * nLabels + l] = f32(sums[n * nLabels + l]! + counts[s * nNeurons + n]!);
  }
  for (let i = 0; i < nLabels; i++) {
    if (nPer[i] === 0) continue;
    for (let n = 0; n < nNeurons; n++) {
      const k = n * nLabels + i;
      rd[k] = f32(f32(alpha * rd[k]!) + f32(sums[k]! / nPer[i]!));
    }
  }
  const proportions = zeros([nNeurons, nLabels]);
  const pd = proportions.data;
  const assignments = zeros([nNeurons], { dtype: "int32" });
  for (let n = 0; n < nNeurons; n++) {
    let tot = 0;
    for (let i = 0; i < nLabels; i++) tot = f32(tot + rd[n * nLabels + i]!);
    for (let i = 0; i < nLabels; i++) {
      const p = f32(rd[n * nLabels + i]! / tot);
      pd[n * nLabels + i] = Number.isNaN(p) ? 0 : p;
    }
    assignments.data[n] = argmaxLowest(pd, n * nLabels, nLabels);
  }
  return { assignments, proportions, rates: r };
}

/** Checks `assignments` `[nNeurons]` (−1 or any negative = unassigned). */
function assignmentValues(op: string, assignments: unknown, nNeurons: number, nLabels: number): number[] {
  return labelValues(op, "assignments", assignments, nNeurons, nLabels, true);
}

/** Votes per label from per-neuron weights, then the winning label per sample. */
function vote(counts: Float64Array, nSamples: number, nNeurons: number, nLabels: number, asg: number[], weight: (n: number, i: number) => number): Tensor {
  const nAssigned = new Array<number>(nLabels).fill(0);
  for (const a of asg) if (a >= 0) nAssigned[a]!++;
  const out = zeros([nSamples], { dtype: "int32" });
  const rate = new Float64Array(nLabels);
  for (let s = 0; s < nSamples; s++) {
    rate.fill(0);
    for (let n = 0; n < nNeurons; n++) {
      const a = asg[n]!;
      if (a >= 0) rate[a] = f32(rate[a]! + f32(weight(n, a) * counts[s * nNeurons + n]!));
    }
    for (let i = 0; i < nLabels; i++) rate[i] = nAssigned[i]! > 0 ? f32(rate[i]! / nAssigned[i]!) : 0;
    out.data[s] = argmaxLowest(rate, 0, nLabels);
  }
  return out;
}

/**
 * All-activity voting: for each sample, `rate[i]` = mean spike count (summed over time) of
 * the neurons assigned label i (0 for labels without neurons); the prediction is the label
 * with the largest rate, lowest label on ties. Returns int32 `[nSamples]`. With every
 * assignment −1 (unassigned) everything predicts 0, as in the reference.
 */
export function allActivity(spikes: SpikeRecord, assignments: Tensor | readonly number[], nLabels: number): Tensor {
  const op = "allActivity";
  nonNegInt(op, "nLabels", nLabels);
  const { counts, nSamples, nNeurons } = spikeCounts(op, spikes);
  const asg = assignmentValues(op, assignments, nNeurons, nLabels);
  return vote(counts, nSamples, nNeurons, nLabels, asg, () => 1);
}

/**
 * Proportion-weighted voting: like {@link allActivity} but each neuron's count is weighted
 * by its proportion for its assigned label:
 * `rate[i] = Σ_{n assigned i} proportions[n, i]·count[n] / (number assigned i)`.
 */
export function proportionWeighting(spikes: SpikeRecord, assignments: Tensor | readonly number[], proportions: Tensor, nLabels: number): Tensor {
  const op = "proportionWeighting";
  nonNegInt(op, "nLabels", nLabels);
  const { counts, nSamples, nNeurons } = spikeCounts(op, spikes);
  const asg = assignmentValues(op, assignments, nNeurons, nLabels);
  if (!(proportions instanceof Tensor)) throw new ValueError(`${op}: proportions is ${fmtValue(proportions)}, expected a Tensor`);
  if (proportions.ndim !== 2 || proportions.shape[0] !== nNeurons || proportions.shape[1] !== nLabels) {
    throw new ShapeError(`${op}: proportions has shape ${fmtShape(proportions.shape)}, expected [nNeurons, nLabels] = [${nNeurons}, ${nLabels}]`);
  }
  const p = proportions.toFlatArray();
  return vote(counts, nSamples, nNeurons, nLabels, asg, (n, i) => p[n * nLabels + i]!);
}

/**
 * n-gram scores: for each sequence of neuron indices (key: the indices joined by ",", see
 * {@link ngramKey}) a vote count per label, `number[nLabels]`.
 */
export type NgramScores = Map<string, number[]>;

/** The map key of an n-gram: its neuron indices joined by ",". */
export function ngramKey(sequence: readonly number[]): string {
  return sequence.join(",");
}

/** Per sample, the indices of the neurons firing at each non-silent timestep. */
function firingSteps(spikes: Tensor): number[][][] {
  const [nSamples, T, nNeurons] = spikes.shape as [number, number, number];
  const v = spikes.dtype === "float16" || spikes.dtype === "bool" ? spikes.toFlatArray() : spikes.contiguousData();
  const out: number[][][] = [];
  for (let s = 0; s < nSamples; s++) {
    const steps: number[][] = [];
    for (let t = 0; t < T; t++) {
      const base = (s * T + t) * nNeurons;
      const fired: number[] = [];
      for (let n = 0; n < nNeurons; n++) if (v[base + n] !== 0) fired.push(n);
      if (fired.length > 0) steps.push(fired);
    }
    out.push(steps);
  }
  return out;
}

function checkRecord(op: string, spikes: unknown): Tensor {
  const s = dense(op, "spikes", spikes);
  if (s.ndim !== 3) throw new ShapeError(`${op}: spikes has shape ${fmtShape(s.shape)}, expected 3 dims [nSamples, time, nNeurons]`);
  return s;
}

/**
 * n-gram prediction: per sample, the firing order is the neuron indices in time order
 * (ascending within a step); every window of n consecutive entries found in `ngramScores`
 * adds its votes; the prediction is the argmax (lowest label on ties, 0 without votes).
 * Returns int32 `[nSamples]`.
 *
 * Fix: the reference loops `range(len(fire_order) - n)`, skipping the last window; all
 * `len - n + 1` windows count here. As in the reference, training
 * ({@link updateNgramScores}) counts one neuron per timestep while prediction slides over
 * the flattened order, so the two see different n-grams when several neurons fire together.
 */
export function ngram(spikes: SpikeRecord, ngramScores: NgramScores, nLabels: number, n: number): Tensor {
  const op = "ngram";
  nonNegInt(op, "nLabels", nLabels);
  nonNegInt(op, "n", n);
  const s = checkRecord(op, spikes);
  if (!(ngramScores instanceof Map)) throw new ValueError(`${op}: ngramScores is ${fmtValue(ngramScores)}, expected a Map from ngramKey(...) to number[nLabels]`);
  const samples = firingSteps(s);
  const out = zeros([samples.length], { dtype: "int32" });
  const score = new Float64Array(nLabels);
  samples.forEach((steps, i) => {
    const order = steps.flat();
    score.fill(0);
    for (let j = 0; j + n <= order.length; j++) {
      const votes = ngramScores.get(ngramKey(order.slice(j, j + n)));
      if (votes === undefined) continue;
      if (votes.length !== nLabels) throw new ShapeError(`${op}: ngramScores entry "${ngramKey(order.slice(j, j + n))}" has ${votes.length} votes, expected nLabels = ${nLabels}`);
      for (let l = 0; l < nLabels; l++) score[l] = f32(score[l]! + votes[l]!);
    }
    out.data[i] = argmaxLowest(score, 0, nLabels);
  });
  return out;
}

/**
 * Counts n-grams per label: per sample, take the non-silent timesteps; for every n
 * consecutive ones and every combination of one firing neuron per step (Cartesian
 * product), add 1 to that sequence's vote for the sample's label. Returns a new map (the
 * given one, copied, plus the new counts); the argument is not modified.
 */
export function updateNgramScores(spikes: SpikeRecord, labels: Tensor | readonly number[], nLabels: number, n: number, ngramScores: NgramScores): NgramScores {
  const op = "updateNgramScores";
  nonNegInt(op, "nLabels", nLabels);
  nonNegInt(op, "n", n);
  const s = checkRecord(op, spikes);
  const lab = labelValues(op, "labels", labels, s.shape[0]!, nLabels);
  if (!(ngramScores instanceof Map)) throw new ValueError(`${op}: ngramScores is ${fmtValue(ngramScores)}, expected a Map from ngramKey(...) to number[nLabels]`);
  const out: NgramScores = new Map();
  for (const [k, v] of ngramScores) {
    if (v.length !== nLabels) throw new ShapeError(`${op}: ngramScores entry "${k}" has ${v.length} votes, expected nLabels = ${nLabels}`);
    out.set(k, [...v]);
  }
  firingSteps(s).forEach((steps, i) => {
    for (let j = 0; j + n <= steps.length; j++) {
      const groups = steps.slice(j, j + n);
      // odometer over the Cartesian product of the groups, last group fastest (itertools.product)
      const idx = new Array<number>(n).fill(0);
      for (;;) {
        const key = ngramKey(groups.map((g, k) => g[idx[k]!]!));
        let votes = out.get(key);
        if (votes === undefined) {
          votes = new Array<number>(nLabels).fill(0);
          out.set(key, votes);
        }
        votes[lab[i]!]! += 1;
        let k = n - 1;
        while (k >= 0 && ++idx[k]! === groups[k]!.length) idx[k--] = 0;
        if (k < 0) break;
      }
    }
  });
  return out;
}
