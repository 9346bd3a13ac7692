/**
 * Runs a sweep's trials on the local {@link RecipePool}: at most `pool.size` at once, finished
 * trials (already in results.jsonl) skipped, a crashed trial retried `retries` times and then
 * recorded as failed with its error. Aborting stops the running trials at their next sample
 * boundary and starts no new one; aborted trials are not recorded, so they run again on resume.
 */
import { hostname } from "node:os";
import type { Trial } from "../../sweep/spec.js";
import { type TrialRecord, metricsOf, networkBytesOf } from "../../sweep/table.js";
import type { RecipePool } from "../pool.js";
import type { SweepResults } from "./results.js";

/** What happens to a trial, for progress output. */
export type TrialEvent =
  | { type: "skip"; trial: Trial }
  | { type: "start"; trial: Trial; attempt: number }
  | { type: "retry"; trial: Trial; attempt: number; error: string }
  | { type: "done"; trial: Trial; record: TrialRecord };

export interface LocalSweepOptions {
  retries: number;
  signal?: AbortSignal;
  onEvent?: (e: TrialEvent) => void;
}

export interface SweepOutcome {
  /** Trials recorded by this run. */
  ran: number;
  /** Trials found already recorded. */
  skipped: number;
  failed: number;
  /** Whether the run was interrupted before every trial was recorded. */
  aborted: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Builds a trial's record from a recipe result. */
export function recordOf(trial: Trial, result: Record<string, unknown>, seconds: number, attempts: number, worker?: string): TrialRecord {
  return { id: trial.id, params: trial.params, seed: trial.seed, metrics: metricsOf(result), seconds, status: "ok", attempts, ...(worker ? { worker } : {}) };
}

export async function runLocalSweep(trials: readonly Trial[], pool: RecipePool, results: SweepResults, opts: LocalSweepOptions): Promise<SweepOutcome> {
  const out: SweepOutcome = { ran: 0, skipped: 0, failed: 0, aborted: false };
  const todo: Trial[] = [];
  for (const t of trials) {
    if (results.has(t.id)) {
      out.skipped++;
      opts.onEvent?.({ type: "skip", trial: t });
    } else todo.push(t);
  }
  const worker = `${hostname()}:${process.pid}`;
  const lane = async (): Promise<void> => {
    for (let t = todo.shift(); t !== undefined; t = todo.shift()) {
      if (opts.signal?.aborted) return;
      for (let attempt = 1; ; attempt++) {
        opts.onEvent?.({ type: "start", trial: t, attempt });
        const t0 = performance.now();
        try {
          const { result, seconds, network } = await pool.run({ recipe: t.recipe, config: t.config }, { keepNetwork: true, ...(opts.signal ? { signal: opts.signal } : {}) });
          if (result.aborted) return;
          const rec = recordOf(t, result, seconds, attempt, worker);
          if (results.add(rec, networkBytesOf(result)?.bytes ?? network)) out.ran++;
          opts.onEvent?.({ type: "done", trial: t, record: rec });
          break;
        } catch (e) {
          if (opts.signal?.aborted) return;
          if (attempt <= opts.retries) {
            opts.onEvent?.({ type: "retry", trial: t, attempt, error: errorText(e) });
            continue;
          }
          const rec: TrialRecord = { id: t.id, params: t.params, seed: t.seed, metrics: {}, seconds: (performance.now() - t0) / 1000, status: "failed", attempts: attempt, error: errorText(e), worker };
          if (results.add(rec)) {
            out.ran++;
            out.failed++;
          }
          opts.onEvent?.({ type: "done", trial: t, record: rec });
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(pool.size, Math.max(1, todo.length)) }, lane));
  out.aborted = trials.some((t) => !results.has(t.id));
  return out;
}
