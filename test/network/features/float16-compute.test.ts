import { describe, expect, it } from "vitest";
import { Input, LIFNodes } from "../../../src/network/nodes/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/index.js";
import { Bias, Mask, Weight } from "../../../src/network/features/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { f16round } from "../../../src/network/features/half.js";
import { serializeNetwork } from "../../../src/network/io/index.js";
import { deserializeNetwork } from "../../../src/class-table.js";
import { Network } from "../../../src/network/network.js";

const ones = (n: number): Tensor => new Tensor(new Uint8Array(n).fill(1), [1, n], "uint8");
const col = (v: number[]): Tensor => new Tensor(Float32Array.from(v), [v.length, 1], "float32");

function conn(dtype: "float16" | "float32", computeDtype?: "float16" | "float32", biasDtype = dtype): MulticompartmentConnection {
  return new MulticompartmentConnection({
    source: new Input({ n: 3 }),
    target: new LIFNodes({ n: 1 }),
    pipeline: [
      new Weight({ name: "w", value: col([1.1, 2.2, 3.3]), valueDtype: dtype, ...(computeDtype ? { computeDtype } : {}) }),
      new Bias({ name: "b", value: col([0.01, 0.01, 0.01]), valueDtype: biasDtype, ...(computeDtype ? { computeDtype } : {}) }),
    ],
  });
}

describe("float16 features compute in half precision, as BindsNET (torch CPU half ops)", () => {
  it("weights [1.1, 2.2, 3.3] plus biases 0.01, summed: 6.62890625 (each w+b rounded to half, the sum rounded once)", () => {
    // by hand: half(1.1) + half(0.01) = 1.109375 after rounding, 2.208984375, 3.310546875; sum 6.62890625
    expect(f16round(f16round(1.1) + f16round(0.01))).toBe(1.109375);
    expect(f16round(f16round(2.2) + f16round(0.01))).toBe(2.208984375);
    expect(f16round(f16round(3.3) + f16round(0.01))).toBe(3.310546875);
    const c = conn("float16");
    expect(c.compute(ones(3)).contiguousData()[0]).toBe(6.62890625);
    // the streamed path is not used for half features: materialize gives the same number
    c.materialize = true;
    expect(c.compute(ones(3)).contiguousData()[0]).toBe(6.62890625);
  });

  it('computeDtype: "float32" keeps the halves but computes in float32 (the earlier behaviour, 6.6296158)', () => {
    const c = conn("float16", "float32");
    expect(c.compute(ones(3)).contiguousData()[0]).toBeCloseTo(6.6296158, 6);
    expect(c.compute(ones(3)).contiguousData()[0]).toBe(Math.fround(Math.fround(Math.fround(Math.fround(1.099609375 + 0.01000213623046875) + Math.fround(2.19921875 + 0.01000213623046875)) + Math.fround(3.30078125 + 0.01000213623046875))));
  });

  it("type promotion: a float32 feature after a half one makes the tensor float32 for good", () => {
    // half weights (c = half(w)), then a float32 bias: c + b in float32, summed in float32
    const c = conn("float16", undefined, "float32");
    const w = [1.099609375, 2.19921875, 3.30078125].map((x) => Math.fround(x + Math.fround(0.01)));
    expect(c.compute(ones(3)).contiguousData()[0]).toBe(Math.fround(Math.fround(w[0]! + w[1]!) + w[2]!));
    // a bool Mask keeps the half tensor half
    const m = new MulticompartmentConnection({
      source: new Input({ n: 2 }),
      target: new LIFNodes({ n: 1 }),
      pipeline: [new Weight({ name: "w", value: col([1.1, 1.1]), valueDtype: "float16" }), new Mask({ name: "m", value: true }), new Bias({ name: "b", value: col([1e-3, 1e-3]), valueDtype: "float16" })],
    });
    // half(1.0996 + half(0.001)) = 1.1005859375 each; sum 2.201171875 = a half
    expect(m.compute(ones(2)).contiguousData()[0]).toBe(2 * f16round(1.099609375 + f16round(0.001)));
  });

  it("a half sum overflows to Infinity past 65504, as torch's half does", () => {
    const c = new MulticompartmentConnection({ source: new Input({ n: 3 }), target: new LIFNodes({ n: 1 }), pipeline: [new Weight({ name: "w", value: col([30000, 30000, 30000]), valueDtype: "float16" })] });
    expect(c.compute(ones(3)).contiguousData()[0]).toBe(Infinity);
  });

  it("computeDtype is checked and survives save/load", () => {
    expect(() => new Weight({ name: "w", value: 1, computeDtype: "float16" })).toThrow(/Weight: computeDtype is "float16", expected "float32" or the valueDtype "float32"/);
    const net = new Network();
    const c = conn("float16", "float32");
    net.addLayer(c.source, "X").addLayer(c.target, "Y").addConnection(c, "X", "Y");
    const back = deserializeNetwork(serializeNetwork(net));
    const f = (back.connections.get("X", "Y") as MulticompartmentConnection).pipeline[0]!;
    expect(f.computeDtype).toBe("float32");
  });
});
