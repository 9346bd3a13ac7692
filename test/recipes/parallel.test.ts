/** Parallel label and test phases: any number of workers gives the single-worker run's counts, assignments and accuracies. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeDataSource } from "../../src/node/data-source.js";
import { PoolEvaluator } from "../../src/node/parallel-eval.js";
import { MemoryCheckpointStore, decodeCheckpoint, loadCheckpointNetwork } from "../../src/recipes/common.js";
import { getRecipe } from "../../src/recipes/index.js";
import { DCEvaluator, DC_STREAMS, type DCConfig, type DCEvalParams, evaluationCheckpoint } from "../../src/recipes/diehl-and-cook.js";
import type { RecipeContext, RecipeEvent } from "../../src/recipes/types.js";
import { tinyMnist } from "../examples/tiny-mnist.js";

let data: NodeDataSource;
let pool: PoolEvaluator;
beforeAll(() => {
  data = new NodeDataSource(tinyMnist(16, 10));
  // small chunks, so that every worker gets several
  pool = new PoolEvaluator({ size: 3, maxChunk: 2 });
});
afterAll(async () => {
  await pool.destroy();
});

interface Outcome {
  result: Record<string, unknown> & { aborted: boolean };
  /** Per-neuron counts of every label and test sample (spikes snapshots), and the sample events. */
  counts: string[];
  samples: string[];
  logs: string[];
  network: Uint8Array;
  store: MemoryCheckpointStore;
}

async function run(name: string, cfg: object, ctx: RecipeContext = {}, store = new MemoryCheckpointStore()): Promise<Outcome> {
  const r = getRecipe(name);
  const counts: string[] = [];
  const samples: string[] = [];
  const logs: string[] = [];
  let phase = "";
  const onProgress = (e: RecipeEvent): void => {
    ctx.onProgress?.(e);
    if (e.type === "phase") phase = e.phase;
    if (e.type === "snapshot" && e.name === "spikes" && phase !== "train") counts.push(`${phase} ${Array.from(e.data).join(",")}`);
    if (e.type === "sample" && e.phase !== "train") samples.push(`${e.phase} ${e.index} ${e.spikes} ${e.label} ${e.prediction ?? ""}`);
    if (e.type === "log") logs.push(e.message);
  };
  const result = (await r.run(r.config(cfg), { data, checkpoint: store, snapshots: { every: 1, names: ["spikes"] }, ...ctx, onProgress })) as Outcome["result"];
  return { result, counts, samples, logs, network: decodeCheckpoint(store.bytes!).network, store };
}

/** What the phases must leave as training left it: the weights and the adaptive thresholds. */
function learned(bytes: Uint8Array): number[][] {
  const net = loadCheckpointNetwork(bytes);
  return [net.connections.get("X", "Ae")!.w.toFlatArray(), (net.layers.Ae as unknown as { theta: { toFlatArray(): number[] } }).theta.toFlatArray()];
}

const strip = (r: Record<string, unknown>): string => JSON.stringify({ ...r, seconds: 0, samplesPerSecond: 0 });

const mainJob = { nTrain: 6, labelSamples: 12, nTest: 10, time: 20, nNeurons: 8, updateInterval: 3 };

