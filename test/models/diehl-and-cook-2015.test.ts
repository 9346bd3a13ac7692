/** DiehlAndCook2015 (src/models/diehl-and-cook-2015.ts): X → Ae ⇄ Ai on MulticompartmentConnections; scaledEye; inputWeights. */
import { describe, expect, it } from "vitest";
import { defaultClassTable } from "../../src/class-table.js";
import { ValueError } from "../../src/errors.js";
import { DiehlAndCook2015, inputWeights, scaledEye } from "../../src/models/diehl-and-cook-2015.js";
import { deserializeNetwork, serializeNetwork } from "../../src/network/io/index.js";
import { Network } from "../../src/network/network.js";
import type { DiehlAndCookNodes } from "../../src/network/nodes/diehl-and-cook.js";
import type { LIFNodes } from "../../src/network/nodes/lif.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** The float32 bit patterns of a tensor. */
const bits = (t: Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.to("float32").contiguousData()).buffer));

/** Bernoulli(p) input [T, B, n] from a seeded generator. */
function input(T: number, B: number, n: number, p: number, seed: number): Tensor {
  const g = new Generator(seed);
  return new Tensor(Uint8Array.from({ length: T * B * n }, () => (g.nextFloat32() < p ? 1 : 0)), [T, B, n], "uint8");
}

