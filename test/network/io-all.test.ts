/**
 * save / load / clone for every class of the library: each node type, each connection type,
 * each learning rule with its state, MulticompartmentConnection with each feature and MCC rule,
 * monitors. A network runs T/2 steps, is saved, loaded and both run T/2 more; then every field
 * of every object (the whole saved description and every tensor, bit for bit) must be equal.
 */
import { describe, it, expect, afterAll, beforeAll } from "vitest";
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Network } from "../../src/network/network.js";
import { Monitor, NetworkMonitor } from "../../src/network/monitors.js";
import * as nodesModule from "../../src/network/nodes/index.js";
import * as networkModule from "../../src/network/index.js";
import * as learningModule from "../../src/learning/index.js";
import {
  Input, McCullochPitts, IFNodes, LIFNodes, BoostedLIFNodes, CurrentLIFNodes, AdaptiveLIFNodes, DiehlAndCookNodes,
  IzhikevichNodes, SRM0Nodes, CSRMNodes, type Nodes,
} from "../../src/network/nodes/index.js";
import {
  Connection, SparseConnection, Conv1dConnection, Conv2dConnection, Conv3dConnection, LocalConnection, LocalConnection1D,
  LocalConnection2D, LocalConnection3D, MaxPool1dConnection, MaxPool2dConnection, MaxPool3dConnection, MeanFieldConnection,
  MulticompartmentConnection, type AbstractConnection,
} from "../../src/network/topology/index.js";
import {
  Weight, Bias, Intensity, Degradation, Probability, Mask, MeanField, AdaptationBaseSynapsHistory, AdaptationBaseOtherSynaps,
  Normalization, Updating, type AbstractFeature,
} from "../../src/network/features/index.js";
import {
  serializeNetwork, decodeSafetensors, encodeSafetensors, loadNetwork, registerClasses, registerFunction, getRegisteredClass,
  classNameOf, type AnyClass,
} from "../../src/network/io/index.js";
import {
  learningClasses, meanDim, PostPre, WeightDependentPostPre, Hebbian, MSTDP, MSTDPET, Rmax, MovingAvgRPE, type LearningRuleClass,
} from "../../src/learning/index.js";
import { MCCNoOp, MCCPostPre, MCCMSTDP, MCCMSTDPET } from "../../src/learning/mcc/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { tensor } from "../../src/tensor/creation.js";
import { Generator, defaultGenerator, manualSeed } from "../../src/tensor/random.js";
import { ValueError } from "../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "bindsnet-io-all-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// what the root entry does (src/index.ts): the learning layer's classes, registered once
beforeAll(() => registerClasses(learningClasses));

type Step = (net: Network, t: number) => void;

/** Bernoulli(p) spikes [T, ...shape] from a seeded generator. */
function spikes(T: number, shape: number[], p: number, seed: number): Tensor {
  const g = new Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Uint8Array(T * n);
  for (let i = 0; i < d.length; i++) d[i] = g.nextFloat32() < p ? 1 : 0;
  return tensor(d, { dtype: "bool", shape: [T, ...shape] });
}

/** A step that feeds X from `x` (and a reward when given). */
function feed(x: Tensor, reward?: (t: number) => number): Step {
  return (net, t) => net.run({ inputs: { X: x.narrow(0, t, 1) }, time: 1, ...(reward ? { reward: reward(t) } : {}) });
}

const reward = (t: number): number => ((t * 37) % 7) / 3 - 1;

/** Every field of every object, as the saved description and the saved tensors' bytes. */
function state(net: Network): { manifest: Record<string, unknown>; tensors: Map<string, Buffer> } {
  const f = decodeSafetensors(serializeNetwork(net));
  const manifest = JSON.parse(f.metadata.manifest!) as Record<string, unknown>;
  delete manifest.globalGenerator;
  const tensors = new Map<string, Buffer>();
  for (const [k, t] of f.tensors) {
    const d = t.contiguousData();
    tensors.set(k, Buffer.from(d.buffer, d.byteOffset, d.byteLength));
  }
  return { manifest, tensors };
}

function expectSameState(b: Network, a: Network): void {
  const sa = state(a);
  const sb = state(b);
  expect([...sb.tensors.keys()]).toEqual([...sa.tensors.keys()]);
  for (const [k, buf] of sa.tensors) expect(sb.tensors.get(k)!.equals(buf), `tensor ${k}`).toBe(true);
  expect(sb.manifest).toEqual(sa.manifest);
}

/** Tensors of `a` whose bytes differ from those of `fresh` (what the run changed). */
function changed(a: Network, fresh: Network): string[] {
  const sa = state(a).tensors;
  const sf = state(fresh).tensors;
  return [...sa.keys()].filter((k) => !sf.has(k) || !sf.get(k)!.equals(sa.get(k)!));
}

let fileNo = 0;

/**
 * Runs `mk()` T/2 steps, saves, loads, and runs both T/2 more; every saved field must be
 * equal. The global generator is reset to its state at save time for the loaded copy, so
 * classes drawing from it continue identically too. Returns both networks and a fresh one.
 */
