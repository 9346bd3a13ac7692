/**
 * The loop shared by the unsupervised MNIST recipes other than Diehl & Cook (conv_mnist,
 * conv1d/3d, loc1d/2d/3d, SOM_LM-SNNs): encode each image, `network.run` it, count the output
 * layer's spikes with a Monitor, assign labels every `updateInterval` samples and report the
 * running accuracy, then test with learning off. The reference scripts only show progress;
 * the accuracy is an addition (eth_mnist's label-assignment evaluation).
 */
import { allActivity } from "../evaluation/evaluation.js";
import { ValueError } from "../errors.js";
import { Monitor } from "../network/monitors.js";
import type { Network } from "../network/network.js";
import { Tensor } from "../tensor/tensor.js";
import { RecipeRun, addSpikeCounts, closeLabelWindow, epochOrder, imageOf, makeConfig, writerWithout, type FieldRule } from "./common.js";
import type { ImageSet, Recipe, RecipeContext } from "./types.js";

/** Fields every recipe of this loop has. */
export interface StdpBaseConfig {
  seed: number;
  nEpochs: number;
  nTest: number;
  nTrain: number;
  time: number;
  dt: number;
  intensity: number;
  updateInterval: number;
  train: boolean;
}

/** What a recipe supplies to the shared loop. */
export interface StdpSpec<C extends StdpBaseConfig> {
  name: string;
  summary: string;
  defaults: C;
  rules?: Partial<Record<keyof C & string, FieldRule>>;
  /** Builds the network (after the generator was seeded). */
  build(c: C): Network;
  /** The layer fed with the encoded image, and the layer whose spikes are counted. */
  input: string;
  output: string;
  /** Encodes an image (28×28 pixels 0..255) into the input layer's spike train [T, ...shape]; `attempt` > 0 for retries. */
  encode(px: Uint8Array, c: C, attempt: number): Tensor;
  /** Called after every training sample (SOM's inhibition schedule). */
  afterSample?(network: Network, step: number, c: C): void;
  /** Minimum output spikes per training sample; below it the sample is shown again (SOM). */
  retry?: { minSpikes: number; tries: number };
}

export interface StdpResult {
  /** Running accuracy (all activity) of each window. */
  trainAccuracy: number[];
  testAccuracy: number | null;
  samples: { train: number; test: number };
  seconds: { train: number; test: number };
  samplesPerSecond: number;
  assignments: number[];
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
  accuracy: number[];
  test: { correct: number; n: number };
  seconds: { train: number; test: number };
  samples: { train: number; test: number };
}

const baseRules: Partial<Record<keyof StdpBaseConfig, FieldRule>> = {
  seed: { int: true }, nEpochs: { int: true, min: 0 }, nTest: { int: true, min: 0 }, nTrain: { int: true, min: 0 },
  time: { min: 1 }, dt: { min: 0.001 }, intensity: { min: 0 }, updateInterval: { int: true, min: 1 },
};

/** A recipe from a spec. */
export function stdpRecipe<C extends StdpBaseConfig>(spec: StdpSpec<C>): Recipe<C, StdpResult> {
  const recipe: Recipe<C, StdpResult> = {
    name: spec.name,
    summary: spec.summary,
    defaults: spec.defaults,
    config: (partial) => makeConfig(spec.name, spec.defaults, partial, { ...baseRules, ...spec.rules } as Partial<Record<keyof C & string, FieldRule>>),
    run: (config, ctx = {}) => runStdp(spec, recipe.config(config), ctx),
  };
  return recipe;
}

