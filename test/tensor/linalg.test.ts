import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kernels } from "../../src/backend/backend.js";
import { DTypeError, ShapeError } from "../../src/errors.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { bmm, dot, matmul, mm, mv, outer } from "../../src/tensor/linalg.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { decodeEnc, expectCloseEnc, loadTorchCases, type TorchCase } from "../helpers/torch-cases.js";

const cases = loadTorchCases<TorchCase>("linalg_matmul.json");

const OPS: Record<string, (a: Tensor, b: Tensor) => Tensor> = { matmul, mm, bmm, mv, dot, outer };

describe("matmul family against torch 1.13", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    let a = decodeEnc(c.inputs.a!);
    const b = decodeEnc(c.inputs.b!);
    if (c.args.transposeA) a = a.t();
    const out = OPS[c.op]!(a, b);
    const exact = c.out.dtype === "int32";
    expectCloseEnc(out, c.out, exact ? 0 : c.out.dtype === "float64" ? 1e-12 : 1e-5, exact ? 0 : c.out.dtype === "float64" ? 1e-12 : 2e-5);
  });
});

describe("matmul", () => {
  it("multiplies small matrices to hand-computed values", () => {
    const out = matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]));
    expect(out.toArray()).toEqual([[19, 22], [43, 50]]);
  });

  it("returns a 0-d tensor for two vectors", () => {
    const out = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
    expect(out.shape).toEqual([]);
    expect(out.item()).toBe(32);
  });

  it("reads broadcast (stride 0) and transposed views without copying them first", () => {
    const row = tensor([[1, 2, 3]]).expand(4, 3); // stride 0 rows
    const w = tensor([[1, 0], [0, 1], [1, 1]]);
    expect(matmul(row, w).toArray()).toEqual([[4, 5], [4, 5], [4, 5], [4, 5]]);
    const wt = tensor([[1, 0, 1], [0, 1, 1]]).t();
    expect(matmul(row, wt).toArray()).toEqual([[4, 5], [4, 5], [4, 5], [4, 5]]);
  });

  it("sums each element in increasing k order with float32 rounding per step (bit-exact)", () => {
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 6 }), fc.array(f32, { minLength: 1200, maxLength: 1200 }), fc.array(f32, { minLength: 1200, maxLength: 1200 }), (M, K, N, av, bv) => {
        const a = Float32Array.from(av.slice(0, M * K));
        const b = Float32Array.from(bv.slice(0, K * N));
        const out = matmul(tensor(a, { shape: [M, K] }), tensor(b, { shape: [K, N] })).toFlatArray();
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < N; j++) {
            let acc = 0;
            for (let k = 0; k < K; k++) acc = Math.fround(acc + Math.fround(a[i * K + k]! * b[k * N + j]!));
            expect(out[i * N + j]).toBe(acc);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it("keeps the k order across the kernel's tiles (K and N larger than one tile)", () => {
    const M = 6, K = 300, N = 700; // M > 4, so the kernel tiles j and k
    const a = new Float32Array(M * K).map((_, i) => Math.fround(Math.sin(i) * 3));
    const b = new Float32Array(K * N).map((_, i) => Math.fround(Math.cos(i * 0.7)));
    const out = new Float32Array(M * N);
    kernels().gemm(out, a, b, M, K, N);
    for (const [i, j] of [[0, 0], [1, 511], [5, 512], [3, 699]] as const) {
      let acc = 0;
      for (let k = 0; k < K; k++) acc = Math.fround(acc + Math.fround(a[i * K + k]! * b[k * N + j]!));
      expect(out[i * N + j]).toBe(acc);
    }
  });

  it("wraps int32 products and sums like torch's integer matmul", () => {
    const a = tensor([[2 ** 30, 2]], { dtype: "int32" });
    const b = tensor([[4], [3]], { dtype: "int32" });
    expect(matmul(a, b).item()).toBe(6); // 2^32 wraps to 0
  });

  it("does not modify its inputs", () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    matmul(a, b);
    expect(a.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(b.toArray()).toEqual([[5, 6], [7, 8]]);
  });

  it("rejects mismatched inner dims naming the op, b, the expected and the given shape", () => {
    expect(() => matmul(zeros([2, 5]), zeros([3, 4]))).toThrow(ShapeError);
    expect(() => matmul(zeros([2, 5]), zeros([3, 4]))).toThrow(/^matmul: b has shape \[3, 4\], expected \[5, \*\] to match a's last dim 5/);
    expect(() => matmul(zeros([5]), zeros([4]))).toThrow(/matmul: b has shape \[4\], expected \[5\]/);
  });

  it("rejects batch dims that do not broadcast", () => {
    expect(() => matmul(zeros([2, 3, 4]), zeros([3, 4, 5]))).toThrow(/matmul: b has shape \[3, 4, 5\], expected batch dims that broadcast with a's \[2, 3, 4\] \(batch dim -1 is 3, expected 2 or 1\)/);
  });

  it("rejects 0-d operands", () => {
    expect(() => matmul(tensor(3), zeros([3]))).toThrow(/matmul: a has shape \[\], expected at least 1 dim/);
  });

  it("rejects mixed and unsupported dtypes", () => {
    expect(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: "float64" }))).toThrow(DTypeError);
    expect(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: "float64" }))).toThrow(/matmul: b has dtype float64, expected float32 to match a/);
    expect(() => matmul(zeros([2, 2], { dtype: "bool" }), zeros([2, 2], { dtype: "bool" }))).toThrow(/matmul: a has dtype bool, expected one of float32, float64, int32/);
    expect(() => matmul(zeros([2, 2], { dtype: "float16" }), zeros([2, 2], { dtype: "float16" }))).toThrow(DTypeError);
  });

  it("rejects a non-tensor argument", () => {
    expect(() => matmul([1, 2] as unknown as Tensor, zeros([2]))).toThrow(/matmul: a is \[1, 2\], expected a Tensor/);
  });
});