function continues(mk: () => Network, step: Step, T: number): { a: Network; b: Network; fresh: Network } {
  const a = mk();
  const half = T >> 1;
  for (let t = 0; t < half; t++) step(a, t);
  const path = join(dir, `net${fileNo++}.safetensors`);
  a.save(path);
  const c = a.clone();
  const g = defaultGenerator().getState();
  for (let t = half; t < T; t++) step(a, t);
  defaultGenerator().setState(g);
  const b = Network.load(path);
  for (let t = half; t < T; t++) step(b, t);
  expectSameState(b, a);
  // a clone taken at the same point continues identically too
  defaultGenerator().setState(g);
  for (let t = half; t < T; t++) step(c, t);
  expectSameState(c, a);
  return { a, b, fresh: mk() };
}

// ------------------------------------------------------------------------------------------
describe("every node type continues bit for bit", () => {
  const x = spikes(40, [30], 0.3, 1);
  const cases: [string, () => Nodes][] = [
    ["Input", () => new Input({ n: 8, traces: true })],
    ["McCullochPitts", () => new McCullochPitts({ n: 8, traces: true })],
    ["IFNodes", () => new IFNodes({ n: 8, traces: true, refrac: 2 })],
    ["LIFNodes", () => new LIFNodes({ n: 8, traces: true, tracesAdditive: true })],
    ["BoostedLIFNodes", () => new BoostedLIFNodes({ n: 8, traces: true })],
    ["CurrentLIFNodes", () => new CurrentLIFNodes({ n: 8, sumInput: true })],
    ["AdaptiveLIFNodes", () => new AdaptiveLIFNodes({ n: 8, traces: true, thetaPlus: 0.5 })],
    ["DiehlAndCookNodes", () => new DiehlAndCookNodes({ n: 8, oneSpike: true, thetaPlus: 0.3 })],
    ["IzhikevichNodes", () => new IzhikevichNodes({ n: 8, excitatory: 0.6 })],
    ["SRM0Nodes", () => new SRM0Nodes({ n: 8, rng: new Generator(3) })],
    ["CSRMNodes", () => new CSRMNodes({ n: 8 })],
  ];

  it("the cases cover every node class the library exports", () => {
    const exported = Object.values(nodesModule).filter((v) => typeof v === "function" && /Nodes$|^Input$|^McCullochPitts$/.test(v.name) && v.name !== "Nodes");
    const tested = new Set(cases.map(([n]) => n));
    expect(exported.map((c) => (c as AnyClass).name).filter((n) => !tested.has(n))).toEqual([]);
  });

  it.each(cases)("%s", (_name, make) => {
    const mk = (): Network => {
      manualSeed(11);
      const net = new Network();
      net.addLayer(new Input({ n: 30, traces: true }), "X");
      net.addLayer(make(), "Y");
      net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, wmin: 0, wmax: 8, rng: new Generator(5) }), "X", "Y");
      return net;
    };
    const { a, fresh } = continues(mk, feed(x), 40);
    // the run moved the layer's state: the comparison is not between resting states
    expect(changed(a, fresh).filter((k) => k.startsWith("layers.Y."))).not.toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------
/** A network X → Y through `conn`, Y a low-threshold LIF layer with traces (so rules learn). */
function pairNet(srcShape: number[], tgtShape: number[], conn: (s: Nodes, t: Nodes) => AbstractConnection, batchSize = 1): () => Network {
  return () => {
    manualSeed(21);
    const net = new Network({ batchSize });
    net.addLayer(new Input({ shape: srcShape, traces: true }), "X");
    net.addLayer(new LIFNodes({ shape: tgtShape, traces: true, thresh: -64.5, refrac: 1 }), "Y");
    net.addConnection(conn(net.layers.X!, net.layers.Y!), "X", "Y");
    return net;
  };
}

describe("every connection type continues bit for bit (with a learning rule where it takes one)", () => {
  const rule = { updateRule: PostPre as LearningRuleClass, nu: [0.05, 0.1] };
  const cases: [string, number[], number[], (s: Nodes, t: Nodes) => AbstractConnection][] = [
    ["Connection (b, Dale's rule, tensor bounds, norm)", [12], [5], (s, t) => new Connection({ source: s, target: t, ...rule, b: tensor([0.1, 0, 0.2, 0, 0.3]), dalesRule: tensor(Array.from({ length: 12 }, (_, i) => i % 3 !== 0), { dtype: "bool" }), wmin: tensor(Array(60).fill(-1)).reshape([12, 5]), wmax: 2, norm: 6, rng: new Generator(1) })],
    ["SparseConnection (random structure)", [12], [5], (s, t) => new SparseConnection({ source: s, target: t, ...rule, sparsity: 0.5, wmin: 0, wmax: 1, rng: new Generator(2) })],
    ["Conv1dConnection", [2, 12], [3, 10], (s, t) => new Conv1dConnection({ source: s, target: t, ...rule, kernelSize: 3, wmin: 0, wmax: 1, norm: 1.5, rng: new Generator(3) })],
    ["Conv2dConnection", [1, 6, 6], [2, 5, 5], (s, t) => new Conv2dConnection({ source: s, target: t, ...rule, kernelSize: 2, wmin: 0, wmax: 1, rng: new Generator(4) })],
    ["Conv3dConnection", [1, 4, 4, 4], [2, 3, 3, 3], (s, t) => new Conv3dConnection({ source: s, target: t, ...rule, kernelSize: 2, wmin: 0, wmax: 1, rng: new Generator(5) })],
    ["LocalConnection", [16], [8], (s, t) => new LocalConnection({ source: s, target: t, ...rule, kernelSize: 2, stride: 2, nFilters: 2, wmin: 0, wmax: 1, norm: 0.5, rng: new Generator(6) })],
    ["LocalConnection1D", [2, 6], [10], (s, t) => new LocalConnection1D({ source: s, target: t, ...rule, kernelSize: 2, stride: 1, nFilters: 2, wmin: 0, wmax: 1, rng: new Generator(7) })],
    ["LocalConnection2D", [1, 5, 5], [8], (s, t) => new LocalConnection2D({ source: s, target: t, ...rule, kernelSize: 3, stride: 2, nFilters: 2, wmin: 0, wmax: 1, rng: new Generator(8) })],
    ["LocalConnection3D", [1, 4, 4, 4], [16], (s, t) => new LocalConnection3D({ source: s, target: t, ...rule, kernelSize: 2, stride: 2, nFilters: 2, wmin: 0, wmax: 1, rng: new Generator(9) })],
    ["MaxPool1dConnection", [2, 8], [2, 4], (s, t) => new MaxPool1dConnection({ source: s, target: t, kernelSize: 2, stride: 2, decay: 0.5 })],
    ["MaxPool2dConnection", [2, 6, 6], [2, 3, 3], (s, t) => new MaxPool2dConnection({ source: s, target: t, kernelSize: 2, stride: 2, decay: 0.5 })],
    ["MaxPool3dConnection", [1, 4, 4, 4], [1, 2, 2, 2], (s, t) => new MaxPool3dConnection({ source: s, target: t, kernelSize: 2, stride: 2, decay: 0.5 })],
    ["MeanFieldConnection", [12], [5], (s, t) => new MeanFieldConnection({ source: s, target: t, w: 0.8, weightDecay: 0.01 })],
  ];

  it("the cases cover every connection class the library exports", () => {
    const abstract = new Set(["AbstractConnection", "ConvConnection", "LocalConnectionND", "MaxPoolConnection", "AbstractMulticompartmentConnection", "MulticompartmentConnection"]);
    const exported = Object.values(networkModule).filter((v) => typeof v === "function" && /Connection$/.test(v.name) && !abstract.has(v.name)).map((v) => (v as AnyClass).name);
    const tested = new Set(cases.map(([n]) => n.split(" ")[0]));
    expect([...new Set(exported)].filter((n) => !tested.has(n))).toEqual([]);
  });

  it.each(cases)("%s", (name, src, tgt, conn) => {
    const x = spikes(30, src, 0.4, 2);
    const { a, b, fresh } = continues(pairNet(src, tgt, conn), feed(x), 30);
    const moved = changed(a, fresh);
    if (!name.startsWith("MaxPool") && !name.startsWith("MeanField")) expect(moved, "weights learned").toContain("connections.X->Y.w");
    if (name.startsWith("MaxPool")) expect(moved).toContain("connections.X->Y.firingRates");
    const ca = a.connections.get("X", "Y")!;
    const cb = b.connections.get("X", "Y")!;
    expect(cb).toBeInstanceOf(ca.constructor);
    expect(cb.updateRule.constructor).toBe(ca.updateRule.constructor);
  });

  it("a batched rule with a function reduction (meanDim, registered) continues and keeps the function", () => {
    const x = spikes(30, [3, 12], 0.4, 8);
    const mk = pairNet([12], [5], (s, t) => new Connection({ source: s, target: t, updateRule: PostPre, nu: [0.05, 0.1], reduction: meanDim, wmin: 0, wmax: 1, rng: new Generator(3) }), 3);
    const { a, b } = continues(mk, feed(x), 30);
    expect(b.batchSize).toBe(3);
    expect(b.connections.get("X", "Y")!.updateRule.reduction).toBe(meanDim);
    expect(a.connections.get("X", "Y")!.updateRule.reduction).toBe(meanDim);
  });

  it("SparseConnection keeps its structure, explicit zeros included, and local masks stay structural", () => {
    const w = tensor(Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? 0 : (i % 7) / 7))).reshape([12, 5]);
    const mk = pairNet([12], [5], (s, t) => new SparseConnection({ source: s, target: t, w, wmin: 0, wmax: 1, ...{ updateRule: PostPre, nu: [0.3, 0.05] } }));
    const x = spikes(30, [12], 0.5, 3);
    const { a, b } = continues(mk, feed(x), 30);
    const ca = a.connections.get("X", "Y") as SparseConnection;
    const cb = b.connections.get("X", "Y") as SparseConnection;
    expect(cb.nnz).toBe(ca.nnz);
    expect(Array.from(cb.colIdx)).toEqual(Array.from(ca.colIdx));
    expect(Array.from(cb.rowPtr)).toEqual(Array.from(ca.rowPtr));
    // entries learned down to 0 stay stored (a dense round trip would drop them)
    const zeros = Array.from(ca.values()).filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(Array.from(cb.values())).toEqual(Array.from(ca.values()));

    const lc = pairNet([16], [8], (s, t) => new LocalConnection({ source: s, target: t, kernelSize: 2, stride: 2, nFilters: 2, rng: new Generator(1) }))();
    const back = lc.clone().connections.get("X", "Y") as LocalConnection;
    const orig = lc.connections.get("X", "Y") as LocalConnection;
    expect(Array.from(back.mask.contiguousData())).toEqual(Array.from(orig.mask.contiguousData()));
    const wd = back.w.contiguousData();
    back.mask.contiguousData().forEach((m, i) => m && expect(wd[i]).toBe(0));
  });
});

