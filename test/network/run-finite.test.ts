import { describe, expect, it } from "vitest";
import { Input, LIFNodes, Network, Connection, ValueError, full, zeros } from "../../src/index.js";

function net(): Network {
  const n = new Network();
  const a = new Input({ n: 3 });
  const b = new LIFNodes({ n: 2 });
  n.addLayer(a, "A").addLayer(b, "B");
  n.addConnection(new Connection({ source: a, target: b, w: full([3, 2], 0.5) }), "A", "B");
  return n;
}

describe("Network.run checks float inputs and injected voltages once at entry", () => {
  it("refuses NaN or Infinity in an input or injectsV, naming it", () => {
    const x = zeros([4, 3]);
    (x.data as Float32Array)[5] = Number.NaN;
    expect(() => net().run({ inputs: { A: x }, time: 4 })).toThrow(new ValueError("Network.run: inputs.A has NaN at flat index 5, expected finite values"));
    const v = zeros([2]);
    (v.data as Float32Array)[1] = Number.POSITIVE_INFINITY;
    expect(() => net().run({ inputs: { A: zeros([4, 3]) }, injectsV: { B: v }, time: 4 })).toThrow(/Network\.run: injectsV\.B has Infinity at flat index 1, expected finite values/);
  });
  it("runs finite float inputs and spike trains as before", () => {
    const n = net();
    n.run({ inputs: { A: full([4, 3], 1.0) }, injectsV: { B: full([2], 0.5) }, time: 4 });
    n.run({ inputs: { A: full([4, 3], 1).to("bool") }, time: 4 });
    expect(n.layers.B!.s.shape).toEqual([1, 2]);
  });
});

describe("Network.load with classes", () => {
  it("loads a network with a learning rule when given the class table", async () => {
    const { PostPre, defaultClassTable } = await import("../../src/index.js");
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const n = new Network();
    const a = new Input({ n: 4, traces: true });
    const b = new LIFNodes({ n: 3, traces: true });
    n.addLayer(a, "A").addLayer(b, "B");
    n.addConnection(new Connection({ source: a, target: b, updateRule: PostPre, nu: [1e-4, 1e-2] }), "A", "B");
    const path = join(mkdtempSync(join(tmpdir(), "bindsnet-load-")), "net.safetensors");
    n.save(path);
    const back = Network.load(path, { classes: defaultClassTable() });
    expect(back.connections.get("A", "B")!.updateRule).toBeInstanceOf(PostPre);
  });
});