describe("parallel evaluation", () => {
  it("main-job: 2 and 3 workers give the counts, assignments and accuracies of 1 worker", async () => {
    const one = await run("main-job", mainJob);
    expect(one.counts.length).toBe(22);
    // the Diehl & Cook retry is exercised (20 ms at 64 Hz gives few spikes)
    expect(one.logs.some((m) => /presented \d times/.test(m))).toBe(true);
    const total = one.counts.reduce((s, l) => s + l.split(" ")[1]!.split(",").reduce((a, b) => a + Number(b), 0), 0);
    expect(total).toBeGreaterThan(0);
    for (const workers of [2, 3]) {
      const before = { ...pool.stats };
      const par = await run("main-job", { ...mainJob, workers }, { parallel: pool });
      expect(par.counts).toEqual(one.counts);
      expect(par.samples).toEqual(one.samples);
      expect(par.logs).toEqual(one.logs);
      expect(strip(par.result)).toBe(strip(one.result));
      expect(learned(par.network)).toEqual(learned(one.network));
      // the label and test phases ran in the threads: one job each, in chunks of one sample
      // (12 or 10 samples make fewer than 32 chunks per worker)
      expect(pool.stats.jobs - before.jobs).toBe(2);
      expect(pool.stats.chunks - before.chunks).toBe(12 + 10);
    }
  }, 120_000);

  it("batch-eth-mnist: batches of 3 (a partial last batch) split across workers give the same results", async () => {
    const cfg = { nTrain: 6, nTest: 10, time: 10, nNeurons: 6, batchSize: 3, nUpdates: 2 };
    const one = await run("batch-eth-mnist", cfg);
    const par = await run("batch-eth-mnist", { ...cfg, workers: 2 }, { parallel: pool });
    expect(one.samples.length).toBe(10);
    expect(par.samples).toEqual(one.samples);
    expect(strip(par.result)).toBe(strip(one.result));
  }, 120_000);

  it("an abort during the parallel label phase stops at a sample boundary with a checkpoint that resumes to the same result", async () => {
    const one = await run("main-job", mainJob);
    const ac = new AbortController();
    const store = new MemoryCheckpointStore();
    const stopped = await run("main-job", { ...mainJob, workers: 3 }, { parallel: pool, signal: ac.signal, onProgress: (e) => e.type === "sample" && e.phase === "label" && e.index === 4 && ac.abort() }, store);
    expect(stopped.result.aborted).toBe(true);
    const st = decodeCheckpoint<{ phase: string; index: number }>(store.bytes!).header.state;
    expect(st.phase).toBe("label");
    expect(st.index).toBe(4);
    // the rest in parallel with another number of workers, then inline from a later abort
    const resumed = await run("main-job", { ...mainJob, workers: 2 }, { parallel: pool }, store);
    expect(resumed.result.aborted).toBe(false);
    expect(strip(resumed.result).replace(/"samples":\{[^}]*\}/, "")).toBe(strip(one.result).replace(/"samples":\{[^}]*\}/, ""));
    expect(resumed.samples).toEqual(one.samples.slice(4));
    expect(learned(resumed.network)).toEqual(learned(one.network));
  }, 120_000);

  it("an abort during the parallel test phase returns promptly", async () => {
    const ac = new AbortController();
    const stopped = await run("main-job", { ...mainJob, workers: 2 }, { parallel: pool, signal: ac.signal, onProgress: (e) => e.type === "sample" && e.phase === "test" && e.index === 1 && ac.abort() });
    expect(stopped.result.aborted).toBe(true);
    expect(stopped.samples.filter((s) => s.startsWith("test")).length).toBeLessThan(10);
  }, 120_000);

  it("DCEvaluator: a sample's counts do not depend on the order, the split or the network copy", async () => {
    const full = await run("main-job", { ...mainJob, labelSamples: 0, nTest: 0 });
    const bytes = full.network;
    const set = await data.mnist("test", 10);
    const imageAt = (i: number): Uint8Array => set.images.slice(i * 784, (i + 1) * 784);
    const p: DCEvalParams = { nNeurons: 8, time: 20, dt: 1, intensity: 64, minSpikes: 5, batchSize: 1, seed: 0, stream: DC_STREAMS.test };
    const a = new DCEvaluator(loadCheckpointNetwork(bytes).train(false), p).run(imageAt, 0, 10);
    const other = new DCEvaluator(loadCheckpointNetwork(bytes).train(false), p);
    const back = other.run(imageAt, 6, 10);
    const front = other.run(imageAt, 0, 6);
    expect(Array.from(front.counts).concat(Array.from(back.counts))).toEqual(Array.from(a.counts));
    expect(front.attempts.concat(back.attempts)).toEqual(a.attempts);
    // another stream (phase) draws other spikes
    const q = new DCEvaluator(loadCheckpointNetwork(bytes).train(false), { ...p, stream: DC_STREAMS.label }).run(imageAt, 0, 10);
    expect(Array.from(q.counts)).not.toEqual(Array.from(a.counts));
  }, 60_000);

  it("PoolEvaluator.warm starts every thread", async () => {
    const ids = await pool.warm();
    expect(new Set(ids).size).toBe(3);
  }, 60_000);

  it("PoolEvaluator checks its arguments", async () => {
    expect(() => new PoolEvaluator({ size: 0 })).toThrow(/PoolEvaluator: size is 0, expected a positive integer/);
    const job = { kernel: "diehl-and-cook", network: new Uint8Array(0), inputs: new Uint8Array(784 * 2), sampleSize: 784, params: {} };
    const first = (opts: Parameters<PoolEvaluator["evaluate"]>[1]) => pool.evaluate(job, opts)[Symbol.asyncIterator]().next();
    await expect(first({ start: 1, end: 2, align: 2, workers: 1 })).rejects.toThrow(/start a multiple of align 2/);
    await expect(first({ start: 0, end: 4, align: 1, workers: 1 })).rejects.toThrow(/job.inputs has 1568 bytes, expected at least 3136/);
    await expect(first({ start: 0, end: 2, align: 1, workers: 0 })).rejects.toThrow(/workers is 0, expected a positive integer/);
    await expect(pool.evaluate({ ...job, kernel: "nope" }, { start: 0, end: 1, align: 1, workers: 1 })[Symbol.asyncIterator]().next()).rejects.toThrow(/runEvalTask: kernel is "nope", expected one of diehl-and-cook/);
    await expect(pool.evaluate({ ...job, params: { nNeurons: 8, tme: 20 } }, { start: 0, end: 1, align: 1, workers: 1 })[Symbol.asyncIterator]().next()).rejects.toThrow(/dcEvalKernel: unknown param tme; did you mean time\?/);
    expect(pool.chunks(0, 10, 3, 2)).toEqual([[0, 3], [3, 6], [6, 9], [9, 10]]);
    expect(new PoolEvaluator({ size: 2 }).chunks(0, 1000, 1, 2)).toEqual(Array.from({ length: 63 }, (_, i) => [16 * i, Math.min(1000, 16 * i + 16)]));
    expect(new PoolEvaluator({ size: 2 }).chunks(32, 100, 32, 2)).toEqual([[32, 64], [64, 96], [96, 100]]);
  }, 60_000);
});