// ------------------------------------------------------------------------------------------
describe("every learning rule continues bit for bit, with its state", () => {
  const x = spikes(40, [20], 0.35, 4);
  const cases: [string, LearningRuleClass, Record<string, unknown>, string[]][] = [
    ["PostPre", PostPre, { nu: [0.02, 0.05] }, []],
    ["WeightDependentPostPre", WeightDependentPostPre, { nu: [0.02, 0.05], wmin: 0, wmax: 2 }, []],
    ["Hebbian", Hebbian, { nu: [0.01, 0.01] }, []],
    ["MSTDP", MSTDP, { nu: 0.05, tcPlus: 15 }, ["pPlus", "pMinus", "eligibility"]],
    ["MSTDPET", MSTDPET, { nu: 0.05, tcETrace: 10 }, ["pPlus", "pMinus", "eligibility", "eligibilityTrace"]],
    ["Rmax", Rmax, { nu: 0.05 }, ["eligibilityTrace"]],
  ];

  it("the cases cover every rule class of learningClasses (MCC rules are tested with features)", () => {
    const ordinary = Object.entries(learningClasses).filter(([k]) => !k.startsWith("MCC") && k !== "MovingAvgRPE").map(([k]) => k);
    expect(ordinary.filter((k) => !cases.some(([n]) => n === k))).toEqual([]);
  });

  it.each(cases)("%s", (name, updateRule, opts, stateFields) => {
    const mk = (): Network => {
      manualSeed(31);
      const net = new Network({ rewardFn: name.startsWith("MSTDP") ? MovingAvgRPE : null });
      net.addLayer(new Input({ n: 20, traces: true, tracesAdditive: name === "Rmax" }), "X");
      net.addLayer(name === "Rmax" ? new SRM0Nodes({ n: 6, rng: new Generator(4) }) : new LIFNodes({ n: 6, traces: true, thresh: -60 }), "Y");
      net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, updateRule, wmin: -1, wmax: 3, rng: new Generator(6), ...opts }), "X", "Y");
      return net;
    };
    // an episode ends every 5 steps: the reward function's running prediction moves
    const step: Step = (net, t) => {
      feed(x, reward)(net, t);
      if (t % 5 === 4) (net.rewardFn as MovingAvgRPE | null)?.update({ accumulatedReward: reward(t) * 3, steps: 5 });
    };
    const { a, b, fresh } = continues(mk, step, 40);
    expect(changed(a, fresh)).toContain("connections.X->Y.w");
    const ra = a.connections.get("X", "Y")!.updateRule as unknown as Record<string, unknown>;
    const rb = b.connections.get("X", "Y")!.updateRule as unknown as Record<string, unknown>;
    expect(rb).toBeInstanceOf(updateRule);
    expect(rb.nu).toEqual(ra.nu);
    for (const f of stateFields) {
      const ta = ra[f] as Tensor;
      expect(ta, `${name}.${f}`).toBeInstanceOf(Tensor);
      expect(Array.from(ta.contiguousData()).some((v) => v !== 0), `${name}.${f} is not all zero`).toBe(true);
      expect(Array.from((rb[f] as Tensor).contiguousData()), `${name}.${f}`).toEqual(Array.from(ta.contiguousData()));
    }
    if (name.startsWith("MSTDP")) {
      // the reward function's running state came along
      const fa = (a as unknown as { rewardFn: Record<string, unknown> }).rewardFn;
      const fb = (b as unknown as { rewardFn: Record<string, unknown> }).rewardFn;
      expect(fb).toBeInstanceOf(MovingAvgRPE);
      expect(fa.rewardPredict).not.toBe(0);
      expect(JSON.stringify(fb)).toBe(JSON.stringify(fa));
    }
  });
});

