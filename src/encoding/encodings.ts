/**
 * Spike encodings (BindsNET's `bindsnet.encoding.encodings`): each turns a datum of shape
 * `[n_1, ..., n_k]` into a spike train `[T, n_1, ..., n_k]` with `T = trunc(time / dt)`.
 *
 * Deliberate differences from the reference (see docs/encoding.md):
 * - inputs are never modified (the reference normalises `bernoulli` and `rank_order`
 *   inputs in place);
 * - `rankOrder` fires every non-zero input exactly once (the reference drops the dimmest
 *   one) and returns no spikes for an all-zero datum (the reference produces NaNs);
 * - `time / dt` must give at least one step, and `time`, `dt` must be positive.
 *
 * Randomness comes from a seeded {@link Generator} (`generator` option, the global one by
 * default); a seed gives the same spikes on every backend.
 */
import { checkOptions } from "../options.js";
import { getBackend } from "../backend/backend.js";
import { ValueError, fmtValue } from "../errors.js";
import { Generator, PoissonSampler, defaultGenerator } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import type { TypedArray } from "../backend/dtype.js";

/** Options shared by every encoding. */
export interface EncodingOptions {
  /** Simulation time step (ms); `T = trunc(time / dt)` steps. Default 1.0. */
  dt?: number;
}

export interface SingleOptions extends EncodingOptions {
  /** Fraction of inputs that stay silent: the threshold is the `1 − sparsity` quantile. Default 0.5. */
  sparsity?: number;
}

export interface RandomEncodingOptions extends EncodingOptions {
  /** Source of randomness; the global generator by default. */
  generator?: Generator;
  /**
   * A uint8 tensor of the result's shape [T, ...datum.shape] to write the spikes into (it is
   * zeroed first) instead of allocating a new one: a loop that encodes one sample after
   * another can reuse one buffer. Default: a new tensor.
   */
  out?: Tensor;
}

export interface BernoulliOptions extends RandomEncodingOptions {
  /** Firing probability of the brightest input, in [0, 1]. Default 1.0. */
  maxProb?: number;
}

export interface PoissonOptions extends RandomEncodingOptions {
  /** Use the reference's ad-hoc approximation instead of Poisson ISIs. Default false. */
  approx?: boolean;
}

const TWO_24 = 2 ** 24;

function checkGenerator(op: string, g: unknown): Generator {
  if (g === undefined) return defaultGenerator();
  if (!(g instanceof Generator)) throw new ValueError(`${op}: generator is ${fmtValue(g)}, expected a Generator`);
  return g;
}

/** erf(x) for x ≥ 0 (Numerical Recipes' Chebyshev fit of erfc, relative error < 1.2e-7). */
export function erf(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return 1 - y;
}

function checkDatum(op: string, datum: unknown): Tensor {
  if (!(datum instanceof Tensor)) throw new ValueError(`${op}: datum is ${fmtValue(datum)}, expected a Tensor`);
  return datum;
}

/** Number of time steps `trunc(time / dt)`, validated. */
export function timeSteps(op: string, time: number, dt: number): number {
  if (typeof time !== "number" || !Number.isFinite(time) || time <= 0) {
    throw new ValueError(`${op}: time is ${fmtValue(time)}, expected a finite number > 0`);
  }
  if (typeof dt !== "number" || !Number.isFinite(dt) || dt <= 0) {
    throw new ValueError(`${op}: dt is ${fmtValue(dt)}, expected a finite number > 0`);
  }
  const steps = Math.trunc(time / dt);
  if (steps < 1) throw new ValueError(`${op}: time / dt is ${time} / ${dt} = ${time / dt}, expected at least 1 time step`);
  return steps;
}

/** The datum's values in row-major order (float16 decoded), without copying when possible. */
function values(datum: Tensor): ArrayLike<number> {
  if (datum.dtype === "float16") return Float32Array.from(datum.toFlatArray());
  return datum.contiguousData();
}

/** Values that must be finite and ≥ 0 (intensities, rates); returns their maximum. */
function checkIntensities(op: string, v: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!(x >= 0) || x === Infinity) {
      throw new ValueError(`${op}: datum has value ${x} at flat index ${i}, expected finite non-negative intensities`);
    }
    if (x > max) max = x;
  }
  return max;
}

function spikeTensor(steps: number | null, shape: readonly number[], n: number, op?: string, out?: Tensor): Tensor {
  const total = steps === null ? n : steps * n;
  if (out !== undefined) {
    const want = steps === null ? [...shape] : [steps, ...shape];
    if (!(out instanceof Tensor) || out.dtype !== "uint8" || !out.isContiguous() || out.offset !== 0 || out.numel() !== total || out.shape.length !== want.length || out.shape.some((d, i) => d !== want[i])) {
      const given = out instanceof Tensor ? `a ${out.dtype} tensor of shape [${out.shape.join(", ")}]${out.isContiguous() && out.offset === 0 ? "" : " (a strided or offset view)"}` : fmtValue(out);
      throw new ValueError(`${op}: out is ${given}, expected a contiguous uint8 tensor of shape [${want.join(", ")}]`);
    }
    out.data.fill(0, 0, total);
    return out;
  }
  const data = getBackend().alloc("uint8", total);
  return new Tensor(data, steps === null ? [...shape] : [steps, ...shape], "uint8");
}

