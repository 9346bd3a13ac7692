/**
 * reservoir.py and MCC_reservoir.py as recipes: a fixed random recurrent LIF reservoir driven
 * by Poisson-encoded MNIST, and a readout `sigmoid(Linear(features → 10))` trained with the
 * summed squared error by SGD (lr 1e-4, momentum 0.9). reservoir reads the flattened spike
 * raster (n·time features), MCC_reservoir the spike counts (n features).
 *
 * Fixes of the reference: the "test" accuracy is measured on `nTest` images of the MNIST test
 * set (the reference re-iterates its shuffled training loader); exactly `examples` samples.
 *
 * The readout's SGD is exact but lazy: a feature's weights receive a gradient only when the
 * feature is active (spike rasters are sparse), and the momentum steps in between are applied
 * in closed form, W −= lr·v·(μ + … + μ^k), v ← μ^k·v, when the feature is next touched.
 *
 * Checkpoints: the reservoir is fixed, so a checkpoint of the response phase holds the sparse
 * responses so far; the readout phase (milliseconds per epoch) is not interrupted.
 */
import { poisson } from "../encoding/encodings.js";
import { ValueError } from "../errors.js";
import { NoOp as MCCNoOp } from "../network/learning-rule.js";
import { Probability } from "../network/features/probability.js";
import { Weight } from "../network/features/weight.js";
import { Monitor } from "../network/monitors.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { LIFNodes } from "../network/nodes/lif.js";
import { Connection } from "../network/topology/connection.js";
import { MulticompartmentConnection } from "../network/topology/multicompartment-connection.js";
import { defaultGenerator, randint, randn, rand } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { RecipeRun, addSpikeCounts, epochOrder, imageOf, makeConfig, writerWithout } from "./common.js";
import type { Recipe, RecipeContext } from "./types.js";

export interface ReservoirConfig {
  seed: number;
  nNeurons: number;
  /** Readout training epochs. */
  nEpochs: number;
  /** Training images for the readout. */
  examples: number;
  nTest: number;
  time: number;
  dt: number;
  intensity: number;
  lr: number;
  momentum: number;
}

export interface ReservoirResult {
  /** Readout accuracy on its training responses, per epoch. */
  readoutAccuracy: number[];
  testAccuracy: number | null;
  nTest: number;
}

interface State {
  phase: "reservoir" | "done";
  /** Sparse responses so far: feature indices and values per image. */
  samples: { idx: number[]; val: number[]; label: number }[];
  readoutAccuracy: number[];
  testAccuracy: number | null;
  nTest: number;
}

const defaults: ReservoirConfig = { seed: 0, nNeurons: 500, nEpochs: 100, examples: 500, nTest: 500, time: 250, dt: 1, intensity: 64, lr: 1e-4, momentum: 0.9 };

/** Both reservoirs' layers: Input(784) "I" → LIF(n, thresh −52 + N(0, 1)) "O". */
function reservoirLayers(o: ReservoirConfig): { net: Network; X: Input; Y: LIFNodes; n: number } {
  const n = o.nNeurons;
  const net = new Network({ dt: o.dt });
  const th = randn([n]);
  const d = th.data as Float32Array;
  for (let i = 0; i < n; i++) d[i] = Math.fround(-52 + d[i]!);
  const X = new Input({ n: 784 });
  const Y = new LIFNodes({ n, thresh: th });
  net.addLayer(X, "I").addLayer(Y, "O");
  return { net, X, Y, n };
}

/** reservoir.py's network: Input(784) → LIF(n, thresh −52 + N(0, 1)), C1 = 0.5·N(0, 1), C2 = 0.5·N(0, 1). */
function buildReservoir(o: ReservoirConfig): Network {
  const { net, X, Y, n } = reservoirLayers(o);
  const half = (t: Tensor): Tensor => {
    const a = t.data as Float32Array;
    for (let i = 0; i < a.length; i++) a[i] = Math.fround(0.5 * a[i]!);
    return t;
  };
  net.addConnection(new Connection({ source: X, target: Y, w: half(randn([784, n])) }), "I", "O");
  net.addConnection(new Connection({ source: Y, target: Y, w: half(randn([n, n])) }), "O", "O");
  return net;
}

/** MCC_reservoir.py's network: the same layers with Probability(U[0, 1)) + Weight(sign ∈ {−1, 0, 1}) features. */
function buildMccReservoir(o: ReservoirConfig): Network {
  const { net, X, Y, n } = reservoirLayers(o);
  const feats = (nPre: number): [Probability, Weight] => [
    new Probability({ name: "probability", value: rand([nPre, n]) }),
    new Weight({ name: "weight", value: randint(-1, 2, [nPre, n]).to("float32"), learningRule: MCCNoOp }),
  ];
  net.addConnection(new MulticompartmentConnection({ source: X, target: Y, pipeline: feats(784) }), "I", "O");
  net.addConnection(new MulticompartmentConnection({ source: Y, target: Y, pipeline: feats(n) }), "O", "O");
  return net;
}

