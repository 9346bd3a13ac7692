/**
 * BindsNET's `DataLoader`: batches a dataset's items, optionally in a seeded random order,
 * and merges each batch with a collate function (`timeAwareCollate` by default, so tensors
 * come out `[time, batch, ...]`). Iterate it with `for..of`; every iteration is one epoch and
 * draws a fresh permutation from the generator, like torch's.
 *
 * Loading happens in the calling thread: `numWorkers`, `pinMemory` and `timeout` are accepted
 * for parity and have no effect.
 */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";
import { Generator, defaultGenerator, randperm } from "../tensor/random.js";
import { type Collated, timeAwareCollate } from "./collate.js";

/** Anything with a length and items by index (every dataset here, or a plain array). */
export interface IndexedDataset<T> {
  readonly length: number;
  get?(index: number): T;
}

/** Options of `DataLoader` (torch's arguments in camelCase, BindsNET's defaults). */
export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1). */
  batchSize?: number;
  /** Visit items in a random order, a new one each epoch (default false). */
  shuffle?: boolean;
  /** The generator the order is drawn from (default: the global one, see `manualSeed`). */
  generator?: Generator;
  /** Shorthand for `generator: new Generator(seed)`. */
  seed?: number;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Merges a list of items into a batch (default `timeAwareCollate`). */
  collateFn?: (items: T[]) => B;
  /** Explicit order of indices (overrides `shuffle`); re-read every epoch. */
  sampler?: Iterable<number> | null;
  /** Ignored: loading is in-thread. */
  numWorkers?: number;
  /** Ignored. */
  pinMemory?: boolean;
  /** Ignored. */
  timeout?: number;
}

function positiveInt(op: string, arg: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a positive integer`);
  return v;
}

function bool(op: string, arg: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected true or false`);
  return v;
}

/** Batches of a dataset; `B` is what the collate function returns. */
export class DataLoader<T, B = Collated> implements Iterable<B> {
  readonly dataset: IndexedDataset<T> | readonly T[];
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly collateFn: (items: T[]) => B;
  readonly generator: Generator | null;
  readonly sampler: Iterable<number> | null;

  constructor(dataset: IndexedDataset<T> | readonly T[], opts: DataLoaderOptions<T, B> = {}) {
    const op = "DataLoader";
    checkOptions(op, opts, ["batchSize", "shuffle", "generator", "seed", "dropLast", "collateFn", "sampler", "numWorkers", "pinMemory", "timeout"]);
    opts ??= {};
    if (dataset === null || typeof dataset !== "object" || typeof (dataset as { length?: unknown }).length !== "number") {
      throw new ValueError(`${op}: dataset is ${fmtValue(dataset)}, expected an array or an object with length and get(i)`);
    }
    if (!Array.isArray(dataset) && typeof (dataset as IndexedDataset<T>).get !== "function") {
      throw new ValueError(`${op}: dataset is ${fmtValue(dataset)}, expected an array or an object with a get(index) method`);
    }
    this.dataset = dataset;
    this.batchSize = positiveInt(op, "batchSize", opts.batchSize, 1);
    this.shuffle = bool(op, "shuffle", opts.shuffle, false);
    this.dropLast = bool(op, "dropLast", opts.dropLast, false);
    if (opts.collateFn !== undefined && typeof opts.collateFn !== "function") {
      throw new ValueError(`${op}: collateFn is ${fmtValue(opts.collateFn)}, expected a function`);
    }
    this.collateFn = opts.collateFn ?? (timeAwareCollate as unknown as (items: T[]) => B);
    if (opts.generator !== undefined && !(opts.generator instanceof Generator)) {
      throw new ValueError(`${op}: generator is ${fmtValue(opts.generator)}, expected a Generator`);
    }
    this.generator = opts.generator ?? (opts.seed !== undefined ? new Generator(opts.seed) : null);
    if (opts.sampler !== undefined && opts.sampler !== null && typeof (opts.sampler as Iterable<number>)[Symbol.iterator] !== "function") {
      throw new ValueError(`${op}: sampler is ${fmtValue(opts.sampler)}, expected an iterable of indices`);
    }
    this.sampler = opts.sampler ?? null;
  }

  /** Number of batches per epoch: `ceil(n / batchSize)`, or `floor` with `dropLast`. */
  get length(): number {
    const n = this.sampler ? [...this.sampler].length : this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  private item(i: number): T {
    const d = this.dataset;
    if (Array.isArray(d)) return d[i] as T;
    return (d as IndexedDataset<T>).get!(i);
  }

  /** The order of one epoch (draws from the generator when shuffling). */
  indices(): Int32Array {
    if (this.sampler) return Int32Array.from(this.sampler);
    const n = this.dataset.length;
    if (!this.shuffle) return Int32Array.from({ length: n }, (_, i) => i);
    return randperm(n, { generator: this.generator ?? defaultGenerator() }).data as Int32Array;
  }

  *[Symbol.iterator](): Iterator<B> {
    const order = this.indices();
    const bs = this.batchSize;
    for (let start = 0; start < order.length; start += bs) {
      const end = Math.min(start + bs, order.length);
      if (end - start < bs && this.dropLast) return;
      const items: T[] = [];
      for (let k = start; k < end; k++) items.push(this.item(order[k]!));
      yield this.collateFn(items);
    }
  }
}
