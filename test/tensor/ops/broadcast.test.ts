import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { broadcastShape, broadcastShapes, canCast, resultType } from "../../../src/tensor/ops/broadcast.js";
import { scalar, tensor, zeros } from "../../../src/tensor/creation.js";

describe("broadcastShapes", () => {
  it("aligns shapes from the right and stretches size-1 dims", () => {
    expect(broadcastShapes("op", [[3, 1], [1, 4]])).toEqual([3, 4]);
    expect(broadcastShapes("op", [[2, 3, 4], [3, 1]])).toEqual([2, 3, 4]);
    expect(broadcastShapes("op", [[], [2, 3]])).toEqual([2, 3]);
    expect(broadcastShapes("op", [[0, 3], [1, 3]])).toEqual([0, 3]);
    expect(broadcastShapes("op", [[2, 0, 1], [3]])).toEqual([2, 0, 3]);
    expect(broadcastShapes("op", [[5], [1], [2, 1]])).toEqual([2, 5]);
  });

  it("names the op, both shapes and the clashing dim when shapes do not broadcast", () => {
    expect(() => broadcastShape("add", [3, 4], [3], "a", "b")).toThrow(ShapeError);
    expect(() => broadcastShape("add", [3, 4], [3], "a", "b")).toThrow(
      "add: a has shape [3, 4], b has shape [3]; expected shapes that broadcast (dim -1 is 4 vs 3, expected equal or 1)",
    );
    expect(() => broadcastShape("add", [0], [2])).toThrow(ShapeError);
  });

  it("is commutative and every input shape broadcasts to the result", () => {
    const shape = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 });
    fc.assert(
      fc.property(shape, shape, (a, b) => {
        let ab: number[] | null = null;
        let ba: number[] | null = null;
        try {
          ab = broadcastShapes("p", [a, b]);
        } catch {
          ab = null;
        }
        try {
          ba = broadcastShapes("p", [b, a]);
        } catch {
          ba = null;
        }
        expect(ab).toEqual(ba);
        if (ab) {
          expect(ab.length).toBe(Math.max(a.length, b.length));
          for (const s of [a, b]) {
            s.forEach((d, i) => {
              const o = ab![ab!.length - s.length + i]!;
              expect(d === o || d === 1).toBe(true);
            });
          }
        }
      }),
    );
  });
});

describe("resultType", () => {
  it("promotes tensors like torch.result_type", () => {
    const f = zeros([2]);
    const i = zeros([2], { dtype: "int32" });
    const u = zeros([2], { dtype: "uint8" });
    const b = zeros([2], { dtype: "bool" });
    const h = zeros([2], { dtype: "float16" });
    expect(resultType(u, i)).toBe("int32");
    expect(resultType(i, f)).toBe("float32");
    expect(resultType(b, b)).toBe("bool");
    expect(resultType(h, f)).toBe("float32");
    expect(resultType(f, zeros([2], { dtype: "float64" }))).toBe("float64");
  });

  it("lets numbers and 0-d tensors lift only the category", () => {
    const i = zeros([2], { dtype: "int32" });
    const u = zeros([2], { dtype: "uint8" });
    const f = zeros([2]);
    expect(resultType(i, 2.5)).toBe("float32");
    expect(resultType(u, 300)).toBe("uint8");
    expect(resultType(zeros([2], { dtype: "bool" }), 1)).toBe("int32");
    expect(resultType(zeros([2], { dtype: "bool" }), true)).toBe("bool");
    expect(resultType(f, scalar(1, { dtype: "float64" }))).toBe("float32");
    expect(resultType(i, scalar(1, { dtype: "float64" }))).toBe("float64");
    expect(resultType(u, scalar(1, { dtype: "int32" }))).toBe("uint8");
    expect(resultType(zeros([2], { dtype: "float16" }), 0.1)).toBe("float16");
    expect(resultType(tensor([1, 2]))).toBe("float32");
  });

  it("canCast refuses float into integer and number into bool", () => {
    expect(canCast("float32", "int32")).toBe(false);
    expect(canCast("int32", "bool")).toBe(false);
    expect(canCast("int32", "uint8")).toBe(true);
    expect(canCast("float64", "float16")).toBe(true);
    expect(canCast("bool", "uint8")).toBe(true);
  });
});
