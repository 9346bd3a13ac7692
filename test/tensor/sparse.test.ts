import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTypeError, IndexError, ShapeError, ValueError } from "../../src/errors.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { matmul } from "../../src/tensor/linalg.js";
import {
  SparseCOOTensor,
  SparseCSRTensor,
  coalesce,
  fromDense,
  nnz,
  sparseCooTensor,
  sparseCsrTensor,
  sparseMatmul,
  spikePropagate,
  toCOO,
  toCSR,
  toDense,
  toSparse,
  sparseTranspose,
} from "../../src/tensor/sparse.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { uniform } from "../helpers/seeded.js";

/** A random [r, c] matrix with about `density` of its entries non-zero. */
function sparseDense(r: number, c: number, density: number, seed: number): Tensor {
  const v = uniform(r * c, seed);
  const keep = uniform(r * c, seed + 1);
  return tensor(v.map((x, i) => ((keep[i]! + 1) / 2 < density ? x : 0)), { shape: [r, c] });
}

/** Same values, +0 and -0 equal. */
function sameValues(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  const x = a.toFlatArray();
  const y = b.toFlatArray();
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) throw new Error(`element ${i}: ${x[i]} !== ${y[i]}`);
}

const mats = fc.record({
  r: fc.integer({ min: 0, max: 12 }),
  c: fc.integer({ min: 0, max: 12 }),
  n: fc.integer({ min: 0, max: 6 }),
  density: fc.constantFrom(0, 0.05, 0.3, 1),
  seed: fc.integer({ min: 1, max: 1e9 }),
});

describe("SparseTensor construction and conversion", () => {
  it("builds the CSR arrays of a small matrix", () => {
    const sp = fromDense(tensor([[0, 2, 0], [0, 0, 0], [3, 0, 4]]), "csr");
    expect(sp).toBeInstanceOf(SparseCSRTensor);
    expect([...sp.rowPtr]).toEqual([0, 1, 1, 3]);
    expect([...sp.colIdx]).toEqual([1, 0, 2]);
    expect([...sp.values]).toEqual([2, 3, 4]);
    expect(nnz(sp)).toBe(3);
  });

  it("builds COO indices laid out [ndim, nnz] like torch", () => {
    const sp = fromDense(tensor([[0, 2], [5, 0]]), "coo");
    expect(sp).toBeInstanceOf(SparseCOOTensor);
    expect([...sp.indices]).toEqual([0, 1, 1, 0]);
    expect([...sp.values]).toEqual([2, 5]);
    expect(sp.isCoalesced).toBe(true);
    const three = toSparse(tensor([[[0, 1], [0, 0]], [[2, 0], [0, 3]]]));
    expect(toDense(three).toArray()).toEqual([[[0, 1], [0, 0]], [[2, 0], [0, 3]]]);
  });

  it("round-trips dense -> COO / CSR -> dense, and between layouts", () => {
    fc.assert(
      fc.property(mats, ({ r, c, density, seed }) => {
        const d = sparseDense(r, c, density, seed);
        const coo = fromDense(d, "coo");
        const csr = fromDense(d, "csr");
        sameValues(toDense(coo), d);
        sameValues(toDense(csr), d);
        sameValues(toDense(toCSR(coo)), d);
        sameValues(toDense(toCOO(csr)), d);
        expect([...toCSR(coo).rowPtr]).toEqual([...csr.rowPtr]);
        sameValues(toDense(sparseTranspose(csr)), d.t().contiguous());
        sameValues(toDense(sparseTranspose(coo)), d.t().contiguous());
      }),
      { numRuns: 80 },
    );
  });

  it("transposes CSR with increasing column indices in every row", () => {
    const t = sparseTranspose(fromDense(tensor([[1, 0, 2], [0, 3, 4]]), "csr"));
    expect(t.shape).toEqual([3, 2]);
    expect([...t.rowPtr]).toEqual([0, 1, 2, 4]);
    expect([...t.colIdx]).toEqual([0, 1, 0, 1]);
    expect([...t.values]).toEqual([1, 3, 2, 4]);
  });

  it("coalesce sorts entries and sums duplicates, keeping explicit zeros", () => {
    const sp = sparseCooTensor([[1, 0, 1, 0], [0, 2, 0, 1]], [1, 2, 3, 0], [2, 3]);
    expect(sp.isCoalesced).toBe(false);
    const c = coalesce(sp);
    expect([...c.indices]).toEqual([0, 0, 1, 1, 2, 0]);
    expect([...c.values]).toEqual([0, 2, 4]);
    expect(c.isCoalesced).toBe(true);
    expect(toDense(sp).toArray()).toEqual([[0, 0, 2], [4, 0, 0]]);
    expect(sp.nnz()).toBe(4); // the input is unchanged
  });

  it("keeps the values array live and the structure fixed (what a learning connection needs)", () => {
    const w = fromDense(tensor([[1, 0], [0, 2]]), "csr");
    w.values[1] = 5;
    expect(toDense(w).toArray()).toEqual([[1, 0], [0, 5]]);
  });

  it("rejects malformed construction arguments", () => {
    expect(() => sparseCooTensor([[0, 5]], [1, 2], [3])).toThrow(IndexError);
    expect(() => sparseCooTensor([[0, 5]], [1, 2], [3])).toThrow(/sparseCooTensor: indices\[0\]\[1\] is 5, expected an integer in \[0, 2\] for shape \[3\]/);
    expect(() => sparseCooTensor([[0, 1]], [1], [3])).toThrow(/sparseCooTensor: indices has shape \[1, 2\], expected \[1, 1\]/);
    expect(() => sparseCsrTensor([0, 1], [0], [1], [2, 2])).toThrow(/sparseCsrTensor: rowPtr has length 2, expected rows\+1 = 3/);
    expect(() => sparseCsrTensor([0, 2, 1], [0], [1], [2, 2])).toThrow(ValueError);
    expect(() => sparseCsrTensor([0, 1, 1], [3], [1], [2, 2])).toThrow(/sparseCsrTensor: colIdx\[0\] is 3, expected an integer in \[0, 1\]/);
    expect(() => fromDense(zeros([2, 2, 2]), "csr")).toThrow(/fromDense: dense has shape \[2, 2, 2\], expected 2 dims for layout "csr"/);
    expect(() => fromDense(zeros([2], { dtype: "bool" }))).toThrow(DTypeError);
    expect(() => fromDense(zeros([2], { dtype: "bool" }))).toThrow(/fromDense: dense has dtype bool, expected one of float32, float64, int32/);
    expect(() => toDense({} as SparseCOOTensor)).toThrow(/toDense: sp is \{\}, expected a SparseCOOTensor or SparseCSRTensor/);
  });
});

