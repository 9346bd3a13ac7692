import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { Generator, rand } from "../../src/tensor/random.js";
import { zeros } from "../../src/tensor/creation.js";
import { Connection, IFNodes, Input, Monitor, Network, NetworkMonitor } from "../../src/network/index.js";

function net(): Network {
  const n = new Network();
  const X = new Input({ n: 75 });
  const Y = new IFNodes({ n: 25 });
  n.addLayer(X, "X").addLayer(Y, "Y");
  n.addConnection(new Connection({ source: X, target: Y, rng: new Generator(1) }), "X", "Y");
  return n;
}

function spikes(T: number, n: number, p: number, seed = 0) {
  const r = rand([T, n], { generator: new Generator(seed) });
  const out = zeros([T, n], { dtype: "bool" });
  const d = r.data;
  for (let i = 0; i < d.length; i++) out.data[i] = d[i]! < p ? 1 : 0;
  return out;
}

describe("Monitor", () => {
  it("keeps the last `time` records across runs, resets and a batch change (dense and sparse agree with a plain list)", () => {
    for (const time of [null, 1, 7, 40]) {
      const network = net();
      const dense = new Monitor({ obj: network.layers.X!, stateVars: ["s"], time });
      const sparse = new Monitor({ obj: network.layers.X!, stateVars: ["s"], time, sparse: true });
      const volts = new Monitor({ obj: network.layers.Y!, stateVars: ["v"], time });
      network.addMonitor(dense, "d").addMonitor(sparse, "s").addMonitor(volts, "v");
      const rows: number[][] = [];
      let seed = 3;
      for (const [T, B, reset] of [[5, 1, false], [12, 1, false], [30, 1, true], [9, 2, false], [3, 2, false]] as const) {
        if (reset) {
          network.resetStateVariables();
          dense.resetStateVariables();
          sparse.resetStateVariables();
          volts.resetStateVariables();
          rows.length = 0;
        }
        if (B !== network.batchSize) rows.length = 0;
        const x = spikes(T * B, 75, 0.3, seed++).reshape([T, B, 75]);
        network.run({ inputs: { X: x }, time: T });
        for (let t = 0; t < T; t++) rows.push(Array.from(x.select(0, t).toFlatArray()));
        const keep = time === null ? rows : rows.slice(-time);
        for (const m of [dense, sparse]) {
          const g = m.get("s");
          expect(g.shape).toEqual([keep.length, B, 75]);
          expect(Array.from(g.toFlatArray())).toEqual(keep.flat());
        }
        expect(volts.get("v").shape).toEqual([keep.length, B, 25]);
        expect(dense.memoryBytes()).toBe(keep.length * B * 75);
        expect(volts.memoryBytes()).toBe(keep.length * B * 25 * 4);
      }
    }
  });

  it("get gives [time, 1, n] in the variable's dtype (test_monitors)", () => {
    const network = net();
    const mX = new Monitor({ obj: network.layers.X!, stateVars: ["s"] });
    const mY = new Monitor({ obj: network.layers.Y!, stateVars: ["s", "v"] });
    network.addMonitor(mX, "X").addMonitor(mY, "Y");
    network.run({ inputs: { X: spikes(100, 75, 0.3) }, time: 100 });
    expect(mX.get("s").shape).toEqual([100, 1, 75]);
    expect(mY.get("s").shape).toEqual([100, 1, 25]);
    expect(mY.get("s").dtype).toBe("bool");
    expect(mY.get("v").shape).toEqual([100, 1, 25]);
    expect(mY.get("v").dtype).toBe("float32");
    // get does not drain (a reference crash, fixed)
    expect(mY.get("v").shape).toEqual([100, 1, 25]);
  });

  it("records copies, after the weight updates", () => {
    const network = net();
    const mw = new Monitor({ obj: network.connections.get("X", "Y")!, stateVars: ["w"] });
    network.addMonitor(mw, "w");
    network.run({ inputs: {}, time: 2 });
    const w = mw.get("w");
    expect(w.shape).toEqual([2, 75, 25]);
    network.connections.get("X", "Y")!.w.fill_(7);
    expect(mw.get("w").get(1, 0, 0)).not.toBe(7);
  });

  it("time = T keeps a sliding window of the last T records and works before T records", () => {
    const network = net();
    const m = new Monitor({ obj: network.layers.Y!, stateVars: ["v"], time: 500 });
    network.addMonitor(m, "m");
    network.run({ inputs: {}, time: 10 });
    expect(m.get("v").shape).toEqual([10, 1, 25]);
    network.run({ inputs: {}, time: 500 });
    expect(m.get("v").shape).toEqual([500, 1, 25]);
    const small = new Monitor({ obj: network.layers.Y!, stateVars: ["v"], time: 3 });
    network.addMonitor(small, "small");
    network.run({ inputs: { Y: zeros([5, 25]).fill_(0.5) }, time: 5 });
    // IF integrates 0.5 per step: the window holds the last three voltages
    expect(small.get("v").toFlatArray().filter((_, i) => i % 25 === 0)).toEqual([-63.5, -63, -62.5]);
  });

  it("before any record, get returns [0, ...shape]; reset clears", () => {
    const network = net();
    const m = new Monitor({ obj: network.layers.Y!, stateVars: ["s"] });
    expect(m.get("s").shape).toEqual([0, 1, 25]);
    network.addMonitor(m, "m");
    network.run({ inputs: {}, time: 3 });
    m.resetStateVariables();
    expect(m.get("s").shape).toEqual([0, 1, 25]);
  });

  it("bad input: unknown variable, missing attribute, bad time", () => {
    const network = net();
    expect(() => new Monitor({ obj: network.layers.Y!, stateVars: ["q"] })).toThrow(/Monitor: IFNodes.q is undefined, expected a Tensor attribute/);
    expect(() => new Monitor({ obj: network.layers.Y!, stateVars: ["s"], time: 0 })).toThrow(ValueError);
    const m = new Monitor({ obj: network.layers.Y!, stateVars: ["s"] });
    expect(() => m.get("v")).toThrow(/Monitor.get: variable "v" is not monitored/);
  });

  it("sparse recording gives the same tensor and uses less memory than dense below 4% density", () => {
    const n = 2000;
    const T = 200;
    const run = (sparse: boolean): Monitor => {
      const network = new Network();
      const X = new Input({ n });
      network.addLayer(X, "X");
      const m = new Monitor({ obj: X, stateVars: ["s"], sparse });
      network.addMonitor(m, "m");
      network.run({ inputs: { X: spikes(T, n, 0.04, 5) }, time: T });
      return m;
    };
    const dense = run(false);
    const sparse = run(true);
    const [a, b] = [sparse.get("s"), dense.get("s")];
    expect(a.shape).toEqual(b.shape);
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    let count = 0;
    for (let i = 0; i < a.data.length; i++) count += a.data[i]!;
    expect(count).toBeGreaterThan(0.03 * T * n);
    expect(sparse.get("s").dtype).toBe("bool");
    expect(dense.memoryBytes()).toBe(T * n);
    expect(sparse.memoryBytes()).toBeLessThan(dense.memoryBytes() / 5);
  });

  it("sparse recording of real values keeps the values", () => {
    const network = net();
    const m = new Monitor({ obj: network.layers.Y!, stateVars: ["v"], sparse: true });
    network.addMonitor(m, "m");
    network.run({ inputs: {}, time: 2 });
    expect(m.get("v").toFlatArray().every((v) => v === -65)).toBe(true);
  });
});

