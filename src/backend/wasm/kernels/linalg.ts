/**
 * The wasm wrappers of the dense and CSR matrix products (assembly/linalg.ts, csr.ts; js
 * reference ../../js/linalg.ts). Each wrapper: dtype checks, then addresses (staging as
 * needed); any -1 sends the call to the js kernel (discarding staged copies), else the wasm
 * kernel runs and done(true) copies staged outputs back and counts the call.
 */
import { jsKernels } from "../../js/index.js";
import type { WasmExports } from "../loader.js";
import type { Marshal } from "../marshal.js";

type K = typeof jsKernels;

/** The kernels this file wraps. */
export const linalgKernelNames = ["gemm", "csrDenseMatmul"] as const satisfies readonly (keyof K)[];

/** This area's wrappers over the module exports `ex`, marshalling through `ctx`. */
export function linalgKernels(ctx: Marshal, ex: WasmExports): Pick<K, (typeof linalgKernelNames)[number]> {
  const js = jsKernels;
  const { A, done, pa, csr, stats } = ctx;

  const gemm: K["gemm"] = (out, a, b, M, K, N, aOff = 0, bOff = 0, oOff = 0) => {
    const f32 = out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array;
    const f64 = !f32 && out instanceof Float64Array && a instanceof Float64Array && b instanceof Float64Array;
    if (f32 || f64) {
      const e = f32 ? 4 : 8;
      const o = A(out, oOff + M * N, true);
      const aa = A(a, aOff + M * K, false);
      const ba = A(b, bOff + K * N, false);
      if (o > 0 && aa > 0 && ba > 0) {
        (f32 ? ex.gemmF32 : ex.gemmF64)(o + e * oOff, aa + e * aOff, ba + e * bOff, M, K, N);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.gemm(out, a, b, M, K, N, aOff, bOff, oOff);
  };

  const csrDenseMatmul: K["csrDenseMatmul"] = (out, rowPtr, colIdx, values, dense, M, N) => {
    const f32 = out instanceof Float32Array && values instanceof Float32Array && dense instanceof Float32Array;
    const f64 = !f32 && out instanceof Float64Array && values instanceof Float64Array && dense instanceof Float64Array;
    if ((f32 || f64) && N > 0 && csr(rowPtr, colIdx, values, M)) {
      const o = A(out, M * N, true);
      const va = A(values, 0, false);
      const da = A(dense, 0, false);
      const f = f32 ? ex.csrDenseMatmulF32 : ex.csrDenseMatmulF64;
      if (o > 0 && va > 0 && da > 0 && f(o, pa[13]!, pa[14]!, va, pa[15]!, da, Math.floor(dense.length / N), M, N) === 0) return done(true);
    }
    done(false);
    stats.fallback++;
    js.csrDenseMatmul(out, rowPtr, colIdx, values, dense, M, N);
  };

  return { gemm, csrDenseMatmul };
}
