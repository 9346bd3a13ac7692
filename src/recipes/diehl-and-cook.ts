/**
 * Diehl & Cook (2015) on MNIST as recipes: BindsNET's eth_mnist.py, batch_eth_mnist.py and
 * supervised_mnist.py, and the main job (eth-mnist with Diehl & Cook's own protocol: 350 ms at
 * 64 Hz, silent samples re-presented brighter, labels from a pass with learning off).
 *
 * The network is trained the way a user writes it: `network.run({ inputs: { X }, time })`,
 * with the excitatory spikes read from a Monitor. Phases: train (label assignment every
 * `updateInterval` samples), label (optional, learning off), test.
 *
 * `minSpikes` (Diehl & Cook's retry): while the excitatory layer answers a presentation with
 * fewer spikes than this (any sample of the batch, for batches), the same input is shown again
 * with 32 Hz more intensity, up to 5 more times. Learning stays on during the retries.
 */
import { allActivity, assignLabels, proportionWeighting } from "../evaluation/evaluation.js";
import { DiehlAndCook2015 } from "../models/diehl-and-cook-2015.js";
import { Monitor } from "../network/monitors.js";
import type { Network } from "../network/network.js";
import { serializeNetwork } from "../network/io/index.js";
import { Generator, defaultGenerator, setDefaultGenerator } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { ValueError, fmtValue } from "../errors.js";
import { checkOptions } from "../options.js";
import { PoissonImageEncoder, RecipeRun, addSpikeCounts, closeLabelWindow, writerWithout, encodeCheckpoint, epochOrder, imageOf, loadCheckpointNetwork, makeConfig, sampleSeed, type FieldRule } from "./common.js";
import type { EvalChunk, EvalJob, ImageSet, Recipe, RecipeContext } from "./types.js";

export type DCVariant = "eth-mnist" | "batch-eth-mnist" | "supervised-mnist" | "main-job";

export interface DCConfig {
  seed: number;
  nNeurons: number;
  nEpochs: number;
  nTest: number;
  nTrain: number;
  exc: number;
  inh: number;
  thetaPlus: number;
  /** PostPre learning rate on a presynaptic spike (depression; BindsNET's nu[0]). */
  nuPre: number;
  /** PostPre learning rate on a postsynaptic spike (potentiation; BindsNET's nu[1]). */
  nuPost: number;
  /** Presentation time per sample (ms). */
  time: number;
  dt: number;
  /** Maximum Poisson rate (Hz, for a white pixel). */
  intensity: number;
  updateInterval: number;
  minSpikes: number;
  labelSamples: number;
  /** Learn during the training pass. */
  train: boolean;
  /** batch-eth-mnist only (1 elsewhere). */
  batchSize: number;
  /** batch-eth-mnist: label assignments per epoch (0 elsewhere: use updateInterval). */
  nUpdates: number;
  wDtype: "float32" | "float16";
  sparse: boolean;
  /** supervised-mnist: neurons of the label's group forced to spike while training. */
  nClamp: number;
  /**
   * Workers for the phases without learning (label, test), when the context has a
   * `parallel` evaluator: 0 (default) takes all of its workers, 1 runs them inline. Results
   * do not depend on it, so a checkpoint does not record it.
   */
  workers: number;
}

export interface DCResult {
  trainAccuracy: { all: number[]; proportion: number[] };
  testAccuracy: { all: number; proportion: number } | null;
  samplesPerSecond: { train: number; test: number };
  samples: { train: number; label: number; test: number };
  seconds: { train: number; label: number; test: number };
  /** Label of each excitatory neuron (−1: none). */
  assignments: number[];
}

interface DCState {
  phase: "train" | "label" | "test" | "done";
  epoch: number;
  index: number;
  windowCounts: number[];
  windowLabels: number[];
  rates: number[] | null;
  assignments: number[];
  proportions: number[];
  accuracy: { all: number[]; proportion: number[] };
  labelSums: number[];
  labelN: number[];
  test: { all: number; proportion: number; n: number };
  seconds: { train: number; label: number; test: number };
  samples: { train: number; label: number; test: number };
}