// ------------------------------------------------------------------------------------------
describe("MulticompartmentConnection with every feature and MCC rule continues bit for bit", () => {
  const x = spikes(30, [10], 0.4, 5);
  const t32 = (d: number[], shape: number[]): Tensor => new Tensor(Float32Array.from(d), shape, "float32");
  const square = (v: Tensor): Tensor => t32(Array.from(v.contiguousData(), (e) => e * 0.99), [...v.shape]);
  Object.defineProperty(square, "name", { value: "ioTestShrink" });
  registerFunction(square);
  const ann = (): [Tensor, Tensor] => [t32([0.5, -0.25, 0.3, 0.1], [2, 2]), t32([1, -1], [1, 2])];
  const u = (n: number, seed: number, lo = 0, hi = 1): Tensor => {
    const g = new Generator(seed);
    return t32(Array.from({ length: n }, () => lo + (hi - lo) * g.nextFloat32()), [10, n / 10]);
  };

  const cases: [string, () => AbstractFeature[], Record<string, unknown>][] = [
    ["Weight + MCCPostPre, Bias, Normalization", () => {
      const w = new Weight({ name: "w", value: u(40, 1), range: [0, 1], learningRule: MCCPostPre, nu: [0.05, 0.1], norm: 2, normFrequency: "time step" } as never);
      return [w, new Bias({ name: "b", value: u(40, 2, -0.1, 0.1) }), new Normalization({ name: "n", parentFeature: w })];
    }, {}],
    ["float16 Weight + MCCMSTDP (averageUpdate), Intensity, Mask", () => [
      new Weight({ name: "w", value: u(40, 3), valueDtype: "float16", range: [0, 1], learningRule: MCCMSTDP, nu: 0.1 }),
      new Intensity({ name: "i", value: 1.5, range: [0, 2] }),
      new Mask({ name: "m", value: tensor(Array.from({ length: 40 }, (_, i) => i % 5 !== 0), { dtype: "bool" }).reshape([10, 4]) }),
    ], { averageUpdate: 3 }],
    ["sparse Weight + MCCMSTDPET, Probability, Degradation (registered function)", () => [
      new Weight({ name: "w", value: t32(Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0 : 0.5)), [10, 4]), sparse: true, range: [0, 1], learningRule: MCCMSTDPET, nu: 0.1 }),
      new Probability({ name: "p", value: 0.7, rng: new Generator(9) }),
      new Degradation({ name: "d", value: u(40, 4, 0, 0.05), degradeFunction: square }),
    ], {}],
    ["MeanField, AdaptationBaseSynapsHistory, Weight + MCCNoOp (decay)", () => [
      new Weight({ name: "w", value: u(40, 5), learningRule: MCCNoOp, decay: 0.01 }),
      new AdaptationBaseSynapsHistory({ name: "a", value: u(40, 6), annValues: ann() }),
      new MeanField(),
    ], {}],
    ["AdaptationBaseOtherSynaps, Weight + MCCPostPre driven by Updating (manualUpdate)", () => {
      const w = new Weight({ name: "w", value: u(40, 7), range: [0, 1], learningRule: MCCPostPre, nu: [0.05, 0.1] });
      return [new AdaptationBaseOtherSynaps({ name: "a", value: u(40, 8), annValues: ann() }), w, new Updating({ name: "up", parentFeature: w })];
    }, { manualUpdate: true }],
  ];

  it("the cases cover every feature class and MCC rule", () => {
    const made = cases.flatMap(([, f]) => f());
    const featureNames = new Set(made.map((f) => f.constructor.name));
    const all = ["Weight", "Bias", "Intensity", "Degradation", "Probability", "Mask", "MeanField", "AdaptationBaseSynapsHistory", "AdaptationBaseOtherSynaps", "Normalization", "Updating"];
    expect(all.filter((n) => !featureNames.has(n))).toEqual([]);
    const rules = new Set(made.map((f) => f.learningRuleClass).filter((c) => c !== null));
    expect([MCCNoOp, MCCPostPre, MCCMSTDP, MCCMSTDPET].filter((r) => !rules.has(r as never))).toEqual([]);
  });

  it.each(cases)("%s", (name, pipeline, extra) => {
    const mk = (): Network => {
      manualSeed(41);
      const net = new Network();
      net.addLayer(new Input({ n: 10, traces: true }), "X");
      net.addLayer(new LIFNodes({ n: 4, traces: true, thresh: -64 }), "Y");
      net.addConnection(new MulticompartmentConnection({ source: net.layers.X!, target: net.layers.Y!, pipeline: pipeline(), traces: true, ...extra }) as never, "X", "Y");
      return net;
    };
    const { a, b, fresh } = continues(mk, feed(x, reward), 30);
    const ca = a.connections.get("X", "Y") as unknown as MulticompartmentConnection;
    const cb = b.connections.get("X", "Y") as unknown as MulticompartmentConnection;
    expect(cb.pipeline.map((f) => f.constructor)).toEqual(ca.pipeline.map((f) => f.constructor));
    cb.pipeline.forEach((f, i) => {
      const fa = ca.pipeline[i]!;
      expect(f.learningRule?.constructor ?? null).toBe(fa.learningRule?.constructor ?? null);
      if (f.store !== null) {
        expect(f.store.dtype).toBe(fa.store!.dtype);
        expect(Array.from(f.store.data), `${name}: ${f.name}`).toEqual(Array.from(fa.store!.data));
      }
      if (f instanceof Updating || f instanceof Normalization) expect(f.parent).toBe(cb.pipeline.find((p) => p.name === f.parent.name));
      if (f instanceof Degradation) expect(f.degradeFunction).toBe(square); // registered: restored by name
      expect(f.connection).toBe(cb);
    });
    if (!name.startsWith("MeanField")) expect(changed(a, fresh).some((k) => k.includes(".pipeline.") || k.includes("objects"))).toBe(true);
    expect(Array.from(cb.activity!.contiguousData())).toEqual(Array.from(ca.activity!.contiguousData()));
  });

  it("float16 values are saved as F16 and stay halves", () => {
    const net = new Network();
    net.addLayer(new Input({ n: 10 }), "X");
    net.addLayer(new LIFNodes({ n: 4 }), "Y");
    const w = new Weight({ name: "w", value: u(40, 11), valueDtype: "float16" });
    net.addConnection(new MulticompartmentConnection({ source: net.layers.X!, target: net.layers.Y!, pipeline: [w] }) as never, "X", "Y");
    const bytes = serializeNetwork(net);
    const f = decodeSafetensors(bytes);
    const halves = [...f.tensors.entries()].filter(([, t]) => t.dtype === "float16");
    expect(halves.length).toBe(1);
    expect(halves[0]![1].shape).toEqual([10, 4]);
    expect(Array.from(halves[0]![1].contiguousData())).toEqual(Array.from(w.store!.data));
    const back = net.clone().connections.get("X", "Y") as unknown as MulticompartmentConnection;
    expect(back.pipeline[0]!.store!.dtype).toBe("float16");
    expect(back.pipeline[0]!.store!.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(back.pipeline[0]!.store!.data)).toEqual(Array.from(w.store!.data));
  });

  it("an unregistered function option falls back to the default with a warning naming it", () => {
    const net = new Network();
    net.addLayer(new Input({ n: 10 }), "X");
    net.addLayer(new LIFNodes({ n: 4 }), "Y");
    const d = new Degradation({ name: "d", value: 0.01, degradeFunction: (v: Tensor) => v });
    net.addConnection(new MulticompartmentConnection({ source: net.layers.X!, target: net.layers.Y!, pipeline: [d] }) as never, "X", "Y");
    const path = join(dir, "fn.safetensors");
    net.save(path);
    const warnings: string[] = [];
    const back = loadNetwork<Network>(path, { Network, onWarning: (w) => warnings.push(w) });
    expect(back.connections.get("X", "Y")).toBeInstanceOf(MulticompartmentConnection);
    expect(warnings.join("\n")).toMatch(/degradeFunction: the function degradeFunction was not registered when saved; the constructor's default is used/);
    // a clone keeps it (same process)
    const cl = net.clone().connections.get("X", "Y") as unknown as MulticompartmentConnection;
    expect((cl.pipeline[0] as Degradation).degradeFunction).toBe(d.degradeFunction);
  });
});