/** sigmoid(W·x + b) with sparse binary or count features, trained by lazy-momentum SGD on Σ(y − t)². */
class Readout {
  readonly W: Float64Array;
  readonly V: Float64Array;
  readonly b = new Float64Array(10);
  readonly vb = new Float64Array(10);
  readonly last: Int32Array;
  t = 0;
  constructor(readonly nFeat: number, readonly lr: number, readonly mu: number) {
    this.W = new Float64Array(nFeat * 10);
    this.V = new Float64Array(nFeat * 10);
    this.last = new Int32Array(nFeat);
    // nn.Linear's default init: U(−1/√in, 1/√in)
    const g = defaultGenerator();
    const a = 1 / Math.sqrt(nFeat);
    for (let i = 0; i < this.W.length; i++) this.W[i] = (2 * g.nextFloat64() - 1) * a;
    for (let c = 0; c < 10; c++) this.b[c] = (2 * g.nextFloat64() - 1) * a;
  }
  /** Brings feature i's weights to step t (momentum steps without gradient). */
  private catchUp(i: number): void {
    const k = this.t - this.last[i]!;
    if (k <= 0) return;
    const mu = this.mu;
    const muk = mu ** k;
    const sum = mu === 1 ? k : (mu * (1 - muk)) / (1 - mu);
    for (let c = 0; c < 10; c++) {
      const e = i * 10 + c;
      this.W[e]! -= this.lr * this.V[e]! * sum;
      this.V[e]! *= muk;
    }
    this.last[i] = this.t;
  }
  forward(idx: Int32Array, val: Float32Array, out: Float64Array): void {
    for (let c = 0; c < 10; c++) out[c] = this.b[c]!;
    for (let q = 0; q < idx.length; q++) {
      const i = idx[q]!;
      this.catchUp(i);
      for (let c = 0; c < 10; c++) out[c]! += this.W[i * 10 + c]! * val[q]!;
    }
    for (let c = 0; c < 10; c++) out[c] = 1 / (1 + Math.exp(-out[c]!));
  }
  step(idx: Int32Array, val: Float32Array, label: number): void {
    const y = new Float64Array(10);
    this.forward(idx, val, y);
    const dz = new Float64Array(10);
    for (let c = 0; c < 10; c++) dz[c] = 2 * (y[c]! - (c === label ? 1 : 0)) * y[c]! * (1 - y[c]!);
    // this step: v ← μv + g for every parameter (features without gradient handled lazily)
    for (let q = 0; q < idx.length; q++) {
      const i = idx[q]!;
      for (let c = 0; c < 10; c++) {
        const e = i * 10 + c;
        this.V[e] = this.mu * this.V[e]! + dz[c]! * val[q]!;
        this.W[e]! -= this.lr * this.V[e]!;
      }
      this.last[i] = this.t + 1;
    }
    for (let c = 0; c < 10; c++) {
      this.vb[c] = this.mu * this.vb[c]! + dz[c]!;
      this.b[c]! -= this.lr * this.vb[c]!;
    }
    this.t++;
  }
  predict(idx: Int32Array, val: Float32Array): number {
    const y = new Float64Array(10);
    this.forward(idx, val, y);
    let best = 0;
    for (let c = 1; c < 10; c++) if (y[c]! > y[best]!) best = c;
    return best;
  }
}


function reservoirRecipe(mcc: boolean): Recipe<ReservoirConfig, ReservoirResult> {
  const name = mcc ? "mcc-reservoir" : "reservoir";
  const recipe: Recipe<ReservoirConfig, ReservoirResult> = {
    name,
    summary: mcc
      ? "The reservoir built on MulticompartmentConnections (Probability + Weight features), readout on spike counts."
      : "Random recurrent LIF reservoir on MNIST with a sigmoid readout on the spike raster.",
    defaults,
    config: (partial) =>
      makeConfig(name, defaults, partial, {
        seed: { int: true }, nNeurons: { int: true, min: 1 }, nEpochs: { int: true, min: 0 }, examples: { int: true, min: 1 }, nTest: { int: true, min: 0 },
        time: { min: 1 }, dt: { min: 0.001 }, intensity: { min: 0 }, lr: { min: 0 }, momentum: { min: 0 },
      }),
    run: (config, ctx = {}) => runReservoir(mcc, name, recipe.config(config), ctx),
  };
  return recipe;
}

