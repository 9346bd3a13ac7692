import { describe, expect, it } from "vitest";
import { TwoLayerNetwork } from "../../src/models/two-layer-network.js";
import type { Connection } from "../../src/network/topology/connection.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** A [T, 1, n] spike train: input neuron i fires on the steps where (t + i) % 3 == 0. */
function train(T: number, n: number): Tensor {
  const d = new Uint8Array(T * n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) d[t * n + i] = (t + i) % 3 === 0 ? 1 : 0;
  return new Tensor(d, [T, 1, n], "uint8");
}

describe("TwoLayerNetwork", () => {
  it("after a run, every column of X->Y sums to norm and the weights stay in [wmin, wmax]", () => {
    const net = new TwoLayerNetwork({ nInpt: 8, nNeurons: 3, norm: 2, rng: new Generator().manualSeed(1) });
    net.run({ inputs: { X: train(20, 8) }, time: 20 });
    const c = net.connections.get("X", "Y") as Connection;
    const w = c.w.toFlatArray();
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < 8; i++) s += w[i * 3 + j]!;
      expect(s).toBeCloseTo(2, 5);
    }
    for (const v of w) expect(v >= 0 && v <= 1).toBe(true);
  });

  it("learns: with strong input Y spikes, and PostPre's depression (pre spike x post trace) lowers the weights", () => {
    const net = new TwoLayerNetwork({ nInpt: 4, nNeurons: 2, norm: null, nu: [0.05, 0], rng: new Generator().manualSeed(2) });
    const c = net.connections.get("X", "Y") as Connection;
    c.w.fill_(1);
    const before = c.w.toFlatArray();
    net.run({ inputs: { X: new Tensor(new Uint8Array(40).fill(1), [10, 1, 4], "uint8") }, time: 10 });
    const after = c.w.toFlatArray();
    // 4 inputs x 1 per step: -61, -57, -53, -49 (spike); later input spikes meet a post trace
    expect(before.every((v) => v === 1)).toBe(true);
    for (const v of after) expect(v >= 0 && v < 1).toBe(true);
  });

  it("rejects a non-positive size, naming the argument", () => {
    expect(() => new TwoLayerNetwork({ nInpt: 0 })).toThrow(/TwoLayerNetwork: nInpt/);
    expect(() => new TwoLayerNetwork({ nInpt: 3, nNeurons: 1.5 })).toThrow(/TwoLayerNetwork: nNeurons/);
  });
});