/**
 * Linear-interpolation quantile of `v` (numpy/torch default): the value at position
 * `q · (n − 1)` of the sorted values.
 */
export function quantile(v: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(v).sort();
  const n = sorted.length;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Single-spike encoding: at step 0, every input above the `1 − sparsity` quantile of the
 * datum spikes; all later steps are silent (as the reference; its docstring's "earlier spike
 * for higher intensity" is not what it does). Returns uint8 `[T, ...datum.shape]`.
 */
export function single(datum: Tensor, time: number, opts: SingleOptions = {}): Tensor {
  const op = "single";
  checkOptions(op, opts, ["dt", "sparsity"]);
  opts ??= {};
  checkDatum(op, datum);
  const steps = timeSteps(op, time, opts.dt ?? 1.0);
  const sparsity = opts.sparsity ?? 0.5;
  if (typeof sparsity !== "number" || !(sparsity >= 0 && sparsity <= 1)) {
    throw new ValueError(`${op}: sparsity is ${fmtValue(sparsity)}, expected a number in [0, 1]`);
  }
  const v = values(datum);
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i]!)) throw new ValueError(`${op}: datum has value NaN at flat index ${i}, expected numbers`);
  }
  const n = v.length;
  const out = spikeTensor(steps, datum.shape, n);
  if (n === 0) return out;
  const q = quantile(v, 1 - sparsity);
  const s = out.data;
  for (let i = 0; i < n; i++) if (v[i]! > q) s[i] = 1;
  return out;
}

/** Repeats the datum `T` times along a new leading dim; keeps the datum's dtype (as the reference). */
export function repeat(datum: Tensor, time: number, opts: EncodingOptions = {}): Tensor {
  const op = "repeat";
  checkOptions(op, opts, ["dt"]);
  opts ??= {};
  checkDatum(op, datum);
  const steps = timeSteps(op, time, opts.dt ?? 1.0);
  const src = datum.contiguousData();
  const n = src.length;
  const out = getBackend().alloc(datum.dtype, steps * n);
  for (let t = 0; t < steps; t++) out.set(src, t * n);
  return new Tensor(out, [steps, ...datum.shape], datum.dtype);
}

/**
 * Fills `s` ([steps, n], zeroed) with independent Bernoulli(p_i) spikes in step-major order.
 * Only inputs with 0 < p < 1 draw (one 32-bit number each per step), compared at 24-bit
 * resolution through integer thresholds: `u·2^24 < p·2^24 ⇔ k < ceil(p·2^24)`.
 */
function bernoulliSpikes(g: Generator, p: Float64Array, steps: number, s: TypedArray): void {
  const n = p.length;
  const idx: number[] = [];
  const thr: number[] = [];
  const always: number[] = [];
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    if (pi >= 1) always.push(i);
    else if (pi > 0) {
      idx.push(i);
      thr.push(Math.ceil(pi * TWO_24));
    }
  }
  const m = idx.length;
  const idxA = Int32Array.from(idx);
  const thrA = Float64Array.from(thr);
  for (let t = 0, base = 0; t < steps; t++, base += n) {
    for (const i of always) s[base + i] = 1;
    for (let j = 0; j < m; j++) if (g.nextUint32() >>> 8 < thrA[j]!) s[base + idxA[j]!] = 1;
  }
}

/**
 * Bernoulli encoding: each step, input `i` spikes independently with probability
 * `p_i = maxProb · datum_i / max(1, max(datum))` (the datum is scaled down only when its
 * maximum exceeds 1). `time` null/undefined gives one sample shaped like the datum; otherwise
 * uint8 `[T, ...datum.shape]`. Draws one 32-bit number per step for each input with
 * `0 < p < 1`, compared against `p` at 24-bit resolution (like a float32 uniform).
 */
export function bernoulli(datum: Tensor, time?: number | null, opts: BernoulliOptions = {}): Tensor {
  const op = "bernoulli";
  checkOptions(op, opts, ["dt", "generator", "out", "maxProb"]);
  opts ??= {};
  checkDatum(op, datum);
  const dt = opts.dt ?? 1.0;
  const steps = time === undefined || time === null ? null : timeSteps(op, time, dt);
  const maxProb = opts.maxProb ?? 1.0;
  if (typeof maxProb !== "number" || !(maxProb >= 0 && maxProb <= 1)) {
    throw new ValueError(`${op}: maxProb is ${fmtValue(maxProb)}, expected a number in [0, 1]`);
  }
  const g = checkGenerator(op, opts.generator);
  const v = values(datum);
  const max = checkIntensities(op, v);
  const n = v.length;
  const scale = maxProb / (max > 1 ? max : 1);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = v[i]! * scale;
  const out = spikeTensor(steps, datum.shape, n, op, opts.out);
  bernoulliSpikes(g, p, steps ?? 1, out.data);
  return out;
}

