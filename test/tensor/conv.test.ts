import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError, ValueError } from "../../src/errors.js";
import { ones, tensor, zeros } from "../../src/tensor/creation.js";
import { type ConvOptions, conv1d, conv2d, conv3d, fold, unfold } from "../../src/tensor/conv.js";
import { matmul } from "../../src/tensor/linalg.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { uniform } from "../helpers/seeded.js";
import { decodeEnc, expectCloseEnc, loadTorchCases, type TorchCase } from "../helpers/torch-cases.js";

const rand = (shape: number[], seed: number): Tensor => tensor(uniform(shape.reduce((a, b) => a * b, 1), seed), { shape });

const CONV: Record<string, typeof conv2d> = { conv1d, conv2d, conv3d };

describe("conv1d / conv2d / conv3d against torch 1.13", () => {
  it.each(loadTorchCases<TorchCase>("linalg_conv.json").map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const bias = c.inputs.bias ? decodeEnc(c.inputs.bias) : null;
    const out = CONV[c.op]!(decodeEnc(c.inputs.input!), decodeEnc(c.inputs.weight!), bias, c.args as ConvOptions);
    const f64 = c.out.dtype === "float64";
    expectCloseEnc(out, c.out, f64 ? 1e-12 : 1e-5, f64 ? 1e-12 : 2e-5);
  });
});

describe("unfold / fold against torch 1.13", () => {
  it.each(loadTorchCases<TorchCase>("linalg_fold.json").map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const a = c.args as { kernel_size: number | number[]; output_size?: number[]; dilation?: number | number[]; padding?: number | number[]; stride?: number | number[] };
    const opts = { dilation: a.dilation, padding: a.padding, stride: a.stride };
    const x = decodeEnc(c.inputs.input!);
    const out = c.op === "unfold" ? unfold(x, a.kernel_size, opts) : fold(x, a.output_size!, a.kernel_size, opts);
    // unfold only copies; fold sums overlaps in torch's order.
    expectCloseEnc(out, c.out, c.op === "unfold" ? 0 : 1e-6, c.op === "unfold" ? 0 : 1e-6);
  });
});