const base: DCConfig = {
  seed: 0, nNeurons: 100, nEpochs: 1, nTest: 10000, nTrain: 60000, exc: 22.5, inh: 120, thetaPlus: 0.05,
  nuPre: 1e-4, nuPost: 1e-2, time: 250, dt: 1, intensity: 128, updateInterval: 250, minSpikes: 0, labelSamples: 0, train: true,
  batchSize: 1, nUpdates: 0, wDtype: "float32", sparse: false, nClamp: 0, workers: 0,
};

/** Each variant's defaults (the reference scripts'; the main job's are Diehl & Cook's). */
export const dcDefaults: Record<DCVariant, DCConfig> = {
  "eth-mnist": base,
  "batch-eth-mnist": { ...base, time: 100, batchSize: 32, nUpdates: 10 },
  "supervised-mnist": { ...base, inh: 17.5, intensity: 32, nClamp: 1, nuPre: 1e-10, nuPost: 1e-3 },
  "main-job": { ...base, time: 350, intensity: 64, minSpikes: 5, labelSamples: 10000 },
};

const rules: Partial<Record<keyof DCConfig, FieldRule>> = {
  seed: { int: true }, nNeurons: { int: true, min: 1 }, nEpochs: { int: true, min: 0 }, nTest: { int: true, min: 0 },
  nTrain: { int: true, min: 0 }, time: { min: 0 }, dt: { min: 0.001 }, intensity: { min: 0 }, updateInterval: { int: true, min: 1 },
  minSpikes: { int: true, min: 0 }, labelSamples: { int: true, min: 0 }, batchSize: { int: true, min: 1 }, nUpdates: { int: true, min: 0 },
  wDtype: { choices: ["float32", "float16"] }, nClamp: { int: true, min: 0 }, workers: { int: true, min: 0 },
  nuPre: { min: 0 }, nuPost: { min: 0 },
};

const summaries: Record<DCVariant, string> = {
  "eth-mnist": "Diehl & Cook (2015) unsupervised STDP on MNIST: train, assign labels, test.",
  "batch-eth-mnist": "Diehl & Cook on MNIST with mini-batches (Network.run over [T, B, ...] inputs).",
  "supervised-mnist": "Diehl & Cook with n-clamp neurons of the label's group forced to spike while training.",
  "main-job": "Diehl & Cook on MNIST: one epoch of 60,000 training images (350 ms at 64 Hz; samples with < 5 spikes re-presented brighter), labels from 10,000 training images with learning off, test on the 10,000 test images.",
};

function fresh(n: number): DCState {
  return {
    phase: "train", epoch: 0, index: 0, windowCounts: [], windowLabels: [], rates: null,
    assignments: new Array<number>(n).fill(-1), proportions: new Array<number>(n * 10).fill(0),
    accuracy: { all: [], proportion: [] }, labelSums: new Array<number>(n * 10).fill(0), labelN: new Array<number>(10).fill(0),
    test: { all: 0, proportion: 0, n: 0 }, seconds: { train: 0, label: 0, test: 0 }, samples: { train: 0, label: 0, test: 0 },
  };
}

/** Predictions (all activity, proportion weighting) for k samples of counts [k, n]. */
function predict(counts: Float32Array, k: number, n: number, st: DCState): [number[], number[]] {
  const rec = new Tensor(counts, [k, 1, n], "float32");
  const assign = new Tensor(Int32Array.from(st.assignments), [n], "int32");
  const props = new Tensor(Float32Array.from(st.proportions), [n, 10], "float32");
  return [allActivity(rec, assign, 10).toFlatArray(), proportionWeighting(rec, assign, props, 10).toFlatArray()];
}

/** Stands in for a connection's normalize while a {@link DCEvaluator} presents a batch. */
function keepWeights(): void {}

/** The random streams of the phases without learning (see {@link DCEvaluator}). */
export const DC_STREAMS = { label: 1, test: 2 } as const;

/** What {@link DCEvaluator} needs of a config, plus the phase's random stream (the eval kernel's params). */
export interface DCEvalParams {
  nNeurons: number;
  time: number;
  dt: number;
  intensity: number;
  minSpikes: number;
  batchSize: number;
  seed: number;
  stream: number;
}

