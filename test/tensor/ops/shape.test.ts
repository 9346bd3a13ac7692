import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IndexError, ShapeError, ValueError } from "../../../src/errors.js";
import * as ops from "../../../src/tensor/ops/index.js";
import { arange, tensor, zeros } from "../../../src/tensor/creation.js";

describe("shape ops", () => {
  it("cat then split is the identity", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 1 }), (sizes, dim) => {
        const parts = sizes.map((s, k) => {
          const shape = dim === 0 ? [s, 3] : [3, s];
          return ops.add(arange(0, s * 3, 1, { dtype: "int32" }).reshape(shape), k * 100);
        });
        const joined = ops.cat(parts, dim);
        expect(joined.shape[dim]).toBe(sizes.reduce((a, b) => a + b, 0));
        const back = ops.split(joined, sizes, dim);
        back.forEach((p, k) => {
          expect(p.shape).toEqual(parts[k]!.shape);
          expect(p.toFlatArray()).toEqual(parts[k]!.toFlatArray());
        });
      }),
      { numRuns: 50 },
    );
  });

  it("stack equals cat of unsqueezed tensors, and chunk covers the dim", () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    expect(ops.stack([a, b], 1).toArray()).toEqual([[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
    const parts = ops.chunk(arange(0, 7, 1), 3);
    expect(parts.map((p) => p.toFlatArray())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it("split returns views that share storage", () => {
    const t = zeros([4, 2]);
    const [first] = ops.split(t, 2);
    first!.fill_(1);
    expect(t.toFlatArray()).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it("repeat, tile, flip and roll", () => {
    const v = tensor([1, 2]);
    expect(ops.repeat(v, [2, 2]).toArray()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    expect(ops.tile(tensor([[1], [2]]), [2]).toArray()).toEqual([[1, 1], [2, 2]]);
    expect(ops.flip(tensor([[1, 2], [3, 4]]), [0, 1]).toArray()).toEqual([[4, 3], [2, 1]]);
    expect(ops.roll(tensor([1, 2, 3, 4]), 1).toFlatArray()).toEqual([4, 1, 2, 3]);
    expect(ops.roll(tensor([1, 2, 3, 4]), -5).toFlatArray()).toEqual([2, 3, 4, 1]);
  });

  it("flip twice is the identity and leaves the input untouched", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.subarray([0, 1], { minLength: 1 }), (r, c, dims) => {
        const t = arange(0, r * c, 1).reshape([r, c]);
        const before = t.toFlatArray();
        expect(ops.flip(ops.flip(t, dims), dims).toFlatArray()).toEqual(before);
        expect(t.toFlatArray()).toEqual(before);
      }),
      { numRuns: 30 },
    );
  });

  it("rejects mismatched sizes, bad split sizes and too few repeat sizes", () => {
    expect(() => ops.cat([zeros([2, 3]), zeros([2, 4])], 0)).toThrow(ShapeError);
    expect(() => ops.cat([zeros([2, 3]), zeros([2, 4])], 0)).toThrow("cat: tensors[1] has shape [2, 4], expected size 3 in dim 1 to match [2, 3] (all dims but dim 0)");
    expect(() => ops.cat([], 0)).toThrow(ValueError);
    expect(() => ops.cat([zeros([2])], 1)).toThrow(IndexError);
    expect(() => ops.stack([zeros([2]), zeros([3])])).toThrow("stack: tensors[1] has shape [3], expected [2] like tensors[0]");
    expect(() => ops.split(zeros([5]), [2, 2])).toThrow("split: splitSizes [2, 2] sum to 4, expected 5 (size of dim 0 of [5])");
    expect(() => ops.split(zeros([5]), 0)).toThrow(ValueError);
    expect(() => ops.chunk(zeros([5]), 0)).toThrow("chunk: chunks is 0, expected a positive integer");
    expect(() => ops.repeat(zeros([2, 2]), [2])).toThrow("repeat: sizes [2] has 1 entries, expected at least 2 (the tensor's dims [2, 2])");
    expect(() => ops.roll(zeros([2, 2]), [1, 1], [0])).toThrow(ShapeError);
  });
});