describe("conv2d", () => {
  it("computes a hand-checked cross-correlation (no kernel flip) with bias", () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const w = tensor([[[[1, 0], [0, -1]]]]);
    const out = conv2d(x, w, tensor([10]));
    expect(out.toArray()).toEqual([[[[6, 6], [6, 6]]]]); // 1-5+10, 2-6+10, ...
  });

  it("equals its unfold + matmul form, bit for bit", () => {
    fc.assert(
      fc.property(
        fc.record({
          B: fc.integer({ min: 1, max: 2 }),
          C: fc.integer({ min: 1, max: 3 }),
          O: fc.integer({ min: 1, max: 4 }),
          H: fc.integer({ min: 3, max: 8 }),
          W: fc.integer({ min: 3, max: 8 }),
          kh: fc.integer({ min: 1, max: 3 }),
          kw: fc.integer({ min: 1, max: 3 }),
          s: fc.integer({ min: 1, max: 3 }),
          p: fc.integer({ min: 0, max: 2 }),
          d: fc.integer({ min: 1, max: 2 }),
          seed: fc.integer({ min: 1, max: 1e6 }),
        }),
        ({ B, C, O, H, W, kh, kw, s, p, d, seed }) => {
          fc.pre(d * (kh - 1) + 1 <= H + 2 * p && d * (kw - 1) + 1 <= W + 2 * p);
          const x = rand([B, C, H, W], seed);
          const w = rand([O, C, kh, kw], seed + 1);
          const opts = { stride: s, padding: p, dilation: d };
          const out = conv2d(x, w, null, opts);
          const cols = unfold(x, [kh, kw], opts); // [B, C*kh*kw, L]
          const viaMatmul = matmul(w.reshape(O, -1), cols); // [O, K] @ [B, K, L] -> [B, O, L]
          expect(out.shape.slice(0, 2)).toEqual([B, O]);
          expect(out.toFlatArray()).toEqual(viaMatmul.toFlatArray());
        },
      ),
      { numRuns: 60 },
    );
  });

  it("with groups equals the per-group convolutions stacked", () => {
    const x = rand([2, 4, 5, 5], 7);
    const w = rand([6, 2, 3, 3], 8);
    const out = conv2d(x, w, null, { groups: 2, padding: 1 });
    const g0 = conv2d(x.narrow(1, 0, 2), w.narrow(0, 0, 3), null, { padding: 1 });
    const g1 = conv2d(x.narrow(1, 2, 2), w.narrow(0, 3, 3), null, { padding: 1 });
    expect(out.narrow(1, 0, 3).toFlatArray()).toEqual(g0.toFlatArray());
    expect(out.narrow(1, 3, 3).toFlatArray()).toEqual(g1.toFlatArray());
  });

  it("conv1d and conv3d agree with conv2d on singleton dims", () => {
    const x = rand([2, 3, 9], 3);
    const w = rand([4, 3, 3], 4);
    const a = conv1d(x, w, null, { stride: 2, padding: 1, dilation: 2 });
    const b = conv2d(x.unsqueeze(2), w.unsqueeze(2), null, { stride: [1, 2], padding: [0, 1], dilation: [1, 2] });
    expect(a.toFlatArray()).toEqual(b.toFlatArray());
    const c = conv3d(x.unsqueeze(2).unsqueeze(2), w.unsqueeze(2).unsqueeze(2), null, { stride: [1, 1, 2], padding: [0, 0, 1], dilation: [1, 1, 2] });
    expect(c.toFlatArray()).toEqual(a.toFlatArray());
  });

  it("returns empty outputs for an empty batch", () => {
    expect(conv2d(zeros([0, 1, 4, 4]), zeros([2, 1, 3, 3])).shape).toEqual([0, 2, 2, 2]);
  });

  it("does not modify its inputs", () => {
    const x = rand([1, 1, 4, 4], 1);
    const before = x.toFlatArray();
    conv2d(x, rand([1, 1, 2, 2], 2), tensor([1]));
    expect(x.toFlatArray()).toEqual(before);
  });

  it("rejects a kernel larger than the padded input", () => {
    expect(() => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 5, 5]))).toThrow(ShapeError);
    expect(() => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 5, 5]))).toThrow(/conv2d: weight has kernel size \[5, 5\] \(dilated \[5, 5\]\), expected at most the padded input size \[3, 3\]/);
    expect(() => conv1d(zeros([1, 1, 4]), zeros([1, 1, 3]), null, { dilation: 2 })).toThrow(/conv1d: weight has kernel size \[3\] \(dilated \[5\]\), expected at most the padded input size \[4\]/);
  });

  it("rejects non-positive stride, negative padding and bad groups", () => {
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 2, 2]), null, { stride: 0 })).toThrow(ValueError);
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 2, 2]), null, { stride: 0 })).toThrow(/conv2d: stride is 0, expected a positive integer or 2 positive integers/);
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 2, 2]), null, { padding: [1, -1] })).toThrow(/conv2d: padding is \[1, -1\], expected a non-negative integer or 2 non-negative integers/);
    expect(() => conv2d(zeros([1, 3, 4, 4]), zeros([2, 1, 2, 2]), null, { groups: 2 })).toThrow(/conv2d: input has 3 channels \(shape \[1, 3, 4, 4\]\), expected a multiple of groups=2/);
    expect(() => conv2d(zeros([1, 4, 4, 4]), zeros([2, 1, 2, 2]), null, { groups: 0 })).toThrow(/conv2d: groups is 0, expected a positive integer/);
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([2, 1, 2, 2]), null, { stride: 2, padding: "same" })).toThrow(/conv2d: padding is "same" with stride \[2, 2\], expected stride 1/);
  });

  it("rejects channel, rank, bias and dtype mismatches", () => {
    expect(() => conv2d(zeros([1, 3, 4, 4]), zeros([2, 2, 2, 2]))).toThrow(/conv2d: weight has shape \[2, 2, 2, 2\], expected dim 1 = C_in\/groups = 3/);
    expect(() => conv2d(zeros([4, 4]), zeros([2, 1, 2, 2]))).toThrow(/conv2d: input has shape \[4, 4\], expected 4 dims \[B, C_in, H, W\] or 3 unbatched/);
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([2, 1, 2]))).toThrow(/conv2d: weight has shape \[2, 1, 2\], expected 4 dims/);
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([2, 1, 2, 2]), zeros([3]))).toThrow(/conv2d: bias has shape \[3\], expected \[2\]/);
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([2, 1, 2, 2], { dtype: "float64" }))).toThrow(DTypeError);
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([2, 1, 2, 2], { dtype: "float64" }))).toThrow(/conv2d: weight has dtype float64, expected float32 to match input/);
    expect(() => conv2d(zeros([1, 1, 4, 4], { dtype: "int32" }), zeros([2, 1, 2, 2], { dtype: "int32" }))).toThrow(/conv2d: input has dtype int32, expected float32 or float64/);
  });
});