/**
 * Presents samples to a Diehl & Cook network with learning off (the label and test phases),
 * so that a sample's spike counts depend only on the network, the image and the sample's
 * index: each batch starts from the reset state, and the batch's first sample's generator
 * (`sampleSeed(seed, stream, index)`) stands in for the global generator while the batch
 * runs, each sample being encoded from its own generator, and the weights stay as they are
 * (no renormalization after each run). The inline path and the workers
 * (src/recipes/eval-kernels.ts) run this same code, so any split gives the same counts.
 */
export class DCEvaluator {
  private readonly monitor: Monitor;
  private readonly enc: PoissonImageEncoder;
  private readonly x: Uint8Array;
  private readonly steps: number;
  /** Counts [batchSize, nNeurons] of the last batch. */
  readonly counts: Float32Array;

  constructor(
    readonly network: Network,
    readonly p: DCEvalParams,
    monitor?: Monitor,
  ) {
    this.steps = Math.trunc(p.time / p.dt);
    if (monitor) this.monitor = monitor;
    else {
      this.monitor = new Monitor({ obj: network.layers.Ae!, stateVars: ["s"], time: this.steps });
      network.addMonitor(this.monitor, "__counts");
    }
    this.enc = new PoissonImageEncoder([1, 28, 28], p.intensity, p.time, p.dt);
    this.x = new Uint8Array(this.steps * p.batchSize * 784);
    this.counts = new Float32Array(p.batchSize * p.nNeurons);
  }

  /** Presents samples [start, start + k) (k ≤ batchSize) and fills {@link counts}; returns the presentations made. */
  presentBatch(imageAt: (i: number) => Uint8Array, start: number, k: number): number {
    const { p, x, steps, counts } = this;
    const n = p.nNeurons;
    const gens = Array.from({ length: k }, (_, b) => new Generator(sampleSeed(p.seed, p.stream, start + b)));
    const prev = setDefaultGenerator(gens[0]!);
    // the weights are fixed while learning is off: Network.run's renormalization after each
    // run would change them in the last bits, so that a sample's counts would depend on how
    // many runs its copy of the network made before it
    const conns = [...this.network.connections.values()];
    for (const c of conns) Object.defineProperty(c, "normalize", { value: keepWeights, configurable: true, writable: true });
    try {
      this.network.resetStateVariables();
      for (let attempt = 0; ; attempt++) {
        for (let b = 0; b < k; b++) {
          const tr = this.enc.encode(imageAt(start + b), p.intensity + 32 * attempt, gens[b]).data as Uint8Array;
          if (k === 1) x.set(tr.subarray(0, steps * 784));
          else for (let t = 0; t < steps; t++) x.set(tr.subarray(t * 784, (t + 1) * 784), (t * k + b) * 784);
        }
        // eslint-disable-next-line no-restricted-syntax -- x is this evaluator's own JavaScript buffer, wrapped for one run
        const input = new Tensor(k === p.batchSize ? x : x.subarray(0, steps * k * 784), [steps, k, 1, 28, 28], "uint8");
        this.network.run({ inputs: { X: input }, time: p.time });
        const s = this.monitor.get("s").contiguousData();
        counts.fill(0);
        addSpikeCounts(counts, s, steps, k * n);
        this.network.resetStateVariables();
        let least = Infinity;
        for (let b = 0; b < k; b++) {
          let sb = 0;
          for (let j = 0; j < n; j++) sb += counts[b * n + j]!;
          least = Math.min(least, sb);
        }
        if (attempt >= 5 || least >= p.minSpikes) return attempt + 1;
      }
    } finally {
      setDefaultGenerator(prev);
      for (const c of conns) Reflect.deleteProperty(c, "normalize");
    }
  }

  /**
   * Samples [start, end) in batches of batchSize (start a multiple of it): counts
   * [done, nNeurons] and each batch's presentations. `stop()` is asked before each batch;
   * when it says true the chunk ends there (`end` is then the first sample not done).
   */
  run(imageAt: (i: number) => Uint8Array, start: number, end: number, stop: () => boolean = () => false): EvalChunk {
    const n = this.p.nNeurons;
    const B = this.p.batchSize;
    const out = new Float32Array((end - start) * n);
    const attempts: number[] = [];
    let i = start;
    while (i < end && !stop()) {
      const k = Math.min(B, end - i);
      attempts.push(this.presentBatch(imageAt, i, k));
      out.set(this.counts.subarray(0, k * n), (i - start) * n);
      i += k;
    }
    return { start, end: i, width: n, counts: i === end ? out : out.slice(0, (i - start) * n), attempts };
  }
}

