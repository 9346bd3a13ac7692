/**
 * The wasm wrappers of the weight maintenance: clamps and scalings (assembly/weights.ts; js
 * reference ../../js/weights.ts). Each wrapper: dtype checks, then addresses (staging as
 * needed); any -1 sends the call to the js kernel (discarding staged copies), else the wasm
 * kernel runs and done(true) copies staged outputs back and counts the call.
 */
import { jsKernels } from "../../js/index.js";
import type { WasmExports } from "../loader.js";
import type { Marshal } from "../marshal.js";

type K = typeof jsKernels;

/** The kernels this file wraps. */
export const weightsKernelNames = ["clampRange", "clampCols", "scaleInPlace", "absInto", "scaleCols"] as const satisfies readonly (keyof K)[];

/** This area's wrappers over the module exports `ex`, marshalling through `ctx`. */
export function weightsKernels(ctx: Marshal, ex: WasmExports): Pick<K, (typeof weightsKernelNames)[number]> {
  const js = jsKernels;
  const { A, done, f32ok, stats } = ctx;

  // Weight maintenance: f32 weights in wasm memory (weights are large: a JavaScript-heap
  // matrix over the staging limit goes to js), f32 bounds arrays, float32 scalar bounds.
  const clampRange: K["clampRange"] = (w, from, to, lo, l0, hi, h0) => {
    if (w instanceof Float32Array && (lo === null || lo instanceof Float32Array) && (hi === null || hi instanceof Float32Array) && f32ok(l0) && f32ok(h0) && from >= 0 && to <= w.length) {
      const wa = A(w, to, true);
      const la = lo === null ? 0 : A(lo, to, false);
      const ha = hi === null ? 0 : A(hi, to, false);
      if (wa > 0 && la >= 0 && ha >= 0) {
        ex.clampRangeF32(wa, from, to, la, l0, ha, h0);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.clampRange(w, from, to, lo, l0, hi, h0);
  };
  const clampCols: K["clampCols"] = (w, nPre, nPost, cols, nCols, lo, l0, hi, h0) => {
    const t = nPre * nPost;
    if (w instanceof Float32Array && cols instanceof Int32Array && (lo === null || lo instanceof Float32Array) && (hi === null || hi instanceof Float32Array) && f32ok(l0) && f32ok(h0)) {
      const wa = A(w, t, true);
      const ca = A(cols, nCols, false);
      const la = lo === null ? 0 : A(lo, t, false);
      const ha = hi === null ? 0 : A(hi, t, false);
      if (wa > 0 && ca > 0 && la >= 0 && ha >= 0) {
        ex.clampColsF32(wa, nPre, nPost, ca, nCols, la, l0, ha, h0);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.clampCols(w, nPre, nPost, cols, nCols, lo, l0, hi, h0);
  };
  const scaleInPlace: K["scaleInPlace"] = (w, n, f) => {
    if (w instanceof Float32Array && f32ok(f)) {
      const wa = A(w, n, true);
      if (wa > 0) {
        ex.scaleInPlaceF32(wa, n, f);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.scaleInPlace(w, n, f);
  };

  const absInto: K["absInto"] = (dst, src, n) => {
    if (dst instanceof Float32Array && src instanceof Float32Array) {
      const da = A(dst, n, true);
      const sa = A(src, n, false);
      if (da > 0 && sa > 0) {
        ex.absIntoF32(da, sa, n);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.absInto(dst, src, n);
  };
  const scaleCols: K["scaleCols"] = (w, col, nPre, nPost, lo = -Infinity, hi = Infinity) => {
    if (w instanceof Float32Array && col instanceof Float32Array && f32ok(lo) && f32ok(hi)) {
      const wa = A(w, nPre * nPost, true);
      const ca = A(col, nPost, false);
      if (wa > 0 && ca > 0) {
        const inside = ex.scaleColsF32(wa, ca, nPre, nPost, lo, hi) === 1;
        done(true);
        return inside;
      }
      done(false);
    }
    stats.fallback++;
    return js.scaleCols(w, col, nPre, nPost, lo, hi);
  };

  return { clampRange, clampCols, scaleInPlace, absInto, scaleCols };
}