/**
 * Poisson encoding. `datum` holds firing rates in Hz (≥ 0). As in the reference, input `i`
 * gets inter-spike intervals drawn from a **Poisson** distribution with mean
 * `λ_i = 1000 / (datum_i · dt)` steps (an ISI of 0 counts as 1); spikes fall at the
 * cumulative sums `c = 1, 2, ...` with `c ≤ T`, at output step `c − 1`. Zero-rate inputs
 * never spike. Only the ISIs that land inside the window are drawn (the reference draws
 * `T + 1` per input and discards the rest; the spikes have the same distribution), so the
 * cost grows with the number of spikes, not with `T · n`.
 *
 * `approx: true` reproduces the reference's approximation: `x = |N(0, 1)|` per step and
 * input, spike where `x^((datum · 0.11 + 5) / 50) < 0.6`. That event has probability
 * `erf(0.6^(50 / (datum · 0.11 + 5)) / √2)`, so it is sampled as a Bernoulli draw with that
 * probability (same distribution, ~30x faster than drawing normals). Note that zero-rate
 * inputs do spike in this mode (p ≈ 0.0048 per step), as in the reference.
 *
 * Returns uint8 `[T, ...datum.shape]`.
 *
 * @example
 * ```ts
 * import { encoding, tensor, manualSeed } from "bindsnet";
 * manualSeed(0);
 * const spikes = encoding.poisson(tensor([0, 50, 100]), 250); // rates in Hz, 250 steps of dt 1 ms
 * console.log(spikes.shape, spikes.dtype); // [250, 3] "uint8"; ~0, ~12 and ~25 spikes
 * ```
 */
export function poisson(datum: Tensor, time: number, opts: PoissonOptions = {}): Tensor {
  const op = "poisson";
  checkOptions(op, opts, ["dt", "generator", "out", "approx"]);
  opts ??= {};
  checkDatum(op, datum);
  const dt = opts.dt ?? 1.0;
  const steps = timeSteps(op, time, dt);
  const g = checkGenerator(op, opts.generator);
  const v = values(datum);
  checkIntensities(op, v);
  const n = v.length;
  const out = spikeTensor(steps, datum.shape, n, op, opts.out);
  const s = out.data;
  if (opts.approx) {
    // x^e < 0.6 ⇔ x < c = 0.6^(1/e) (e > 0) for x = |z|, z ~ N(0, 1), so each step and input
    // is an independent Bernoulli(P(|z| < c) = erf(c / √2)): same distribution, one draw each.
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = erf(0.6 ** (50 / (v[i]! * 0.11 + 5)) / Math.SQRT2);
    bernoulliSpikes(g, p, steps, s);
    return out;
  }
  let sampler: PoissonSampler | null = null;
  for (let i = 0; i < n; i++) {
    const rate = v[i]!;
    if (rate === 0) continue;
    const lam = 1000 / (rate * dt);
    if (sampler === null || sampler.lam !== lam) sampler = new PoissonSampler(lam);
    let c = 0;
    for (;;) {
      const isi = sampler.sample(g);
      c += isi === 0 ? 1 : isi;
      if (c > steps) break;
      s[(c - 1) * n + i] = 1;
    }
  }
  return out;
}

/**
 * Rank-order (time-to-first-spike) encoding: each non-zero input spikes exactly once, at
 * step `ceil(T · min(datum>0) / datum_i) − 1`, so brighter inputs fire earlier (ties share a
 * step) and the dimmest non-zero input fires at step `T − 1`. Zero inputs never fire.
 * Returns uint8 `[T, ...datum.shape]`.
 *
 * Differences from the reference (deliberate): the reference skips inputs whose time equals
 * `T`, so its dimmest input never fires; an all-zero datum gives NaNs there and no spikes
 * here; the datum is not normalised in place.
 */
export function rankOrder(datum: Tensor, time: number, opts: EncodingOptions = {}): Tensor {
  const op = "rankOrder";
  checkOptions(op, opts, ["dt"]);
  opts ??= {};
  checkDatum(op, datum);
  const steps = timeSteps(op, time, opts.dt ?? 1.0);
  const v = values(datum);
  checkIntensities(op, v);
  const n = v.length;
  const out = spikeTensor(steps, datum.shape, n);
  const s = out.data;
  let minPos = Infinity;
  for (let i = 0; i < n; i++) if (v[i]! > 0 && v[i]! < minPos) minPos = v[i]!;
  if (minPos === Infinity) return out;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (x === 0) continue;
    // the reference's times = (1/x_norm) · T / max(1/x_norm) = T · min / x, ceiled into 1..T
    const t = Math.min(steps, Math.max(1, Math.ceil((steps * minPos) / x)));
    s[(t - 1) * n + i] = 1;
  }
  return out;
}