// ------------------------------------------------------------------------------------------
describe("monitors", () => {
  const x = spikes(30, [12], 0.4, 6);
  const mk = (): Network => {
    manualSeed(51);
    const net = new Network();
    net.addLayer(new Input({ n: 12, traces: true }), "X");
    net.addLayer(new LIFNodes({ n: 5, thresh: -60, traces: true }), "Y");
    net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, updateRule: PostPre, nu: 0.05, wmin: 0, wmax: 2, rng: new Generator(2) }), "X", "Y");
    net.addMonitor(new Monitor({ obj: net.layers.Y!, stateVars: ["s", "v"], time: 20, sparse: true }), "mY");
    net.addMonitor(new Monitor({ obj: net.connections.get("X", "Y")!, stateVars: ["w"] }), "mW");
    net.addMonitor(new NetworkMonitor({ network: net as never, layers: ["Y"], connections: [["X", "Y"]], stateVars: ["s", "w"], time: 8 }), "all");
    return net;
  };

  it("keep their constructor options and continue their recordings bit for bit", () => {
    const { a, b } = continues(mk, feed(x), 30);
    const ma = a.monitors.mY as Monitor;
    const mb = b.monitors.mY as Monitor;
    expect([mb.obj, mb.stateVars, mb.time, mb.sparse]).toEqual([b.layers.Y, ["s", "v"], 20, true]);
    expect((b.monitors.mW as Monitor).obj).toBe(b.connections.get("X", "Y"));
    for (const v of ["s", "v"]) expect(Array.from(mb.get(v).contiguousData())).toEqual(Array.from(ma.get(v).contiguousData()));
    expect(mb.get("v").shape).toEqual([20, 1, 5]);
    const na = a.monitors.all as NetworkMonitor;
    const nb = b.monitors.all as NetworkMonitor;
    expect([nb.layerNames, nb.connectionPairs, nb.stateVars, nb.time]).toEqual([["Y"], [["X", "Y"]], ["s", "w"], 8]);
    expect(Array.from(nb.get()["X->Y"]!.w!.contiguousData())).toEqual(Array.from(na.get()["X->Y"]!.w!.contiguousData()));
    // the saved options are in the manifest, readable without the fields
    const manifest = JSON.parse(decodeSafetensors(serializeNetwork(a)).metadata.manifest!);
    const opt = manifest.monitors[0].options.$object;
    expect([opt.stateVars, opt.time, opt.sparse, opt.obj]).toEqual([["s", "v"], 20, true, { $ref: "layer:Y" }]);
  });
});

