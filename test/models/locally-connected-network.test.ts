/** LocallyConnectedNetwork (src/models/locally-connected-network.ts): X → Y through a LocalConnection, and −inh between filters at one position. */
import { describe, expect, it } from "vitest";
import { defaultClassTable } from "../../src/class-table.js";
import { ValueError } from "../../src/errors.js";
import { LocallyConnectedNetwork, filterInhibition } from "../../src/models/locally-connected-network.js";
import { deserializeNetwork, serializeNetwork } from "../../src/network/io/index.js";
import { Network } from "../../src/network/network.js";
import { DiehlAndCookNodes } from "../../src/network/nodes/diehl-and-cook.js";
import type { Connection } from "../../src/network/topology/connection.js";
import { LocalConnection } from "../../src/network/topology/local-connection.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

const bits = (t: Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.to("float32").contiguousData()).buffer));

describe("filterInhibition", () => {
  it("puts -inh between different filters at the same position (post index filter·P + position), 0 elsewhere", () => {
    const w = filterInhibition(3, 2, 10).toArray() as number[][];
    for (let a = 0; a < 6; a++) {
      for (let b = 0; b < 6; b++) {
        const same = a % 2 === b % 2 && Math.floor(a / 2) !== Math.floor(b / 2);
        expect(w[a]![b]! + 0, `${a},${b}`).toBe(same ? -10 : 0);
      }
    }
  });
});

describe("LocallyConnectedNetwork", () => {
  it("conv size ⌊(in − k)/s⌋ + 1 per axis: [5, 4] input, kernel [3, 2], stride [1, 2] give 3×2 positions, Y = filters·6", () => {
    const net = new LocallyConnectedNetwork({ nInpt: 20, inputShape: [5, 4], kernelSize: [3, 2], stride: [1, 2], nFilters: 2 });
    expect(net.convSize).toEqual([3, 2]);
    expect(net.layers.Y!.n).toBe(12);
    expect(net.layers.Y).toBeInstanceOf(DiehlAndCookNodes);
    expect([net.kernelSize, net.stride, net.inputShape, net.inh]).toEqual([[3, 2], [1, 2], [5, 4], 25]);
    expect(bits((net.connections.get("Y", "Y") as Connection).w)).toEqual(bits(filterInhibition(2, 6, 25)));
  });

  it("each Y neuron (filter f, position (c1, c2)) is wired to exactly its 2×2 window of the 4×4 input", () => {
    const net = new LocallyConnectedNetwork({ nInpt: 16, inputShape: [4, 4], kernelSize: 2, stride: 2, nFilters: 2, rng: new Generator(4) });
    const lc = net.connections.get("X", "Y") as LocalConnection;
    expect(lc).toBeInstanceOf(LocalConnection);
    expect(lc.norm).toBeCloseTo(0.2 * 4, 6); // norm per kernel element × k0·k1
    const w = lc.w.toArray() as number[][];
    for (let post = 0; post < 8; post++) {
      const c = post % 4;
      const [c1, c2] = [Math.floor(c / 2), c % 2];
      const want = [0, 1].flatMap((a) => [0, 1].map((b) => (2 * c1 + a) * 4 + 2 * c2 + b)).sort((x, y) => x - y);
      const got = w.map((row, pre) => (row[post] !== 0 ? pre : -1)).filter((pre) => pre >= 0);
      expect(got, `post ${post}`).toEqual(want);
    }
  });

  it("after a learning run every column sums to 0.2·k0·k1 and non-local weights stay 0", () => {
    const net = new LocallyConnectedNetwork({ nInpt: 16, inputShape: [4, 4], kernelSize: 2, stride: 2, nFilters: 2, rng: new Generator(5) });
    const g = new Generator(6);
    net.run({ inputs: { X: new Tensor(Uint8Array.from({ length: 20 * 16 }, () => (g.nextFloat32() < 0.5 ? 1 : 0)), [20, 1, 16], "uint8") }, time: 20 });
    const w = (net.connections.get("X", "Y") as LocalConnection).w.toArray() as number[][];
    for (let post = 0; post < 8; post++) {
      expect(w.reduce((a, r) => a + r[post]!, 0)).toBeCloseTo(0.8, 5);
      expect(w.filter((r) => r[post] !== 0).length).toBe(4);
    }
  });

  it("a save/load round trip (as a Network, with the library's classes) continues identically", () => {
    const net = new LocallyConnectedNetwork({ nInpt: 16, inputShape: [4, 4], kernelSize: 3, stride: 1, nFilters: 2, rng: new Generator(7) });
    const g = new Generator(8);
    const x = (): Tensor => new Tensor(Uint8Array.from({ length: 8 * 16 }, () => (g.nextFloat32() < 0.6 ? 1 : 0)), [8, 1, 16], "uint8");
    net.run({ inputs: { X: x() }, time: 8 });
    const copy = deserializeNetwork<Network>(serializeNetwork(net), { Network, classes: defaultClassTable() });
    const next = x();
    net.run({ inputs: { X: next }, time: 8 });
    copy.run({ inputs: { X: next }, time: 8 });
    expect(bits(copy.connections.get("X", "Y")!.w)).toEqual(bits(net.connections.get("X", "Y")!.w));
    expect(bits((copy.layers.Y as DiehlAndCookNodes).v)).toEqual(bits((net.layers.Y as DiehlAndCookNodes).v));
  });

  it("rejects bad sizes and options naming the model and the argument", () => {
    const ok = { nInpt: 16, inputShape: [4, 4], kernelSize: 2, stride: 2, nFilters: 2 } as const;
    expect(() => new LocallyConnectedNetwork({ ...ok, n_filters: 2 } as never)).toThrow("LocallyConnectedNetwork: unknown option n_filters; did you mean nFilters?");
    expect(() => new LocallyConnectedNetwork({ ...ok, kernelSize: 0 })).toThrow(new ValueError("LocallyConnectedNetwork: kernelSize is 0, expected a positive integer"));
    expect(() => new LocallyConnectedNetwork({ ...ok, stride: [2] as never })).toThrow(new ValueError("LocallyConnectedNetwork: stride is [2], expected a positive integer or a pair of them"));
    expect(() => new LocallyConnectedNetwork({ ...ok, inputShape: [4, 5] })).toThrow(new ValueError("LocallyConnectedNetwork: inputShape is [4, 5], expected a product of nInpt=16"));
    expect(() => new LocallyConnectedNetwork({ ...ok, inh: Number.NaN })).toThrow(new ValueError("LocallyConnectedNetwork: inh is NaN, expected a finite number"));
  });
});
