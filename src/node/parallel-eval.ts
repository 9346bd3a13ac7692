/**
 * {@link PoolEvaluator}: the Node implementation of a recipe context's `parallel` evaluator.
 * A job's network bytes and inputs are copied once into SharedArrayBuffers that every worker
 * thread reads (each deserializes the network once per job); the samples are cut into
 * chunks (multiples of the batch size, about 32 per worker, at most 16 samples) that the
 * threads evaluate with the job's kernel (src/recipes/eval-kernels.ts), and the chunks come
 * back in sample order. A shared stop flag ends every chunk at its next batch boundary when
 * the signal aborts or the consumer stops reading.
 */
import Tinypool from "tinypool";
import { ValueError, fmtValue } from "../errors.js";
import { checkOptions } from "../options.js";
import type { EvalTask } from "../recipes/eval-kernels.js";
import type { WarmTask } from "./pool-worker.js";
import type { EvalChunk, EvalJob, EvaluateOptions, ParallelEvaluator } from "../recipes/types.js";
import { defaultPoolSize, workerFilename } from "./pool.js";

/** Options of {@link PoolEvaluator}. */
export interface PoolEvaluatorOptions {
  /** Worker threads (default: cores minus one when that leaves at least one, see defaultPoolSize). */
  size?: number;
  /** Samples per chunk at most (default 16; rounded down to a multiple of the batch size, at least one batch). */
  maxChunk?: number;
}

/** Copies bytes into shared memory (one copy per job; workers read it without copying). */
function shared(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(Math.max(1, bytes.length)), 0, bytes.length);
  out.set(bytes);
  return out;
}

let jobs = 0;

/** Runs evaluation jobs on worker threads; give it to a recipe as `context.parallel`. */
export class PoolEvaluator implements ParallelEvaluator {
  readonly size: number;
  readonly maxChunk: number;
  private readonly pool: Tinypool;
  private closed = false;
  /** Jobs started, chunks evaluated and seconds the threads spent on them, so far. */
  readonly stats = { jobs: 0, chunks: 0, busy: 0 };
  /** Rejecters of the running chunks: a thread that fails to start fails them (instead of a hang). */
  private readonly inflight = new Set<(e: unknown) => void>();

  constructor(opts: PoolEvaluatorOptions = {}) {
    checkOptions("PoolEvaluator", opts, ["size", "maxChunk"]);
    const size = opts.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1) throw new ValueError(`PoolEvaluator: size is ${fmtValue(size)}, expected a positive integer`);
    const maxChunk = opts.maxChunk ?? 16;
    if (!Number.isInteger(maxChunk) || maxChunk < 1) throw new ValueError(`PoolEvaluator: maxChunk is ${fmtValue(maxChunk)}, expected a positive integer`);
    this.size = size;
    this.maxChunk = maxChunk;
    this.pool = new Tinypool({ filename: workerFilename(), minThreads: 0, maxThreads: size, idleTimeout: 30_000 });
    this.pool.on("error", (e: unknown) => {
      for (const reject of this.inflight) reject(e);
      this.inflight.clear();
    });
  }

  /**
   * Starts every thread and loads the library in it (each thread's first task imports it,
   * which from TypeScript sources takes a second or more); the CLI calls it at the start of a
   * run, so the threads are ready by the label phase. Resolves with the threads' ids.
   */
  async warm(): Promise<number[]> {
    if (this.closed) throw new ValueError("PoolEvaluator.warm: the pool is destroyed");
    const arrived = new Int32Array(new SharedArrayBuffer(4));
    const task: WarmTask = { type: "warm", arrived, size: this.size };
    return (await Promise.all(Array.from({ length: this.size }, () => this.pool.run(task)))) as number[];
  }

  /** The chunk bounds of samples [start, end): multiples of `align`, about 32 chunks per worker. */
  chunks(start: number, end: number, align: number, workers: number): [number, number][] {
    const per = Math.ceil((end - start) / (workers * 32) / align) * align;
    const size = Math.max(align, Math.min(per, Math.floor(this.maxChunk / align) * align));
    const out: [number, number][] = [];
    for (let s = start; s < end; s += size) out.push([s, Math.min(end, s + size)]);
    return out;
  }

  async *evaluate(job: EvalJob, opts: EvaluateOptions): AsyncGenerator<EvalChunk> {
    checkOptions("PoolEvaluator.evaluate", opts, ["start", "end", "align", "workers", "signal"]);
    const { start, end, align } = opts;
    if (this.closed) throw new ValueError("PoolEvaluator.evaluate: the pool is destroyed");
    if (!Number.isInteger(align) || align < 1) throw new ValueError(`PoolEvaluator.evaluate: align is ${fmtValue(align)}, expected a positive integer`);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || start % align !== 0) {
      throw new ValueError(`PoolEvaluator.evaluate: range is [${fmtValue(start)}, ${fmtValue(end)}), expected integers 0 <= start <= end with start a multiple of align ${align}`);
    }
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new ValueError(`PoolEvaluator.evaluate: workers is ${fmtValue(opts.workers)}, expected a positive integer`);
    if (job.inputs.length < end * job.sampleSize) throw new ValueError(`PoolEvaluator.evaluate: job.inputs has ${job.inputs.length} bytes, expected at least ${end * job.sampleSize} (${end} samples of ${job.sampleSize})`);
    if (start === end) return;
    const workers = Math.min(opts.workers, this.size);
    const network = shared(job.network);
    const inputs = shared(job.inputs);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const id = `${++jobs}`;
    this.stats.jobs++;
    const bounds = this.chunks(start, end, align, workers);
    const results: Promise<EvalChunk>[] = [];
    let active = 0;
    const pump = (): void => {
      while (active < workers && results.length < bounds.length && Atomics.load(stop, 0) === 0) {
        const [s, e] = bounds[results.length]!;
        const task: EvalTask = { type: "eval", job: id, kernel: job.kernel, network, inputs, params: job.params, start: s, end: e, stop };
        active++;
        const p = new Promise<EvalChunk>((resolve, reject) => {
          this.inflight.add(reject);
          this.pool.run(task).then(resolve, reject).finally(() => this.inflight.delete(reject));
        });
        p.then(
          (ch) => {
            active--;
            this.stats.chunks++;
            this.stats.busy += ch.seconds ?? 0;
            pump();
          },
          () => {
            active--;
            Atomics.store(stop, 0, 1);
          },
        );
        results.push(p);
      }
    };
    const onAbort = (): void => {
      Atomics.store(stop, 0, 1);
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      pump();
      for (let i = 0; i < bounds.length; i++) {
        if (i >= results.length) return; // stopped before this chunk was handed out
        const ch = await results[i]!;
        yield ch;
        if (ch.end < bounds[i]![1]) return; // stopped inside this chunk
      }
    } finally {
      Atomics.store(stop, 0, 1);
      opts.signal?.removeEventListener("abort", onAbort);
      await Promise.allSettled(results);
    }
  }

  /** Stops every thread. */
  async destroy(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
  }
}
