import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Connection, Network, SparseConnection, type Nodes } from "../../../src/network/index.js";
import { PostPre, Hebbian } from "../../../src/learning/index.js";
import { Generator } from "../../../src/tensor/random.js";
import { fromDense } from "../../../src/tensor/sparse.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { inp, lif, randomSpikes, spikes, t32 } from "./helpers.js";

/** A dense weight matrix with about `density` of its entries non-zero. */
function sparseW(nPre: number, nPost: number, density: number, seed: number, scale = 1): Float32Array {
  const g = new Generator(seed);
  const w = new Float32Array(nPre * nPost);
  for (let i = 0; i < w.length; i++) if (g.nextFloat32() < density) w[i] = (g.nextFloat32() - 0.2) * scale;
  return w;
}

describe("SparseConnection compute", () => {
  it("property: equals Connection on the same weights (spikes and real inputs, batch, bias)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 1e6 }), fc.boolean(), (nPre, nPost, B, density, seed, real) => {
        const X = inp([nPre], B);
        const Y = lif([nPost], B);
        const W = sparseW(nPre, nPost, density, seed);
        const b = t32(sparseW(1, nPost, 1, seed + 1), [nPost]);
        const s = real ? t32(sparseW(B, nPre, 0.5, seed + 2), [B, nPre]) : spikes(randomSpikes(B * nPre, seed), [B, nPre]);
        const sp = new SparseConnection({ source: X, target: Y, w: t32(W, [nPre, nPost]), b });
        const de = new Connection({ source: X, target: Y, w: t32(W, [nPre, nPost]), b });
        expect(sp.compute(s).toFlatArray()).toEqual(de.compute(s).toFlatArray());
        expect(sp.toDense().toFlatArray()).toEqual(Array.from(W));
      }),
      { numRuns: 80 },
    );
  });

  it("stores only the synapses: w is [nnz], a SparseCSRTensor is accepted, sparsity draws absent synapses", () => {
    const W = t32([0, 2, 0, 0, 0, 3], [2, 3]);
    const c = new SparseConnection({ source: inp([2]), target: lif([3]), w: fromDense(W, "csr") });
    expect(c.nnz).toBe(2);
    expect(c.w.shape).toEqual([2]);
    expect(Array.from(c.rowPtr)).toEqual([0, 1, 2]);
    expect(Array.from(c.colIdx)).toEqual([1, 2]);
    const r = new SparseConnection({ source: inp([100]), target: lif([100]), sparsity: 0.9, rng: new Generator(1) });
    expect(r.nnz).toBeGreaterThan(800);
    expect(r.nnz).toBeLessThan(1200);
    expect(r.w.toFlatArray().every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

/** X → Y with a Connection (masked to the same structure) and with a SparseConnection. */
function twin(W: Float32Array, nPre: number, nPost: number, B: number, rule: typeof PostPre | typeof Hebbian, extra: Record<string, unknown>) {
  const make = (sparse: boolean): { net: Network; c: Connection | SparseConnection; X: Nodes } => {
    const net = new Network({ batchSize: B });
    const X = inp([nPre], B, true);
    const Y = lif([nPost], B, true);
    net.addLayer(X, "X");
    net.addLayer(Y, "Y");
    const opts = { source: X, target: Y, w: t32(W, [nPre, nPost]), updateRule: rule, ...extra };
    const c = sparse ? new SparseConnection(opts) : new Connection(opts);
    net.addConnection(c, "X", "Y");
    return { net, c, X };
  };
  return { dense: make(false), sparse: make(true) };
}

describe("SparseConnection learning equals Connection", () => {
  for (const [name, rule, B] of [["PostPre", PostPre, 1], ["PostPre", PostPre, 3], ["Hebbian", Hebbian, 2]] as const) {
    it(`${name}, batch ${B}: stored weights bit for bit, with bounds, weight decay and end-of-run norm`, () => {
      const nPre = 37;
      const nPost = 23;
      const W = sparseW(nPre, nPost, 0.3, 11 + B, 12);
      const extra = { nu: [0.01, 0.02], wmin: -1, wmax: 8, weightDecay: 0.001, norm: 20 };
      const { dense, sparse } = twin(W, nPre, nPost, B, rule, extra);
      const absent = new Tensor(Uint8Array.from(W, (v) => (v === 0 ? 1 : 0)), [nPre, nPost], "bool");
      const T = 30;
      const data = new Tensor(randomSpikes(T * B * nPre, 5 + B, 0.3), [T, B, nPre], "uint8");
      dense.net.run({ inputs: { X: data }, time: T, masks: { "X->Y": absent } });
      sparse.net.run({ inputs: { X: data }, time: T });
      const d = dense.c.w.toFlatArray();
      const s = (sparse.c as SparseConnection).toDense().toFlatArray();
      expect(d.some((v, i) => v !== W[i])).toBe(true); // it learned
      expect(s).toEqual(d);
    });
  }
});

describe("SparseConnection masks, Dale's rule, bounds, normalize", () => {
  it("masks ([nPre, nPost] or [nnz]) zero stored entries; Dale's rule per presynaptic neuron", () => {
    const W = t32([1, -2, 0, 3, 0, -4], [2, 3]);
    const c = new SparseConnection({ source: inp([2]), target: lif([3]), w: W, dalesRule: new Tensor(Uint8Array.from([1, 0]), [2], "bool") });
    c.update({ learning: false, mask: new Tensor(Uint8Array.from([0, 0, 0, 1, 0, 0]), [2, 3], "bool") });
    expect(c.toDense().toFlatArray()).toEqual([1, 0, 0, 0, 0, -4]);
    c.update({ learning: false, mask: new Tensor(Uint8Array.from([1, 0, 0, 0]), [4], "bool") });
    expect(c.toDense().toFlatArray()).toEqual([0, 0, 0, 0, 0, -4]);
    expect(() => c.update({ learning: false, mask: new Tensor(new Uint8Array(5), [5], "bool") })).toThrow(/SparseConnection.update: mask has shape \[5\], expected \[source.n=2, target.n=3\], \[nnz=4\] or one value/);
  });

  it("a given w is clamped when a bound is finite; tensor bounds are gathered onto the stored entries", () => {
    const W = t32([5, 0, -5, 1], [2, 2]);
    const wmax = t32([1, 9, 9, 0.5], [2, 2]);
    const c = new SparseConnection({ source: inp([2]), target: lif([2]), w: W, wmin: -2, wmax });
    expect(c.toDense().toFlatArray()).toEqual([1, 0, -2, 0.5]);
    expect((c.wmax as Tensor).shape).toEqual([3]);
  });

  it("normalize equals Connection's (|w| column sums in torch's order), absent synapses stay absent", () => {
    const W = sparseW(50, 40, 0.2, 3, 2);
    const X = inp([50]);
    const Y = lif([40]);
    const sp = new SparseConnection({ source: X, target: Y, w: t32(W, [50, 40]), norm: 3.3 });
    const de = new Connection({ source: X, target: Y, w: t32(W, [50, 40]), norm: 3.3 });
    sp.normalize();
    de.normalize();
    expect(sp.toDense().toFlatArray()).toEqual(de.w.toFlatArray());
  });

  it("bad input", () => {
    expect(() => new SparseConnection({ source: inp([2]), target: lif([3]), w: t32([1, 2], [1, 2]) })).toThrow(/SparseConnection: w has shape \[1, 2\], expected \[source.n=2, target.n=3\]/);
    expect(() => new SparseConnection({ source: inp([2]), target: lif([3]), sparsity: 1 })).toThrow(ValueError);
    expect(() => new SparseConnection({ source: inp([2]), target: lif([3]), w: t32([1, 2, 3, 4, 5, 6], [2, 3]), wmin: t32([0, 0], [2]) })).toThrow(ShapeError);
  });
});