// ------------------------------------------------------------------------------------------
describe("load({ learning: false }) freezes learning", () => {
  it("weights, theta and rule state stay put while the loaded network runs", () => {
    const mk = (): Network => {
      manualSeed(61);
      const net = new Network();
      net.addLayer(new Input({ n: 20, traces: true }), "X");
      net.addLayer(new AdaptiveLIFNodes({ n: 6, traces: true, thetaPlus: 0.5, thresh: -60 }), "Y");
      net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, updateRule: PostPre, nu: [0.05, 0.1], wmin: 0, wmax: 3, rng: new Generator(3) }), "X", "Y");
      return net;
    };
    const x = spikes(40, [20], 0.4, 7);
    const a = mk();
    for (let t = 0; t < 20; t++) feed(x)(a, t);
    const path = join(dir, "frozen.safetensors");
    a.save(path);
    const frozen = Network.load(path, { learning: false });
    const learning = Network.load(path);
    expect(frozen.learning).toBe(false);
    expect(Object.values(frozen.layers).every((l) => !l.learning)).toBe(true);
    const w0 = Array.from(frozen.connections.get("X", "Y")!.w.contiguousData());
    const th0 = Array.from((frozen.layers.Y as AdaptiveLIFNodes).theta.contiguousData());
    let spikesSeen = 0;
    for (let t = 20; t < 40; t++) {
      feed(x)(frozen, t);
      feed(x)(learning, t);
      spikesSeen += Array.from(frozen.layers.Y!.s.contiguousData()).filter((v) => v).length;
    }
    expect(spikesSeen).toBeGreaterThan(0);
    expect(Array.from(frozen.connections.get("X", "Y")!.w.contiguousData())).toEqual(w0);
    expect(Array.from((frozen.layers.Y as AdaptiveLIFNodes).theta.contiguousData())).toEqual(th0);
    // the same file loaded with learning on does learn
    expect(Array.from(learning.connections.get("X", "Y")!.w.contiguousData())).not.toEqual(w0);
  });
});

