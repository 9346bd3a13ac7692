import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError, ValueError } from "../../../src/errors.js";
import * as ops from "../../../src/tensor/ops/index.js";
import { arange, full, tensor, zeros } from "../../../src/tensor/creation.js";
import { Tensor } from "../../../src/tensor/tensor.js";

const f32 = (xs: number[]): number[] => xs.map(Math.fround);

/** A random float32 tensor of a shape drawn from small dims. */
const arbShape = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 });
function randTensor(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 10);
  return tensor(vals, { shape });
}
/** Drops some dims to 1 or removes leading dims, so the result broadcasts against `shape`. */
function broadcastable(shape: number[], mask: number): number[] {
  const s = shape.map((d, i) => ((mask >> i) & 1 ? 1 : d));
  return s.slice((mask >> 4) % (s.length + 1));
}

describe("elementwise arithmetic", () => {
  it("adds with broadcasting and rounds float32 once per op", () => {
    const a = tensor([[1, 2, 3]]);
    const b = tensor([[0.1], [0.2]]);
    const r = ops.add(a, b);
    expect(r.shape).toEqual([2, 3]);
    expect(r.toFlatArray()).toEqual(f32([1 + Math.fround(0.1), 2 + Math.fround(0.1), 3 + Math.fround(0.1), 1 + Math.fround(0.2), 2 + Math.fround(0.2), 3 + Math.fround(0.2)]));
  });

  it("divides integers into float32 (true division) and keeps int32 for integer mul", () => {
    const a = tensor([7, -7, 1], { dtype: "int32" });
    const d = ops.div(a, 2);
    expect(d.dtype).toBe("float32");
    expect(d.toFlatArray()).toEqual([3.5, -3.5, 0.5]);
    const m = ops.mul(a, 3);
    expect(m.dtype).toBe("int32");
    expect(m.toFlatArray()).toEqual([21, -21, 3]);
    expect(ops.mul(a, 2.5).dtype).toBe("float32");
  });

  it("is commutative under broadcasting (add, mul, maximum, eq)", () => {
    fc.assert(
      fc.property(arbShape, fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 100 }), (shape, mask, seed) => {
        const a = randTensor(shape, seed);
        const b = randTensor(broadcastable(shape, mask), seed + 1);
        for (const op of [ops.add, ops.mul, ops.maximum, ops.eq] as const) {
          const ab = op(a, b);
          const ba = op(b, a);
          expect(ab.shape).toEqual(ba.shape);
          expect(ab.toFlatArray()).toEqual(ba.toFlatArray());
        }
      }),
      { numRuns: 60 },
    );
  });

  it("gives the same values on strided views as on contiguous copies", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 50 }), (r, c, seed) => {
        const a = randTensor([r, c], seed);
        const b = randTensor([c, r], seed + 3);
        const viewSum = ops.sub(a, b.t());
        const copySum = ops.sub(a, b.t().contiguous());
        expect(viewSum.toFlatArray()).toEqual(copySum.toFlatArray());
      }),
      { numRuns: 40 },
    );
  });

  it("never mutates its arguments", () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([4, 5, 6]);
    ops.add(a, b);
    ops.clamp(a, 0, 1);
    ops.maskedFill(a, tensor([true, false, true]), 0);
    expect(a.toFlatArray()).toEqual([1, 2, 3]);
    expect(b.toFlatArray()).toEqual([4, 5, 6]);
  });

  it("computes float16 in float32 and stores half", () => {
    const h = tensor([1, 3], { dtype: "float16" });
    const r = ops.mul(h, 0.1);
    expect(r.dtype).toBe("float16");
    // torch: the scalar is cast to half first (0.0999755859375), then the product rounds to half
    expect(r.toFlatArray()).toEqual([0.0999755859375, 0.2998046875]);
  });
});

describe("in-place ops", () => {
  it("add_ writes through a transposed view and keeps the destination dtype", () => {
    const base = arange(0, 6, 1, { dtype: "float32" }).reshape([2, 3]);
    const v = base.t();
    ops.add_(v, tensor([10, 20]));
    expect(base.toArray()).toEqual([[10, 11, 12], [23, 24, 25]]);
    const h = tensor([1, 2], { dtype: "float16" });
    ops.add_(h, tensor([0.5, 0.25]));
    expect(h.dtype).toBe("float16");
    expect(h.toFlatArray()).toEqual([1.5, 2.25]);
  });

  it("mul_, sub_ and div_ return the destination itself", () => {
    const t = tensor([2, 4, 8]);
    expect(ops.mul_(t, 2)).toBe(t);
    expect(ops.sub_(t, tensor([1, 1, 1]), 2)).toBe(t);
    expect(ops.div_(t, 2)).toBe(t);
    expect(t.toFlatArray()).toEqual([1, 3, 7]);
  });

  it("reads an operand that overlaps the destination as it was before the op", () => {
    const a = tensor([[1, 2], [3, 4]]);
    ops.add_(a, a.t());
    expect(a.toArray()).toEqual([[2, 5], [5, 8]]);
    const v = arange(0, 5, 1, { dtype: "float32" });
    ops.sub_(v.narrow(0, 1, 4), v.narrow(0, 0, 4));
    expect(v.toFlatArray()).toEqual([0, 1, 1, 1, 1]);
  });

  it("rejects a result dtype that cannot be cast back and a result shape that differs", () => {
    const i = zeros([3], { dtype: "int32" });
    expect(() => ops.add_(i, 0.5)).toThrow(DTypeError);
    expect(() => ops.add_(i, 0.5)).toThrow("add_: result dtype float32 can't be cast to self's dtype int32");
    expect(() => ops.div_(i, 2)).toThrow(DTypeError);
    expect(() => ops.add_(zeros([3]), zeros([2, 3]))).toThrow(ShapeError);
    expect(() => ops.add_(zeros([3]), zeros([2, 3]))).toThrow("add_: other has shape [2, 3], expected a shape that broadcasts to self's [3] (result would be [2, 3])");
  });
});

describe("bad input", () => {
  it("names op, arguments and shapes on a shape mismatch", () => {
    expect(() => ops.mul(zeros([2, 3]), zeros([4]))).toThrow(ShapeError);
    expect(() => ops.mul(zeros([2, 3]), zeros([4]))).toThrow("mul: a has shape [2, 3], b has shape [4]");
  });

  it("rejects bool subtraction and negation, and negative integer powers", () => {
    const b = full([2], true);
    expect(() => ops.sub(b, b)).toThrow(DTypeError);
    expect(() => ops.sub(zeros([2]), true)).toThrow("sub: b is bool, expected a numeric dtype");
    expect(() => ops.neg(b)).toThrow("neg: input has dtype bool, expected a numeric dtype");
    expect(() => ops.pow(zeros([2], { dtype: "int32" }), -1)).toThrow("pow: exponent is -1, expected a non-negative integer for integer tensors (dtype int32)");
  });

  it("rejects non-tensor operands, missing clamp bounds and non-integer alpha on integers", () => {
    expect(() => ops.add(1, 2)).toThrow(ValueError);
    expect(() => ops.add(zeros([2]), "x" as unknown as number)).toThrow('add: b is "x", expected a Tensor or a number');
    expect(() => ops.add(zeros([2], { dtype: "int32" }), zeros([2], { dtype: "int32" }), 0.5)).toThrow(DTypeError);
    expect(() => ops.remainder(tensor([1, 2], { dtype: "int32" }), 0)).toThrow("remainder: b has a zero element");
  });
});