/**
 * Runs a few presentations on a small Diehl & Cook network, so that a fresh worker thread
 * has compiled the simulation's code before its first real chunk (PoolEvaluator.warm).
 */
export function dcWarmUp(): void {
  const model = new DiehlAndCook2015({ nInpt: 784, nNeurons: 100, dt: 1, norm: 78.4, inptShape: [1, 28, 28], rng: new Generator(0) });
  const net = loadCheckpointNetwork(serializeNetwork(model));
  net.train(false);
  const ev = new DCEvaluator(net, { nNeurons: 100, time: 350, dt: 1, intensity: 64, minSpikes: 5, batchSize: 1, seed: 0, stream: 0 });
  const img = Uint8Array.from({ length: 784 }, (_, i) => ((i * 37) % 256) * Number(i % 3 === 0));
  ev.run(() => img, 0, 8);
}

/** The eval kernel of the Diehl & Cook recipes: a {@link DCEvaluator} on the job's network. */
export function dcEvalKernel(network: Uint8Array, params: Record<string, number | string | boolean>): (inputs: Uint8Array, start: number, end: number, stop: () => boolean) => EvalChunk {
  const keys: (keyof DCEvalParams)[] = ["nNeurons", "time", "dt", "intensity", "minSpikes", "batchSize", "seed", "stream"];
  checkOptions("dcEvalKernel", params, keys, "param");
  for (const k of keys) if (typeof params[k] !== "number" || !Number.isFinite(params[k])) throw new ValueError(`dcEvalKernel: params.${k} is ${fmtValue(params[k])}, expected a finite number`);
  const p = params as unknown as DCEvalParams;
  const net = loadCheckpointNetwork(network);
  net.train(false);
  const ev = new DCEvaluator(net, p);
  // eslint-disable-next-line no-restricted-syntax -- the job's inputs are plain JavaScript bytes
  return (inputs, start, end, stop) => ev.run((i) => inputs.subarray(i * 784, (i + 1) * 784), start, end, stop);
}

/** The recipe of one variant. */
function dcRecipe(variant: DCVariant): Recipe<DCConfig, DCResult> {
  const defaults = dcDefaults[variant];
  const recipe: Recipe<DCConfig, DCResult> = {
    name: variant,
    summary: summaries[variant],
    defaults,
    config(partial) {
      const c = makeConfig(variant, defaults, partial, rules);
      if (variant !== "batch-eth-mnist" && c.batchSize !== 1) throw new ValueError(`recipe ${variant}: batchSize is ${c.batchSize}, expected 1 (batches: batch-eth-mnist)`);
      if (variant !== "supervised-mnist" && c.nClamp !== 0) throw new ValueError(`recipe ${variant}: nClamp is ${c.nClamp}, expected 0 (clamping: supervised-mnist)`);
      return c;
    },
    run: (config, ctx = {}) => runDC(variant, recipe.config(config), ctx),
  };
  return recipe;
}