// ------------------------------------------------------------------------------------------
describe("corrupted files give clear errors naming the file, the expectation and the finding", () => {
  const good = (): Uint8Array => {
    const net = new Network();
    net.addLayer(new Input({ n: 6, traces: true }), "X");
    net.addLayer(new LIFNodes({ n: 3, traces: true }), "Y");
    net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, updateRule: PostPre, rng: new Generator(1) }), "X", "Y");
    return serializeNetwork(net);
  };
  const write = (name: string, bytes: Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  /** Rewrites the header of a good file (keeping the data). */
  const withHeader = (edit: (h: Record<string, unknown>) => void): Uint8Array => {
    const b = good();
    const n = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + n)));
    edit(header);
    const hb = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + hb.length + (b.length - 8 - n));
    new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
    out.set(hb, 8);
    out.set(b.subarray(8 + n), 8 + hb.length);
    return out;
  };

  it("truncated", () => {
    const b = good();
    const p = write("trunc.safetensors", b.subarray(0, b.length - 5));
    expect(() => Network.load(p)).toThrow(ValueError);
    expect(() => Network.load(p)).toThrow(/trunc\.safetensors tensor "[^"]+" has data_offsets \[\d+, \d+\], expected \d+ bytes within \d+/);
    const p2 = write("trunc2.safetensors", b.subarray(0, 40));
    expect(() => Network.load(p2)).toThrow(/trunc2\.safetensors header length is \d+, expected at most 32 \(file size - 8\)/);
    const p3 = write("trunc3.safetensors", b.subarray(0, 3));
    expect(() => Network.load(p3)).toThrow(/trunc3\.safetensors has 3 bytes, expected at least 8/);
  });

  it("bad header JSON and bad manifest JSON", () => {
    const b = good();
    const bad = b.slice();
    bad[8] = "x".charCodeAt(0);
    const p = write("badjson.safetensors", bad);
    expect(() => Network.load(p)).toThrow(/badjson\.safetensors header is not valid JSON, expected a safetensors header/);
    const p2 = write("badmanifest.safetensors", withHeader((h) => ((h.__metadata__ as Record<string, string>).manifest = "{not json")));
    expect(() => Network.load(p2)).toThrow(/badmanifest\.safetensors manifest is not valid JSON, expected the network description written by save/);
    const p3 = write("nolayers.safetensors", withHeader((h) => {
      const md = h.__metadata__ as Record<string, string>;
      const m = JSON.parse(md.manifest!);
      m.layers = "X";
      md.manifest = JSON.stringify(m);
    }));
    expect(() => Network.load(p3)).toThrow(/nolayers\.safetensors manifest layers is "X", expected an array/);
  });

  it("unknown class name", () => {
    const p = write("unknown.safetensors", withHeader((h) => {
      const md = h.__metadata__ as Record<string, string>;
      md.manifest = md.manifest!.replace('"class":"LIFNodes"', '"class":"NoSuchNodes"');
    }));
    expect(() => Network.load(p)).toThrow(/unknown\.safetensors: layer "Y" has class "NoSuchNodes", which is not registered; expected loadNetwork\/deserializeNetwork from "bindsnet"/);
  });

  it("wrong tensor size (shape and bytes disagree; shape disagrees with the network)", () => {
    const p = write("size.safetensors", withHeader((h) => {
      const spec = h["connections.X->Y.w"] as { shape: number[] };
      spec.shape = [6, 4];
    }));
    expect(() => Network.load(p)).toThrow(/size\.safetensors tensor "connections\.X->Y\.w" has data_offsets \[\d+, \d+\], expected 96 bytes within \d+/);
    // a consistent tensor of the wrong shape for the rebuilt layer
    const b = good();
    const file = decodeSafetensors(b);
    const tensors = [...file.tensors.entries()].map(([k, t]) => (k === "layers.Y.v" ? ([k, tensor([[1, 2, 3, 4]])] as [string, Tensor]) : ([k, t] as [string, Tensor])));
    const p2 = write("shape.safetensors", encodeSafetensors(tensors, file.metadata));
    expect(() => Network.load(p2)).toThrow(/shape\.safetensors: tensor layers\.Y\.v has shape \[1, 4\] in the file, expected \[1, 3\]/);
    // a tensor the manifest names but the file lacks
    const p3 = write("missing.safetensors", encodeSafetensors([...file.tensors.entries()].filter(([k]) => k !== "layers.Y.v"), file.metadata));
    expect(() => Network.load(p3)).toThrow(/missing\.safetensors: layers\.Y\.v needs tensor "layers\.Y\.v", which the file lacks/);
  });

  it("not a network file, or a file that does not exist", () => {
    const p = write("plain.safetensors", encodeSafetensors([["a", tensor([1])]]));
    expect(() => Network.load(p)).toThrow(/plain\.safetensors has format undefined, expected "bindsnet-network"/);
    expect(() => Network.load(join(dir, "nope.safetensors"))).toThrow(/nope\.safetensors" could not be read, expected a file written by save/);
  });
});

