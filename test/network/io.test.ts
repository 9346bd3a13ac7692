import { describe, it, expect, afterAll } from "vitest";
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Network } from "../../src/network/network.js";
import { Monitor, NetworkMonitor } from "../../src/network/monitors.js";
import { Connection } from "../../src/network/topology/connection.js";
import {
  Input, LIFNodes, AdaptiveLIFNodes, IzhikevichNodes, CurrentLIFNodes, SRM0Nodes, DiehlAndCookNodes, Nodes,
} from "../../src/network/nodes/index.js";
import {
  encodeSafetensors, decodeSafetensors, saveNetwork, loadNetwork, cloneNetwork, serializeNetwork, registerClass, getRegisteredClass,
} from "../../src/network/io/index.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { Generator, manualSeed, defaultGenerator } from "../../src/tensor/random.js";
import { ValueError } from "../../src/errors.js";
import { PostPre, MSTDP } from "../../src/learning/index.js";
import { loadNetwork as loadWithTable } from "../../src/class-table.js";

const dir = mkdtempSync(join(tmpdir(), "bindsnet-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bernoulli(p) spikes [T, n] from a seeded generator (the same for every call with the seed). */
function spikes(T: number, n: number, p: number, seed: number): Tensor {
  const g = new Generator(seed);
  const d = new Uint8Array(T * n);
  for (let i = 0; i < d.length; i++) d[i] = g.nextFloat32() < p ? 1 : 0;
  return tensor(d, { dtype: "bool", shape: [T, n] });
}

/** Every node family with state: traces, theta, refractoriness, Izhikevich u, current i, SRM0 sProb, D&C oneSpike. */
function build(): Network {
  manualSeed(7);
  const net = new Network({ dt: 1, batchSize: 1 });
  net.addLayer(new Input({ n: 30, traces: true, tcTrace: 15 }), "X");
  net.addLayer(new AdaptiveLIFNodes({ n: 12, traces: true, thetaPlus: 0.5, tcThetaDecay: 200, refrac: 3 }), "A");
  net.addLayer(new IzhikevichNodes({ n: 10, excitatory: 0.8 }), "Z");
  net.addLayer(new CurrentLIFNodes({ n: 8, sumInput: true }), "C");
  net.addLayer(new SRM0Nodes({ n: 9, rng: new Generator(11) }), "S");
  net.addLayer(new DiehlAndCookNodes({ n: 6, oneSpike: true, rng: new Generator(12), thetaPlus: 0.2 }), "D");
  net.addConnection(new Connection({ source: net.layers.X, target: net.layers.A, wmin: 0, wmax: 4, norm: 20 }), "X", "A");
  net.addConnection(new Connection({ source: net.layers.A, target: net.layers.A, w: tensor(Array.from({ length: 144 }, (_, i) => (i % 13 === 0 ? 0 : -2))).reshape([12, 12]) }), "A", "A");
  net.addConnection(new Connection({ source: net.layers.X, target: net.layers.Z, wmin: 0, wmax: 12 }), "X", "Z");
  net.addConnection(new Connection({ source: net.layers.X, target: net.layers.C, wmin: 0, wmax: 6, weightDecay: 0.01 }), "X", "C");
  net.addConnection(new Connection({ source: net.layers.X, target: net.layers.S, wmin: 0, wmax: 5 }), "X", "S");
  net.addConnection(new Connection({ source: net.layers.X, target: net.layers.D, wmin: 0, wmax: 9 }), "X", "D");
  net.addMonitor(new Monitor({ obj: net.layers.A, stateVars: ["s", "v"] }), "mA");
  net.addMonitor(new NetworkMonitor({ network: net, layers: ["Z"], connections: [["X", "C"]], stateVars: ["v", "w"] }), "all");
  return net;
}

const STATE = ["s", "v", "x", "theta", "refracCount", "u", "i", "summed", "sProb"];

/** Every state tensor and weight, flattened, for exact comparison. */
function snapshot(net: Network): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, l] of Object.entries(net.layers)) {
    for (const v of STATE) {
      const t = (l as unknown as Record<string, unknown>)[v];
      if (t instanceof Tensor && t.numel() > 0) out[`${name}.${v}`] = Array.from(t.contiguousData(), Number);
    }
  }
  for (const [[s, t], c] of net.connections.entries()) out[`${s}->${t}.w`] = Array.from(c.w.contiguousData(), Number);
  return out;
}

