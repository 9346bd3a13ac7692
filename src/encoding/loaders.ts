/**
 * Loader generators (BindsNET's `bindsnet.encoding.loaders`): lazily encode each datum of a
 * collection. `data` is a tensor (its entries along dim 0 are the data, as `data[i]` in
 * Python) or any iterable of tensors. Each generator validates its arguments on the first
 * `next()` call, like any generator function.
 *
 * Difference from the reference (a bug fix): `bernoulliLoader` honours `maxProb`; the
 * reference reads it from the `dt` keyword and so always uses 1.0.
 */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import {
  type BernoulliOptions,
  type EncodingOptions,
  type PoissonOptions,
  bernoulli,
  poisson,
  rankOrder,
  timeSteps,
} from "./encodings.js";

/** What a loader iterates over: a tensor (along dim 0) or any iterable of tensors. */
export type LoaderData = Tensor | Iterable<Tensor>;

function* items(op: string, data: LoaderData): Generator<Tensor, void, undefined> {
  if (data instanceof Tensor) {
    if (data.ndim === 0) throw new ValueError(`${op}: data is a 0-d tensor, expected a tensor with a leading dim to iterate`);
    const len = data.shape[0]!;
    for (let i = 0; i < len; i++) yield data.at(i);
    return;
  }
  if (data === null || typeof data !== "object" || typeof (data as Iterable<Tensor>)[Symbol.iterator] !== "function") {
    throw new ValueError(`${op}: data is ${fmtValue(data)}, expected a Tensor or an iterable of Tensors`);
  }
  yield* data;
}

/** Yields `bernoulli(datum, time, opts)` for each datum (`time` null: one sample per datum). */
export function* bernoulliLoader(data: LoaderData, time?: number | null, opts: BernoulliOptions = {}): Generator<Tensor, void, undefined> {
  const op = "bernoulliLoader";
  checkOptions(op, opts, ["dt", "generator", "out", "maxProb"]);
  if (time !== undefined && time !== null) timeSteps(op, time, opts.dt ?? 1.0);
  for (const d of items(op, data)) yield bernoulli(d, time, opts);
}

/** Yields `poisson(datum, time, opts)` for each datum. */
export function* poissonLoader(data: LoaderData, time: number, opts: PoissonOptions = {}): Generator<Tensor, void, undefined> {
  const op = "poissonLoader";
  checkOptions(op, opts, ["dt", "generator", "out", "approx"]);
  timeSteps(op, time, opts.dt ?? 1.0);
  for (const d of items(op, data)) yield poisson(d, time, opts);
}

/** Yields `rankOrder(datum, time, opts)` for each datum. */
export function* rankOrderLoader(data: LoaderData, time: number, opts: EncodingOptions = {}): Generator<Tensor, void, undefined> {
  const op = "rankOrderLoader";
  checkOptions(op, opts, ["dt"]);
  timeSteps(op, time, opts.dt ?? 1.0);
  for (const d of items(op, data)) yield rankOrder(d, time, opts);
}
