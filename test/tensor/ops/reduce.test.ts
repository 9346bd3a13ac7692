import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTypeError, IndexError } from "../../../src/errors.js";
import * as ops from "../../../src/tensor/ops/index.js";
import { tensor, zeros } from "../../../src/tensor/creation.js";

const arbInts = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }))
  .chain(([a, b, c]) => fc.tuple(fc.constant([a, b, c]), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: a * b * c, maxLength: a * b * c })));

describe("reductions", () => {
  it("sum over any dims then the rest equals the total (int32, exact)", () => {
    fc.assert(
      fc.property(arbInts, ([shape, vals]) => {
        const t = tensor(vals, { shape, dtype: "int32" });
        const total = vals.reduce((a, b) => a + b, 0);
        for (const dims of [[0], [1, 2], [-1], [0, 2]]) {
          const part = ops.sum(t, dims);
          expect(ops.sum(part).item()).toBe(total);
          const kept = ops.sum(t, dims, true);
          expect(kept.ndim).toBe(3);
          expect(kept.toFlatArray()).toEqual(part.toFlatArray());
        }
      }),
      { numRuns: 50 },
    );
  });

  it("max values sit at their indices, and argmax agrees with max's indices", () => {
    fc.assert(
      fc.property(arbInts, ([shape, vals]) => {
        const t = tensor(vals, { shape, dtype: "int32" });
        for (const d of [0, 1, -1]) {
          const { values, indices } = ops.max(t, d);
          expect(ops.argmax(t, d).toFlatArray()).toEqual(indices.toFlatArray());
          const picked = ops.gather(t, d, indices.unsqueeze(d)).squeeze(d);
          expect(picked.toFlatArray()).toEqual(values.toFlatArray());
          expect(ops.all(ops.ge(values.unsqueeze(d), t)).item()).toBe(1);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("mean equals sum / count and norm(p=1) equals the sum of |x|", () => {
    const t = tensor([[1, -2, 3], [4, 5, -6]], { dtype: "float64" });
    expect(ops.mean(t, 1).toFlatArray()).toEqual([2 / 3, 1]);
    expect(ops.norm(t, 1, 0).toFlatArray()).toEqual([5, 7, 9]);
    expect(ops.norm(t).item()).toBeCloseTo(Math.sqrt(91), 12);
    expect(ops.norm(t, Infinity).item()).toBe(6);
  });

  it("returns int32 sums for bool input and reduces a 0-d tensor over dim 0", () => {
    const b = tensor([[true, false, true], [true, true, true]]);
    const s = ops.sum(b, 1);
    expect(s.dtype).toBe("int32");
    expect(s.toFlatArray()).toEqual([2, 3]);
    expect(ops.sum(tensor(2.5), 0).item()).toBe(2.5);
    expect(ops.cumsum(tensor([1, 2, 3], { dtype: "int32" }), 0).toFlatArray()).toEqual([1, 3, 6]);
  });

  it("rejects integer mean, integer norm, dims out of range and empty max", () => {
    const i = zeros([2, 3], { dtype: "int32" });
    expect(() => ops.mean(i)).toThrow(DTypeError);
    expect(() => ops.mean(i)).toThrow("mean: input has dtype int32, expected a floating dtype (float16, float32, float64)");
    expect(() => ops.norm(i)).toThrow(DTypeError);
    expect(() => ops.sum(i, 2)).toThrow(IndexError);
    expect(() => ops.sum(i, 2)).toThrow("sum: dim is 2, expected integers in [-2, 1] for a tensor of 2 dims");
    expect(() => ops.sum(i, [0, -2])).toThrow("sum: dim is [0, -2], expected distinct dims (dim 0 repeats)");
    expect(() => ops.max(zeros([0, 3]), 0)).toThrow("max: input has shape [0, 3], expected a non-empty dim 0 to reduce");
    expect(() => ops.argmin(zeros([0]))).toThrow(IndexError);
  });
});
