import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IndexError, ValueError } from "../../../src/errors.js";
import * as ops from "../../../src/tensor/ops/index.js";
import { tensor } from "../../../src/tensor/creation.js";

describe("sort, argsort, topk", () => {
  it("sort gives a sorted permutation whose indices point at the values", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 20 }), fc.boolean(), (xs, desc) => {
        const t = tensor(xs, { dtype: "int32" });
        const { values, indices } = ops.sort(t, 0, desc);
        const v = values.toFlatArray();
        const idx = indices.toFlatArray();
        expect([...idx].sort((a, b) => a - b)).toEqual(xs.map((_, i) => i));
        idx.forEach((k, i) => expect(v[i]).toBe(xs[k]!));
        for (let i = 1; i < v.length; i++) {
          expect(desc ? v[i - 1]! >= v[i]! : v[i - 1]! <= v[i]!).toBe(true);
          // stable: equal values keep their original order
          if (v[i - 1] === v[i]) expect(idx[i - 1]! < idx[i]!).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("topk equals the first k entries of a descending sort", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 15 }), fc.nat(), (xs, kk) => {
        const t = tensor(xs, { dtype: "float64" });
        const k = kk % (xs.length + 1);
        const top = ops.topk(t, k);
        const s = ops.sort(t, 0, true);
        expect(top.values.toFlatArray()).toEqual(s.values.toFlatArray().slice(0, k));
        expect(top.indices.toFlatArray()).toEqual(s.indices.toFlatArray().slice(0, k));
      }),
      { numRuns: 60 },
    );
  });

  it("sorts NaN above every number", () => {
    const t = tensor([1, NaN, -Infinity, 0]);
    expect(ops.sort(t).values.toFlatArray()).toEqual([-Infinity, 0, 1, NaN]);
    expect(ops.argsort(t, 0, true).toFlatArray()).toEqual([1, 0, 3, 2]);
  });

  it("rejects a k out of range and a bad dim", () => {
    const t = tensor([[1, 2, 3]]);
    expect(() => ops.topk(t, 4)).toThrow(ValueError);
    expect(() => ops.topk(t, 4)).toThrow("topk: k is 4, expected an integer in [0, 3] (size of dim -1)");
    expect(() => ops.sort(t, 2)).toThrow(IndexError);
  });
});