function runSteps(net: Network, x: Tensor, from: number, steps: number): void {
  net.run({ inputs: { X: x.narrow(0, from, steps) }, time: steps });
}

describe("safetensors layout", () => {
  it("writes an 8-byte little-endian header length, a padded JSON header and packed little-endian data", () => {
    const a = tensor([1.5, -2, 3], { dtype: "float32" });
    const b = tensor([[1, 0], [0, 1]], { dtype: "bool" });
    const buf = encodeSafetensors([["a", a], ["b.c", b]], { format: "x" });
    const n = Number(new DataView(buf.buffer, buf.byteOffset).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { format: "x" },
      a: { dtype: "F32", shape: [3], data_offsets: [0, 12] },
      "b.c": { dtype: "BOOL", shape: [2, 2], data_offsets: [12, 16] },
    });
    expect(buf.length).toBe(8 + n + 16);
    const dv = new DataView(buf.buffer, buf.byteOffset + 8 + n);
    expect([dv.getFloat32(0, true), dv.getFloat32(4, true), dv.getFloat32(8, true)]).toEqual([1.5, -2, 3]);
    expect(Array.from(buf.subarray(8 + n + 12))).toEqual([1, 0, 0, 1]);
  });

  it("round-trips every dtype, shapes and empty tensors", () => {
    const ts: [string, Tensor][] = [
      ["f32", tensor([Math.fround(0.1), -0, Infinity], { dtype: "float32" })],
      ["f64", tensor([0.1, 1e300], { dtype: "float64" })],
      ["i32", tensor([[-3, 7]], { dtype: "int32" })],
      ["u8", tensor([255, 0], { dtype: "uint8" })],
      ["f16", tensor([0.5, -2], { dtype: "float16" })],
      ["empty", zeros([0])],
    ];
    const back = decodeSafetensors(encodeSafetensors(ts, { k: "v" }));
    expect(back.metadata).toEqual({ k: "v" });
    for (const [name, t] of ts) {
      const u = back.tensors.get(name)!;
      expect(u.dtype).toBe(t.dtype);
      expect(u.shape).toEqual(t.shape);
      expect(Array.from(u.contiguousData())).toEqual(Array.from(t.contiguousData()));
    }
  });

  it("rejects truncated or malformed buffers and reserved names, naming what was expected", () => {
    expect(() => decodeSafetensors(new Uint8Array(4))).toThrow(/has 4 bytes, expected at least 8/);
    const bad = new Uint8Array(16);
    new DataView(bad.buffer).setBigUint64(0, 100n, true);
    expect(() => decodeSafetensors(bad)).toThrow(/header length is 100, expected at most 8/);
    const notJson = new Uint8Array(16);
    new DataView(notJson.buffer).setBigUint64(0, 8n, true);
    notJson.set(new TextEncoder().encode("{{{{{{{{"), 8);
    expect(() => decodeSafetensors(notJson)).toThrow(ValueError);
    const buf = encodeSafetensors([["a", tensor([1, 2, 3])]]);
    expect(() => decodeSafetensors(buf.subarray(0, buf.length - 4))).toThrow(/data_offsets \[0, 12\], expected 12 bytes within 8/);
    expect(() => encodeSafetensors([["__metadata__", tensor([1])]])).toThrow(/reserved or repeated/);
  });
});

