import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTypeError, IndexError, ShapeError } from "../../../src/errors.js";
import * as ops from "../../../src/tensor/ops/index.js";
import { arange, tensor, zeros } from "../../../src/tensor/creation.js";

describe("indexing", () => {
  it("scatter of a permutation then gather with it restores the source", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1000 }), (n, rows, seed) => {
        const perm: number[] = [];
        for (let r = 0; r < rows; r++) {
          const p = Array.from({ length: n }, (_, i) => i);
          for (let i = n - 1; i > 0; i--) {
            const j = (seed * 31 + r * 7 + i * 13) % (i + 1);
            [p[i], p[j]] = [p[j]!, p[i]!];
          }
          perm.push(...p);
        }
        const idx = tensor(perm, { dtype: "int32", shape: [rows, n] });
        const src = arange(0, rows * n, 1, { dtype: "float32" }).reshape([rows, n]);
        const scattered = ops.scatter(zeros([rows, n]), 1, idx, src);
        expect(ops.gather(scattered, 1, idx).toFlatArray()).toEqual(src.toFlatArray());
      }),
      { numRuns: 40 },
    );
  });

  it("scatterAdd accumulates repeated indices like a histogram", () => {
    const idx = tensor([0, 2, 2, 2, 1], { dtype: "int32" });
    const h = ops.scatterAdd(zeros([3], { dtype: "int32" }), 0, idx, tensor([1, 1, 1, 1, 1], { dtype: "int32" }));
    expect(h.toFlatArray()).toEqual([1, 1, 3]);
  });

  it("indexBool and setByMask_ select and write the same rows", () => {
    const t = arange(0, 6, 1, { dtype: "float32" }).reshape([3, 2]);
    const m = tensor([true, false, true]);
    expect(ops.indexBool(t, m).toArray()).toEqual([[0, 1], [4, 5]]);
    ops.setByMask_(t, m, tensor([-1, -2]));
    expect(t.toArray()).toEqual([[-1, -2], [2, 3], [-1, -2]]);
    expect(ops.maskedSelect(t, tensor([true, false])).toFlatArray()).toEqual([-1, 2, -1]);
  });

  it("accepts number arrays as indices and indexDim takes negative indices", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(ops.indexSelect(t, 1, [2, 0]).toArray()).toEqual([[3, 1], [6, 4]]);
    expect(ops.indexDim(t, 1, [-1]).toArray()).toEqual([[3], [6]]);
    expect(ops.take(t, [-1, 0]).toFlatArray()).toEqual([6, 1]);
    expect(ops.nonzero(tensor([[0, 1], [2, 0]])).toArray()).toEqual([[0, 1], [1, 0]]);
  });

  it("writes scatter_ through a non-contiguous view", () => {
    const base = zeros([3, 2]);
    ops.scatter_(base.t(), 1, tensor([[2], [0]], { dtype: "int32" }), 5);
    expect(base.toArray()).toEqual([[0, 5], [0, 0], [5, 0]]);
  });

  it("rejects out-of-range indices, non-int32 indices, non-bool masks and bad shapes", () => {
    const t = zeros([2, 3]);
    expect(() => ops.indexSelect(t, 1, [3])).toThrow(IndexError);
    expect(() => ops.indexSelect(t, 1, [3])).toThrow("indexSelect: index 3 is out of range, expected an integer in [0, 2] for dim 1 of size 3");
    expect(() => ops.indexSelect(t, 1, [-1])).toThrow(IndexError);
    expect(() => ops.indexSelect(t, 1, tensor([0]))).toThrow("indexSelect: index has dtype float32, expected int32");
    expect(() => ops.gather(t, 1, tensor([0, 1], { dtype: "int32" }))).toThrow("gather: index has shape [2], expected 2 dims like input [2, 3]");
    expect(() => ops.gather(t, 0, tensor([[0, 0, 0, 0]], { dtype: "int32" }))).toThrow("gather: index has shape [1, 4], expected size <= 3 in dim 1 (input [2, 3])");
    expect(() => ops.scatter(t, 1, tensor([[0]], { dtype: "int32" }), zeros([1, 1], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => ops.maskedSelect(t, zeros([3], { dtype: "uint8" }))).toThrow("maskedSelect: mask has dtype uint8, expected bool");
    expect(() => ops.indexBool(t, tensor([true, false, true]))).toThrow("indexBool: mask has shape [3], expected the leading dims of input [2, 3]");
    expect(() => ops.setByMask_(t, tensor([true, true]), zeros([3, 3]))).toThrow(ShapeError);
    expect(() => ops.take(t, [6])).toThrow(IndexError);
  });
});
