/**
 * Fuzzing every public constructor with random option bags (unknown keys, wrong types, NaN,
 * ±Infinity, negative and huge sizes), and the loaders with random and mutated bytes: only
 * the library's own errors (BindsNetError subclasses), with short messages, never a hang, and
 * no allocation beyond a small multiple of the input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BindsNetError } from "../../src/errors.js";
import { Network } from "../../src/network/network.js";
import { Monitor, NetworkMonitor } from "../../src/network/monitors.js";
import * as nodes from "../../src/network/nodes/index.js";
import * as topo from "../../src/network/topology/index.js";
import * as features from "../../src/network/features/index.js";
import { Hebbian, MSTDP, MSTDPET, PostPre, WeightDependentPostPre } from "../../src/learning/index.js";
import * as mcc from "../../src/learning/mcc/index.js";
import { decodeSafetensors, encodeSafetensors, serializeNetwork } from "../../src/network/io/index.js";
import { deserializeNetwork } from "../../src/class-table.js";
import * as encoders from "../../src/encoding/encoders.js";
import * as encodings from "../../src/encoding/encodings.js";
import { DataLoader } from "../../src/datasets/dataloader.js";
import { MNIST } from "../../src/datasets/mnist.js";
import { DatasetNotFoundError } from "../../src/datasets/fs.js";
import { parseIdx } from "../../src/datasets/idx.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { rand } from "../../src/tensor/random.js";
import { BreakoutEnvironment } from "../../src/environment/breakout.js";
import { CueRewardSimulator } from "../../src/environment/cue-reward.js";
import { TwoLayerNetwork } from "../../src/models/two-layer-network.js";
import { LogisticRegression } from "../../src/evaluation/logistic-regression.js";

const RUNS = 60;

/** Calls f; a throw must be a BindsNetError with a message of at most 200 characters and 2 lines; no call may take 1 s. */
function tame(f: () => unknown): void {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    if (!(e instanceof BindsNetError)) throw new Error(`not a BindsNetError: ${String(e).slice(0, 300)}`);
    // a data set's "files not found" also names the folders looked in and how to get the data
    expect(e.message.length, e.message).toBeLessThanOrEqual(e instanceof DatasetNotFoundError ? 600 : 200);
    expect(e.message.split("\n").length).toBeLessThanOrEqual(2);
  }
  expect(performance.now() - t0).toBeLessThan(1000);
}

const KEYS = [
  "n", "shape", "traces", "tracesAdditive", "tcTrace", "traceScale", "sumInput", "learning", "thresh", "rest", "reset", "refrac", "tcDecay",
  "lbound", "thetaPlus", "tcThetaDecay", "oneSpike", "rng", "excitatory", "eps0", "rho0", "dThresh", "uniform", "tau", "resWindowSize",
  "nu", "reduction", "weightDecay", "updateRule", "wmin", "wmax", "norm", "decay", "dalesRule", "w", "b", "sparsity", "kernelSize",
  "stride", "padding", "dilation", "nFilters", "inputShape", "tcPlus", "tcMinus", "tcETrace", "time", "dt", "batchSize", "stateVars",
  "sparse", "obj", "maxProb", "approx", "generator", "shuffle", "seed", "dropLast", "collateFn", "root", "train", "imageEncoder",
  "name", "value", "range", "learningRule", "valueDtype", "parentFeature", "pipeline", "manualUpdate", "materialize", "averageUpdate", "continuesUpdate",
  "enforcePolarity", "normFrequency", "degradeFunction", "annValues", "constUpdateRate", "average_update", "learning_rule", "nInpt", "nNeurons", "lives", "epdur", "cuebits", "maxIter", "tol", "tc_decay", "update_rule", "foo", "constructor", "__proto__", "toString",
];

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, -0, 1, 0.5, 3, 2 ** 40, -(2 ** 40), 1e-300),
  fc.constantFrom(null, undefined, true, false, "", "x", "sum", "mean", "fine", {}, [], [1], [2, 2], [NaN, 1], [-1, 2]),
  fc.constantFrom(() => 1, class Foo {}, Symbol.iterator),
  fc.integer({ min: -3, max: 6 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, 1, 2).map((k) => [tensor([1, NaN]), zeros([2, 2]), rand([3])][k]),
);

