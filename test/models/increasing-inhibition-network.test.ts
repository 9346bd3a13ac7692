/** IncreasingInhibitionNetwork (src/models/increasing-inhibition-network.ts): X → Y plus Y→Y weights growing with grid distance. */
import { describe, expect, it } from "vitest";
import { defaultClassTable } from "../../src/class-table.js";
import { ValueError } from "../../src/errors.js";
import { IncreasingInhibitionNetwork, increasingInhibitionWeights } from "../../src/models/increasing-inhibition-network.js";
import { deserializeNetwork, serializeNetwork } from "../../src/network/io/index.js";
import { Network } from "../../src/network/network.js";
import { DiehlAndCookNodes } from "../../src/network/nodes/diehl-and-cook.js";
import type { Connection } from "../../src/network/topology/connection.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

const bits = (t: Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.to("float32").contiguousData()).buffer));

describe("increasingInhibitionWeights", () => {
  it("on a 3×3 grid: √distance / 8^¼ · maxInhib + startInhib (1 → 60.46, √2 → 71.71, √8 → 101), startInhib on the diagonal", () => {
    const w = increasingInhibitionWeights(9, 1, 100).toArray() as number[][];
    const m = 8 ** 0.25; // the largest √distance: corner to corner
    expect(w[0]![0]).toBe(1);
    expect(w[0]![1]).toBeCloseTo(100 / m + 1, 4); // (0,0)-(0,1): distance 1
    expect(w[0]![4]).toBeCloseTo((2 ** 0.25 / m) * 100 + 1, 4); // (0,0)-(1,1): √2
    expect(w[0]![8]).toBeCloseTo(101, 4);
    expect(w[0]![1]).toBeCloseTo(60.4604, 3);
    expect(w[0]![4]).toBeCloseTo(71.7107, 3);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) expect(w[i]![j]).toBe(w[j]![i]);
  });

  it("n that is not a square uses a ⌊√n⌋-wide grid: n = 5 puts neuron 4 at (2, 0)", () => {
    const w = increasingInhibitionWeights(5, 0, 1).toArray() as number[][];
    // positions (0,0) (0,1) (1,0) (1,1) (2,0); largest distance (0,1)-(2,0) = √5
    const m = 5 ** 0.25;
    expect(w[1]![4]).toBeCloseTo(1, 6);
    expect(w[0]![4]).toBeCloseTo(Math.sqrt(2) / m, 5); // distance 2
    expect(w[2]![4]).toBeCloseTo(1 / m, 5);
    expect(increasingInhibitionWeights(1, 3, 7).toArray()).toEqual([[3]]); // no pair: max 0, only startInhib
  });
});

describe("IncreasingInhibitionNetwork", () => {
  it("builds X → Y (Diehl & Cook nodes, PostPre input) and unbounded Y→Y with the distance weights", () => {
    const net = new IncreasingInhibitionNetwork({ nInput: 6, nNeurons: 9, startInhib: 2, maxInhib: -20 });
    expect([net.nInput, net.nNeurons, net.startInhib, net.maxInhib]).toEqual([6, 9, 2, -20]);
    expect(net.layers.Y).toBeInstanceOf(DiehlAndCookNodes);
    const r = net.connections.get("Y", "Y") as Connection;
    expect(bits(r.w)).toEqual(bits(increasingInhibitionWeights(9, 2, -20)));
    expect([r.wmin, r.wmax]).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });

  it("with a negative maxInhib a spike inhibits by distance: on a 2×2 grid the neighbours get -8.41, the far corner -10", () => {
    const net = new IncreasingInhibitionNetwork({ nInput: 20, nNeurons: 4, startInhib: 0, maxInhib: -10, norm: null });
    net.train(false);
    const c = net.connections.get("X", "Y") as Connection;
    const d = new Float32Array(80);
    for (let i = 0; i < 20; i++) d[i * 4] = 1;
    c.w.copy_(new Tensor(d, [20, 4], "float32"));
    const Y = net.layers.Y as DiehlAndCookNodes;
    const step = (on: boolean): void => void net.run({ inputs: { X: new Tensor(new Uint8Array(20).fill(on ? 1 : 0), [1, 1, 20], "uint8") }, time: 1 });
    step(true);
    step(false);
    expect(Array.from(Y.s.data)).toEqual([1, 0, 0, 0]);
    step(false);
    const v = Array.from(Y.v.data);
    expect(v[1]).toBeCloseTo(-65 - 10 / 2 ** 0.25, 4);
    expect(v[2]).toBeCloseTo(-65 - 10 / 2 ** 0.25, 4);
    expect(v[3]).toBeCloseTo(-75, 4);
  });

  it("a save/load round trip (as a Network, with the library's classes) continues identically", () => {
    const net = new IncreasingInhibitionNetwork({ nInput: 30, nNeurons: 4, rng: new Generator(2) });
    const g = new Generator(3);
    const x = (): Tensor => new Tensor(Uint8Array.from({ length: 10 * 30 }, () => (g.nextFloat32() < 0.5 ? 1 : 0)), [10, 1, 30], "uint8");
    net.run({ inputs: { X: x() }, time: 10 });
    const copy = deserializeNetwork<Network>(serializeNetwork(net), { Network, classes: defaultClassTable() });
    const next = x();
    net.run({ inputs: { X: next }, time: 10 });
    copy.run({ inputs: { X: next }, time: 10 });
    expect(bits(copy.connections.get("X", "Y")!.w)).toEqual(bits(net.connections.get("X", "Y")!.w));
    expect(bits((copy.layers.Y as DiehlAndCookNodes).v)).toEqual(bits((net.layers.Y as DiehlAndCookNodes).v));
  });

  it("rejects bad options naming the model and the argument", () => {
    expect(() => new IncreasingInhibitionNetwork({ n_input: 4 } as never)).toThrow("IncreasingInhibitionNetwork: unknown option n_input; did you mean nInput?");
    expect(() => new IncreasingInhibitionNetwork({ nInput: 4, startInhib: Number.NaN })).toThrow(new ValueError("IncreasingInhibitionNetwork: startInhib is NaN, expected a finite number"));
    expect(() => new IncreasingInhibitionNetwork({ nInput: 4, nNeurons: 0 })).toThrow(new ValueError("IncreasingInhibitionNetwork: nNeurons is 0, expected a positive integer"));
    expect(() => new IncreasingInhibitionNetwork({ nInput: 4, inptShape: [3, 2] })).toThrow(/IncreasingInhibitionNetwork: inptShape is \[3, 2\], expected positive integers whose product is nInpt=4/);
  });
});
