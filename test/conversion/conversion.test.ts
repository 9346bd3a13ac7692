import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import { Generator, rand } from "../../src/tensor/random.js";
import type { NestedArray, Tensor } from "../../src/tensor/tensor.js";
import { Monitor } from "../../src/network/monitors.js";
import { Network } from "../../src/network/network.js";
import { loadNetwork } from "../../src/class-table.js";
import { IFNodes } from "../../src/network/nodes/if.js";
import { Input } from "../../src/network/nodes/input.js";
import { Connection } from "../../src/network/topology/connection.js";
import { Conv2dConnection } from "../../src/network/topology/conv-connection.js";
import { MaxPool2dConnection } from "../../src/network/topology/maxpool-connection.js";
import {
  ConstantPad2dConnection,
  Conv2d,
  Flatten,
  Linear,
  PassThroughNodes,
  Permute,
  PermuteConnection,
  ReLU,
  Sequential,
  SubtractiveResetIFNodes,
  annFromJson,
  annToSnn,
  dataBasedNormalization,
  normalizationFactors,
} from "../../src/conversion/index.js";
import { expectError } from "../helpers/expect-error.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/conversion/ann.json", import.meta.url), "utf8")) as { model: unknown; input: NestedArray };
const dir = mkdtempSync(join(tmpdir(), "bindsnet-conversion-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Linear(4→8), ReLU, Linear(8→3) with seeded U(−0.5, 0.5) weights, biases ≥ 0 on the hidden layer. */
function mlp(): Sequential {
  const g = new Generator().manualSeed(3);
  const u = (shape: number[], lo: number): Tensor => {
    const t = rand(shape, { generator: g });
    const d = t.data as Float32Array;
    for (let i = 0; i < d.length; i++) d[i] = d[i]! + lo;
    return t;
  };
  return new Sequential([new Linear({ weight: u([8, 4], -0.3), bias: u([8], -0.2) }), new ReLU(), new Linear({ weight: u([3, 8], -0.5), bias: u([3], -0.5) })]);
}

const quiet = { onWarning: () => {} };

/** Runs `net` for T steps with the constant current `x` [B, ...shape] into "Input". */
function runConstant(net: Network, x: Tensor, T: number): void {
  const B = x.shape[0]!;
  const rows = tensor(Array.from({ length: T }, () => x.tolist() as NestedArray)).reshape([T, B, ...x.shape.slice(1)]);
  net.run({ inputs: { Input: rows }, time: T });
}

describe("annToSnn", () => {
  it("names layers Input and then by 1-based leaf index, and keys connections by the layer actually before (the reference's stale names fixed)", () => {
    const warnings: string[] = [];
    const net = annToSnn(mlp(), { inputShape: [4], onWarning: (m) => warnings.push(m) });
    // (a Record lists integer-like keys first, so the order is checked through the connections)
    expect(Object.keys(net.layers).sort()).toEqual(["1", "3", "Input"]);
    expect(net.connections.keyStrings()).toEqual(["Input->1", "1->3"]);
    expect(warnings).toEqual(["annToSnn: data is missing; the weights are used as given (no normalisation)"]);
    const [h, o] = [net.layers["1"] as SubtractiveResetIFNodes, net.layers["3"] as SubtractiveResetIFNodes];
    expect([h.thresh, h.reset, h.refrac, h.sumInput, o.sumInput]).toEqual([1, 0, 0, false, true]);
    expect(net.layers.Input).toBeInstanceOf(Input);
    const c = net.connections.get("Input", "1") as Connection;
    expect(c).toBeInstanceOf(Connection);
    expect(c.w.tolist()).toEqual((mlp().layers[0] as Linear).weight.t().tolist());
    expect(c.b!.tolist()).toEqual((mlp().layers[0] as Linear).bias!.tolist());
  });

  it("converts a CNN with padding, pooling, a nested Sequential and a permutation", () => {
    const net = annToSnn(annFromJson(fx.model) as Sequential, { inputShape: [2, 6, 5], ...quiet });
    const order = ["Input", ...net.connections.keys().map(([, t]) => t)];
    expect(order.slice().sort()).toEqual(Object.keys(net.layers).sort());
    const layers = order.map((k) => `${k}:${net.layers[k]!.constructor.name}[${net.layers[k]!.shape.join(",")}]`);
    expect(layers).toEqual([
      "Input:Input[2,6,5]",
      "1:PassThroughNodes[2,9,6]",
      "2:SubtractiveResetIFNodes[3,9,6]",
      "4:PassThroughNodes[3,5,4]",
      "5:SubtractiveResetIFNodes[4,5,1]",
      "7:PassThroughNodes[5,1,4]",
      "9:SubtractiveResetIFNodes[6]",
      "12:SubtractiveResetIFNodes[3]",
    ]);
    expect(net.connections.keyStrings()).toEqual(["Input->1", "1->2", "2->4", "4->5", "5->7", "7->9", "9->12"]);
    const kinds = [...net.connections.values()].map((c) => c.constructor);
    expect(kinds).toEqual([ConstantPad2dConnection, Conv2dConnection, MaxPool2dConnection, Conv2dConnection, PermuteConnection, Connection, Connection]);
    const pool = net.connections.get("2", "4") as MaxPool2dConnection;
    expect([pool.kernelSize, pool.stride, pool.padding, pool.decay]).toEqual([[2, 2], [2, 2], [1, 1], 0]);
  });

  it("normalises a copy with data (the given ANN is unchanged) and passes node options and nodeType through", () => {
    const ann = mlp();
    const before = (ann.layers[0] as Linear).weight.tolist();
    const data = rand([20, 4], { generator: new Generator().manualSeed(9) });
    const net = annToSnn(ann, { inputShape: [4], data, percentile: 99, nodeType: IFNodes, lbound: -3, onWarning: () => expect.unreachable() });
    expect((ann.layers[0] as Linear).weight.tolist()).toEqual(before);
    const l = net.layers["1"] as IFNodes;
    expect(l).toBeInstanceOf(IFNodes);
    expect([l.thresh, l.reset, l.refrac, l.lbound]).toEqual([1, 0, 0, -3]);
    const want = (dataBasedNormalization(ann, data, { percentile: 99 }).layers[0] as Linear).weight.t().tolist();
    expect((net.connections.get("Input", "1") as Connection).w.tolist()).toEqual(want);
  });

  it("the converted SNN's rates approximate the normalised ANN's activations (200 steps) and the argmax is kept", () => {
    const ann = mlp();
    const data = rand([64, 4], { generator: new Generator().manualSeed(11) });
    const f = normalizationFactors(ann, data, { percentile: 100 });
    const net = annToSnn(ann, { inputShape: [4], data, percentile: 100 });
    net.learning = false;
    const x = rand([6, 4], { generator: new Generator().manualSeed(12) });
    const T = 200;
    const hidden = net.layers["1"] as SubtractiveResetIFNodes;
    // spike counts of the hidden layer, accumulated per step with a monitor-free loop
    const counts = new Float64Array(6 * 8);
    const rows = x.tolist() as NestedArray;
    for (let t = 0; t < T; t++) {
      net.run({ inputs: { Input: tensor([rows]) }, time: 1 });
      const s = hidden.s.contiguousData();
      for (let i = 0; i < counts.length; i++) counts[i]! += s[i]!;
    }
    const h = new ReLU().forward(ann.layers[0]!.forward(x)).contiguousData();
    let worstHidden = 0;
    for (let i = 0; i < counts.length; i++) worstHidden = Math.max(worstHidden, Math.abs(counts[i]! / T - Math.min(1, h[i]! / f[0]!.lambda)));
    // one step of delay and the integer count: at most ~1.5/T per neuron
    expect(worstHidden).toBeLessThan(0.015);
    const y = ann.forward(x).contiguousData();
    const out = (net.layers["3"] as SubtractiveResetIFNodes).summed.contiguousData();
    let worstOut = 0;
    for (let b = 0; b < 6; b++) {
      const row = [0, 1, 2].map((j) => out[b * 3 + j]! / T);
      const ref = [0, 1, 2].map((j) => y[b * 3 + j]! / f[1]!.lambda);
      for (let j = 0; j < 3; j++) worstOut = Math.max(worstOut, Math.abs(row[j]! - ref[j]!));
      expect(row.indexOf(Math.max(...row))).toBe(ref.indexOf(Math.max(...ref)));
    }
    expect(worstOut).toBeLessThan(0.03);
  });

  it("the converted CNN (padding, conv, max pooling, nested conv, permutation, Linears) tracks the normalised ANN's output", () => {
    const ann = annFromJson(fx.model) as Sequential;
    const data = rand([64, 2, 6, 5], { generator: new Generator().manualSeed(1) });
    const net = annToSnn(ann, { inputShape: [2, 6, 5], data, percentile: 99.9 });
    net.learning = false;
    const x = tensor(fx.input);
    const T = 300;
    const hidden = ["2", "5", "9"];
    for (const name of hidden) net.addMonitor(new Monitor({ obj: net.layers[name]!, stateVars: ["s"], time: T }), name);
    runConstant(net, x, T);
    // every hidden layer spikes (the output is not just the bias)
    for (const name of hidden) expect(Array.from((net.monitors[name] as Monitor).get("s").to("float32").contiguousData()).reduce((a, b) => a + b, 0)).toBeGreaterThan(T);
    const out = net.layers["12"]!.summed.contiguousData();
    const y = dataBasedNormalization(ann, data, { percentile: 99.9 }).forward(x).contiguousData();
    let worst = 0;
    for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(out[i]! / T - y[i]!));
    expect(worst).toBeLessThan(0.01);
  });

  it("a converted network saves and loads (its own node and connection classes included) and continues bit for bit", () => {
    const ann = annFromJson(fx.model) as Sequential;
    const data = tensor(fx.input);
    const net = annToSnn(ann, { inputShape: [2, 6, 5], data });
    const x = data.narrow(0, 0, 2);
    runConstant(net, x, 15);
    const path = join(dir, "converted.safetensors");
    net.save(path);
    const back = loadNetwork<Network>(path, { Network });
    expect(Object.keys(back.layers)).toEqual(Object.keys(net.layers));
    expect(back.layers["1"]).toBeInstanceOf(PassThroughNodes);
    expect(back.connections.get("5", "7")).toBeInstanceOf(PermuteConnection);
    expect((back.connections.get("Input", "1") as ConstantPad2dConnection).value).toBe(0.25);
    runConstant(net, x, 10);
    runConstant(back, x, 10);
    for (const name of Object.keys(net.layers)) {
      const a = net.layers[name]!;
      const b = back.layers[name]!;
      expect(b.s.tolist()).toEqual(a.s.tolist());
      if (a instanceof SubtractiveResetIFNodes) expect((b as SubtractiveResetIFNodes).v.tolist()).toEqual(a.v.tolist());
    }
    expect(back.layers["12"]!.summed.tolist()).toEqual(net.layers["12"]!.summed.tolist());
    // something happened in those 25 steps
    expect(Math.max(...(net.layers["12"]!.summed.contiguousData() as Float32Array))).toBeGreaterThan(0);
  });

  it("bad specs are ValueErrors naming the layer, the argument, the expected and the given", () => {
    const lin = new Sequential([new Linear({ weight: [[1, 2, 3]] })]);
    expectError(() => annToSnn(lin, { inputShape: [4], ...quiet }), ValueError, "annToSnn", 'layer "0" (Linear)', "[1, 3]", "in features = 4");
    const conv = new Sequential([new Flatten(), new Conv2d({ weight: [[[[1]]]] })]);
    expectError(() => annToSnn(conv, { inputShape: [4], ...quiet }), ValueError, 'layer "1" (Conv2d)', "[4]", "expected [C, H, W]");
    const ch = new Sequential([new Conv2d({ weight: [[[[1]]]] })]);
    expectError(() => annToSnn(ch, { inputShape: [2, 3, 3], ...quiet }), ValueError, 'layer "0" (Conv2d)', "[1, 1, 1, 1]", "in_channels = 2");
    const big = new Sequential([new Conv2d({ weight: [[[[1, 1, 1, 1]]]] })]);
    expectError(() => annToSnn(big, { inputShape: [1, 2, 2], ...quiet }), ValueError, 'layer "0" (Conv2d)', "output size is [2, -1]", "expected positive");
    const perm = new Sequential([new Permute({ dims: [1, 0, 2] })]);
    expectError(() => annToSnn(perm, { inputShape: [2, 3], ...quiet }), ValueError, 'layer "0" (Permute)', "[1, 0, 2]", "keeps the batch dim 0 first");
    expectError(() => annToSnn(lin, { inputShape: [0], ...quiet }), ValueError, "annToSnn", "inputShape", "[0]", "positive integers");
    expectError(() => annToSnn(lin, { inputShape: [3], nodeType: Linear as never, ...quiet }), ValueError, "annToSnn", "nodeType", "expected a Nodes subclass");
    expectError(() => annToSnn(new ReLU() as never, { inputShape: [3] }), ValueError, "annToSnn", "ann", "ReLU", "expected a Sequential");
  });
});