describe("DiehlAndCook2015", () => {
  it("scaledEye: k·I, or k·(1 - I) with a -0 diagonal for negative k, as torch", () => {
    expect(Array.from(scaledEye(3, 2.5, false).contiguousData())).toEqual([2.5, 0, 0, 0, 2.5, 0, 0, 0, 2.5]);
    const off = Array.from(scaledEye(2, -17.5, true).contiguousData());
    expect(off.map((x) => x + 0)).toEqual([0, -17.5, -17.5, 0]);
    expect(Object.is(off[0], -0)).toBe(true);
    expect(scaledEye(2, 0.1, false).contiguousData()[0]).toBe(Math.fround(0.1));
  });

  it("one excitatory spike: Ae0 fires at step 2, Ai0 at step 3 (-60 + 22.5 = -37.5 ≥ -40), the other Ae drop to -65 - 17.5 at step 4", () => {
    const net = new DiehlAndCook2015({ nInpt: 20, nNeurons: 3, norm: null });
    net.train(false);
    const w = inputWeights(net);
    const d = new Float32Array(60);
    for (let i = 0; i < 20; i++) d[i * 3] = 1; // column 0: 20 inputs of weight 1
    w.copy_(new Tensor(d, [20, 3], "float32"));
    const Ae = net.layers.Ae as DiehlAndCookNodes;
    const Ai = net.layers.Ai as LIFNodes;
    const step = (on: boolean): void => void net.run({ inputs: { X: new Tensor(new Uint8Array(20).fill(on ? 1 : 0), [1, 1, 20], "uint8") }, time: 1 });
    step(true); // X fires; connections deliver it next step
    expect(Array.from(Ae.s.data)).toEqual([0, 0, 0]);
    step(false);
    expect(Array.from(Ae.s.data)).toEqual([1, 0, 0]); // -65 + 20 = -45 ≥ -52
    expect(Array.from(Ae.v.data)).toEqual([-60, -65, -65]); // reset -60
    step(false);
    expect(Array.from(Ai.s.data)).toEqual([1, 0, 0]);
    expect(Array.from(Ai.v.data)).toEqual([-45, -60, -60]); // reset -45
    step(false);
    expect(Array.from(Ae.v.data.subarray(1))).toEqual([-82.5, -82.5]);
    expect(Array.from(Ae.s.data)).toEqual([0, 0, 0]);
    expect(Array.from(Ae.theta.data)).toEqual([0, 0, 0]); // learning off: θ frozen
  });

  it("with learning on, θ grows by thetaPlus at the spike and the input columns are normalised to norm after the run", () => {
    const net = new DiehlAndCook2015({ nInpt: 10, nNeurons: 4, norm: 2, thetaPlus: 0.5, rng: new Generator(3) });
    net.run({ inputs: { X: input(30, 1, 10, 0.5, 4) }, time: 30 });
    const w = inputWeights(net).toArray() as number[][];
    for (let j = 0; j < 4; j++) expect(w.reduce((a, r) => a + r[j]!, 0)).toBeCloseTo(2, 5);
    expect(w.flat().every((x) => x >= 0 && x <= 1)).toBe(true);
  });

  it("sparse weights (one copy per batch row) simulate the dense network bit for bit, batch 2", () => {
    const run = (sparse: boolean): Network => {
      // 200 inputs at p 0.5 through 0.3·U[0, 1) weights: about 15 mV per step, enough to spike
      const net = new DiehlAndCook2015({ nInpt: 200, nNeurons: 5, batchSize: 2, sparse, norm: null, rng: new Generator(9) });
      net.train(false);
      net.run({ inputs: { X: input(25, 2, 200, 0.5, 5) }, time: 25 });
      return net;
    };
    const a = run(false);
    const b = run(true);
    expect(a.layers.Ae!.s.shape).toEqual([2, 5]);
    for (const l of ["Ae", "Ai"]) expect(bits((b.layers[l] as LIFNodes).v), l).toEqual(bits((a.layers[l] as LIFNodes).v));
    expect(Array.from((a.layers.Ai as LIFNodes).v.data).some((v) => v !== -60)).toBe(true); // Ae spiked, Ai was driven
  });

  it("wDtype float16 stores the weights as halves", () => {
    const net = new DiehlAndCook2015({ nInpt: 4, nNeurons: 3, wDtype: "float16" });
    expect(inputWeights(net).dtype).toBe("float16");
  });

  it("a save/load round trip (as a Network, with the library's classes) continues a learning run identically", () => {
    const net = new DiehlAndCook2015({ nInpt: 8, nNeurons: 4, norm: 3, thetaPlus: 0.5, rng: new Generator(1) });
    net.run({ inputs: { X: input(15, 1, 8, 0.5, 2) }, time: 15 });
    const copy = deserializeNetwork<Network>(serializeNetwork(net), { Network, classes: defaultClassTable() });
    expect(Object.keys(copy.layers)).toEqual(["X", "Ae", "Ai"]);
    const next = input(15, 1, 8, 0.5, 3);
    net.run({ inputs: { X: next }, time: 15 });
    copy.run({ inputs: { X: next }, time: 15 });
    expect(bits(inputWeights(copy))).toEqual(bits(inputWeights(net)));
    expect(bits((copy.layers.Ae as DiehlAndCookNodes).theta)).toEqual(bits((net.layers.Ae as DiehlAndCookNodes).theta));
    expect(bits((copy.layers.Ae as DiehlAndCookNodes).v)).toEqual(bits((net.layers.Ae as DiehlAndCookNodes).v));
  });

  it("clone() and a load with the model's class give the model back (its class, fields and a run's bits)", () => {
    const net = new DiehlAndCook2015({ nInpt: 8, nNeurons: 4, norm: 3, thetaPlus: 0.5, rng: new Generator(1) });
    net.run({ inputs: { X: input(15, 1, 8, 0.5, 2) }, time: 15 });
    const twin = net.clone() as DiehlAndCook2015;
    const loaded = deserializeNetwork<DiehlAndCook2015>(serializeNetwork(net), { Network: DiehlAndCook2015, classes: defaultClassTable() });
    for (const copy of [twin, loaded]) {
      expect(copy).toBeInstanceOf(DiehlAndCook2015);
      expect([copy.nInpt, copy.nNeurons]).toEqual([8, 4]);
      expect(Object.keys(copy.layers)).toEqual(["X", "Ae", "Ai"]);
    }
    const next = input(15, 1, 8, 0.5, 3);
    for (const n of [net, twin, loaded]) n.run({ inputs: { X: next }, time: 15 });
    expect(bits(inputWeights(twin))).toEqual(bits(inputWeights(net)));
    expect(bits(inputWeights(loaded))).toEqual(bits(inputWeights(net)));
    expect(bits((loaded.layers.Ae as DiehlAndCookNodes).theta)).toEqual(bits((net.layers.Ae as DiehlAndCookNodes).theta));
  });

  it("rejects bad options naming the model and the argument", () => {
    expect(() => new DiehlAndCook2015({ nInpt: 4, n_neurons: 3 } as never)).toThrow("DiehlAndCook2015: unknown option n_neurons; did you mean nNeurons?");
    expect(() => new DiehlAndCook2015(null as never)).toThrow(new ValueError("DiehlAndCook2015: options are null, expected { nInpt, ... }"));
    expect(() => new DiehlAndCook2015({ nInpt: 4, exc: Number.POSITIVE_INFINITY })).toThrow(new ValueError("DiehlAndCook2015: exc is Infinity, expected a finite number"));
    expect(() => new DiehlAndCook2015({ nInpt: 4, batchSize: 0 })).toThrow(new ValueError("DiehlAndCook2015: batchSize is 0, expected a positive integer"));
    expect(() => inputWeights(new Network())).toThrow(new ValueError("inputWeights: network has connections [], expected X->Ae or X->Y"));
  });
});
