import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultClassTable, loadNetwork } from "../src/class-table.js";
import { learningClasses } from "../src/learning/index.js";
import { conversionClasses } from "../src/conversion/index.js";
import { networkClasses, classNameOf } from "../src/network/io/registry.js";
import { Network } from "../src/network/network.js";
import { Input } from "../src/network/nodes/input.js";
import { LIFNodes } from "../src/network/nodes/lif.js";
import { Connection } from "../src/network/topology/connection.js";
import { MaxPool2dConnection } from "../src/network/topology/maxpool-connection.js";
import { SparseCSRTensor } from "../src/tensor/sparse.js";
import { MCCPostPre, MCCNoOp, MCCMSTDP, MCCMSTDPET, PostPre, MSTDP } from "../src/learning/index.js";
import { tensor } from "../src/tensor/creation.js";

const dir = mkdtempSync(join(tmpdir(), "bindsnet-class-table-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("defaultClassTable", () => {
  it("joins the network, learning and conversion tables, each class under the name files use", () => {
    const t = defaultClassTable();
    expect(t.LIFNodes).toBe(LIFNodes);
    expect(t.MaxPool2dConnection).toBe(MaxPool2dConnection);
    expect(t.SparseCSRTensor).toBe(SparseCSRTensor);
    expect(t.PostPre).toBe(PostPre);
    expect(t.MCCPostPre).toBe(MCCPostPre);
    expect(t.MCCPostPre).toBe(t.PostPre); // an alias: files naming "MCCPostPre" load as PostPre
    const keys = Object.keys(t).sort();
    expect(t.Network).toBe(Network);
    expect(keys).toEqual([...new Set(["Network", ...Object.keys(networkClasses()), ...Object.keys(learningClasses), ...Object.keys(conversionClasses)])].sort());
    // a fresh object each call: a caller that adds to it changes nothing for the next
    t.Extra = Network;
    expect(defaultClassTable().Extra).toBeUndefined();
  });

  it("networkClasses lists each class once under its own name (an alias such as MaxPoo3dConnection is not a key)", () => {
    const t = networkClasses();
    for (const [k, v] of Object.entries(t)) expect(v.name).toBe(k);
    expect(t.Input).toBe(Input);
    expect(t.Connection).toBe(Connection);
  });

  it("the MCC rule names are the ordinary classes, saved under the ordinary names", () => {
    expect(classNameOf(MCCPostPre)).toBe("PostPre");
    expect(classNameOf(MCCNoOp)).toBe("NoOp");
    expect(classNameOf(MCCMSTDP)).toBe("MSTDP");
    expect(classNameOf(MCCMSTDPET)).toBe("MSTDPET");
    expect(classNameOf(MSTDP)).toBe("MSTDP");
  });

  it("loadNetwork rebuilds a network with a learning rule from the table, and continues identically", () => {
    const mk = (): Network => {
      const n = new Network({ dt: 1 });
      n.addLayer(new Input({ n: 3, traces: true }), "X");
      n.addLayer(new LIFNodes({ n: 2, traces: true }), "Y");
      n.addConnection(new Connection({ source: n.layers.X!, target: n.layers.Y!, w: tensor([[20, 5], [5, 20], [10, 10]]), updateRule: PostPre, nu: [0.01, 0.02] }), "X", "Y");
      return n;
    };
    const x = tensor([[[1, 0, 1]], [[0, 1, 1]], [[1, 1, 0]], [[1, 0, 0]]], { dtype: "bool" });
    const a = mk();
    a.run({ inputs: { X: x.narrow(0, 0, 2) }, time: 2 });
    const path = join(dir, "net.safetensors");
    a.save(path);
    const b = loadNetwork(path);
    expect(b).toBeInstanceOf(Network);
    expect(b.connections.get("X", "Y")!.updateRule).toBeInstanceOf(PostPre);
    a.run({ inputs: { X: x.narrow(0, 2, 2) }, time: 2 });
    b.run({ inputs: { X: x.narrow(0, 2, 2) }, time: 2 });
    expect(Array.from(b.connections.get("X", "Y")!.w.data)).toEqual(Array.from(a.connections.get("X", "Y")!.w.data));
    expect(Array.from(b.connections.get("X", "Y")!.w.data)).not.toEqual([20, 5, 5, 20, 10, 10]);
  });
});
