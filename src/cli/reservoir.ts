/**
 * reservoir.py and MCC_reservoir.py: a fixed random recurrent LIF reservoir driven by
 * Poisson-encoded MNIST, and a readout `sigmoid(Linear(features → 10))` trained with the
 * summed squared error by SGD (lr 1e-4, momentum 0.9). reservoir reads the flattened spike
 * raster (n·time features), MCC_reservoir the spike counts (n features).
 *
 * Fixes of the reference: the "test" accuracy is measured on `--n-test` images of the MNIST
 * test set (the reference re-iterates its shuffled training loader, n + 1 samples that may
 * overlap the readout's training samples); exactly `--examples` samples are used; plots are
 * off unless `--plot-dir` is given.
 *
 * The readout's SGD is exact but lazy: a feature's weights receive a gradient only when the
 * feature is active (spike rasters are sparse), and the momentum steps in between are applied
 * in closed form, W −= lr·v·(μ + … + μ^k), v ← μ^k·v, when the feature is next touched.
 */
import { poisson } from "../encoding/encodings.js";
import { NoOp as MCCNoOp } from "../learning/mcc/no-op.js";
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
import type { OptionSpec, ParsedOptions } from "./args.js";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { epochOrder, loadMnist, pct, seedAll, useBackend } from "./common.js";
import { interrupted, type RunControl } from "./control.js";
import { type CliIO, ProgressBar } from "./progress.js";

type O = Record<string, never>;

export function reservoirOptions(): OptionSpec[] {
  return [
    { name: "seed", type: "int", default: 0, help: "random seed" },
    { name: "n-neurons", type: "int", default: 500, min: 1, help: "reservoir neurons" },
    { name: "n-epochs", type: "int", default: 100, min: 0, help: "readout training epochs" },
    { name: "examples", type: "int", default: 500, min: 1, help: "training images for the readout" },
    { name: "n-test", type: "int", default: 500, min: 0, help: "test images" },
    { name: "n-workers", type: "int", default: -1, min: -1, help: "accepted for compatibility" },
    { name: "time", type: "int", default: 250, min: 1, help: "simulation time per image (ms)" },
    { name: "dt", type: "float", default: 1.0, min: 0.001, help: "simulation step (ms)" },
    { name: "intensity", type: "float", default: 64, min: 0, help: "maximum Poisson rate (Hz)" },
    { name: "lr", type: "float", default: 1e-4, min: 0, help: "readout learning rate" },
    { name: "momentum", type: "float", default: 0.9, min: 0, help: "readout momentum" },
  ];
}

