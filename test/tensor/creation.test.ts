import { describe, expect, it } from "vitest";
import type { DType } from "../../src/backend/dtype.js";
import { DTypeError, ShapeError, ValueError } from "../../src/errors.js";
import { arange, empty, eye, full, fullLike, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike } from "../../src/tensor/creation.js";
import { expectTensor, loadCases } from "./ops/torch-fixtures.js";

const num = (v: unknown): unknown => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);

describe("creation matches torch 1.13 (ops_creation.json)", () => {
  const cases = loadCases("ops_creation");
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const a = c.args.map((x) => {
      const v = (x as { v: unknown }).v;
      return Array.isArray(v) ? v.map(num) : num(v);
    });
    const dtype = a[a.length - 1] as DType;
    const f = {
      linspace: () => linspace(a[0] as number, a[1] as number, a[2] as number, { dtype }),
      arange: () => arange(a[0] as number, a[1] as number, a[2] as number, { dtype }),
      eye: () => eye(a[0] as number, a[1] as number, { dtype }),
      full: () => full(a[0] as number[], a[1] as number, { dtype }),
      tensor: () => tensor(a[0] as number[], { dtype }),
    }[c.op]!;
    // torch's vectorised range kernels accumulate float32 rounding of the step (and depend on
    // the CPU's vector width); ours rounds once per element, so allow a few ulps of the range.
    expectTensor(f(), c.expected.t!, c.tol === "approx", c.name, 4);
  });
});

describe("tensor()", () => {
  it("infers shape and dtype from nested arrays like torch", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(tensor([true, false]).dtype).toBe("bool");
    expect(tensor([]).dtype).toBe("float32");
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor(2.5).shape).toEqual([]);
    expect(tensor(new Int32Array([1, 2])).dtype).toBe("int32");
    expect(tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it("copies its data", () => {
    const src = new Float32Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.toFlatArray()).toEqual([1, 2]);
  });

  it("rejects ragged nesting, bad dtypes and shapes that do not hold the data", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow("tensor: data[1] has length 1, expected an array of length 2 (ragged nesting)");
    expect(() => tensor([1], { dtype: "int64" as DType })).toThrow(DTypeError);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow("tensor: shape [2, 2] holds 4 elements, expected 3 to match data");
    expect(() => tensor("abc" as unknown as number)).toThrow(ValueError);
  });
});

describe("filled tensors and ranges", () => {
  it("zeros, ones, full, empty and the *Like forms", () => {
    expect(zeros([2, 2], { dtype: "int32" }).toFlatArray()).toEqual([0, 0, 0, 0]);
    expect(ones([3], { dtype: "float16" }).toFlatArray()).toEqual([1, 1, 1]);
    expect(full([2], true).dtype).toBe("bool");
    expect(empty([0, 3]).numel()).toBe(0);
    const base = tensor([1, 2], { dtype: "uint8" });
    expect(zerosLike(base).dtype).toBe("uint8");
    expect(onesLike(base, { dtype: "float64" }).dtype).toBe("float64");
    expect(fullLike(base, 7).toFlatArray()).toEqual([7, 7]);
    expect(scalar(3).ndim).toBe(0);
  });

  it("arange counts from 0 with one argument and gives int32 for integer arguments", () => {
    const t = arange(4);
    expect(t.dtype).toBe("int32");
    expect(t.toFlatArray()).toEqual([0, 1, 2, 3]);
    expect(arange(0, 1, 0.25).dtype).toBe("float32");
  });

  it("rejects bad sizes, zero steps and wrong step signs", () => {
    expect(() => zeros([2, -1])).toThrow("zeros: shape is [2, -1], expected an array of non-negative integers");
    expect(() => arange(0, 5, 0)).toThrow("arange: step is 0, expected a non-zero number");
    expect(() => arange(5, 0, 1)).toThrow(ValueError);
    expect(() => linspace(0, 1, -1)).toThrow("linspace: steps is -1, expected a non-negative integer");
    expect(() => eye(-1)).toThrow("eye: n is -1, expected a non-negative integer");
  });
});
