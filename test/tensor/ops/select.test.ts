import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError, ValueError } from "../../../src/errors.js";
import * as ops from "../../../src/tensor/ops/index.js";
import { full, tensor, zeros } from "../../../src/tensor/creation.js";

describe("where, clamp, maskedFill", () => {
  it("where(c, a, b) equals a*c + b*(1-c) for finite values", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -9, max: 9 }), fc.integer({ min: -9, max: 9 })), { minLength: 1, maxLength: 12 }), (rows) => {
        const c = tensor(rows.map((r) => r[0]));
        const a = tensor(rows.map((r) => r[1]), { dtype: "int32" });
        const b = tensor(rows.map((r) => r[2]), { dtype: "int32" });
        const w = ops.where(c, a, b);
        const cf = c.to("int32");
        const mix = ops.add(ops.mul(a, cf), ops.mul(b, ops.sub(1, cf)));
        expect(w.dtype).toBe("int32");
        expect(w.toFlatArray()).toEqual(mix.toFlatArray());
      }),
      { numRuns: 50 },
    );
  });

  it("clamp keeps values within the bounds and is idempotent", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 10 }), fc.double({ min: -10, max: 0, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (xs, lo, hi) => {
        const t = tensor(xs, { dtype: "float64" });
        const c = ops.clamp(t, lo, hi);
        for (const v of c.toFlatArray()) expect(v >= lo && v <= hi).toBe(true);
        expect(ops.clamp(c, lo, hi).toFlatArray()).toEqual(c.toFlatArray());
      }),
      { numRuns: 50 },
    );
  });

  it("clamp_ and maskedFill_ modify in place", () => {
    const t = tensor([-2, 0.5, 3]);
    ops.clamp_(t, -1, 1);
    expect(t.toFlatArray()).toEqual([-1, 0.5, 1]);
    ops.maskedFill_(t, tensor([false, true, false]), 9);
    expect(t.toFlatArray()).toEqual([-1, 9, 1]);
    ops.maskedFill_(t, tensor([true, false, false]), tensor(4));
    expect(t.toFlatArray()).toEqual([4, 9, 1]);
  });

  it("maskedFill broadcasts the input against the mask, like torch", () => {
    const r = ops.maskedFill(tensor([1, 2]), full([2, 2], true).narrow(1, 0, 1), 0);
    expect(r.shape).toEqual([2, 2]);
    expect(r.toFlatArray()).toEqual([0, 0, 0, 0]);
  });

  it("rejects non-bool masks and conditions, bad shapes, missing bounds and bad fill values", () => {
    const u = zeros([3], { dtype: "uint8" });
    expect(() => ops.where(u, zeros([3]), 1)).toThrow(DTypeError);
    expect(() => ops.where(u, zeros([3]), 1)).toThrow("where: condition has dtype uint8, expected bool");
    expect(() => ops.where(full([2], true), zeros([3]), zeros([2]))).toThrow("where: condition has shape [2], input has shape [3], other has shape [2]");
    expect(() => ops.maskedFill(zeros([3]), u, 1)).toThrow("maskedFill: mask has dtype uint8, expected bool");
    expect(() => ops.maskedFill_(zeros([3]), full([2, 3], true), 1)).toThrow(ShapeError);
    expect(() => ops.maskedFill(zeros([2]), full([2], true), zeros([2]))).toThrow("maskedFill: value has shape [2], expected a 0-d tensor or a number");
    expect(() => ops.clamp(zeros([2]))).toThrow(ValueError);
    expect(() => ops.clamp(zeros([2]))).toThrow("clamp: min and max are both missing, expected at least one bound");
    expect(() => ops.clamp(zeros([2]), zeros([3]))).toThrow(ShapeError);
    expect(() => ops.clamp_(zeros([2], { dtype: "int32" }), 0.5, null)).toThrow("clamp_: result dtype float32 can't be cast to self's dtype int32");
    expect(() => ops.clamp_(zeros([2]), zeros([3, 2]))).toThrow("clamp_: bounds broadcast the result to [3, 2], expected self's shape [2]");
  });
});
