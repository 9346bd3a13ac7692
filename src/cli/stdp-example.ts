/**
 * The loop shared by the unsupervised MNIST examples other than Diehl & Cook (conv_mnist,
 * conv1d/3d, loc1d/2d/3d, SOM_LM-SNNs): encode each image, run the network (the fast loop
 * when it applies, else `Network.run`), count the output layer's spikes, assign labels every
 * `updateInterval` samples and report the running accuracy, then test with learning off.
 * The reference scripts only show progress; the accuracy is an addition (the same
 * label-assignment evaluation as eth_mnist), so every example reports how well it learned.
 */
import { allActivity, assignLabels } from "../evaluation/evaluation.js";
import { FastRunner, fastRunnerUnsupported } from "../models/fast-runner.js";
import { Monitor } from "../network/monitors.js";
import type { Network } from "../network/network.js";
import { Tensor } from "../tensor/tensor.js";
import type { ParsedOptions } from "./args.js";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { epochOrder, loadMnist, pct, seedAll, useBackend } from "./common.js";
import { interrupted, type RunControl } from "./control.js";
import { writePlots } from "./plots.js";
import { type CliIO, ProgressBar } from "./progress.js";

/** What an example supplies to the shared loop. */
export interface StdpSpec {
  name: string;
  /** Builds the network (after the generator was seeded). */
  build(opts: ParsedOptions): Network;
  /** The layer fed with the encoded image, and the layer whose spikes are counted. */
  input: string;
  output: string;
  /** Encodes a uint8 image [1, 28, 28] into the input layer's spike train [T, ...shape]. */
  encode(image: Tensor, opts: ParsedOptions): Tensor;
  /** Called after every training sample (SOM's inhibition schedule); may re-run the sample. */
  afterSample?(network: Network, step: number, opts: ParsedOptions): void;
  /** Minimum output spikes per training sample; below it the sample is retried (SOM). */
  retry?: { minSpikes: number; tries: number; encode(image: Tensor, opts: ParsedOptions, attempt: number): Tensor };
  /** Plot description (weights of a conv connection). */
  plotConv?: string;
}

interface State {
  phase: "train" | "test" | "done";
  epoch: number;
  index: number;
  step: number;
  windowCounts: number[];
  windowLabels: number[];
  rates: number[] | null;
  assignments: number[];
  accuracy: { all: number[]; proportion: number[] };
  test: { correct: number; n: number };
  seconds: { train: number; test: number };
  samples: { train: number; test: number };
}

export interface StdpResult {
  trainAccuracy: number[];
  testAccuracy: number | null;
  samplesPerSecond: number;
  completed: boolean;
}