async function runDC(variant: DCVariant, c: DCConfig, ctx: RecipeContext): Promise<DCResult & { aborted: boolean }> {
  const name = variant;
  const n = c.nNeurons;
  const steps = Math.trunc(c.time / c.dt);
  const B = c.batchSize;
  if (!ctx.data) throw new ValueError(`recipe ${name}: context.data is missing, expected a DataSource (MNIST)`);
  const trainSet: ImageSet = await ctx.data.mnist("train", c.nTrain);
  const testSet: ImageSet | null = c.nTest > 0 ? await ctx.data.mnist("test", c.nTest) : null;
  const nTrain = Math.min(c.nTrain, trainSet.count);
  const nTest = Math.min(c.nTest, testSet?.count ?? 0);
  const updateInterval = c.nUpdates > 0 ? Math.max(B, Math.floor(Math.ceil(nTrain / B) / c.nUpdates) * B) : c.updateInterval;

  // workers changes no result: a checkpoint resumes with any number of them
  const { workers: _workers, ...recorded } = c;
  const run = new RecipeRun<DCState>(name, recorded, ctx);
  const begun = await run.begin(c.seed, () => {
    const model = new DiehlAndCook2015({
      nInpt: 784, nNeurons: n, exc: c.exc, inh: c.inh, dt: c.dt, norm: 78.4, thetaPlus: c.thetaPlus, nu: [c.nuPre, c.nuPost], inptShape: [1, 28, 28], batchSize: B,
      ...(variant === "batch-eth-mnist" ? { wDtype: c.wDtype, sparse: c.sparse } : {}),
    });
    return { network: model, state: fresh(n) };
  });
  const network = begun.network;
  const st = begun.state;
  const ae = network.layers.Ae!;
  const monitor = new Monitor({ obj: ae, stateVars: ["s"], time: steps });
  network.addMonitor(monitor, "__counts");
  // the counting monitor is not part of the checkpoint
  const bytes = writerWithout(network, "__counts", monitor);
  const enc = new PoissonImageEncoder([1, 28, 28], c.intensity, c.time, c.dt);
  const counts = new Float32Array(B * n);
  /** The snapshots wanted after sample `index` (1-based): its input, the spike counts, weights, θ. */
  const snapshotsAfter = (index: number, input: () => Uint8Array): void => {
    if (run.wants("input", index)) run.snapshot("input", [28, 28], input());
    if (run.wants("spikes", index)) run.snapshot("spikes", [n], counts.slice(0, n));
    if (run.wants("weights", index)) {
      const w = network.connections.get("X", "Ae")!.w;
      run.snapshot("weights", [...w.shape], w.toFlatArray());
    }
    if (run.wants("thresholds", index)) {
      const theta = (ae as unknown as { theta?: Tensor }).theta;
      if (theta) run.snapshot("thresholds", [n], theta.toFlatArray().slice(0, n));
    }
  };
  const x = new Uint8Array(steps * B * 784);
  const clampMask = new Uint8Array(n);
  const clampTensor = new Tensor(clampMask, [n], "uint8");

  /** Presents samples `idx` of `set` (clamping the labels' groups when given), filling counts [k, n]. */
  const simulate = (set: ImageSet, idx: number[], clampLabels: number[] | null, index: number, phase: string): void => {
    const k = idx.length;
    for (let attempt = 0; ; attempt++) {
      let clamp: Record<string, Tensor> | undefined;
      if (clampLabels !== null) {
        clampMask.fill(0);
        const per = Math.floor(n / 10);
        const g = defaultGenerator();
        for (let b = 0; b < k; b++) for (let j = 0; j < c.nClamp && per > 0; j++) clampMask[clampLabels[b]! * per + g.nextBelow(per)] = 1;
        clamp = { Ae: clampTensor };
      }
      for (let b = 0; b < k; b++) {
        const tr = enc.encode(imageOf(set, idx[b]!), c.intensity + 32 * attempt).data as Uint8Array;
        if (k === 1) x.set(tr.subarray(0, steps * 784));
        else for (let t = 0; t < steps; t++) x.set(tr.subarray(t * 784, (t + 1) * 784), (t * k + b) * 784);
      }
      // eslint-disable-next-line no-restricted-syntax -- x is this recipe's own JavaScript buffer, wrapped for one run
      const input = new Tensor(k === B ? x : x.subarray(0, steps * k * 784), [steps, k, 1, 28, 28], "uint8");
      network.run({ inputs: { X: input }, time: c.time, ...(clamp ? { clamp } : {}) });
      const s = monitor.get("s").contiguousData();
      counts.fill(0);
      addSpikeCounts(counts, s, steps, k * n);
      if (run.wants("voltages", index)) run.snapshot("voltages", [n], (ae as unknown as { v: Tensor }).v.toFlatArray().slice(0, n));
      network.resetStateVariables();
      let least = Infinity;
      for (let b = 0; b < k; b++) {
        let sb = 0;
        for (let j = 0; j < n; j++) sb += counts[b * n + j]!;
        least = Math.min(least, sb);
      }
      if (attempt >= 5 || least >= c.minSpikes) break;
      run.log(`${phase} sample ${index}: ${least} spikes < minSpikes ${c.minSpikes}; presenting again at ${c.intensity + 32 * (attempt + 1)} Hz`);
    }
    snapshotsAfter(index, () => imageOf(set, idx[0]!));
  };
  const spikesOf = (b: number): number => {
    let s = 0;
    for (let j = 0; j < n; j++) s += counts[b * n + j]!;
    return s;
  };
  /**
   * The label or test phase's results from sample `from` on, batch by batch in sample order:
   * from the workers of ctx.parallel when more than one is asked for, else inline (the same
   * DCEvaluator code, so the same counts).
   */
  const evalBatches = async function* (phase: "label" | "test", imageAt: (i: number) => Uint8Array, from: number, total: number): AsyncGenerator<{ start: number; k: number; counts: Float32Array; attempts: number }> {
    const params: DCEvalParams = { nNeurons: n, time: c.time, dt: c.dt, intensity: c.intensity, minSpikes: c.minSpikes, batchSize: B, seed: c.seed, stream: DC_STREAMS[phase] };
    const par = ctx.parallel;
    const workers = par ? (c.workers > 0 ? Math.min(c.workers, par.size) : par.size) : 1;
    if (par && workers > 1) {
      const inputs = new Uint8Array(total * 784);
      for (let i = from; i < total; i++) inputs.set(imageAt(i), i * 784);
      const job: EvalJob = { kernel: "diehl-and-cook", network: bytes(), inputs, sampleSize: 784, params: { ...params } };
      for await (const ch of par.evaluate(job, { start: from, end: total, align: B, workers, ...(ctx.signal ? { signal: ctx.signal } : {}) })) {
        for (let i = ch.start, a = 0; i < ch.end; i += B, a++) {
          const k = Math.min(B, ch.end - i);
          // eslint-disable-next-line no-restricted-syntax -- the chunk's counts are plain JavaScript memory
          yield { start: i, k, counts: ch.counts.subarray((i - ch.start) * n, (i - ch.start + k) * n), attempts: ch.attempts[a]! };
        }
      }
      return;
    }
    const ev = new DCEvaluator(network, params, monitor);
    for (let i = from; i < total; i += B) {
      const k = Math.min(B, total - i);
      const attempts = ev.presentBatch(imageAt, i, k);
      // eslint-disable-next-line no-restricted-syntax -- the evaluator's counts, used before the next batch
      yield { start: i, k, counts: ev.counts.subarray(0, k * n), attempts };
    }
  };
  /** Events, logs and snapshots of one batch of the label or test phase (counts copied into `counts`). */
  const afterEvalBatch = (phase: string, start: number, k: number, batch: Float32Array, attempts: number, imageAt: (i: number) => Uint8Array): void => {
    counts.set(batch);
    if (attempts > 1) run.log(`${phase} sample ${start + k}: fewer than minSpikes ${c.minSpikes} spikes; presented ${attempts} times, the last at ${c.intensity + 32 * (attempts - 1)} Hz`);
    const index = start + k;
    snapshotsAfter(index, () => imageAt(start));
  };
  const finish = (aborted: boolean): DCResult & { aborted: boolean } => {
    const result: DCResult = {
      trainAccuracy: st.accuracy,
      testAccuracy: st.test.n > 0 ? { all: st.test.all / st.test.n, proportion: st.test.proportion / st.test.n } : null,
      samplesPerSecond: { train: st.seconds.train > 0 ? st.samples.train / st.seconds.train : 0, test: st.seconds.test > 0 ? st.samples.test / st.seconds.test : 0 },
      samples: st.samples,
      seconds: st.seconds,
      assignments: st.assignments,
    };
    run.emit({ type: "done", recipe: name, result: { ...result }, aborted });
    return { ...result, aborted };
  };

  // --- training epochs
  network.train(c.train);
  while (st.phase === "train" && st.epoch < c.nEpochs && nTrain > 0) {
    const order = epochOrder(trainSet.count, c.seed, st.epoch);
    run.emit({ type: "phase", recipe: name, phase: "train", total: nTrain, epoch: st.epoch });
    let t0 = performance.now();
    while (st.index < nTrain) {
      if (run.aborted) return (await run.save(bytes, st, "train", st.index), finish(true));
      const k = Math.min(B, nTrain - st.index);
      // eslint-disable-next-line no-restricted-syntax -- transient: copied at once by Array.from
      const idx = Array.from(order.subarray(st.index, st.index + k));
      const labels = idx.map((i) => trainSet.labels[i]!);
      simulate(trainSet, idx, variant === "supervised-mnist" && c.train ? labels : null, st.index + k, "train");
      for (let b = 0; b < k; b++) {
        for (let j = 0; j < n; j++) st.windowCounts.push(counts[b * n + j]!);
        st.windowLabels.push(labels[b]!);
      }
      st.index += k;
      let acc: number | undefined;
      if (st.windowLabels.length >= updateInterval || st.index === nTrain) {
        const w = st.windowLabels.length;
        const wc = Float32Array.from(st.windowCounts);
        const [pa, pp] = predict(wc, w, n, st);
        const ca = pa.filter((p, b) => p === st.windowLabels[b]).length;
        const cp = pp.filter((p, b) => p === st.windowLabels[b]).length;
        st.accuracy.all.push(ca / w);
        st.accuracy.proportion.push(cp / w);
        run.emit({ type: "accuracy", recipe: name, phase: "train", scheme: "all", value: ca / w, n: w });
        run.emit({ type: "accuracy", recipe: name, phase: "train", scheme: "proportion", value: cp / w, n: w });
        closeLabelWindow(st, wc, n);
        acc = ca / w;
      }
      for (let b = 0; b < k; b++) run.emit({ type: "sample", recipe: name, phase: "train", index: st.index - k + b + 1, total: nTrain, spikes: spikesOf(b), label: labels[b]!, ...(acc !== undefined && b === k - 1 ? { accuracy: acc } : {}) });
      const now = performance.now();
      st.seconds.train += (now - t0) / 1000;
      st.samples.train += k;
      t0 = now;
      if (await run.afterSample(bytes, () => st, "train", st.index, k)) return finish(true);
      t0 = performance.now();
    }
    st.epoch++;
    st.index = 0;
  }
  if (st.phase === "train") {
    st.phase = "label";
    st.index = 0;
  }

  // --- labelling pass (learning off): assignments from the finished network
  const nLabel = Math.min(c.labelSamples, trainSet.count);
  network.train(false);
  if (st.phase === "label" && nLabel > 0) {
    const order = epochOrder(trainSet.count, c.seed, 1000);
    const imageAt = (i: number): Uint8Array => imageOf(trainSet, order[i]!);
    run.emit({ type: "phase", recipe: name, phase: "label", total: nLabel });
    let t0 = performance.now();
    if (run.aborted) return (await run.save(bytes, st, "label", st.index), finish(true));
    for await (const { start, k, counts: batch, attempts } of evalBatches("label", imageAt, st.index, nLabel)) {
      afterEvalBatch("label", start, k, batch, attempts, imageAt);
      for (let b = 0; b < k; b++) {
        const y = trainSet.labels[order[start + b]!]!;
        st.labelN[y]!++;
        for (let j = 0; j < n; j++) st.labelSums[j * 10 + y]! += counts[b * n + j]!;
        run.emit({ type: "sample", recipe: name, phase: "label", index: start + b + 1, total: nLabel, spikes: spikesOf(b), label: y });
      }
      st.index = start + k;
      const now = performance.now();
      st.seconds.label += (now - t0) / 1000;
      st.samples.label += k;
      if (await run.afterSample(bytes, () => st, "label", st.index, k)) return finish(true);
      t0 = performance.now();
    }
    if (st.index < nLabel) return (await run.save(bytes, st, "label", st.index), finish(true));
    // one synthetic sample per label holding the mean counts: assignLabels' rates are exactly those means
    const present = [...Array(10).keys()].filter((y) => st.labelN[y]! > 0);
    const mean = new Float32Array(present.length * n);
    present.forEach((y, r) => {
      for (let j = 0; j < n; j++) mean[r * n + j] = st.labelSums[j * 10 + y]! / st.labelN[y]!;
    });
    const res = assignLabels(new Tensor(mean, [present.length, 1, n], "float32"), present, 10);
    st.assignments = res.assignments.toFlatArray();
    st.proportions = res.proportions.toFlatArray();
    run.log(`Labels assigned from ${nLabel} training samples (learning off).`);
  }
  if (st.phase === "label") {
    st.phase = "test";
    st.index = 0;
  }

  // --- test pass
  if (st.phase === "test" && nTest > 0) {
    run.emit({ type: "phase", recipe: name, phase: "test", total: nTest });
    const imageAt = (i: number): Uint8Array => imageOf(testSet!, i);
    let t0 = performance.now();
    if (run.aborted) return (await run.save(bytes, st, "test", st.index), finish(true));
    for await (const { start, k, counts: batch, attempts } of evalBatches("test", imageAt, st.index, nTest)) {
      afterEvalBatch("test", start, k, batch, attempts, imageAt);
      // eslint-disable-next-line no-restricted-syntax -- counts is this recipe's own JavaScript array
      const [pa, pp] = predict(counts.subarray(0, k * n), k, n, st);
      for (let b = 0; b < k; b++) {
        const y = testSet!.labels[start + b]!;
        if (pa[b] === y) st.test.all++;
        if (pp[b] === y) st.test.proportion++;
        st.test.n++;
        run.emit({ type: "sample", recipe: name, phase: "test", index: start + b + 1, total: nTest, spikes: spikesOf(b), label: y, prediction: pa[b]!, accuracy: st.test.all / st.test.n });
      }
      st.index = start + k;
      const now = performance.now();
      st.seconds.test += (now - t0) / 1000;
      st.samples.test += k;
      if (await run.afterSample(bytes, () => st, "test", st.index, k)) return finish(true);
      t0 = performance.now();
    }
    if (st.index < nTest) return (await run.save(bytes, st, "test", st.index), finish(true));
    run.emit({ type: "accuracy", recipe: name, phase: "test", scheme: "all", value: st.test.all / st.test.n, n: st.test.n });
    run.emit({ type: "accuracy", recipe: name, phase: "test", scheme: "proportion", value: st.test.proportion / st.test.n, n: st.test.n });
  }
  st.phase = "done";
  await run.save(bytes, st, "done", st.index);
  return finish(false);
}

