/**
 * The wasm wrappers of the spike propagation and outer-product updates, dense and CSR
 * (assembly/spike.ts, outer.ts, csr.ts; js reference ../../js/spike.ts). Each wrapper: dtype
 * checks, then addresses (staging as needed); any -1 sends the call to the js kernel
 * (discarding staged copies), else the wasm kernel runs and done(true) copies staged outputs
 * back and counts the call.
 */
import type { TypedArray } from "../../dtype.js";
import { jsKernels } from "../../js/index.js";
import type { WasmExports } from "../loader.js";
import type { Marshal } from "../marshal.js";

type K = typeof jsKernels;

/** The kernels this file wraps. */
export const spikeKernelNames = ["spikeMatmul", "outerAddRows", "outerAddCols", "outerAddRowsBatch", "outerAddColsBatch", "spikeMatmulCSR", "csrOuterAddRows", "csrOuterAddCols"] as const satisfies readonly (keyof K)[];

/** This area's wrappers over the module exports `ex`, marshalling through `ctx`. */
export function spikeKernels(ctx: Marshal, ex: WasmExports): Pick<K, (typeof spikeKernelNames)[number]> {
  const js = jsKernels;
  const { A, done, pa, kind, work, csr, stats } = ctx;

  const spikeMatmul: K["spikeMatmul"] = (out, s, w, batch, nPre, nPost) => {
    const f32 = out instanceof Float32Array && w instanceof Float32Array;
    const f64 = !f32 && out instanceof Float64Array && w instanceof Float64Array;
    const sk = s instanceof Uint8Array ? 0 : (f32 && s instanceof Float32Array) || (f64 && s instanceof Float64Array) ? 1 : -1;
    if ((f32 || f64) && sk >= 0) {
      const o = A(out, batch * nPost, true);
      const sa = A(s, batch * nPre, false);
      const wa = A(w, nPre * nPost, false);
      if (o > 0 && sa > 0 && wa > 0) {
        if (f32) (sk ? ex.spikeMatmulF32F32 : ex.spikeMatmulF32U8)(o, sa, wa, batch, nPre, nPost);
        else (sk ? ex.spikeMatmulF64F64 : ex.spikeMatmulF64U8)(o, sa, wa, batch, nPre, nPost);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.spikeMatmul(out, s, w, batch, nPre, nPost);
  };

  // kinds of the last outerArgs' pre and post
  let preK = 0;
  let postK = 0;
  /** Stages w, pre, post of an outer update into slots 0..2 of `pa` (kinds in preK, postK); false to use js. */
  function outerArgs(w: TypedArray, pre: TypedArray, post: TypedArray, batch: number, nPre: number, nPost: number): boolean {
    if (!(w instanceof Float32Array)) return false;
    preK = kind(pre);
    postK = kind(post);
    if (preK < 0 || postK < 0) return false;
    pa[0] = A(w, nPre * nPost, true);
    pa[1] = A(pre, batch * nPre, false);
    pa[2] = A(post, batch * nPost, false);
    if (pa[0]! > 0 && pa[1]! > 0 && pa[2]! > 0) return true;
    done(false);
    return false;
  }

  const outerAddRows: K["outerAddRows"] = (w, pre, post, scale, nPre, nPost) => {
    if (outerArgs(w, pre, post, 1, nPre, nPost)) {
      ex.outerAddRowsF32(pa[0]!, pa[1]!, preK, pa[2]!, postK, scale, nPre, nPost);
      return done(true);
    }
    stats.fallback++;
    js.outerAddRows(w, pre, post, scale, nPre, nPost);
  };
  const outerAddCols: K["outerAddCols"] = (w, pre, post, scale, nPre, nPost) => {
    const sc = work(2 * nPost);
    if (sc > 0 && outerArgs(w, pre, post, 1, nPre, nPost)) {
      ex.outerAddColsF32(pa[0]!, pa[1]!, preK, pa[2]!, postK, scale, nPre, nPost, sc);
      return done(true);
    }
    stats.fallback++;
    js.outerAddCols(w, pre, post, scale, nPre, nPost);
  };
  const outerAddRowsBatch: K["outerAddRowsBatch"] = (w, pre, post, scale, batch, nPre, nPost) => {
    if (batch === 1) return outerAddRows(w, pre, post, scale, nPre, nPost);
    const sc = work(nPost);
    if (sc > 0 && outerArgs(w, pre, post, batch, nPre, nPost)) {
      ex.outerAddRowsBatchF32(pa[0]!, pa[1]!, preK, pa[2]!, postK, scale, batch, nPre, nPost, sc);
      return done(true);
    }
    stats.fallback++;
    js.outerAddRowsBatch(w, pre, post, scale, batch, nPre, nPost);
  };
  const outerAddColsBatch: K["outerAddColsBatch"] = (w, pre, post, scale, batch, nPre, nPost) => {
    if (batch === 1) return outerAddCols(w, pre, post, scale, nPre, nPost);
    const sc = work(2 * nPost + 1 + 2 * batch * nPost);
    if (sc > 0 && outerArgs(w, pre, post, batch, nPre, nPost)) {
      ex.outerAddColsBatchF32(pa[0]!, pa[1]!, preK, pa[2]!, postK, scale, batch, nPre, nPost, sc);
      return done(true);
    }
    stats.fallback++;
    js.outerAddColsBatch(w, pre, post, scale, batch, nPre, nPost);
  };

  const spikeMatmulCSR: K["spikeMatmulCSR"] = (out, s, rowPtr, colIdx, values, batch, nPre, nPost) => {
    const sk = out instanceof Float32Array && values instanceof Float32Array ? kind(s) : -1;
    if (sk >= 0 && csr(rowPtr, colIdx, values, nPre)) {
      const o = A(out, batch * nPost, true);
      const sa = A(s, batch * nPre, false);
      const va = A(values, 0, false);
      if (o > 0 && sa > 0 && va > 0 && ex.spikeMatmulCSRF32(o, sa, sk, pa[13]!, pa[14]!, va, pa[15]!, batch, nPre, nPost) === 0) return done(true);
    }
    done(false);
    stats.fallback++;
    js.spikeMatmulCSR(out, s, rowPtr, colIdx, values, batch, nPre, nPost);
  };

  const csrOuter = (which: "csrOuterAddRows" | "csrOuterAddCols"): K["csrOuterAddRows"] => {
    const f = which === "csrOuterAddRows" ? ex.csrOuterAddRowsF32 : ex.csrOuterAddColsF32;
    return (values, rowPtr, colIdx, pre, post, scale, nPre) => {
      const pk = values instanceof Float32Array ? kind(pre) : -1;
      const qk = pk >= 0 ? kind(post) : -1;
      if (qk >= 0 && csr(rowPtr, colIdx, values, nPre)) {
        const va = A(values, 0, true);
        const pr = A(pre, nPre, false);
        const po = A(post, 0, false);
        if (va > 0 && pr > 0 && po > 0 && f(va, pa[13]!, pa[14]!, pa[15]!, pr, pk, po, qk, post.length, scale, nPre) === 0) return done(true);
      }
      done(false);
      stats.fallback++;
      js[which](values, rowPtr, colIdx, pre, post, scale, nPre);
    };
  };
  const csrOuterAddRows = csrOuter("csrOuterAddRows");
  const csrOuterAddCols = csrOuter("csrOuterAddCols");

  return { spikeMatmul, outerAddRows, outerAddCols, outerAddRowsBatch, outerAddColsBatch, spikeMatmulCSR, csrOuterAddRows, csrOuterAddCols };
}