describe("unfold / fold", () => {
  it("lays rows out as c*kh*kw + i*kw + j and columns over output positions", () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6]]]]); // [1, 1, 2, 3]
    expect(unfold(x, 2).toArray()).toEqual([[[1, 2], [2, 3], [4, 5], [5, 6]]]);
  });

  it("copies any dtype, including bool spikes", () => {
    const s = tensor([[[true, false], [false, true]]]);
    const u = unfold(s, 1);
    expect(u.dtype).toBe("bool");
    expect(u.toArray()).toEqual([[true, false, false, true]]);
  });

  it("fold is the adjoint of unfold: <unfold(x), y> = <x, fold(y)>", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 7 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 1e6 }), (H, k, s, p, seed) => {
        const x = rand([1, 2, H, H], seed).double();
        const u = unfold(x, k, { stride: s, padding: p });
        const y = rand([...u.shape], seed + 5).double();
        const f = fold(y, [H, H], k, { stride: s, padding: p });
        const lhs = u.toFlatArray().reduce((acc, v, i) => acc + v * y.toFlatArray()[i]!, 0);
        const xs = x.toFlatArray();
        const rhs = f.toFlatArray().reduce((acc, v, i) => acc + v * xs[i]!, 0);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9);
      }),
      { numRuns: 30 },
    );
  });

  it("fold(unfold(ones)) counts the windows covering each pixel", () => {
    const f = fold(unfold(ones([1, 1, 3, 3]), 2), [3, 3], 2);
    expect(f.toArray()).toEqual([[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]);
  });

  it("rejects bad shapes, sizes and dtypes", () => {
    expect(() => unfold(zeros([4, 4]), 2)).toThrow(/unfold: input has shape \[4, 4\], expected 4 dims \[B, C, H, W\] or 3 unbatched/);
    expect(() => unfold(zeros([1, 1, 2, 2]), 3)).toThrow(/unfold: kernelSize is \[3, 3\] \(dilated \[3, 3\]\), expected at most the padded input size \[2, 2\]/);
    expect(() => unfold(zeros([1, 1, 4, 4]), 2, { stride: -1 })).toThrow(/unfold: stride is -1, expected a positive integer/);
    expect(() => fold(zeros([1, 5, 4]), [3, 3], 2)).toThrow(/fold: input has shape \[1, 5, 4\], expected dim 1 divisible by kh\*kw = 4/);
    expect(() => fold(zeros([1, 4, 5]), [3, 3], 2)).toThrow(/fold: input has shape \[1, 4, 5\], expected 4 blocks in the last dim for outputSize \[3, 3\]/);
    expect(() => fold(zeros([1, 4, 4], { dtype: "bool" }), [3, 3], 2)).toThrow(/fold: input has dtype bool, expected float32, float64 or int32/);
  });
});