/**
 * A checkpoint that makes a Diehl & Cook recipe evaluate a saved network: the run resumes
 * at the label phase (or at the test phase with `assignments` and `labelSamples` 0), with
 * `network` (safetensors bytes: a recipe checkpoint's network or `network.save`'s file) as
 * trained. `config` is the run's full config (its nNeurons must match the network's Ae layer).
 */
export function evaluationCheckpoint(variant: DCVariant, config: DCConfig, network: Uint8Array, assignments?: { assignments: number[]; proportions: number[] }): Uint8Array {
  const net = loadCheckpointNetwork(network);
  const ae = net.layers.Ae;
  if (ae === undefined || net.layers.X === undefined) throw new ValueError(`evaluationCheckpoint: network has layers ${Object.keys(net.layers).join(", ")}, expected a Diehl & Cook network with layers X and Ae`);
  if (ae.n !== config.nNeurons) throw new ValueError(`evaluationCheckpoint: config.nNeurons is ${config.nNeurons}, expected ${ae.n} (the network's Ae layer)`);
  const n = config.nNeurons;
  const st = fresh(n);
  if (config.labelSamples === 0) {
    if (!assignments) throw new ValueError(`evaluationCheckpoint: labelSamples is 0 and no assignments were given, expected labelSamples > 0 or the assignments of a finished run`);
    if (assignments.assignments.length !== n || assignments.proportions.length !== n * 10) throw new ValueError(`evaluationCheckpoint: assignments has ${assignments.assignments.length} labels and ${assignments.proportions.length} proportions, expected ${n} and ${n * 10}`);
    st.assignments = [...assignments.assignments];
    st.proportions = [...assignments.proportions];
    st.phase = "test";
  } else st.phase = "label";
  const { workers: _workers, ...recorded } = recipeFor(variant).config(config);
  return encodeCheckpoint({ recipe: variant, config: recorded, state: st, rng: new Generator(config.seed).getState() }, serializeNetwork(net));
}

const recipeFor = (variant: DCVariant): Recipe<DCConfig, DCResult> => ({ "eth-mnist": ethMnist, "batch-eth-mnist": batchEthMnist, "supervised-mnist": supervisedMnist, "main-job": mainJob })[variant];

export const ethMnist = dcRecipe("eth-mnist");
export const batchEthMnist = dcRecipe("batch-eth-mnist");
export const supervisedMnist = dcRecipe("supervised-mnist");
export const mainJob = dcRecipe("main-job");
