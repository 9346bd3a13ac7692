import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arange } from "../../../src/tensor/creation.js";
import { loop2, stridedSrc } from "../../../src/tensor/ops/loops.js";

describe("strided loops", () => {
  it("stridedSrc gives 0 strides on broadcast dims and spots flat layouts", () => {
    const m = arange(0, 6, 1, { dtype: "float32" }).reshape([2, 3]);
    expect(stridedSrc(m, [2, 3])).toMatchObject({ strides: [3, 1], flat: true, offset: 0 });
    expect(stridedSrc(m, [4, 2, 3]).strides).toEqual([0, 3, 1]);
    expect(stridedSrc(m.t(), [3, 2]).flat).toBe(false);
    expect(stridedSrc(m.narrow(0, 1, 1), [1, 3])).toMatchObject({ flat: true, offset: 3 });
  });

  it("loop2 over any broadcast layout equals element-by-element evaluation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.constantFrom("add", "sub", "mul", "div", null),
        (a, b, c, transpose, code) => {
          const x = arange(1, a * b * c + 1, 1, { dtype: "float64" }).reshape([a, b, c]);
          const yBase = arange(2, b * c + 2, 1, { dtype: "float64" }).reshape([b, c]);
          const y = transpose ? yBase.t().contiguous().t() : yBase;
          const shape = [a, b, c];
          const out = new Float64Array(a * b * c);
          const fn = code === null ? (p: number, q: number) => p * 10 + q : { add: (p: number, q: number) => p + q, sub: (p: number, q: number) => p - q, mul: (p: number, q: number) => p * q, div: (p: number, q: number) => p / q }[code];
          loop2(out, shape, stridedSrc(x, shape), stridedSrc(y, shape), fn, code);
          let k = 0;
          for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let l = 0; l < c; l++) expect(out[k++]).toBe(fn(x.get(i, j, l), y.get(j, l)));
          const outS = new Float64Array(a * b * c);
          loop2(outS, shape, stridedSrc(x, shape), 3, fn, code);
          expect(outS[outS.length - 1]).toBe(fn(x.get(a - 1, b - 1, c - 1), 3));
        },
      ),
      { numRuns: 60 },
    );
  });
});
