import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Conv1dConnection, Conv2dConnection, Conv3dConnection, Network } from "../../../src/network/index.js";
import { PostPre } from "../../../src/learning/index.js";
import { Generator } from "../../../src/tensor/random.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { denseConnection, denseOf, inp, intWeights, lif, randomSpikes, spikes, t32 } from "./helpers.js";

const CLS = [Conv1dConnection, Conv2dConnection, Conv3dConnection] as const;

describe("Conv*Connection compute", () => {
  it("Conv1d: stride 2, zero padding 2, hand-computed cross-correlation plus bias", () => {
    const X = inp([1, 5]);
    const Y = lif([1, 3]);
    const c = new Conv1dConnection({ source: X, target: Y, kernelSize: 3, stride: 2, padding: 1, w: t32([1, 2, 4], [1, 1, 3]), b: t32([0.5], [1]) });
    // padded input [0, 1, 0, 1, 1, 0, 0]: windows at 0, 2, 4
    const out = c.compute(spikes([1, 0, 1, 1, 0], [1, 1, 5]));
    expect(out.shape).toEqual([1, 1, 3]);
    expect(out.toFlatArray()).toEqual([0 * 1 + 1 * 2 + 0 * 4 + 0.5, 0 + 2 + 4 + 0.5, 1 + 0 + 0 + 0.5]);
  });

  it("dilation is honoured (output size and taps)", () => {
    const X = inp([1, 6, 6]);
    const Y = lif([1, 2, 2]);
    const w = t32([1, 10, 100, 1000], [1, 1, 2, 2]);
    const c = new Conv2dConnection({ source: X, target: Y, kernelSize: 2, dilation: 3, stride: 2, w });
    const s = new Float32Array(36);
    s[0] = 1; // tap (0,0) of output (0,0)
    s[3] = 1; // tap (0,1) of output (0,0)
    s[2 * 6 + 5] = 1; // tap (0,1) of output (1,1): row 1·2, col 1·2 + 3
    expect(c.compute(t32(s, [1, 1, 6, 6])).toFlatArray()).toEqual([11, 0, 0, 10]);
  });

  it("property: Conv1d/2d/3d equal the dense Connection built from their weights (any geometry, batch)", () => {
    fc.assert(
      fc.property(
        fc.record({
          nd: fc.integer({ min: 1, max: 3 }),
          cin: fc.integer({ min: 1, max: 2 }),
          cout: fc.integer({ min: 1, max: 3 }),
          k: fc.integer({ min: 1, max: 3 }),
          stride: fc.integer({ min: 1, max: 2 }),
          pad: fc.integer({ min: 0, max: 1 }),
          dil: fc.integer({ min: 1, max: 2 }),
          extra: fc.integer({ min: 0, max: 3 }),
          B: fc.integer({ min: 1, max: 2 }),
          seed: fc.integer({ min: 1, max: 1e6 }),
        }),
        ({ nd, cin, cout, k, stride, pad, dil, extra, B, seed }) => {
          const eff = dil * (k - 1) + 1;
          const n = Math.max(1, eff - 2 * pad) + extra;
          const outN = Math.floor((n + 2 * pad - eff) / stride) + 1;
          const sp = new Array<number>(nd).fill(n);
          const X = inp([cin, ...sp], B);
          const Y = lif([cout, ...new Array<number>(nd).fill(outN)], B);
          const wn = cout * cin * k ** nd;
          const w = t32(intWeights(wn, seed), [cout, cin, ...new Array<number>(nd).fill(k)]);
          const b = t32(intWeights(cout, seed + 1), [cout]);
          const c = new CLS[nd - 1]({ source: X, target: Y, kernelSize: k, stride, padding: pad, dilation: dil, w, b });
          const dense = denseConnection(X, Y, denseOf(c, X));
          const s = spikes(randomSpikes(B * X.n, seed + 2), [B, ...X.shape]);
          const got = c.compute(s).toFlatArray();
          const want = dense.compute(s).toFlatArray();
          const bias = b.toFlatArray();
          const per = Y.n / cout;
          expect(got).toEqual(want.map((v, i) => v + bias[Math.floor((i % Y.n) / per)]!));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("Conv*Connection weights", () => {
  const X = (): ReturnType<typeof inp> => inp([1, 4, 4]);
  const Y = (): ReturnType<typeof lif> => lif([2, 3, 3]);
  const w5 = (): Tensor => t32(new Array(8).fill(5), [2, 1, 2, 2]);

  it("a given w is clamped only when a bound is infinite (reference rule)", () => {
    const both = new Conv2dConnection({ source: X(), target: Y(), kernelSize: 2, w: w5(), wmin: 0, wmax: 1 });
    expect(both.w.toFlatArray()).toEqual(new Array(8).fill(5));
    const one = new Conv2dConnection({ source: X(), target: Y(), kernelSize: 2, w: w5(), wmax: 1 });
    expect(one.w.toFlatArray()).toEqual(new Array(8).fill(1));
  });

  it("random w: U[0,1) rescaled with two finite bounds, clamped with one; bias zeros", () => {
    const g = new Generator(5);
    const c = new Conv2dConnection({ source: X(), target: Y(), kernelSize: 2, wmin: 2, wmax: 3, rng: g });
    const w = c.w.toFlatArray();
    expect(c.w.shape).toEqual([2, 1, 2, 2]);
    expect(w.every((v) => v >= 2 && v < 3)).toBe(true);
    const h = new Conv2dConnection({ source: X(), target: Y(), kernelSize: 2, wmin: 0.5, rng: g }).w.toFlatArray();
    expect(h.every((v) => v >= 0.5 && v < 1)).toBe(true);
    expect(c.b.toFlatArray()).toEqual([0, 0]);
  });

  it("normalize scales each (out, in) slice to a plain sum of norm; zero-sum slices are left alone", () => {
    const Xs = inp([2, 3]);
    const Ys = lif([2, 2]);
    const w = t32([1, 3, -1, 1, 0, 0, 2, 2], [2, 2, 2]);
    const c = new Conv1dConnection({ source: Xs, target: Ys, kernelSize: 2, w, norm: 2 });
    c.normalize();
    expect(c.w.toFlatArray()).toEqual([0.5, 1.5, -1, 1, 0, 0, 1, 1]);
  });

  it("PostPre learns through the conv synapse view inside a Network", () => {
    const net = new Network({ learning: true });
    const Xl = inp([1, 4, 4], 1, true);
    const Yl = lif([1, 3, 3], 1, true);
    net.addLayer(Xl, "X");
    net.addLayer(Yl, "Y");
    const c = new Conv2dConnection({ source: Xl, target: Yl, kernelSize: 2, w: t32([20, 20, 20, 20], [1, 1, 2, 2]), updateRule: PostPre, nu: [0.01, 0.1], wmin: 0, wmax: 30 });
    net.addConnection(c, "X", "Y");
    const data = new Uint8Array(5 * 16).fill(1);
    net.run({ inputs: { X: new Tensor(data, [5, 1, 1, 4, 4], "uint8") }, time: 5 });
    const w = c.w.toFlatArray();
    expect(w.some((v) => v !== 20)).toBe(true);
    expect(w.every((v) => v >= 0 && v <= 30)).toBe(true);
  });
});

describe("Conv*Connection bad input", () => {
  it("kernel larger than the padded input", () => {
    expect(() => new Conv2dConnection({ source: inp([1, 3, 3]), target: lif([1, 1, 1]), kernelSize: 4 })).toThrow(ShapeError);
    expect(() => new Conv2dConnection({ source: inp([1, 3, 3]), target: lif([1, 1, 1]), kernelSize: 4 })).toThrow(/Conv2dConnection: kernelSize is \[4, 4\], expected at most the padded input size \[3, 3\]/);
    // fits once padded
    expect(() => new Conv2dConnection({ source: inp([1, 3, 3]), target: lif([1, 2, 2]), kernelSize: 4, padding: 1 })).not.toThrow();
  });

  it("target shape that does not match the computed output", () => {
    expect(() => new Conv1dConnection({ source: inp([1, 8]), target: lif([2, 5]), kernelSize: 3 })).toThrow(/Conv1dConnection: target has shape \[2, 5\], expected \[2, 6\]/);
    expect(() => new Conv3dConnection({ source: inp([1, 4, 4, 4]), target: lif([8]), kernelSize: 2 })).toThrow(ShapeError);
    expect(() => new Conv2dConnection({ source: inp([16]), target: lif([1, 3, 3]), kernelSize: 2 })).toThrow(/source has shape \[16\], expected 3 dims/);
  });

  it("non-positive stride, bad kernel, bad w", () => {
    expect(() => new Conv2dConnection({ source: inp([1, 4, 4]), target: lif([1, 3, 3]), kernelSize: 2, stride: 0 })).toThrow(ValueError);
    expect(() => new Conv2dConnection({ source: inp([1, 4, 4]), target: lif([1, 3, 3]), kernelSize: 2, stride: [1, -1] })).toThrow(/Conv2dConnection: stride is \[1, -1\], expected a positive integer or 2 positive integers/);
    expect(() => new Conv1dConnection({ source: inp([1, 4]), target: lif([1, 3]), kernelSize: 2.5 })).toThrow(/kernelSize is 2.5/);
    expect(() => new Conv1dConnection({ source: inp([1, 4]), target: lif([1, 3]), kernelSize: 2, w: t32([1, 2, 3], [1, 1, 3]) })).toThrow(/Conv1dConnection: w has shape \[1, 1, 3\], expected \[C_out=1, C_in=1, 2\]/);
  });
});
