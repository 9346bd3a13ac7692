import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { LocalConnection1D, LocalConnection2D, LocalConnection3D } from "../../../src/network/index.js";
import { denseConnection, denseOf, inp, intWeights, lif, randomSpikes, spikes, t32 } from "./helpers.js";

const CLS = [LocalConnection1D, LocalConnection2D, LocalConnection3D] as const;

describe("LocalConnection1D/2D/3D", () => {
  it("2D: filter-major post order, kernel flattened row-major, non-square kernel and stride", () => {
    const X = inp([1, 3, 4]);
    const Y = lif([2, 2, 2]); // 2 filters · conv (2, 2) with kernel (2, 2), stride (1, 2)
    const w = new Float32Array(1 * 8 * 4);
    for (let n = 0; n < 8; n++) for (let k = 0; k < 4; k++) w[n * 4 + k] = 10 ** k * (n < 4 ? 1 : 2);
    const c = new LocalConnection2D({ source: X, target: Y, kernelSize: 2, stride: [1, 2], nFilters: 2, w: t32(w, [1, 8, 4]) });
    const s = new Uint8Array(12);
    s[1] = 1; // (0,1): position (0,0) tap (0,1)
    s[4 + 2] = 1; // (1,2): position (0,1) tap (1,0); position (1,1) tap (0,0)
    const out = c.compute(spikes(s, [1, 1, 3, 4])).toFlatArray();
    expect(out).toEqual([10, 100, 0, 1, 20, 200, 0, 2]);
  });

  it("property: 1D/2D/3D equal the dense Connection built from their weights (channels, filters, batch)", () => {
    fc.assert(
      fc.property(
        fc.record({ nd: fc.integer({ min: 1, max: 3 }), cin: fc.integer({ min: 1, max: 3 }), F: fc.integer({ min: 1, max: 2 }), k: fc.integer({ min: 1, max: 2 }), st: fc.integer({ min: 1, max: 2 }), extra: fc.integer({ min: 0, max: 2 }), B: fc.integer({ min: 1, max: 2 }), seed: fc.integer({ min: 1, max: 1e6 }) }),
        ({ nd, cin, F, k, st, extra, B, seed }) => {
          const n = k + extra;
          const conv = Math.floor((n - k) / st) + 1;
          const X = inp([cin, ...new Array<number>(nd).fill(n)], B);
          const Y = lif([F * conv ** nd], B);
          const wShape = [cin, F * conv ** nd, k ** nd];
          const c = new CLS[nd - 1]({ source: X, target: Y, kernelSize: k, stride: st, nFilters: F, w: t32(intWeights(wShape[0]! * wShape[1]! * wShape[2]!, seed), wShape) });
          const dense = denseConnection(X, Y, denseOf(c, X));
          const s = spikes(randomSpikes(B * X.n, seed + 3), [B, ...X.shape]);
          expect(c.compute(s).toFlatArray()).toEqual(dense.compute(s).toFlatArray());
        },
      ),
      { numRuns: 60 },
    );
  });

  it("the w option works (the reference crashes) and is clamped when a bound is finite; tensor bounds accepted", () => {
    const X = inp([1, 4]);
    const Y = lif([3]);
    const w = t32([-1, 0.5, 2, 0.25, 3, -2], [1, 3, 2]);
    const c = new LocalConnection1D({ source: X, target: Y, kernelSize: 2, stride: 1, nFilters: 1, w, wmin: 0, wmax: 1 });
    expect(c.w.toFlatArray()).toEqual([0, 0.5, 1, 0.25, 1, 0]);
    const wmax = t32([1, 1, 1, 1, 1, 0.1], [1, 3, 2]);
    const d = new LocalConnection1D({ source: X, target: Y, kernelSize: 2, stride: 1, nFilters: 1, wmax });
    expect(d.w.toFlatArray()[5]).toBeLessThanOrEqual(Math.fround(0.1));
  });

  it("normalize scales each row w[c, n, :] to a plain sum of norm", () => {
    const c = new LocalConnection1D({ source: inp([2, 3]), target: lif([2]), kernelSize: 2, stride: 1, nFilters: 1, w: t32([1, 3, 2, 2, 0, 0, -1, 5], [2, 2, 2]), norm: 1 });
    c.normalize();
    expect(c.w.toFlatArray()).toEqual([0.25, 0.75, 0.5, 0.5, 0, 0, -0.25, 1.25]);
  });

  it("bad input: target size, kernel too large, stride, nFilters, w shape", () => {
    expect(() => new LocalConnection2D({ source: inp([1, 5, 5]), target: lif([7]), kernelSize: 3, stride: 2, nFilters: 2 })).toThrow(/LocalConnection2D: target has 7 neurons \(shape \[7\]\), expected nFilters·convProd = 2·4 = 8/);
    expect(() => new LocalConnection2D({ source: inp([1, 2, 2]), target: lif([1]), kernelSize: 3, stride: 1, nFilters: 1 })).toThrow(ShapeError);
    expect(() => new LocalConnection1D({ source: inp([1, 4]), target: lif([3]), kernelSize: 2, stride: 0, nFilters: 1 })).toThrow(/LocalConnection1D: stride is 0, expected a positive integer/);
    expect(() => new LocalConnection1D({ source: inp([1, 4]), target: lif([3]), kernelSize: 2, stride: 1, nFilters: 0 })).toThrow(ValueError);
    expect(() => new LocalConnection1D({ source: inp([1, 4]), target: lif([3]), kernelSize: 2, stride: 1, nFilters: 1, w: t32([1, 2], [1, 1, 2]) })).toThrow(/w has shape \[1, 1, 2\], expected \[C_in=1, nFilters·convProd=3, kernelProd=2\]/);
  });
});