describe("mm, bmm, mv, dot, outer", () => {
  it("mm requires two matrices", () => {
    expect(() => mm(zeros([2, 3, 4]), zeros([4, 2]))).toThrow(/mm: a has shape \[2, 3, 4\], expected 2 dims/);
    expect(() => mm(zeros([2, 3]), zeros([4, 2]))).toThrow(/mm: b has shape \[4, 2\], expected \[3, \*\] to match a's last dim 3/);
  });

  it("bmm requires equal batch sizes (no broadcasting)", () => {
    expect(() => bmm(zeros([2, 3, 4]), zeros([1, 4, 5]))).toThrow(/bmm: b has shape \[1, 4, 5\], expected \[2, 4, \*\] to match a's shape \[2, 3, 4\]/);
  });

  it("mv requires a vector of the matrix's width", () => {
    expect(() => mv(zeros([2, 3]), zeros([4]))).toThrow(/mv: b has shape \[4\], expected \[3\]/);
    expect(mv(tensor([[1, 2], [3, 4]]), tensor([1, 1])).toArray()).toEqual([3, 7]);
  });

  it("dot requires equal lengths", () => {
    expect(() => dot(zeros([3]), zeros([2]))).toThrow(/dot: b has shape \[2\], expected \[3\] to match a/);
    expect(dot(tensor([1, 2]), tensor([3, 4])).item()).toBe(11);
  });

  it("outer promotes dtypes like torch and rejects non-vectors", () => {
    const o = outer(tensor([1, 2], { dtype: "int32" }), tensor([0.5, 1.5]));
    expect(o.dtype).toBe("float32");
    expect(o.toArray()).toEqual([[0.5, 1.5], [1, 3]]);
    expect(outer(tensor([true, false]), tensor([true, true])).toArray()).toEqual([[true, true], [false, false]]);
    expect(() => outer(zeros([2, 2]), zeros([2]))).toThrow(/outer: a has shape \[2, 2\], expected 1 dims/);
  });
});