describe("NetworkMonitor", () => {
  it("records [time, 1, n] per layer (as float) and w per connection", () => {
    const network = net();
    const nm = new NetworkMonitor({ network, stateVars: ["s", "v", "w"] });
    network.addMonitor(nm, "all");
    network.run({ inputs: { X: spikes(50, 75, 0.3) }, time: 50 });
    const r = nm.get();
    expect(r.X!.s!.shape).toEqual([50, 1, 75]);
    expect(r.X!.s!.dtype).toBe("float32");
    expect(r.Y!.s!.shape).toEqual([50, 1, 25]);
    expect(r.Y!.v!.shape).toEqual([50, 1, 25]);
    expect(r.X!.v).toBeUndefined();
    expect(r["X->Y"]!.w!.shape).toEqual([50, 75, 25]);
  });

  it("time = T preallocates zeros and slides; reset works with connections", () => {
    const network = net();
    const nm = new NetworkMonitor({ network, time: 50 });
    network.addMonitor(nm, "all");
    network.run({ inputs: {}, time: 10 });
    const v = nm.get().Y!.v!;
    expect(v.shape).toEqual([50, 1, 25]);
    expect(v.get(0, 0, 0)).toBe(0);
    expect(v.get(49, 0, 0)).toBe(-65);
    nm.resetStateVariables();
    expect(nm.get().Y!.v!.get(49, 0, 0)).toBe(0);
    // a batch-size change resets it through the network without error
    network.run({ inputs: { X: zeros([2, 3, 75]) }, time: 2 });
    expect(nm.get().Y!.v!.shape).toEqual([50, 3, 25]);
  });

  it("bad layer and connection names", () => {
    const network = net();
    expect(() => new NetworkMonitor({ network, layers: ["Q"] })).toThrow(/layers has "Q"/);
    expect(() => new NetworkMonitor({ network, connections: [["Y", "X"]] })).toThrow(/connections has "Y->X"/);
  });
});

describe("NetworkMonitor.save", () => {
  it("writes safetensors and JSON with layer_var / src-tgt_var names", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { decodeSafetensors } = await import("../../src/network/io/safetensors.js");
    const dir = mkdtempSync(join(tmpdir(), "nm-"));
    try {
      const network = net();
      const nm = new NetworkMonitor({ network, stateVars: ["s", "w"] });
      network.addMonitor(nm, "all");
      network.run({ inputs: {}, time: 3 });
      nm.save(join(dir, "sub", "rec.safetensors"));
      const f = decodeSafetensors(readFileSync(join(dir, "sub", "rec.safetensors")));
      expect([...f.tensors.keys()].sort()).toEqual(["X-Y_w", "X_s", "Y_s"]);
      expect(f.tensors.get("X-Y_w")!.shape).toEqual([3, 75, 25]);
      nm.save(join(dir, "rec.json"), "json");
      const j = JSON.parse(readFileSync(join(dir, "rec.json"), "utf8")) as Record<string, { shape: number[] }>;
      expect(j.Y_s!.shape).toEqual([3, 1, 25]);
      expect(() => nm.save(join(dir, "x"), "npz" as never)).toThrow(/fmt is "npz"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
