/**
 * The kernels of parallel evaluation: what a worker runs for an {@link EvalJob}. A kernel
 * turns the job's network bytes and params into a function over sample ranges; a worker
 * prepares it once per job (so the network is deserialized once per worker and phase) and
 * calls it for every chunk it is given. Browser-safe: Node's worker threads
 * (src/node/pool-worker.ts) and a browser's Web Workers call {@link runEvalTask} alike.
 */
import { ValueError } from "../errors.js";
import { dcEvalKernel, dcWarmUp } from "./diehl-and-cook.js";
import type { EvalChunk, EvalJob } from "./types.js";

/** A kernel: prepares the job's network once, then evaluates sample ranges of the job's inputs. */
export type EvalKernel = (network: Uint8Array, params: EvalJob["params"]) => (inputs: Uint8Array, start: number, end: number, stop: () => boolean) => EvalChunk;

/** Every kernel by name. */
export const evalKernels: Readonly<Record<string, EvalKernel>> = Object.freeze({
  "diehl-and-cook": dcEvalKernel,
});

/** Compiles the kernels' code in a fresh worker (a few presentations on a small network). */
export function warmEvalKernels(): void {
  dcWarmUp();
}

/** One chunk of a job, as a worker receives it. */
export interface EvalTask {
  type: "eval";
  /** Identifies the job: a worker keeps the prepared kernel of the last job it saw. */
  job: string;
  kernel: string;
  network: Uint8Array;
  inputs: Uint8Array;
  params: EvalJob["params"];
  start: number;
  end: number;
  /** Shared flag: the chunk stops at its next batch boundary once stop[0] is not 0. */
  stop: Int32Array;
}

let prepared: { job: string; run: ReturnType<EvalKernel> } | null = null;

/** Runs one chunk (in a worker), preparing the job's kernel when it is new to this worker. */
export function runEvalTask(task: EvalTask): EvalChunk {
  const t0 = performance.now();
  if (prepared === null || prepared.job !== task.job) {
    const kernel = Object.prototype.hasOwnProperty.call(evalKernels, task.kernel) ? evalKernels[task.kernel] : undefined;
    if (kernel === undefined) throw new ValueError(`runEvalTask: kernel is ${JSON.stringify(task.kernel)}, expected one of ${Object.keys(evalKernels).join(", ")}`);
    prepared = null;
    // the network's tensors are this worker's own: a copy of the shared bytes, made once per job
    prepared = { job: task.job, run: kernel(task.network.slice(), task.params) };
  }
  const stop = task.stop;
  const out = prepared.run(task.inputs, task.start, task.end, () => Atomics.load(stop, 0) !== 0);
  out.seconds = (performance.now() - t0) / 1000;
  return out;
}
