import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError, ValueError } from "../../src/errors.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { type MaxPoolOptions, maxPool1d, maxPool2d, maxPool3d } from "../../src/tensor/pool.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { decodeEnc, loadTorchCases, type Enc, type TorchCase } from "../helpers/torch-cases.js";

interface Case
  extends TorchCase<{ kernelSize: number | number[]; stride?: number | number[]; padding?: number | number[]; dilation?: number | number[]; ceil_mode?: boolean }, { input: Enc }> {
  indices: Enc;
}

const cases = loadTorchCases<Case>("linalg_pool.json");

const POOL = { maxPool1d, maxPool2d, maxPool3d } as Record<string, (x: Tensor, k: number | number[], o: MaxPoolOptions & { returnIndices: true }) => [Tensor, Tensor]>;

describe("maxPool1d / 2d / 3d against torch 1.13 (values and indices, exact)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const { kernelSize, ceil_mode, ...rest } = c.args;
    const [v, i] = POOL[c.op]!(decodeEnc(c.inputs.input), kernelSize, { ...rest, ceilMode: ceil_mode ?? false, returnIndices: true });
    expect(v.shape).toEqual(c.out.shape);
    expect(v.toFlatArray()).toEqual(c.out.data);
    expect(i.dtype).toBe("int32");
    expect(i.toFlatArray()).toEqual(c.indices.data);
  });
});

describe("maxPool2d", () => {
  it("defaults the stride to the kernel size and returns only values without returnIndices", () => {
    const x = tensor([[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 0, 1, 1], [9, 0, 1, 2]]]]);
    const v = maxPool2d(x, 2);
    expect(v.toArray()).toEqual([[[[5, 8], [9, 2]]]]);
  });

  it("takes the first maximum on ties and lets a NaN win", () => {
    const x = tensor([[[[7, 7], [7, 7]]]]);
    const [, i] = maxPool2d(x, 2, { returnIndices: true });
    expect(i.toArray()).toEqual([[[[0]]]]);
    const y = tensor([[[[1, NaN], [NaN, 2]]]]);
    const [v, j] = maxPool2d(y, 2, { returnIndices: true });
    expect(Number.isNaN(v.item())).toBe(true);
    expect(j.item()).toBe(2); // the last NaN in scan order
  });

  it("index points at the value it reports, for random inputs", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 98, maxLength: 98 }), (H, k, s, data) => {
        fc.pre(k <= H);
        const x = tensor(Float32Array.from(data.slice(0, 2 * H * H)), { shape: [2, H, H] });
        const [v, i] = maxPool2d(x, k, { stride: s, returnIndices: true });
        const vs = v.toFlatArray();
        const is = i.toFlatArray();
        const per = vs.length / 2;
        for (let o = 0; o < vs.length; o++) {
          const c = Math.floor(o / per);
          expect(x.get(c, Math.floor(is[o]! / H), is[o]! % H)).toBe(vs[o]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("does not modify its input", () => {
    const x = tensor([[[3, 1], [2, 4]]]);
    maxPool2d(x, 2);
    expect(x.toArray()).toEqual([[[3, 1], [2, 4]]]);
  });

  it("rejects bad kernel, stride, padding, rank and dtype", () => {
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { stride: 0 })).toThrow(ValueError);
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { stride: 0 })).toThrow(/maxPool2d: stride is 0, expected a positive integer or 2 positive integers/);
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 0)).toThrow(/maxPool2d: kernelSize is 0, expected a positive integer/);
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { padding: 2 })).toThrow(/maxPool2d: padding is 2, expected at most half the kernel size \[2, 2\]/);
    expect(() => maxPool2d(zeros([1, 1, 2, 2]), 3)).toThrow(ShapeError);
    expect(() => maxPool2d(zeros([1, 1, 2, 2]), 3)).toThrow(/maxPool2d: input has shape \[1, 1, 2, 2\], expected spatial sizes of at least the dilated kernel \[3, 3\]/);
    expect(() => maxPool2d(zeros([4, 4]), 2)).toThrow(/maxPool2d: input has shape \[4, 4\], expected 4 dims \[B, C, \.\.\.\] or 3 \[C, \.\.\.\]/);
    expect(() => maxPool1d(zeros([1, 4], { dtype: "int32" }), 2)).toThrow(DTypeError);
    expect(() => maxPool1d(zeros([1, 4], { dtype: "int32" }), 2)).toThrow(/maxPool1d: input has dtype int32, expected float32 or float64/);
    expect(() => maxPool3d(zeros([1, 4, 4, 4]), [2, 2])).toThrow(/maxPool3d: kernelSize is \[2, 2\], expected a positive integer or 3 positive integers/);
  });
});
