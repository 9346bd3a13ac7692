import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTypeError, IndexError, ShapeError, ValueError } from "../../src/errors.js";
import { arange, tensor, zeros } from "../../src/tensor/creation.js";
import { Tensor, contiguousStrides, fromTypedArray, normalizeDim, readElement, writeElement } from "../../src/tensor/tensor.js";

const grid = (): Tensor => arange(0, 24, 1, { dtype: "float32" }).reshape([2, 3, 4]);

describe("Tensor basics", () => {
  it("reports shape, strides, size and numel", () => {
    const t = grid();
    expect(t.shape).toEqual([2, 3, 4]);
    expect(t.strides).toEqual([12, 4, 1]);
    expect(t.ndim).toBe(3);
    expect(t.numel()).toBe(24);
    expect(t.size()).toEqual([2, 3, 4]);
    expect(t.size(-1)).toBe(4);
    expect(contiguousStrides([])).toEqual([]);
    expect(zeros([]).numel()).toBe(1);
    expect(zeros([3, 0]).numel()).toBe(0);
  });

  it("reads and writes elements with negative indices", () => {
    const t = grid();
    expect(t.get(1, -1, -1)).toBe(23);
    t.set(-5, 0, 1, 2);
    expect(t.get(0, 1, 2)).toBe(-5);
    expect(() => t.get(2, 0, 0)).toThrow(IndexError);
    expect(() => t.get(0, 0)).toThrow("Tensor.get: got 2 indices, expected 3 for shape [2, 3, 4]");
  });

  it("item reads a single element and refuses more", () => {
    expect(tensor(3.5).item()).toBe(3.5);
    expect(tensor([[7]]).item()).toBe(7);
    expect(() => tensor([1, 2]).item()).toThrow("Tensor.item: tensor has shape [2], expected exactly one element");
  });

  it("converts dtypes like torch (truncation, wrap, NaN is true)", () => {
    const t = tensor([2.7, -2.7, 300, NaN, 0]);
    expect(t.to("int32").toFlatArray()).toEqual([2, -2, 300, 0, 0]);
    expect(t.to("uint8").toFlatArray()).toEqual([2, 254, 44, 0, 0]);
    expect(t.to("bool").toArray()).toEqual([true, true, true, true, false]);
    expect(tensor([0.1]).half().toFlatArray()).toEqual([0.0999755859375]);
    expect(tensor([1, 2]).double().dtype).toBe("float64");
    expect(t.to("float32")).toBe(t);
    expect(t.to("float32", true)).not.toBe(t);
    expect(() => t.to("int64" as "int32")).toThrow(DTypeError);
  });

  it("round-trips float16 through readElement/writeElement", () => {
    const d = new Uint16Array(1);
    for (const v of [0, -0, 1, 65504, 6.103515625e-5, 5.960464477539063e-8, -2.5]) {
      writeElement(d, "float16", 0, v);
      expect(Object.is(readElement(d, "float16", 0), v)).toBe(true);
    }
  });

  it("normalizeDim accepts negative dims and names the op on a bad dim", () => {
    expect(normalizeDim("op", -1, 3)).toBe(2);
    expect(normalizeDim("op", 0, 0)).toBe(0);
    expect(() => normalizeDim("op", 3, 3)).toThrow("op: dim is 3, expected an integer in [-3, 2]");
  });

  it("fromTypedArray wraps without copying and checks the size", () => {
    const a = new Float32Array([1, 2, 3, 4]);
    const t = fromTypedArray(a, [2, 2], "float32");
    a[0] = 9;
    expect(t.get(0, 0)).toBe(9);
    expect(() => fromTypedArray(a, [3], "float32")).toThrow(ShapeError);
  });
});