describe("sparse-dense products equal the dense ones", () => {
  it("sparse @ dense and dense @ sparse equal matmul on the dense form", () => {
    fc.assert(
      fc.property(mats, ({ r, c, n, density, seed }) => {
        const s = sparseDense(r, c, density, seed);
        const right = tensor(uniform(c * n, seed + 2), { shape: [c, n] });
        const left = tensor(uniform(n * r, seed + 3), { shape: [n, r] });
        for (const layout of ["coo", "csr"] as const) {
          const sp = fromDense(s, layout);
          sameValues(sparseMatmul(sp, right), matmul(s, right));
          sameValues(sparseMatmul(left, sp), matmul(left, s));
        }
      }),
      { numRuns: 80 },
    );
  });

  it("handles vectors on either side", () => {
    const sp = fromDense(tensor([[1, 0], [0, 2], [3, 0]]), "csr");
    expect(sparseMatmul(sp, tensor([1, 1])).toArray()).toEqual([1, 2, 3]);
    expect(sparseMatmul(tensor([1, 1, 1]), sp).toArray()).toEqual([4, 2]);
  });

  it("spikePropagate adds the stored rows of the spiking neurons (bool spikes)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 1e9 }), (B, nPre, nPost, seed) => {
        const w = sparseDense(nPre, nPost, 0.3, seed);
        const u = uniform(B * nPre, seed + 5);
        const spikes = tensor(Array.from(u, (x) => x > 0.6), { shape: [B, nPre] });
        sameValues(spikePropagate(spikes, fromDense(w, "csr")), matmul(spikes.float(), w));
      }),
      { numRuns: 60 },
    );
  });

  it("rejects mismatched operands", () => {
    const sp = fromDense(tensor([[1, 0], [0, 2], [3, 0]]), "csr");
    expect(() => sparseMatmul(sp, zeros([3, 2]))).toThrow(ShapeError);
    expect(() => sparseMatmul(sp, zeros([3, 2]))).toThrow(/sparseMatmul: b has shape \[3, 2\], expected \[2, \*\] or \[2\] to match a's shape \[3, 2\]/);
    expect(() => sparseMatmul(zeros([2, 2]), sp)).toThrow(/sparseMatmul: a has shape \[2, 2\], expected \[\*, 3\] or \[3\] to match b's shape \[3, 2\]/);
    expect(() => sparseMatmul(sp, zeros([2, 2], { dtype: "float64" }))).toThrow(/sparseMatmul: b has dtype float64, expected float32 to match a/);
    expect(() => sparseMatmul(sp, sp)).toThrow(/sparseMatmul: a and b are both sparse, expected one sparse and one dense Tensor/);
    expect(() => sparseMatmul(fromDense(tensor([[1]], { dtype: "int32" })), tensor([[1]], { dtype: "int32" }))).toThrow(/sparseMatmul: a has dtype int32, expected float32 or float64/);
    expect(() => spikePropagate(zeros([1, 2]), sp)).toThrow(/spikePropagate: spikes has shape \[1, 2\], expected \[B, 3\] to match w's shape \[3, 2\]/);
  });
});
