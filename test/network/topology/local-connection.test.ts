import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { LocalConnection, Network } from "../../../src/network/index.js";
import { PostPre } from "../../../src/learning/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { Generator } from "../../../src/tensor/random.js";
import { denseConnection, inp, lif, randomSpikes, spikes, t32 } from "./helpers.js";

describe("LocalConnection (legacy, masked dense)", () => {
  it("non-square input: pixel rows use the width as stride (the reference's [0,1,3,4] bug fixed)", () => {
    const c = new LocalConnection({ source: inp([12]), target: lif([2]), kernelSize: 2, stride: 2, nFilters: 1, inputShape: [3, 4] });
    const P = c.convProd;
    expect(c.convSize).toEqual([1, 2]);
    expect([0, 1, 2, 3].map((k) => c.locations[k * P]!)).toEqual([0, 1, 4, 5]);
    expect([0, 1, 2, 3].map((k) => c.locations[k * P + 1]!)).toEqual([2, 3, 6, 7]);
  });

  it("filter-major post order, local entries only, mask structural even with wmin != 0", () => {
    const c = new LocalConnection({ source: inp([16]), target: lif([8]), kernelSize: 2, stride: 2, nFilters: 2, wmin: 0.1, wmax: 0.2, rng: new Generator(1) });
    const w = c.w.toArray() as number[][];
    // filter 1, position 0 (post 4) sees pixels 0, 1, 4, 5 only
    const col = w.map((r) => r[4]!);
    expect(col.map((v, i) => (v !== 0 ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 4, 5]);
    expect(col.filter((v) => v !== 0).every((v) => v >= Math.fround(0.1) && v < 0.2)).toBe(true);
    expect(c.mask.toFlatArray().filter((v) => !v).length).toBe(8 * 4);
  });

  it("compute equals the dense Connection on the same w, with batch > 1 (the reference fails)", () => {
    const X = inp([25], 3);
    const Y = lif([12], 3);
    const c = new LocalConnection({ source: X, target: Y, kernelSize: 3, stride: 2, nFilters: 3, rng: new Generator(2) });
    const d = denseConnection(X, Y, c.w.data as Float32Array);
    const s = spikes(randomSpikes(75, 9), [3, 25]);
    expect(c.compute(s).shape).toEqual([3, 12]);
    expect(c.compute(s).toFlatArray()).toEqual(d.compute(s).toFlatArray().map((v) => v + 0));
  });

  it("norm is multiplied by kernel_prod; normalize scales columns to a plain sum", () => {
    const w = new Float32Array(16 * 4);
    const c0 = new LocalConnection({ source: inp([16]), target: lif([4]), kernelSize: 2, stride: 2, nFilters: 1, w: new Tensor(w, [16, 4], "float32"), norm: 0.5 });
    expect(c0.norm).toBe(2);
    const c = new LocalConnection({ source: inp([16]), target: lif([4]), kernelSize: 2, stride: 2, nFilters: 1, norm: 0.5, rng: new Generator(4) });
    c.normalize();
    const W = c.w.toArray() as number[][];
    for (let j = 0; j < 4; j++) expect(W.reduce((a, r) => a + r[j]!, 0)).toBeCloseTo(2, 5);
  });

  it("learning keeps non-local weights at 0 (structural mask after every update), also with a run mask", () => {
    const net = new Network();
    const X = inp([16], 1, true);
    const Y = lif([4], 1, true);
    net.addLayer(X, "X");
    net.addLayer(Y, "Y");
    const w = new Tensor(new Float32Array(64).fill(30), [16, 4], "float32");
    const c = new LocalConnection({ source: X, target: Y, kernelSize: 2, stride: 2, nFilters: 1, w, updateRule: PostPre, nu: [0.01, 0.1], wmin: 0, wmax: 40 });
    net.addConnection(c, "X", "Y");
    const mask = new Tensor(new Uint8Array(64), [16, 4], "bool");
    (mask.data as Uint8Array)[0] = 1;
    net.run({ inputs: { X: new Tensor(new Uint8Array(10 * 16).fill(1), [10, 16], "uint8") }, time: 10, masks: { "X->Y": mask } });
    const d = c.w.toFlatArray();
    const m = c.mask.toFlatArray();
    expect(d.every((v, i) => (m[i] ? v === 0 : true))).toBe(true);
    expect(d[0]).toBe(0);
    expect(d.filter((v, i) => !m[i] && v !== 30 && i !== 0).length).toBeGreaterThan(0);
  });

  it("bad input: inputShape, target size, kernel larger than the input", () => {
    expect(() => new LocalConnection({ source: inp([10]), target: lif([4]), kernelSize: 2, stride: 2, nFilters: 1 })).toThrow(/LocalConnection: inputShape is \[3, 3\], expected two positive integers whose product is source.n=10/);
    expect(() => new LocalConnection({ source: inp([16]), target: lif([5]), kernelSize: 2, stride: 2, nFilters: 1 })).toThrow(ShapeError);
    expect(() => new LocalConnection({ source: inp([16]), target: lif([1]), kernelSize: 5, stride: 1, nFilters: 1 })).toThrow(/kernelSize is \[5, 5\], expected at most the input shape \[4, 4\]/);
    expect(() => new LocalConnection({ source: inp([16]), target: lif([4]), kernelSize: 2, stride: -2, nFilters: 1 })).toThrow(/LocalConnection: stride is -2, expected a positive integer or 2 positive integers/);
    void t32;
  });
});