describe("views share storage", () => {
  it("view, reshape, transpose, permute, narrow, select, slice, unsqueeze, expand", () => {
    const t = grid();
    const v = t.view(6, 4);
    v.set(100, 5, 3);
    expect(t.get(1, 2, 3)).toBe(100);
    const tr = t.transpose(0, 2);
    expect(tr.shape).toEqual([4, 3, 2]);
    expect(tr.get(3, 2, 1)).toBe(100);
    expect(tr.isContiguous()).toBe(false);
    expect(t.permute(2, 0, 1).get(1, 1, 0)).toBe(t.get(1, 0, 1));
    expect(t.narrow(1, 1, 2).shape).toEqual([2, 2, 4]);
    expect(t.select(0, 1).get(2, 3)).toBe(100);
    expect(t.slice(2, 1, undefined, 2).toArray()).toEqual([
      [[1, 3], [5, 7], [9, 11]],
      [[13, 15], [17, 19], [21, 100]],
    ]);
    expect(t.slice(2, -2).shape).toEqual([2, 3, 2]);
    expect(t.unsqueeze(-1).shape).toEqual([2, 3, 4, 1]);
    const e = tensor([1, 2, 3]).unsqueeze(0).expand(2, 3);
    expect(e.strides).toEqual([0, 1]);
    expect(e.toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(t.at(-1).get(0, 0)).toBe(12);
  });

  it("reshape of a non-contiguous tensor copies, view refuses", () => {
    const t = grid().transpose(0, 1);
    expect(() => t.view(-1)).toThrow("Tensor.view: tensor of shape [3, 2, 4] is not contiguous; use reshape");
    const r = t.reshape(-1);
    expect(r.toFlatArray()).toEqual(t.toFlatArray());
    expect(() => grid().reshape(5, -1)).toThrow(ShapeError);
    expect(() => grid().reshape(-1, -1)).toThrow("Tensor.reshape: shape [-1, -1] has more than one -1");
  });

  it("flatten, squeeze and t follow torch", () => {
    const t = zeros([2, 1, 3, 1]);
    expect(t.squeeze().shape).toEqual([2, 3]);
    expect(t.squeeze(1).shape).toEqual([2, 3, 1]);
    expect(t.squeeze(0).shape).toEqual([2, 1, 3, 1]);
    expect(t.flatten(1).shape).toEqual([2, 3]);
    expect(tensor(5).flatten().shape).toEqual([1]);
    expect(zeros([2, 3]).t().shape).toEqual([3, 2]);
    expect(() => zeros([2, 3, 4]).t()).toThrow(ShapeError);
  });

  it("the contiguous copy of any permutation lists elements in logical order", () => {
    fc.assert(
      fc.property(fc.constantFrom([0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]), (perm) => {
        const t = grid();
        const p = t.permute(perm);
        const flat = p.toFlatArray();
        const [a, b, c] = p.shape as [number, number, number];
        let k = 0;
        for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let l = 0; l < c; l++) expect(flat[k++]).toBe(p.get(i, j, l));
        expect(p.contiguous().toFlatArray()).toEqual(flat);
        expect(p.clone().isContiguous()).toBe(true);
      }),
    );
  });

  it("rejects bad view arguments with the op name", () => {
    const t = grid();
    expect(() => t.expand(3, 3, 4)).toThrow("Tensor.expand: cannot expand dim 0 of size 2 to 3 (shape [2, 3, 4] to [3, 3, 4])");
    expect(() => t.narrow(2, 3, 2)).toThrow(IndexError);
    expect(() => t.select(1, 3)).toThrow("Tensor.select: index is 3, expected an integer in [-3, 2] for dim 1 of size 3");
    expect(() => t.slice(0, 0, 1, 0)).toThrow(ValueError);
    expect(() => t.permute(0, 0, 1)).toThrow(ShapeError);
    expect(() => t.transpose(0, 3)).toThrow(IndexError);
  });
});

describe("in-place writes", () => {
  it("copy_ broadcasts and converts; fill_ and zero_ work on views", () => {
    const t = zeros([2, 3], { dtype: "int32" });
    t.copy_(tensor([1.9, -2.9, 3]));
    expect(t.toArray()).toEqual([[1, -2, 3], [1, -2, 3]]);
    t.t().select(0, 1).fill_(7);
    expect(t.toArray()).toEqual([[1, 7, 3], [1, 7, 3]]);
    t.narrow(0, 1, 1).zero_();
    expect(t.toArray()).toEqual([[1, 7, 3], [0, 0, 0]]);
    const h = zeros([2], { dtype: "float16" });
    h.fill_(0.1);
    expect(h.toFlatArray()).toEqual([0.0999755859375, 0.0999755859375]);
    const b = zeros([2], { dtype: "bool" });
    b.copy_(tensor([NaN, 0]));
    expect(b.toArray()).toEqual([true, false]);
  });

  it("toString shows values, shape and dtype", () => {
    expect(String(tensor([1, 2], { dtype: "int32" }))).toBe("Tensor([1,2], shape=[2], dtype=int32)");
  });
});