/** reservoir.py's network: Input(784) → LIF(n, thresh −52 + N(0, 1)), C1 = 0.5·N(0, 1), C2 = 0.5·N(0, 1). */
function buildReservoir(o: O): Network {
  const n: number = o.nNeurons;
  const net = new Network({ dt: o.dt });
  const th = randn([n]);
  const d = th.data as Float32Array;
  for (let i = 0; i < n; i++) d[i] = Math.fround(-52 + d[i]!);
  const X = new Input({ n: 784 });
  const Y = new LIFNodes({ n, thresh: th });
  net.addLayer(X, "I").addLayer(Y, "O");
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
function buildMccReservoir(o: O): Network {
  const n: number = o.nNeurons;
  const net = new Network({ dt: o.dt });
  const th = randn([n]);
  const d = th.data as Float32Array;
  for (let i = 0; i < n; i++) d[i] = Math.fround(-52 + d[i]!);
  const X = new Input({ n: 784 });
  const Y = new LIFNodes({ n, thresh: th });
  net.addLayer(X, "I").addLayer(Y, "O");
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

interface Sample {
  idx: Int32Array;
  val: Float32Array;
  label: number;
}

/** Runs reservoir (mcc = false) or MCC_reservoir (mcc = true). */
export async function runReservoir(mcc: boolean, opts: ParsedOptions, io: CliIO, control: RunControl): Promise<{ testAccuracy: number | null; completed: boolean }> {
  const o = opts as O;
  const name = mcc ? "mcc-reservoir" : "reservoir";
  useBackend(o.backend, io);
  const trainSet = loadMnist(name, opts, true);
  const testSet = o.nTest > 0 ? loadMnist(name, opts, false) : null;
  let network: Network;
  let done = 0;
  if (o.resume) {
    const ck = loadCheckpoint<{ done: number }>(o.checkpointDir, name);
    network = ck.network;
    done = ck.file.state.done;
  } else {
    seedAll(o.seed);
    network = mcc ? buildMccReservoir(o) : buildReservoir(o);
  }
  const n: number = o.nNeurons;
  const steps = Math.trunc(o.time / o.dt);
  const mon = new Monitor({ obj: network.layers.O!, stateVars: ["s"], time: steps });
  network.addMonitor(mon, "__spikes");
  const nFeat = mcc ? n : n * steps;
  const features = (image: Tensor): { idx: Int32Array; val: Float32Array } => {
    const px = image.contiguousData();
    const rates = new Float32Array(784);
    for (let i = 0; i < 784; i++) rates[i] = Math.fround((px[i]! / 255) * o.intensity);
    network.run({ inputs: { I: poisson(new Tensor(rates, [784], "float32"), o.time, { dt: o.dt }) }, time: o.time });
    const s = mon.get("s").contiguousData();
    network.resetStateVariables();
    if (mcc) {
      const cnt = new Float32Array(n);
      for (let t = 0; t < steps; t++) for (let j = 0; j < n; j++) cnt[j]! += s[t * n + j]!;
      const idx: number[] = [];
      for (let j = 0; j < n; j++) if (cnt[j]! > 0) idx.push(j);
      return { idx: Int32Array.from(idx), val: Float32Array.from(idx.map((j) => cnt[j]!)) };
    }
    const idx: number[] = [];
    for (let e = 0; e < steps * n; e++) if (s[e]) idx.push(e);
    return { idx: Int32Array.from(idx), val: new Float32Array(idx.length).fill(1) };
  };
  const nEx = Math.min(o.examples as number, trainSet.length);
  io.out(`${name}: ${n} reservoir neurons, ${nEx} training images, readout on ${nFeat} ${mcc ? "spike counts" : "raster entries"}, ${o.nEpochs} epochs`);
  // 1. reservoir responses of the training images (checkpointed: the network is fixed, the
  // responses are recomputed on resume from the saved generator state)
  const order = epochOrder(trainSet.length, o.seed, 0);
  const samples: Sample[] = [];
  const bar = new ProgressBar({ label: "reservoir", total: nEx, io });
  for (let k = 0; k < nEx; k++) {
    const item = trainSet.get(order[k]!);
    samples.push({ ...features(item.image), label: item.label });
    bar.update(k + 1);
    control.samplesThisRun++;
    if (k + 1 > done && interrupted(control)) {
      delete network.monitors.__spikes;
      if (o.checkpoint) saveCheckpoint(o.checkpointDir, name, { ...opts }, network, { done: 0 });
      bar.finish();
      io.out(`Interrupted: checkpoint saved in ${o.checkpointDir}; continue with --resume`);
      return { testAccuracy: null, completed: false };
    }
  }
  bar.finish();
  // 2. readout
  const ro = new Readout(nFeat, o.lr, o.momentum);
  const ebar = new ProgressBar({ label: "readout", total: o.nEpochs, io });
  for (let ep = 0; ep < o.nEpochs; ep++) {
    const perm = epochOrder(samples.length, o.seed, ep + 1);
    let ok = 0;
    for (const p of perm) {
      const s = samples[p]!;
      if (ro.predict(s.idx, s.val) === s.label) ok++;
      ro.step(s.idx, s.val, s.label);
    }
    ebar.update(ep + 1, ok / samples.length);
  }
  ebar.finish();
  // 3. test images
  let acc: number | null = null;
  if (testSet !== null) {
    const nTest = Math.min(o.nTest as number, testSet.length);
    const tbar = new ProgressBar({ label: "test", total: nTest, io });
    let ok = 0;
    for (let k = 0; k < nTest; k++) {
      const item = testSet.get(k);
      const f = features(item.image);
      if (ro.predict(f.idx, f.val) === item.label) ok++;
      tbar.update(k + 1, ok / (k + 1));
    }
    tbar.finish();
    acc = ok / nTest;
    io.out(`Accuracy of the model on ${nTest} test images: ${pct(acc)}`);
  }
  delete network.monitors.__spikes;
  if (o.checkpoint) saveCheckpoint(o.checkpointDir, name, { ...opts }, network, { done: nEx });
  return { testAccuracy: acc, completed: true };
}