/** Runs an unsupervised example through the shared loop. */
export async function runStdpExample(spec: StdpSpec, opts: ParsedOptions, io: CliIO, control: RunControl): Promise<StdpResult> {
  const o = opts as Record<string, never>;
  useBackend(o.backend, io);
  const trainSet = loadMnist(spec.name, opts, true);
  const nTest = Math.min(o.nTest ?? 0, 10000);
  const testSet = nTest > 0 ? loadMnist(spec.name, opts, false) : null;
  const nTrain = Math.min(o.nTrain as number, trainSet.length);
  const nEpochs: number = o.nEpochs ?? 1;
  const interval: number = o.updateInterval ?? 250;
  let network: Network;
  let st: State;
  if (o.resume) {
    const ck = loadCheckpoint<State>(o.checkpointDir, spec.name);
    network = ck.network;
    st = ck.file.state;
    io.out(`Resumed from ${o.checkpointDir}: ${st.phase} phase, epoch ${st.epoch}, sample ${st.index}`);
  } else {
    seedAll(o.seed);
    network = spec.build(opts);
    st = { phase: "train", epoch: 0, index: 0, step: 0, windowCounts: [], windowLabels: [], rates: null, assignments: [], accuracy: { all: [], proportion: [] }, test: { correct: 0, n: 0 }, seconds: { train: 0, test: 0 }, samples: { train: 0, test: 0 } };
  }
  const out = network.layers[spec.output]!;
  const n = out.n;
  if (st.assignments.length === 0) st.assignments = new Array<number>(n).fill(-1);
  const time: number = o.time;
  const steps = Math.trunc(time / network.dt);
  const why = fastRunnerUnsupported(network);
  const fast = why === null ? new FastRunner(network) : null;
  let monitor: Monitor | null = null;
  if (fast === null) {
    monitor = new Monitor({ obj: out, stateVars: ["s"], time: steps });
    network.addMonitor(monitor, "__counts");
  }
  io.out(`${spec.name}: ${n} output neurons, ${nTrain} training samples × ${nEpochs} epoch(s), ${nTest} test samples, time ${time} ms, ${fast ? "fast loop" : "Network.run"}`);
  const counts = new Float32Array(n);
  const simulate = (train: Tensor): void => {
    counts.fill(0);
    if (fast !== null) {
      const u8 = train.dtype === "uint8" ? (train.contiguousData() as Uint8Array) : (train.to("uint8").contiguousData() as Uint8Array);
      fast.run({ input: u8, steps, inputLayer: spec.input, counts: { [spec.output]: counts } });
    } else {
      network.run({ inputs: { [spec.input]: train }, time });
      const s = monitor!.get("s").to("float32").contiguousData();
      for (let t = 0; t < steps; t++) for (let j = 0; j < n; j++) counts[j]! += s[t * n + j]!;
    }
    network.resetStateVariables();
  };
  const save = (): void => {
    if (!o.checkpoint) return;
    if (monitor !== null) delete network.monitors.__counts;
    saveCheckpoint(o.checkpointDir, spec.name, { ...opts }, network, st);
    if (monitor !== null) network.addMonitor(monitor, "__counts");
  };
  let since = 0;
  const after = (): boolean => {
    since++;
    control.samplesThisRun++;
    const stop = interrupted(control);
    // on a stop the caller saves, after adding this phase's time and samples to the state
    if (!stop && o.checkpointEvery > 0 && since >= o.checkpointEvery) {
      save();
      since = 0;
    }
    return stop;
  };
  const predict = (c: Float32Array, k: number): number[] =>
    allActivity(new Tensor(c, [k, 1, n], "float32"), new Tensor(Int32Array.from(st.assignments), [n], "int32"), 10).toFlatArray();
  const stop = (): StdpResult => {
    io.out(`Interrupted: checkpoint saved in ${o.checkpointDir} (${st.phase} phase, sample ${st.index}); continue with --resume`);
    return { trainAccuracy: st.accuracy.all, testAccuracy: null, samplesPerSecond: 0, completed: false };
  };

  network.train(o.train ?? true);
  while (st.phase === "train" && st.epoch < nEpochs && nTrain > 0) {
    const order = epochOrder(trainSet.length, o.seed, st.epoch);
    const bar = new ProgressBar({ label: `train ${st.epoch + 1}/${nEpochs}`, total: nTrain, start: st.index, io });
    const t0 = performance.now();
    const d0 = st.index;
    while (st.index < nTrain) {
      const item = trainSet.get(order[st.index]!);
      simulate(spec.encode(item.image, opts));
      if (spec.retry) {
        for (let a = 1; a <= spec.retry.tries && counts.reduce((x, y) => x + y, 0) < spec.retry.minSpikes; a++) simulate(spec.retry.encode(item.image, opts, a));
      }
      st.step++;
      spec.afterSample?.(network, st.step, opts);
      for (let j = 0; j < n; j++) st.windowCounts.push(counts[j]!);
      st.windowLabels.push(item.label);
      st.index++;
      if (st.windowLabels.length >= interval || st.index === nTrain) {
        const w = st.windowLabels.length;
        const wc = Float32Array.from(st.windowCounts);
        const pred = predict(wc, w);
        let ok = 0;
        for (let b = 0; b < w; b++) if (pred[b] === st.windowLabels[b]) ok++;
        st.accuracy.all.push(ok / w);
        const res = assignLabels(new Tensor(wc, [w, 1, n], "float32"), st.windowLabels, 10, st.rates === null ? null : new Tensor(Float32Array.from(st.rates), [n, 10], "float32"));
        st.assignments = res.assignments.toFlatArray();
        st.rates = res.rates.toFlatArray();
        st.windowCounts = [];
        st.windowLabels = [];
        bar.update(st.index, ok / w);
      } else bar.update(st.index);
      if (after()) {
        st.seconds.train += (performance.now() - t0) / 1000;
        st.samples.train += st.index - d0;
        bar.finish();
        save();
        return stop();
      }
    }
    bar.finish();
    st.seconds.train += (performance.now() - t0) / 1000;
    st.samples.train += st.index - d0;
    st.epoch++;
    st.index = 0;
  }
  if (st.phase === "train") {
    st.phase = "test";
    st.index = 0;
  }
  network.train(false);
  if (st.phase === "test" && testSet !== null) {
    const bar = new ProgressBar({ label: "test", total: nTest, start: st.index, io });
    const t0 = performance.now();
    const d0 = st.index;
    while (st.index < nTest) {
      const item = testSet.get(st.index);
      simulate(spec.encode(item.image, opts));
      if (predict(Float32Array.from(counts), 1)[0] === item.label) st.test.correct++;
      st.test.n++;
      st.index++;
      bar.update(st.index, st.test.correct / st.test.n);
      if (after()) {
        st.seconds.test += (performance.now() - t0) / 1000;
        st.samples.test += st.index - d0;
        bar.finish();
        save();
        return stop();
      }
    }
    bar.finish();
    st.seconds.test += (performance.now() - t0) / 1000;
    st.samples.test += st.index - d0;
  }
  st.phase = "done";
  save();
  const rate = st.seconds.train > 0 ? st.samples.train / st.seconds.train : 0;
  const acc = st.accuracy.all;
  if (acc.length > 0) io.out(`Training accuracy (last window, all activity): ${pct(acc[acc.length - 1]!)}`);
  io.out(`Training: ${st.samples.train} samples in ${st.seconds.train.toFixed(1)} s (${rate.toFixed(1)} samples/s)`);
  const test = st.test.n > 0 ? st.test.correct / st.test.n : null;
  if (test !== null) io.out(`Test accuracy (${st.test.n} samples, all activity): ${pct(test)}`);
  if (o.plotDir) await writePlots(o.plotDir, io, { network, ...(spec.plotConv ? { weights: { conv: spec.plotConv } } : {}), accuracy: { all: acc, proportion: acc } });
  return { trainAccuracy: acc, testAccuracy: test, samplesPerSecond: rate, completed: true };
}