// ------------------------------------------------------------------------------------------
describe("registration is complete", () => {
  it("every class the network and learning layers export is registered (or registered by learningClasses)", () => {
    const missing: string[] = [];
    for (const mod of [networkModule, learningModule] as Record<string, unknown>[]) {
      for (const [k, v] of Object.entries(mod)) {
        if (typeof v !== "function" || !/^[A-Z]/.test(v.name) || v.prototype === undefined) continue;
        const name = classNameOf(v as AnyClass);
        if (getRegisteredClass(name) !== v) missing.push(k);
      }
    }
    // abstract bases need no registration but are registered anyway; only the classes below are left out on purpose
    // never saved by name: Network is passed by Network.load itself (the registry may not
    // import network.ts: a cycle), a ConnectionMap is rebuilt by the Network, a synapse view is
    // a cache made on first use, and AbstractReward is abstract (subclasses register themselves)
    expect(missing.filter((k) => !["Network", "ConnectionMap", "DenseSynapseView", "AbstractReward"].includes(k))).toEqual([]);
  });

  it("the MCC rule names are aliases of the ordinary rules: saved under the ordinary names, still loadable", () => {
    expect(MCCPostPre).toBe(PostPre);
    expect(classNameOf(MCCPostPre as unknown as AnyClass)).toBe("PostPre");
    expect(classNameOf(PostPre as unknown as AnyClass)).toBe("PostPre");
    // files written before the rules were one family name "MCCMSTDPET": it resolves to the class
    expect(getRegisteredClass("MCCMSTDPET")).toBe(MCCMSTDPET);
  });

  it("registerClasses rejects a table that is not an object and names clashes", () => {
    expect(() => registerClasses(null as never)).toThrow(/registerClasses: table is null, expected an object \{ name: class \}/);
    class PostPreClash {}
    expect(() => registerClasses({ PostPre: PostPreClash })).toThrow(/name "PostPre" is taken by another class/);
  });
});

// ------------------------------------------------------------------------------------------
const PY = "/usr/bin/python3";
const hasNumpy = ((): boolean => {
  if (!existsSync(PY)) return false;
  try {
    execFileSync(PY, ["-c", "import numpy"], { stdio: "ignore", timeout: 20000 });
    return true;
  } catch {
    return false;
  }
})();

describe("Python reads a saved file with numpy only (scripts/read_safetensors.py)", () => {
  it.skipIf(!hasNumpy)(`lists the weights with the right shapes and sums${hasNumpy ? "" : " — skipped: /usr/bin/python3 with numpy not found"}`, () => {
    const net = pairNet([2, 6, 6], [3, 5, 5], (s, t) => new Conv2dConnection({ source: s, target: t, kernelSize: 2, rng: new Generator(1), updateRule: PostPre }))();
    net.addLayer(new LIFNodes({ n: 4 }), "Z");
    net.addConnection(new MulticompartmentConnection({ source: net.layers.X!, target: net.layers.Z!, pipeline: [new Weight({ name: "w", value: 0.25, valueDtype: "float16" })] }) as never, "X", "Z");
    const path = join(dir, "py.safetensors");
    net.save(path);
    const out = execFileSync(PY, [join(process.cwd(), "scripts/read_safetensors.py"), path], { encoding: "utf8", timeout: 60000 });
    const lines = new Map(out.trim().split("\n").map((l) => [l.split(": ")[0]!, l] as const));
    expect(out).toMatch(/^format bindsnet-network version 1$/m);
    expect(out).toMatch(/^connections: X->Y=Conv2dConnection, X->Z=MulticompartmentConnection$/m);
    expect(out).toMatch(/^objects: Weight$/m);
    const w = net.connections.get("X", "Y")!.w;
    let sum = 0;
    for (const v of w.contiguousData()) sum += v;
    const wl = lines.get("connections.X->Y.w")!;
    expect(wl).toMatch(/^connections\.X->Y\.w: float32 \[3, 2, 2, 2\] sum=/);
    expect(Number(wl.split("sum=")[1])).toBeCloseTo(sum, 4);
    expect(lines.get("connections.X->Y.b")).toMatch(/float32 \[3\]/);
    expect(lines.get("layers.Y.v")).toMatch(/float32 \[1, 3, 5, 5\]/);
    expect(lines.get("layers.Y.s")).toMatch(/bool \[1, 3, 5, 5\]/);
    // the float16 feature value: 72 x 4 halves of 0.25
    const half = [...lines.values()].filter((l) => l.includes("float16"));
    expect(half).toEqual([expect.stringMatching(/^connections\.X->Z\.pipeline\.0\.store\.tensor: float16 \[72, 4\] sum=72$/)]);
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });
});