const bag = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 4 });

function X(): nodes.Input {
  return new nodes.Input({ shape: [1, 4, 4], traces: true });
}
function Y(): nodes.LIFNodes {
  return new nodes.LIFNodes({ shape: [1, 3, 3], traces: true });
}

type Make = (o: Record<string, unknown>) => unknown;
const N = (C: new (o: never) => unknown): Make => (o) => new C({ n: 4, ...o } as never);
const C_ = (C: new (o: never) => unknown, extra: object = {}): Make => (o) => new C({ source: X(), target: Y(), ...extra, ...o } as never);

const constructors: Record<string, Make> = {
  Input: N(nodes.Input),
  LIFNodes: N(nodes.LIFNodes),
  IFNodes: N(nodes.IFNodes),
  AdaptiveLIFNodes: N(nodes.AdaptiveLIFNodes),
  DiehlAndCookNodes: N(nodes.DiehlAndCookNodes),
  CurrentLIFNodes: N(nodes.CurrentLIFNodes),
  BoostedLIFNodes: N(nodes.BoostedLIFNodes),
  McCullochPitts: N(nodes.McCullochPitts),
  IzhikevichNodes: N(nodes.IzhikevichNodes),
  SRM0Nodes: N(nodes.SRM0Nodes),
  CSRMNodes: N(nodes.CSRMNodes),
  Connection: C_(topo.Connection),
  SparseConnection: C_(topo.SparseConnection),
  Conv2dConnection: C_(topo.Conv2dConnection, { kernelSize: 2 }),
  LocalConnection2D: C_(topo.LocalConnection2D, { kernelSize: 2, stride: 1, nFilters: 1 }),
  MaxPool2dConnection: C_(topo.MaxPool2dConnection, { kernelSize: 2 }),
  MeanFieldConnection: C_(topo.MeanFieldConnection),
  "Connection + rule": (o) => new topo.Connection({ source: X(), target: Y(), updateRule: PostPre, nu: 0.1, ...o } as never).updateRule,
  Weight: (o) => new features.Weight({ name: "w", ...o } as never),
  Bias: (o) => new features.Bias({ name: "b", ...o } as never),
  Probability: (o) => new features.Probability({ name: "p", ...o } as never),
  Intensity: (o) => new features.Intensity({ name: "i", ...o } as never),
  Degradation: (o) => new features.Degradation({ name: "d", value: 0.1, ...o } as never),
  Mask: (o) => new features.Mask({ name: "m", ...o } as never),
  MeanField: (o) => new features.MeanField(o as never),
  Normalization: (o) => new features.Normalization({ name: "n", parentFeature: new features.Weight({ name: "w" }), ...o } as never),
  "Weight + MCC PostPre": (o) => new features.Weight({ name: "w", learningRule: mcc.PostPre, ...o } as never),
  MulticompartmentConnection: (o) => new topo.MulticompartmentConnection({ source: X(), target: Y(), ...o } as never),
  "MulticompartmentConnection + MCC rules": (o) =>
    new topo.MulticompartmentConnection({
      source: X(),
      target: Y(),
      pipeline: [new features.Weight({ name: "w", value: 0.5, range: [0, 1], learningRule: mcc.MSTDPET }), new features.Bias({ name: "b", value: 0.1, learningRule: mcc.PostPre })],
      ...o,
    } as never),
  Monitor: (o) => new Monitor({ obj: Y(), stateVars: ["s"], ...o } as never),
  NetworkMonitor: (o) => new NetworkMonitor({ network: new Network(), ...o } as never),
  Network: (o) => new Network(o as never),
  PoissonEncoder: (o) => new encoders.PoissonEncoder({ time: 5, ...o } as never),
  BernoulliEncoder: (o) => new encoders.BernoulliEncoder({ time: 5, ...o } as never),
  SingleEncoder: (o) => new encoders.SingleEncoder({ time: 5, ...o } as never),
  RankOrderEncoder: (o) => new encoders.RankOrderEncoder({ time: 5, ...o } as never),
  poisson: (o) => encodings.poisson(tensor([1, 2]), 5, o as never),
  bernoulli: (o) => encodings.bernoulli(tensor([0.1, 0.2]), 5, o as never),
  DataLoader: (o) => new DataLoader([1, 2, 3], o as never),
  MNIST: (o) => new MNIST({ root: "/nonexistent-bindsnet-fuzz", ...o } as never),
  BreakoutEnvironment: (o) => new BreakoutEnvironment(o as never),
  CueRewardSimulator: (o) => new CueRewardSimulator(o as never),
  TwoLayerNetwork: (o) => new TwoLayerNetwork({ nInpt: 4, nNeurons: 3, ...o } as never),
  LogisticRegression: (o) => new LogisticRegression(o as never),
};

