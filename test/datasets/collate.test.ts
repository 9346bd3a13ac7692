import { describe, expect, it } from "vitest";
import { defaultCollate, stackTensors, timeAwareCollate } from "../../src/datasets/collate.js";
import { ShapeError, ValueError } from "../../src/errors.js";
import { arange, scalar, tensor } from "../../src/tensor/creation.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("timeAwareCollate", () => {
  it("stacks [T, ...] tensors along dim 1 into [T, B, ...]", () => {
    const a = arange(0, 6).reshape([3, 2]);
    const b = arange(10, 16).reshape([3, 2]);
    const out = timeAwareCollate([a, b]) as Tensor;
    expect(out.shape).toEqual([3, 2, 2]);
    expect(out.toArray()).toEqual([
      [[0, 1], [10, 11]],
      [[2, 3], [12, 13]],
      [[4, 5], [14, 15]],
    ]);
  });

  it("turns 0-d tensors into [1, B, 1] and 1-d [T] tensors into [T, B, 1]", () => {
    expect((timeAwareCollate([scalar(1), scalar(2), scalar(3)]) as Tensor).shape).toEqual([1, 3, 1]);
    const out = timeAwareCollate([tensor([1, 2]), tensor([3, 4])]) as Tensor;
    expect(out.shape).toEqual([2, 2, 1]);
    expect(out.toArray()).toEqual([[[1], [3]], [[2], [4]]]);
  });

  it("collates dataset items per key: images [1, B, ...], labels [B] int32", () => {
    const items = [0, 1, 2].map((i) => ({ image: arange(i, i + 4).reshape([1, 2, 2]), label: i, name: `n${i}` }));
    const out = timeAwareCollate(items) as { image: Tensor; label: Tensor; name: string[] };
    expect(out.image.shape).toEqual([1, 3, 2, 2]);
    expect(out.image.get(0, 2, 1, 1)).toBe(5);
    expect(out.label.dtype).toBe("int32");
    expect(out.label.toFlatArray()).toEqual([0, 1, 2]);
    expect(out.name).toEqual(["n0", "n1", "n2"]);
  });

  it("gives float64 for non-integers, bool for booleans, transposes arrays", () => {
    expect((timeAwareCollate([0.5, 1]) as Tensor).dtype).toBe("float64");
    const bools = timeAwareCollate([true, false]) as Tensor;
    expect([bools.dtype, bools.toFlatArray()]).toEqual(["bool", [1, 0]]);
    const pairs = timeAwareCollate([[1, "a"], [2, "b"]]) as [Tensor, string[]];
    expect(pairs[0].toFlatArray()).toEqual([1, 2]);
    expect(pairs[1]).toEqual(["a", "b"]);
  });

  it("reads non-contiguous tensors correctly and never mutates inputs", () => {
    const a = arange(0, 6).reshape([2, 3]).t(); // [3, 2], non-contiguous
    const before = a.toArray();
    const out = defaultCollate([a, a]) as Tensor;
    expect(out.shape).toEqual([2, 3, 2]);
    expect(out.select(0, 1).toArray()).toEqual(before);
    expect(a.toArray()).toEqual(before);
  });

  it("rejects mismatched shapes, dtypes, kinds and keys", () => {
    expect(() => timeAwareCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(ShapeError);
    expect(() => timeAwareCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(/timeAwareCollate: batch\[1\] has shape \[3\], expected \[2\] like batch\[0\]/);
    expect(() => defaultCollate([tensor([1]), tensor([1], { dtype: "int32" })])).toThrow(/batch\[1\] has dtype int32, expected float32/);
    expect(() => timeAwareCollate([1, "a"])).toThrow(/batch\[1\] is string, expected number/);
    expect(() => timeAwareCollate([{ a: 1 }, { b: 1 }])).toThrow(/batch\[1\] lacks key "a"/);
    expect(() => timeAwareCollate([])).toThrow(ValueError);
    expect(() => timeAwareCollate([() => 1])).toThrow(/expected a Tensor, number, boolean, string, array or plain object/);
  });
});

describe("defaultCollate / stackTensors", () => {
  it("stacks along a new dim 0", () => {
    const out = stackTensors("t", [tensor([[1, 2]]), tensor([[3, 4]])], 0);
    expect(out.shape).toEqual([2, 1, 2]);
    expect(out.toArray()).toEqual([[[1, 2]], [[3, 4]]]);
  });
});