async function runReservoir(mcc: boolean, name: string, o: ReservoirConfig, ctx: RecipeContext): Promise<ReservoirResult & { aborted: boolean }> {
  if (!ctx.data) throw new ValueError(`recipe ${name}: context.data is missing, expected a DataSource (MNIST)`);
  const trainSet = await ctx.data.mnist("train", o.examples);
  const testSet = o.nTest > 0 ? await ctx.data.mnist("test", o.nTest) : null;
  const run = new RecipeRun<State>(name, { ...o }, ctx);
  const begun = await run.begin(o.seed, () => ({ network: mcc ? buildMccReservoir(o) : buildReservoir(o), state: { phase: "reservoir", samples: [], readoutAccuracy: [], testAccuracy: null, nTest: 0 } as State }));
  const network = begun.network;
  const st = begun.state;
  const n = o.nNeurons;
  const steps = Math.trunc(o.time / o.dt);
  const mon = new Monitor({ obj: network.layers.O!, stateVars: ["s"], time: steps });
  network.addMonitor(mon, "__spikes");
  const bytes = writerWithout(network, "__spikes", mon);
  const nFeat = mcc ? n : n * steps;
  let spikes = 0;
  const features = (px: Uint8Array): { idx: Int32Array; val: Float32Array } => {
    const rates = new Float32Array(784);
    for (let i = 0; i < 784; i++) rates[i] = Math.fround((px[i]! / 255) * o.intensity);
    network.run({ inputs: { I: poisson(new Tensor(rates, [784], "float32"), o.time, { dt: o.dt }) }, time: o.time });
    const s = mon.get("s").contiguousData();
    network.resetStateVariables();
    spikes = 0;
    for (let e = 0; e < steps * n; e++) spikes += s[e]!;
    if (mcc) {
      const cnt = new Float32Array(n);
      addSpikeCounts(cnt, s, steps, n);
      const idx: number[] = [];
      for (let j = 0; j < n; j++) if (cnt[j]! > 0) idx.push(j);
      return { idx: Int32Array.from(idx), val: Float32Array.from(idx.map((j) => cnt[j]!)) };
    }
    const idx: number[] = [];
    for (let e = 0; e < steps * n; e++) if (s[e]) idx.push(e);
    return { idx: Int32Array.from(idx), val: new Float32Array(idx.length).fill(1) };
  };
  const finish = (aborted: boolean): ReservoirResult & { aborted: boolean } => {
    const result: ReservoirResult = { readoutAccuracy: st.readoutAccuracy, testAccuracy: st.testAccuracy, nTest: st.nTest };
    run.emit({ type: "done", recipe: name, result: { ...result }, aborted });
    return { ...result, aborted };
  };
  const nEx = Math.min(o.examples, trainSet.count);
  run.log(`${name}: ${n} reservoir neurons, ${nEx} training images, readout on ${nFeat} ${mcc ? "spike counts" : "raster entries"}, ${o.nEpochs} epochs`);
  if (st.phase === "reservoir") {
    // 1. reservoir responses of the training images
    const order = epochOrder(trainSet.count, o.seed, 0);
    run.emit({ type: "phase", recipe: name, phase: "reservoir", total: nEx });
    while (st.samples.length < nEx) {
      if (run.aborted) return (await run.save(bytes, st, "reservoir", st.samples.length), finish(true));
      const i = order[st.samples.length]!;
      const f = features(imageOf(trainSet, i));
      st.samples.push({ idx: Array.from(f.idx), val: Array.from(f.val), label: trainSet.labels[i]! });
      run.emit({ type: "sample", recipe: name, phase: "reservoir", index: st.samples.length, total: nEx, spikes, label: trainSet.labels[i]! });
      if (await run.afterSample(bytes, () => st, "reservoir", st.samples.length)) return finish(true);
    }
    // 2. readout
    const samples = st.samples.map((s) => ({ idx: Int32Array.from(s.idx), val: Float32Array.from(s.val), label: s.label }));
    const ro = new Readout(nFeat, o.lr, o.momentum);
    run.emit({ type: "phase", recipe: name, phase: "readout", total: o.nEpochs });
    for (let ep = 0; ep < o.nEpochs; ep++) {
      const perm = epochOrder(samples.length, o.seed, ep + 1);
      let ok = 0;
      for (const p of perm) {
        const s = samples[p]!;
        if (ro.predict(s.idx, s.val) === s.label) ok++;
        ro.step(s.idx, s.val, s.label);
      }
      st.readoutAccuracy.push(ok / samples.length);
      run.emit({ type: "accuracy", recipe: name, phase: "readout", scheme: "readout", value: ok / samples.length, n: samples.length });
      await run.tick();
    }
    // 3. test images (the network is fixed: not checkpointed mid-way)
    if (testSet !== null) {
      const nTest = Math.min(o.nTest, testSet.count);
      run.emit({ type: "phase", recipe: name, phase: "test", total: nTest });
      let ok = 0;
      for (let k = 0; k < nTest; k++) {
        const f = features(imageOf(testSet, k));
        const prediction = ro.predict(f.idx, f.val);
        if (prediction === testSet.labels[k]) ok++;
        run.emit({ type: "sample", recipe: name, phase: "test", index: k + 1, total: nTest, spikes, label: testSet.labels[k]!, prediction, accuracy: ok / (k + 1) });
        await run.tick();
      }
      st.testAccuracy = ok / nTest;
      st.nTest = nTest;
      run.emit({ type: "accuracy", recipe: name, phase: "test", scheme: "readout", value: st.testAccuracy, n: nTest });
    }
    st.phase = "done";
    st.samples = [];
  }
  await run.save(bytes, st, "done", nEx);
  return finish(false);
}

export const reservoir = reservoirRecipe(false);
export const mccReservoir = reservoirRecipe(true);
