/**
 * Parallel evaluation: the main job's label and test phases (main-job settings: 100
 * excitatory neurons, 350 ms at 64 Hz, retries below 5 spikes) on 1 worker (inline) and on
 * N worker threads (PoolEvaluator), through the recipe itself. The network is trained once
 * on `--train` samples; each measurement resumes a checkpoint at the start of the label
 * phase, so it runs exactly the label and test phases. Each measurement has a fresh pool,
 * started (PoolEvaluator.warm, timed apart) before the phases as the CLI starts it while the
 * main job trains. Prints samples/s per phase and the speedup, and checks that every run
 * gives the same assignments and accuracies. Before each pair, a calibration times the same
 * fixed arithmetic loop on 1 and on 2 threads at once: what 2 threads can gain on this shared
 * machine at that moment (2.00 on two idle cores).
 *
 *   npx tsx bench/parallel-eval.ts [--label 1000] [--test 1000] [--train 100] [--workers 1,2] [--runs 2]
 */
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { NodeDataSource } from "../src/node/data-source.js";
import { PoolEvaluator } from "../src/node/parallel-eval.js";
import { MemoryCheckpointStore, decodeCheckpoint, encodeCheckpoint } from "../src/recipes/common.js";
import { mainJob } from "../src/recipes/diehl-and-cook.js";

const arg = (name: string, d: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : d;
};
const nLabel = Number(arg("label", "1000"));
const nTest = Number(arg("test", "1000"));
const nTrain = Number(arg("train", "100"));
const runs = Number(arg("runs", "2"));
const workerList = arg("workers", "1,2").split(",").map(Number);

const data = new NodeDataSource(null);
console.log(`cores ${availableParallelism()}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}; main job: label ${nLabel}, test ${nTest} after ${nTrain} training samples`);

// train once, keep the checkpoint
const trained = new MemoryCheckpointStore();
let t = performance.now();
await mainJob.run(mainJob.config({ nTrain, labelSamples: 0, nTest: 0 }), { data, checkpoint: trained });
console.log(`trained ${nTrain} samples in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const ck = decodeCheckpoint<Record<string, unknown>>(trained.bytes!);

/** Seconds for `threads` threads to each run the same fixed loop at once (worker threads). */
async function calibrate(threads: number): Promise<number> {
  const code = `const { parentPort } = require("node:worker_threads"); let x = 0; for (let i = 0; i < 3e8; i++) x = (x + i * 7) % 1000003; parentPort.postMessage(x);`;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: threads }, () => new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once("message", resolve);
    w.once("error", reject);
  })));
  return (performance.now() - t0) / 1000;
}

let reference: string | null = null;
const rows: string[] = [];
const base = new Map<number, number>();
const ceilings: string[] = [];
for (let r = 0; r < runs; r++) {
  // 1 thread before and after the 2 threads, to lessen the drift of the other jobs' load
  const c1a = await calibrate(1);
  const c2 = await calibrate(2);
  const c1 = (c1a + (await calibrate(1))) / 2;
  ceilings.push(`run ${r + 1}: ${((2 * c1) / c2).toFixed(2)} (1 thread ${c1.toFixed(2)} s, 2 threads ${c2.toFixed(2)} s)`);
  console.log(`calibration: 2 threads do ${((2 * c1) / c2).toFixed(2)}x the work of 1 in the same time (load ${loadavg()[0]!.toFixed(2)})`);
  for (const w of workerList) {
    const { workers: _w, ...config } = mainJob.config({ nTrain, labelSamples: nLabel, nTest, workers: w });
    const state = { ...ck.header.state, phase: "label", index: 0, seconds: { train: 0, label: 0, test: 0 }, samples: { train: 0, label: 0, test: 0 } };
    const store = new MemoryCheckpointStore();
    store.bytes = encodeCheckpoint({ recipe: "main-job", config, state, rng: ck.header.rng }, ck.network);
    const pool = w > 1 ? new PoolEvaluator({ size: w }) : null;
    t = performance.now();
    await pool?.warm();
    const warm = pool ? `${((performance.now() - t) / 1000).toFixed(1)} s` : "-";
    const load = loadavg()[0]!.toFixed(2);
    t = performance.now();
    const res = await mainJob.run(mainJob.config({ ...config, workers: w }), { data, checkpoint: store, ...(pool ? { parallel: pool } : {}) });
    const wall = (performance.now() - t) / 1000;
    // share of the phases' time the threads were evaluating (1: no thread ever waited)
    const busy = pool ? `${((100 * pool.stats.busy) / (w * (res.seconds.label + res.seconds.test))).toFixed(0)}%` : "-";
    await pool?.destroy();
    const key = JSON.stringify({ a: res.assignments, t: res.testAccuracy });
    reference ??= key;
    const same = key === reference;
    const both = res.seconds.label + res.seconds.test;
    if (!base.has(r) && w === 1) base.set(r, both);
    const speed = base.has(r) ? (base.get(r)! / both).toFixed(2) : "-";
    rows.push(
      `| ${r + 1} | ${w} | ${warm} | ${(nLabel / res.seconds.label).toFixed(1)} | ${(nTest / res.seconds.test).toFixed(1)} | ${both.toFixed(1)} | ${speed} | ${(100 * res.testAccuracy!.all).toFixed(1)}% | ${same ? "yes" : "NO"} | ${busy} | ${load} |`,
    );
    console.log(`run ${r + 1}, ${w} worker(s): label ${res.seconds.label.toFixed(1)} s, test ${res.seconds.test.toFixed(1)} s (wall ${wall.toFixed(1)} s, threads busy ${busy}), speedup ${speed}, test accuracy ${(100 * res.testAccuracy!.all).toFixed(2)}%, same results: ${same}`);
  }
}
console.log("\n| run | workers | thread start | label samples/s | test samples/s | label+test s | speedup | test acc. | same results | threads busy | load (1 min) |\n|---|---|---|---|---|---|---|---|---|---|---|");
console.log(rows.join("\n"));
console.log(`\nCalibration (what 2 threads gain over 1 on this machine just before each run): ${ceilings.join("; ")}`);
