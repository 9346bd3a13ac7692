import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { MeanFieldConnection, Network } from "../../../src/network/index.js";
import { PostPre } from "../../../src/learning/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { Generator } from "../../../src/tensor/random.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

describe("MeanFieldConnection", () => {
  it("w times the mean over all batch rows and neurons, the same for every row", () => {
    const c = new MeanFieldConnection({ source: inp([4], 2), target: lif([3], 2), w: 2 });
    const out = c.compute(spikes([1, 1, 0, 0, 1, 0, 0, 0], [2, 4]));
    expect(out.shape).toEqual([2, 3]);
    expect(out.toFlatArray()).toEqual(new Array(6).fill(0.75));
  });

  it("weightDecay decays w (the reference puts it in the reduction slot)", () => {
    const net = new Network();
    const X = inp([4]);
    const Y = lif([2]);
    net.addLayer(X, "X");
    net.addLayer(Y, "Y");
    const c = new MeanFieldConnection({ source: X, target: Y, w: 1, weightDecay: 0.5 });
    net.addConnection(c, "X", "Y");
    net.run({ inputs: { X: new Tensor(new Uint8Array(8), [2, 4], "uint8") }, time: 2 });
    expect(c.w.item()).toBe(0.25);
  });

  it("normalize sets |w| to norm (the reference crashes); init and clamp rules", () => {
    const c = new MeanFieldConnection({ source: inp([4]), target: lif([2]), w: t32([-0.5], [1]), norm: 3 });
    c.normalize();
    expect(c.w.item()).toBe(-3);
    expect(new MeanFieldConnection({ source: inp([4]), target: lif([2]), w: 5, wmin: 0, wmax: 1 }).w.item()).toBe(5);
    expect(new MeanFieldConnection({ source: inp([4]), target: lif([2]), w: 5, wmax: 1 }).w.item()).toBe(1);
    const r = new MeanFieldConnection({ source: inp([4]), target: lif([2]), wmin: 0, wmax: 0.01, rng: new Generator(3) }).w.item();
    expect(Math.abs(r)).toBeLessThan(0.05);
  });

  it("bad input: w shape, learning rule", () => {
    // one weight, or one per target neuron (2 here): 3 is neither
    expect(() => new MeanFieldConnection({ source: inp([4]), target: lif([2]), w: t32([1, 2, 3], [3]) })).toThrow(ShapeError);
    expect(() => new MeanFieldConnection({ source: inp([4], 1, true), target: lif([2], 1, true), updateRule: PostPre })).toThrow(ValueError);
  });
});