describe("save / load / clone", () => {
  const T = 60;
  const x = spikes(T, 30, 0.3, 99);

  it("save at step 30 then load and run 30 more equals 60 straight steps, bit for bit", () => {
    const straight = build();
    runSteps(straight, x, 0, 30);
    const path = join(dir, "net.safetensors");
    straight.save(path);
    runSteps(straight, x, 30, 30);
    const loaded = Network.load(path);
    runSteps(loaded, x, 30, 30);
    const a = snapshot(straight);
    const b = snapshot(loaded);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expect(b[k], k).toEqual(a[k]);
    // the run produced activity, so the comparison is not between resting states
    expect(a["A.theta"].some((v) => v > 0)).toBe(true);
    expect(a["Z.s"].length).toBe(10);
    expect(a["X->C.w"]).not.toEqual(snapshot(build())["X->C.w"]); // weight decay acted
  });

  it("a one-step run of 100 after load matches too (state continues, not restarts)", () => {
    const a = build();
    runSteps(a, x, 0, 25);
    const b = loadNetworkFromBytes(serializeNetwork(a));
    runSteps(a, x, 25, 35);
    runSteps(b, x, 25, 35);
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  it("a batched network (B = 3, theta summed over the batch) continues identically", () => {
    const mk = (): Network => {
      manualSeed(5);
      const n = new Network({ batchSize: 3 });
      n.addLayer(new Input({ n: 30, traces: true }), "X");
      n.addLayer(new AdaptiveLIFNodes({ n: 7, traces: true, thetaPlus: 0.3 }), "A");
      n.addConnection(new Connection({ source: n.layers.X, target: n.layers.A, wmin: 0, wmax: 3, norm: 15 }), "X", "A");
      return n;
    };
    const xb = tensor(Array.from({ length: 40 * 3 * 30 }, (_, i) => ((i * 7919) % 11 === 0 ? 1 : 0)), { dtype: "bool", shape: [40, 3, 30] });
    const a = mk();
    a.run({ inputs: { X: xb.narrow(0, 0, 20) }, time: 20 });
    const b = loadNetworkFromBytes(serializeNetwork(a));
    expect(b.batchSize).toBe(3);
    expect(b.layers.A.s.shape).toEqual([3, 7]);
    a.run({ inputs: { X: xb.narrow(0, 20, 20) }, time: 20 });
    b.run({ inputs: { X: xb.narrow(0, 20, 20) }, time: 20 });
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(snapshot(a)["A.theta"].some((v) => v > 0)).toBe(true);
  });

  it("learning-rule state (MSTDP traces and eligibility, PostPre with norm) continues identically", () => {
    const mk = (): Network => {
      manualSeed(9);
      const n = new Network();
      n.addLayer(new Input({ n: 30, traces: true }), "X");
      n.addLayer(new LIFNodes({ n: 8, traces: true }), "Y");
      n.addLayer(new LIFNodes({ n: 6 }), "R");
      n.addConnection(new Connection({ source: n.layers.X, target: n.layers.Y, updateRule: PostPre, nu: [0.01, 0.05], wmin: 0, wmax: 3, norm: 12 }), "X", "Y");
      n.addConnection(new Connection({ source: n.layers.X, target: n.layers.R, updateRule: MSTDP, nu: 0.05, wmin: 0, wmax: 4, tcPlus: 15 }), "X", "R");
      return n;
    };
    const step = (n: Network, t: number): void => {
      n.run({ inputs: { X: x.narrow(0, t, 1) }, time: 1, reward: ((t * 37) % 7) / 3 - 1 });
    };
    const a = mk();
    for (let t = 0; t < 30; t++) step(a, t);
    const path = join(dir, "rules.safetensors");
    a.save(path);
    // No module registers classes on import: the root entry's loadNetwork passes the one
    // class table (network, learning and conversion classes).
    const b = loadWithTable<Network>(path, { Network });
    for (let t = 30; t < 60; t++) {
      step(a, t);
      step(b, t);
    }
    expect(snapshot(b)).toEqual(snapshot(a));
    const ra = a.connections.get("X", "R")!.updateRule as MSTDP;
    const rb = b.connections.get("X", "R")!.updateRule as MSTDP;
    expect(rb).toBeInstanceOf(MSTDP);
    expect(rb.tcPlus).toBe(15);
    for (const k of ["pPlus", "pMinus", "eligibility"] as const) {
      expect(Array.from(rb[k]!.contiguousData()), k).toEqual(Array.from(ra[k]!.contiguousData()));
    }
    expect(ra.eligibility!.contiguousData().some((v) => v !== 0)).toBe(true);
  });

  it("restores the global generator when asked (D&C without its own generator picks from it)", () => {
    const mk = (): Network => {
      const n = new Network();
      n.addLayer(new Input({ n: 30 }), "X");
      n.addLayer(new DiehlAndCookNodes({ n: 20, oneSpike: true, thresh: -60 }), "D");
      n.addConnection(new Connection({ source: n.layers.X, target: n.layers.D, w: tensor(Array(600).fill(3)).reshape([30, 20]) }), "X", "D");
      return n;
    };
    manualSeed(3);
    const a = mk();
    runSteps(a, x, 0, 30);
    const path = join(dir, "dc.safetensors");
    a.save(path);
    runSteps(a, x, 30, 30);
    const after = defaultGenerator().getState();
    const b = loadNetwork<Network>(path, { restoreRng: true, Network });
    runSteps(b, x, 30, 30);
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(defaultGenerator().getState()).toEqual(after);
  });

  it("loading does not disturb the global generator", () => {
    const path = join(dir, "g.safetensors");
    build().save(path);
    const before = defaultGenerator().getState();
    Network.load(path);
    expect(defaultGenerator().getState()).toEqual(before);
  });

  it("clone() is a deep, independent copy that continues identically", () => {
    const a = build();
    runSteps(a, x, 0, 20);
    const c = a.clone();
    expect(c).not.toBe(a);
    expect(c.layers.A).not.toBe(a.layers.A);
    expect(c.connections.get("X", "A")!.source).toBe(c.layers.X);
    c.connections.get("X", "A")!.w.data[0] = 123;
    expect(a.connections.get("X", "A")!.w.data[0]).not.toBe(123);
    c.connections.get("X", "A")!.w.data[0] = a.connections.get("X", "A")!.w.data[0];
    runSteps(a, x, 20, 40);
    runSteps(c, x, 20, 40);
    expect(snapshot(c)).toEqual(snapshot(a));
    const clone2 = cloneNetwork(a);
    expect(snapshot(clone2)).toEqual(snapshot(a));
  });

  it("keeps options, bounds, norm, decay, dt, batch size, learning and monitors", () => {
    const a = build();
    const b = loadNetworkFromBytes(serializeNetwork(a));
    expect(b.dt).toBe(1);
    expect(b.batchSize).toBe(1);
    expect(b.learning).toBe(true);
    expect(Object.keys(b.layers)).toEqual(["X", "A", "Z", "C", "S", "D"]);
    expect(b.connections.keys()).toEqual(a.connections.keys());
    const c = b.connections.get("X", "A")!;
    expect([c.wmin, c.wmax, c.norm]).toEqual([0, 4, 20]);
    expect(b.connections.get("X", "C")!.weightDecay).toBe(0.01);
    expect((b.layers.A as AdaptiveLIFNodes).thetaPlus).toBe(0.5);
    expect(b.layers.X.traces).toBe(true);
    expect(Object.keys(b.monitors)).toEqual(["mA", "all"]);
    const m = b.monitors.mA as Monitor;
    expect(m.obj).toBe(b.layers.A);
    expect(m.stateVars).toEqual(["s", "v"]);
    runSteps(b, x, 0, 5);
    expect(m.get("v").shape).toEqual([5, 1, 12]);
  });

  it("load({ learning }) overrides the saved flag on the network and every layer", () => {
    const path = join(dir, "l.safetensors");
    build().save(path);
    const off = Network.load(path, { learning: false });
    expect(off.learning).toBe(false);
    expect(Object.values(off.layers).every((l) => l.learning === false)).toBe(true);
    expect(Network.load(path).learning).toBe(true);
  });

  it("stores weights and state under readable names, readable without this library", () => {
    const a = build();
    runSteps(a, x, 0, 10);
    const path = join(dir, "py.safetensors");
    a.save(path);
    const buf = readFileSync(path);
    const n = Number(buf.readBigUInt64LE(0));
    const header = JSON.parse(buf.subarray(8, 8 + n).toString("utf8"));
    expect(header.__metadata__.format).toBe("bindsnet-network");
    const manifest = JSON.parse(header.__metadata__.manifest);
    expect(manifest.layers.map((l: { class: string }) => l.class)).toEqual(["Input", "AdaptiveLIFNodes", "IzhikevichNodes", "CurrentLIFNodes", "SRM0Nodes", "DiehlAndCookNodes"]);
    expect(manifest.connections[0]).toMatchObject({ class: "Connection", source: "X", target: "A" });
    const spec = header["connections.X->A.w"];
    expect(spec).toMatchObject({ dtype: "F32", shape: [30, 12] });
    const [b0, b1] = spec.data_offsets;
    const raw = buf.subarray(8 + n + b0, 8 + n + b1);
    const w = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
    expect(Array.from(w)).toEqual(Array.from(a.connections.get("X", "A")!.w.contiguousData()));
    expect(header["layers.A.theta"]).toMatchObject({ dtype: "F32", shape: [12] });
    expect(header["layers.A.s"]).toMatchObject({ dtype: "BOOL", shape: [1, 12] });
  });

  it("custom node classes load once registered, and an unregistered class is a clear error", () => {
    class Doubler extends Nodes {
      gain = 2;
    }
    const net = new Network();
    net.addLayer(new Doubler({ n: 3 }), "Q");
    (net.layers.Q as Doubler).gain = 5;
    const bytes = serializeNetwork(net);
    expect(() => loadNetworkFromBytes(bytes)).toThrow(/layer "Q" has class "Doubler", which is not registered; .*custom classes: registerClass\(Doubler\)/);
    registerClass(Doubler);
    expect(getRegisteredClass("Doubler")).toBe(Doubler);
    const back = loadNetworkFromBytes(bytes);
    expect(back.layers.Q).toBeInstanceOf(Doubler);
    expect((back.layers.Q as Doubler).gain).toBe(5);
    class Other extends Nodes {}
    Object.defineProperty(Other, "name", { value: "Doubler" });
    expect(() => registerClass(Other)).toThrow(/name "Doubler" is taken by another class/);
  });

  it("rebuilds the reward function from its registered class, with its state", () => {
    class RunningReward {
      total = 0;
      compute(): number {
        return 1;
      }
      update(): void {
        this.total += 1;
      }
    }
    registerClass(RunningReward);
    const net = new Network({ rewardFn: RunningReward });
    (net.rewardFn as RunningReward).total = 42;
    const back = loadNetworkFromBytes(serializeNetwork(net));
    expect(back.rewardFn).toBeInstanceOf(RunningReward);
    expect((back.rewardFn as RunningReward).total).toBe(42);
  });

  it("rejects bad paths and files that are not saved networks", () => {
    expect(() => Network.load(join(dir, "missing.safetensors"))).toThrow(/could not be read, expected a file written by save/);
    const other = join(dir, "other.safetensors");
    writeFileSync(other, encodeSafetensors([["a", tensor([1])]], { format: "something" }));
    expect(() => Network.load(other)).toThrow(/has format "something", expected "bindsnet-network"/);
    expect(() => saveNetwork(build(), "")).toThrow(/path is "", expected a file path/);
    expect(() => saveNetwork({} as never, join(dir, "x"))).toThrow(/expected a Network/);
  });
});

function loadNetworkFromBytes(bytes: Uint8Array): Network {
  const path = join(dir, `tmp-${Math.random().toString(36).slice(2)}.safetensors`);
  writeFileSync(path, bytes);
  return Network.load(path);
}
