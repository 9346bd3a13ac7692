/**
 * The Diehl & Cook MNIST examples (BindsNET's eth_mnist.py, batch_eth_mnist.py,
 * supervised_mnist.py) as one parameterised command: unsupervised STDP training with label
 * assignment every `updateInterval` samples, an optional labelling pass, and a test pass.
 *
 * Fixes of the reference scripts (periphery.md §13): `--train` is the default (the
 * reference's shared `dest` made "test" the effective default); exactly nTrain samples are
 * used (not nTrain + 1); plots are off unless `--plot-dir` is given; test accuracy is printed
 * as a percentage; batch_eth_mnist runs (the reference does not compile).
 */
import { allActivity, assignLabels, proportionWeighting } from "../evaluation/evaluation.js";
import { DiehlAndCook2015, FastRunner, fastRunnerUnsupported } from "../models/index.js";
import { Monitor } from "../network/monitors.js";
import type { Network } from "../network/network.js";
import { defaultGenerator } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import type { OptionSpec, ParsedOptions } from "./args.js";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { PoissonImageEncoder, epochOrder, loadMnist, pct, seedAll, useBackend } from "./common.js";
import { writePlots } from "./plots.js";
import { type CliIO, ProgressBar } from "./progress.js";
import { type RunControl, interrupted } from "./control.js";

export type DCVariant = "eth-mnist" | "batch-eth-mnist" | "supervised-mnist";

/** Options of the three commands, with the reference scripts' defaults. */
export function dcOptions(variant: DCVariant): OptionSpec[] {
  const batch = variant === "batch-eth-mnist";
  const sup = variant === "supervised-mnist";
  const o: OptionSpec[] = [
    { name: "seed", type: "int", default: 0, help: "random seed" },
    { name: "n-neurons", type: "int", default: 100, min: 1, help: "excitatory neurons" },
    { name: "n-epochs", type: "int", default: 1, min: 0, help: "training epochs" },
    { name: "n-test", type: "int", default: 10000, min: 0, help: "test samples" },
    { name: "n-train", type: "int", default: 60000, min: 0, help: "training samples per epoch" },
    { name: "n-workers", type: "int", default: -1, min: -1, help: "accepted for compatibility (data loading is synchronous)" },
    { name: "exc", type: "float", default: 22.5, help: "excitatory → inhibitory weight" },
    { name: "inh", type: "float", default: sup ? 17.5 : 120, help: "inhibitory → excitatory weight" },
    { name: "theta-plus", type: "float", default: 0.05, help: "adaptive threshold increment" },
    { name: "time", type: "int", default: batch ? 100 : 250, min: 1, help: "simulation time per sample (ms)" },
    { name: "dt", type: "float", default: 1.0, min: 0.001, help: "simulation step (ms)" },
    { name: "intensity", type: "float", default: sup ? 32 : 128, min: 0, help: "maximum Poisson rate (Hz)" },
    { name: "progress-interval", type: "int", default: 10, min: 1, help: "accepted for compatibility (the progress bar updates continuously)" },
    { name: "update-interval", type: "int", default: 250, min: 1, help: "samples between label assignments" },
    { name: "min-spikes", type: "int", default: 0, min: 0, help: "Diehl & Cook's retry: while the excitatory layer fires fewer spikes than this, present the sample again with 32 Hz more intensity (up to 5 times, batch 1; 0: off, as eth_mnist.py)" },
    { name: "label-samples", type: "int", default: 0, min: 0, help: "after training, assign labels from this many training samples with learning off (0: keep the running assignment)" },
    { name: "train", type: "bool", default: true, negatedBy: "test", help: "learn during the training pass" },
  ];
  if (batch) {
    o.push(
      { name: "batch-size", type: "int", default: 32, min: 1, help: "samples simulated together" },
      { name: "n-updates", type: "int", default: 10, min: 1, help: "label assignments per epoch" },
      { name: "w-dtype", type: "string", default: "float32", choices: ["float32", "float16"], help: "weight storage" },
      { name: "sparse", type: "bool", default: false, help: "store the fixed weights sparse" },
    );
  }
  if (sup) o.push({ name: "n-clamp", type: "int", default: 1, min: 0, help: "neurons of the label's group forced to spike during training" });
  return o;
}