describe("evaluating a saved network", () => {
  it("evaluationCheckpoint: label and test phases of a finished run's network give its assignments and accuracy, on any number of workers", async () => {
    const one = await run("main-job", mainJob);
    const ck = decodeCheckpoint<{ assignments: number[]; proportions: number[] }>(one.store.bytes!);
    const cfg = getRecipe("main-job").config({ ...mainJob, nEpochs: 0 }) as DCConfig;
    for (const workers of [1, 2]) {
      const store = new MemoryCheckpointStore();
      store.bytes = evaluationCheckpoint("main-job", { ...cfg, workers }, ck.network);
      const ev = await run("main-job", { ...cfg, workers }, { parallel: pool }, store);
      expect(ev.result.assignments).toEqual(one.result.assignments);
      expect(ev.result.testAccuracy).toEqual(one.result.testAccuracy);
      expect(ev.samples).toEqual(one.samples);
    }
    // test only, with the run's own assignments
    const store = new MemoryCheckpointStore();
    store.bytes = evaluationCheckpoint("main-job", { ...cfg, labelSamples: 0 }, ck.network, ck.header.state);
    const ev = await run("main-job", { ...cfg, labelSamples: 0, workers: 2 }, { parallel: pool }, store);
    expect(ev.result.testAccuracy).toEqual(one.result.testAccuracy);
    expect(() => evaluationCheckpoint("main-job", { ...cfg, labelSamples: 0 }, ck.network)).toThrow(/evaluationCheckpoint: labelSamples is 0 and no assignments were given/);
    expect(() => evaluationCheckpoint("main-job", { ...cfg, nNeurons: 9 }, ck.network)).toThrow(/evaluationCheckpoint: config.nNeurons is 9, expected 8/);
  }, 120_000);
});