const ruleCtors: Record<string, new (o: never) => unknown> = { PostPre, Hebbian, MSTDP, MSTDPET, WeightDependentPostPre };

describe("fuzz: every public constructor with random option bags", () => {
  for (const [name, make] of Object.entries(constructors)) {
    it(`${name}: only short BindsNetErrors, no hang`, () => {
      fc.assert(fc.property(bag, (o) => tame(() => make(o))), { numRuns: RUNS, seed: 16 });
    });
  }
  it("learning rules: only short BindsNetErrors, no hang", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(ruleCtors)), bag, (r, o) =>
        tame(() => new ruleCtors[r]!({ connection: new topo.Connection({ source: new nodes.Input({ n: 3, traces: true }), target: new nodes.LIFNodes({ n: 2, traces: true }), wmin: 0, wmax: 1 }), ...o } as never)),
      ),
      { numRuns: RUNS, seed: 16 },
    );
  });
});

/** Bytes with up to `k` random single-byte changes. */
function mutated(base: Uint8Array, k = 6): fc.Arbitrary<Uint8Array> {
  return fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: k }).map((ch) => {
    const b = base.slice();
    for (const [i, v] of ch) b[i] = v;
    return b;
  });
}

/** tame(f), and the growth of array-buffer memory during the call is at most 64× the input plus 16 MB. */
function bounded(input: Uint8Array, f: () => unknown): void {
  const before = process.memoryUsage().arrayBuffers;
  tame(f);
  expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * input.length + 16e6);
}

function idxBytes(): Uint8Array {
  const b = new Uint8Array(8 + 4 + 6);
  b.set([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
  return b;
}

function netBytes(): Uint8Array {
  const n = new Network();
  n.addLayer(new nodes.Input({ n: 3, traces: true }), "X").addLayer(new nodes.LIFNodes({ n: 2, traces: true }), "Y");
  n.addConnection(new topo.Connection({ source: n.layers.X!, target: n.layers.Y!, updateRule: PostPre, nu: 0.1, wmin: 0, wmax: 1 }), "X", "Y");
  return serializeNetwork(n);
}

/** The network file with digits in its manifest replaced (sizes, counts, offsets). */
function manifestMutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  const f = decodeSafetensors(base);
  const text = f.metadata.manifest!;
  const digits = [...text.matchAll(/\d+/g)].map((m) => m.index!);
  return fc
    .array(fc.tuple(fc.constantFrom(...digits), fc.constantFrom("0", "9", "400000000", "-1", "1e9", "null", '"x"', "[]", "{}")), { minLength: 1, maxLength: 3 })
    .map((ch) => {
      let t = text;
      for (const [i, v] of [...ch].sort((a, b) => b[0] - a[0])) t = t.slice(0, i) + v + t.slice(i).replace(/^\d+/, "");
      return encodeSafetensors([...f.tensors], { ...f.metadata, manifest: t });
    });
}

describe("fuzz: loaders with random and mutated bytes", () => {
  it("parseIdx", () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), mutated(idxBytes())), (b) => bounded(b, () => parseIdx(b))), { numRuns: 200, seed: 16 });
  });

  it("decodeSafetensors", () => {
    const base = encodeSafetensors([["a", rand([3, 2])], ["b", zeros([4], { dtype: "int32" })]], { k: "v" });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated(base, 10)), (b) => bounded(b, () => decodeSafetensors(b))), { numRuns: 200, seed: 16 });
  });

  it("loading a network from mutated bytes and mutated manifests", () => {
    const base = netBytes();
    fc.assert(
      fc.property(fc.oneof(mutated(base, 8), manifestMutated(base)), (b) => bounded(b, () => deserializeNetwork(b))),
      { numRuns: 150, seed: 16 },
    );
  });
});