interface DCState {
  phase: "train" | "label" | "test" | "done";
  epoch: number;
  /** Samples done in the current phase (epoch). */
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

/** What a finished run reports (also printed). */
export interface DCResult {
  trainAccuracy: { all: number[]; proportion: number[] };
  testAccuracy: { all: number; proportion: number } | null;
  samplesPerSecond: { train: number; test: number };
  completed: boolean;
}

function fresh(n: number): DCState {
  return {
    phase: "train",
    epoch: 0,
    index: 0,
    windowCounts: [],
    windowLabels: [],
    rates: null,
    assignments: new Array<number>(n).fill(-1),
    proportions: new Array<number>(n * 10).fill(0),
    accuracy: { all: [], proportion: [] },
    labelSums: new Array<number>(n * 10).fill(0),
    labelN: new Array<number>(10).fill(0),
    test: { all: 0, proportion: 0, n: 0 },
    seconds: { train: 0, label: 0, test: 0 },
    samples: { train: 0, label: 0, test: 0 },
  };
}

/** Predictions (all activity, proportion weighting) for k samples of counts [k, n]. */
function predict(counts: Float32Array, k: number, n: number, st: DCState): [number[], number[]] {
  const rec = new Tensor(counts, [k, 1, n], "float32");
  const assign = new Tensor(Int32Array.from(st.assignments.map((a) => (a < 0 ? -1 : a))), [n], "int32");
  const props = new Tensor(Float32Array.from(st.proportions), [n, 10], "float32");
  const a = allActivity(rec, assign, 10).toFlatArray();
  const p = proportionWeighting(rec, assign, props, 10).toFlatArray();
  return [a, p];
}

/** Runs one of the Diehl & Cook commands. */
export async function runDiehlAndCook(variant: DCVariant, opts: ParsedOptions, io: CliIO, control: RunControl): Promise<DCResult> {
  const o = opts as Record<string, never>;
  const n: number = o.nNeurons;
  const time: number = o.time;
  const dt: number = o.dt;
  const steps = Math.trunc(time / dt);
  const B: number = variant === "batch-eth-mnist" ? o.batchSize : 1;
  const backend = useBackend(o.backend, io);
  const trainSet = loadMnist(variant, opts, true);
  const testSet = o.nTest > 0 ? loadMnist(variant, opts, false) : null;
  const nTrain = Math.min(o.nTrain as number, trainSet.length);
  const nTest = Math.min(o.nTest as number, testSet?.length ?? 0);
  let updateInterval: number = o.updateInterval;
  if (variant === "batch-eth-mnist") updateInterval = Math.max(B, Math.floor(Math.ceil(nTrain / B) / o.nUpdates) * B);

  let network: Network;
  let st: DCState;
  if (o.resume) {
    const ck = loadCheckpoint<DCState>(o.checkpointDir, variant);
    network = ck.network;
    st = ck.file.state;
    io.out(`Resumed from ${o.checkpointDir}: ${st.phase} phase, epoch ${st.epoch}, sample ${st.index}`);
  } else {
    seedAll(o.seed);
    network = new DiehlAndCook2015({
      nInpt: 784,
      nNeurons: n,
      exc: o.exc,
      inh: o.inh,
      dt,
      norm: 78.4,
      thetaPlus: o.thetaPlus,
      inptShape: [1, 28, 28],
      batchSize: B,
      ...(variant === "supervised-mnist" ? { nu: [1e-10, 1e-3] } : {}),
      ...(variant === "batch-eth-mnist" ? { wDtype: o.wDtype, sparse: o.sparse } : {}),
    });
    st = fresh(n);
  }
  const ae = network.layers.Ae!;
  let monitor: Monitor | null = null;
  const fastWhy = fastRunnerUnsupported(network);
  const fast = fastWhy === null ? new FastRunner(network) : null;
  if (fast === null) {
    monitor = new Monitor({ obj: ae, stateVars: ["s"], time: steps });
    network.addMonitor(monitor, "__counts");
  }
  io.out(`${variant}: ${n} excitatory neurons, ${nTrain} training samples × ${o.nEpochs} epoch(s), ${nTest} test samples, time ${time} ms, backend ${backend}, ${fast ? "fast loop" : `Network.run (${fastWhy})`}`);
  const enc = new PoissonImageEncoder([1, 28, 28], o.intensity, time, dt);
  const counts = new Float32Array(B * n);
  const clampMask = new Uint8Array(n);

  /** Simulates samples `idx` of `set` (labels for clamping when supervised), filling counts [k, n]. */
  const simulate = (set: typeof trainSet, idx: number[], clampLabels: number[] | null): void => {
    counts.fill(0);
    if (fast !== null) {
      for (let b = 0; b < idx.length; b++) {
        const image = set.get(idx[b]!).image;
        // eslint-disable-next-line no-restricted-syntax -- counts is this CLI's own JavaScript array, not tensor storage
        const row = counts.subarray(b * n, (b + 1) * n);
        for (let attempt = 0; ; attempt++) {
          let clamp: Record<string, Uint8Array> | undefined;
          if (clampLabels !== null) {
            clampMask.fill(0);
            const per = Math.floor(n / 10);
            const g = defaultGenerator();
            for (let c = 0; c < o.nClamp && per > 0; c++) clampMask[clampLabels[b]! * per + g.nextBelow(per)] = 1;
            clamp = { Ae: clampMask };
          }
          const train = enc.encode(image, o.intensity + 32 * attempt);
          row.fill(0);
          fast.run({ input: train.data as Uint8Array, steps, counts: { Ae: row }, ...(clamp ? { clamp } : {}) });
          network.resetStateVariables();
          // Diehl & Cook's retry: a sample the excitatory layer barely answered is shown again, brighter
          if (attempt >= 5 || row.reduce((x, y) => x + y, 0) >= o.minSpikes) break;
        }
      }
      return;
    }
    const k = idx.length;
    const x = new Uint8Array(steps * k * 784);
    for (let b = 0; b < k; b++) {
      const tr = enc.encode(set.get(idx[b]!).image).data as Uint8Array;
      for (let t = 0; t < steps; t++) x.set(tr.subarray(t * 784, (t + 1) * 784), (t * k + b) * 784);
    }
    network.run({ inputs: { X: new Tensor(x, [steps, k, 1, 28, 28], "uint8") }, time });
    const s = monitor!.get("s").to("float32").contiguousData();
    for (let t = 0; t < steps; t++) for (let e = 0; e < k * n; e++) counts[e]! += s[t * k * n + e]!;
    network.resetStateVariables();
  };

  const save = (): void => {
    if (!o.checkpoint) return;
    if (monitor !== null) delete network.monitors.__counts;
    saveCheckpoint(o.checkpointDir, variant, { ...opts }, network, st);
    if (monitor !== null) network.addMonitor(monitor, "__counts");
  };
  let sinceSave = 0;
  /** After every batch: periodic checkpoint; true when the run must stop now (interrupted). */
  const afterBatch = (k: number): boolean => {
    sinceSave += k;
    control.samplesThisRun += k;
    const stop = interrupted(control);
    // on a stop the caller saves, after adding this phase's time and samples to the state
    if (!stop && o.checkpointEvery > 0 && sinceSave >= o.checkpointEvery) {
      save();
      sinceSave = 0;
    }
    return stop;
  };

  // --- training epochs
  network.train(o.train);
  while (st.phase === "train" && st.epoch < o.nEpochs && nTrain > 0) {
    const order = epochOrder(trainSet.length, o.seed, st.epoch);
    const bar = new ProgressBar({ label: `train ${st.epoch + 1}/${o.nEpochs}`, total: nTrain, start: st.index, io });
    const t0 = performance.now();
    const done0 = st.index;
    while (st.index < nTrain) {
      const k = Math.min(B, nTrain - st.index);
      // eslint-disable-next-line no-restricted-syntax -- transient: copied at once by Array.from
      const idx = Array.from(order.subarray(st.index, st.index + k));
      const labels = idx.map((i) => trainSet.get(i).label);
      simulate(trainSet, idx, variant === "supervised-mnist" && o.train ? labels : null);
      for (let b = 0; b < k; b++) {
        for (let j = 0; j < n; j++) st.windowCounts.push(counts[b * n + j]!);
        st.windowLabels.push(labels[b]!);
      }
      st.index += k;
      if (st.windowLabels.length >= updateInterval || st.index === nTrain) {
        const w = st.windowLabels.length;
        const wc = Float32Array.from(st.windowCounts);
        const [pa, pp] = predict(wc, w, n, st);
        let ca = 0;
        let cp = 0;
        for (let b = 0; b < w; b++) {
          if (pa[b] === st.windowLabels[b]) ca++;
          if (pp[b] === st.windowLabels[b]) cp++;
        }
        st.accuracy.all.push(ca / w);
        st.accuracy.proportion.push(cp / w);
        const al = st.accuracy.all;
        const pl = st.accuracy.proportion;
        if (!io.err.isTTY || o.plotDir) {
          io.out(`All activity accuracy: ${(100 * ca / w).toFixed(2)} (last), ${(100 * al.reduce((x, y) => x + y, 0) / al.length).toFixed(2)} (average), ${(100 * Math.max(...al)).toFixed(2)} (best)`);
          io.out(`Proportion weighting accuracy: ${(100 * cp / w).toFixed(2)} (last), ${(100 * pl.reduce((x, y) => x + y, 0) / pl.length).toFixed(2)} (average), ${(100 * Math.max(...pl)).toFixed(2)} (best)`);
        }
        const res = assignLabels(new Tensor(wc, [w, 1, n], "float32"), st.windowLabels, 10, st.rates === null ? null : new Tensor(Float32Array.from(st.rates), [n, 10], "float32"));
        st.assignments = res.assignments.toFlatArray();
        st.proportions = res.proportions.toFlatArray();
        st.rates = res.rates.toFlatArray();
        st.windowCounts = [];
        st.windowLabels = [];
        bar.update(st.index, ca / w);
      } else bar.update(st.index);
      if (afterBatch(k)) {
        st.seconds.train += (performance.now() - t0) / 1000;
        st.samples.train += st.index - done0;
        bar.finish();
        save();
        return stopped(io, o.checkpointDir, st);
      }
    }
    bar.finish();
    st.seconds.train += (performance.now() - t0) / 1000;
    st.samples.train += st.index - done0;
    st.epoch++;
    st.index = 0;
  }
  if (st.phase === "train") {
    st.phase = "label";
    st.index = 0;
  }

  // --- labelling pass (learning off): assignments from the finished network
  const nLabel = Math.min(o.labelSamples as number, trainSet.length);
  network.train(false);
  if (st.phase === "label" && nLabel > 0) {
    const order = epochOrder(trainSet.length, o.seed, 1000);
    const bar = new ProgressBar({ label: "label", total: nLabel, start: st.index, io });
    const t0 = performance.now();
    const done0 = st.index;
    while (st.index < nLabel) {
      const k = Math.min(B, nLabel - st.index);
      // eslint-disable-next-line no-restricted-syntax -- transient: copied at once by Array.from
      const idx = Array.from(order.subarray(st.index, st.index + k));
      simulate(trainSet, idx, null);
      for (let b = 0; b < k; b++) {
        const y = trainSet.get(idx[b]!).label;
        st.labelN[y]!++;
        for (let j = 0; j < n; j++) st.labelSums[j * 10 + y]! += counts[b * n + j]!;
      }
      st.index += k;
      bar.update(st.index);
      if (afterBatch(k)) {
        st.seconds.label += (performance.now() - t0) / 1000;
        bar.finish();
        save();
        return stopped(io, o.checkpointDir, st);
      }
    }
    bar.finish();
    st.seconds.label += (performance.now() - t0) / 1000;
    st.samples.label += st.index - done0;
    // one synthetic sample per label holding the mean counts: assignLabels' rates are exactly those means
    const present = [...Array(10).keys()].filter((y) => st.labelN[y]! > 0);
    const mean = new Float32Array(present.length * n);
    present.forEach((y, r) => {
      for (let j = 0; j < n; j++) mean[r * n + j] = st.labelSums[j * 10 + y]! / st.labelN[y]!;
    });
    const res = assignLabels(new Tensor(mean, [present.length, 1, n], "float32"), present, 10);
    st.assignments = res.assignments.toFlatArray();
    st.proportions = res.proportions.toFlatArray();
    io.out(`Labels assigned from ${nLabel} training samples (learning off).`);
  }
  if (st.phase === "label") {
    st.phase = "test";
    st.index = 0;
  }

  // --- test pass
  if (st.phase === "test" && nTest > 0) {
    const bar = new ProgressBar({ label: "test", total: nTest, start: st.index, io });
    const t0 = performance.now();
    const done0 = st.index;
    while (st.index < nTest) {
      const k = Math.min(B, nTest - st.index);
      const idx = Array.from({ length: k }, (_, b) => st.index + b);
      simulate(testSet!, idx, null);
      // eslint-disable-next-line no-restricted-syntax -- counts is this CLI's own JavaScript array, not tensor storage
      const [pa, pp] = predict(counts.subarray(0, k * n), k, n, st);
      for (let b = 0; b < k; b++) {
        const y = testSet!.get(idx[b]!).label;
        if (pa[b] === y) st.test.all++;
        if (pp[b] === y) st.test.proportion++;
      }
      st.test.n += k;
      st.index += k;
      bar.update(st.index, st.test.all / st.test.n);
      if (afterBatch(k)) {
        st.seconds.test += (performance.now() - t0) / 1000;
        st.samples.test += st.index - done0;
        bar.finish();
        save();
        return stopped(io, o.checkpointDir, st);
      }
    }
    bar.finish();
    st.seconds.test += (performance.now() - t0) / 1000;
    st.samples.test += st.index - done0;
  }
  st.phase = "done";
  save();

  const trRate = st.seconds.train > 0 ? st.samples.train / st.seconds.train : 0;
  const teRate = st.seconds.test > 0 ? st.samples.test / st.seconds.test : 0;
  const al = st.accuracy.all;
  const pl = st.accuracy.proportion;
  if (al.length > 0) io.out(`Training accuracy (last window): all activity ${pct(al[al.length - 1]!)}, proportion weighting ${pct(pl[pl.length - 1]!)}`);
  io.out(`Training: ${st.samples.train} samples in ${st.seconds.train.toFixed(1)} s (${trRate.toFixed(1)} samples/s)`);
  let test: DCResult["testAccuracy"] = null;
  if (st.test.n > 0) {
    test = { all: st.test.all / st.test.n, proportion: st.test.proportion / st.test.n };
    io.out(`Test accuracy (${st.test.n} samples): all activity ${pct(test.all)}, proportion weighting ${pct(test.proportion)}`);
    io.out(`Testing: ${st.samples.test} samples in ${st.seconds.test.toFixed(1)} s (${teRate.toFixed(1)} samples/s)`);
  }
  if (o.plotDir) await writePlots(o.plotDir, io, { network, weights: "X->Ae", assignments: st.assignments, accuracy: st.accuracy, weightShape: [28, 28] });
  return { trainAccuracy: st.accuracy, testAccuracy: test, samplesPerSecond: { train: trRate, test: teRate }, completed: true };
}

function stopped(io: CliIO, dir: string, st: DCState): DCResult {
  io.out(`Interrupted: checkpoint saved in ${dir} (${st.phase} phase, sample ${st.index}); continue with --resume`);
  return { trainAccuracy: st.accuracy, testAccuracy: null, samplesPerSecond: { train: 0, test: 0 }, completed: false };
}