async function runStdp<C extends StdpBaseConfig>(spec: StdpSpec<C>, c: C, ctx: RecipeContext): Promise<StdpResult & { aborted: boolean }> {
  const name = spec.name;
  if (!ctx.data) throw new ValueError(`recipe ${name}: context.data is missing, expected a DataSource (MNIST)`);
  const trainSet: ImageSet = await ctx.data.mnist("train", c.nTrain);
  const testSet: ImageSet | null = c.nTest > 0 ? await ctx.data.mnist("test", c.nTest) : null;
  const nTrain = Math.min(c.nTrain, trainSet.count);
  const nTest = Math.min(c.nTest, testSet?.count ?? 0);
  const run = new RecipeRun<State>(name, { ...c } as Record<string, unknown>, ctx);
  const begun = await run.begin(c.seed, () => ({
    network: spec.build(c),
    state: { phase: "train", epoch: 0, index: 0, step: 0, windowCounts: [], windowLabels: [], rates: null, assignments: [], accuracy: [], test: { correct: 0, n: 0 }, seconds: { train: 0, test: 0 }, samples: { train: 0, test: 0 } } as State,
  }));
  const network = begun.network;
  const st = begun.state;
  const out = network.layers[spec.output]!;
  const n = out.n;
  if (st.assignments.length === 0) st.assignments = new Array<number>(n).fill(-1);
  const steps = Math.trunc(c.time / network.dt);
  const monitor = new Monitor({ obj: out, stateVars: ["s"], time: steps });
  network.addMonitor(monitor, "__counts");
  const bytes = writerWithout(network, "__counts", monitor);
  const counts = new Float32Array(n);
  const simulate = (train: Tensor): number => {
    network.run({ inputs: { [spec.input]: train }, time: c.time });
    const s = monitor.get("s").contiguousData();
    counts.fill(0);
    addSpikeCounts(counts, s, steps, n);
    network.resetStateVariables();
    return counts.reduce((x, y) => x + y, 0);
  };
  const predict = (cs: Float32Array, k: number): number[] =>
    allActivity(new Tensor(cs, [k, 1, n], "float32"), new Tensor(Int32Array.from(st.assignments), [n], "int32"), 10).toFlatArray();
  const finish = (aborted: boolean): StdpResult & { aborted: boolean } => {
    const result: StdpResult = {
      trainAccuracy: st.accuracy,
      testAccuracy: st.test.n > 0 ? st.test.correct / st.test.n : null,
      samples: st.samples,
      seconds: st.seconds,
      samplesPerSecond: st.seconds.train > 0 ? st.samples.train / st.seconds.train : 0,
      assignments: st.assignments,
    };
    run.emit({ type: "done", recipe: name, result: { ...result }, aborted });
    return { ...result, aborted };
  };

  network.train(c.train);
  while (st.phase === "train" && st.epoch < c.nEpochs && nTrain > 0) {
    const order = epochOrder(trainSet.count, c.seed, st.epoch);
    run.emit({ type: "phase", recipe: name, phase: "train", total: nTrain, epoch: st.epoch });
    let t0 = performance.now();
    while (st.index < nTrain) {
      if (run.aborted) return (await run.save(bytes, st, "train", st.index), finish(true));
      const i = order[st.index]!;
      const px = imageOf(trainSet, i);
      const label = trainSet.labels[i]!;
      let spikes = simulate(spec.encode(px, c, 0));
      if (spec.retry) for (let a = 1; a <= spec.retry.tries && spikes < spec.retry.minSpikes; a++) spikes = simulate(spec.encode(px, c, a));
      st.step++;
      spec.afterSample?.(network, st.step, c);
      for (let j = 0; j < n; j++) st.windowCounts.push(counts[j]!);
      st.windowLabels.push(label);
      st.index++;
      let acc: number | undefined;
      if (st.windowLabels.length >= c.updateInterval || st.index === nTrain) {
        const w = st.windowLabels.length;
        const wc = Float32Array.from(st.windowCounts);
        const pred = predict(wc, w);
        acc = pred.filter((p, b) => p === st.windowLabels[b]).length / w;
        st.accuracy.push(acc);
        run.emit({ type: "accuracy", recipe: name, phase: "train", scheme: "all", value: acc, n: w });
        closeLabelWindow(st, wc, n);
      }
      if (run.wants("input", st.index)) run.snapshot("input", [28, 28], px);
      if (run.wants("spikes", st.index)) run.snapshot("spikes", [n], counts);
      run.emit({ type: "sample", recipe: name, phase: "train", index: st.index, total: nTrain, spikes, label, ...(acc !== undefined ? { accuracy: acc } : {}) });
      const now = performance.now();
      st.seconds.train += (now - t0) / 1000;
      st.samples.train++;
      if (await run.afterSample(bytes, () => st, "train", st.index)) return finish(true);
      t0 = performance.now();
    }
    st.epoch++;
    st.index = 0;
  }
  if (st.phase === "train") {
    st.phase = "test";
    st.index = 0;
  }
  network.train(false);
  if (st.phase === "test" && testSet !== null && nTest > 0) {
    run.emit({ type: "phase", recipe: name, phase: "test", total: nTest });
    let t0 = performance.now();
    while (st.index < nTest) {
      if (run.aborted) return (await run.save(bytes, st, "test", st.index), finish(true));
      const spikes = simulate(spec.encode(imageOf(testSet, st.index), c, 0));
      const label = testSet.labels[st.index]!;
      const prediction = predict(Float32Array.from(counts), 1)[0]!;
      if (prediction === label) st.test.correct++;
      st.test.n++;
      st.index++;
      run.emit({ type: "sample", recipe: name, phase: "test", index: st.index, total: nTest, spikes, label, prediction, accuracy: st.test.correct / st.test.n });
      const now = performance.now();
      st.seconds.test += (now - t0) / 1000;
      st.samples.test++;
      if (await run.afterSample(bytes, () => st, "test", st.index)) return finish(true);
      t0 = performance.now();
    }
    run.emit({ type: "accuracy", recipe: name, phase: "test", scheme: "all", value: st.test.correct / st.test.n, n: st.test.n });
  }
  st.phase = "done";
  await run.save(bytes, st, "done", st.index);
  return finish(false);
}
