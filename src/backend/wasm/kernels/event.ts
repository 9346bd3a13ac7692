/**
 * The wasm wrappers of the spike-list (event-driven) kernels and the column sum
 * (assembly/event.ts, fsum.ts; js reference ../../js/event.ts). Each wrapper: dtype checks,
 * then addresses (staging as needed); any -1 sends the call to the js kernel (discarding staged
 * copies), else the wasm kernel runs and done(true) copies staged outputs back and counts the
 * call.
 */
import { jsKernels } from "../../js/index.js";
import { torchRowsScratch } from "../../js/event.js";
import type { WasmExports } from "../loader.js";
import type { Marshal } from "../marshal.js";

type K = typeof jsKernels;

/** The kernels this file wraps. */
export const eventKernelNames = ["tsum0", "spikeList", "inputSpikes", "chainTrace", "addRows", "torchRowsSum", "addScaledRows", "addScaledCols", "clampRows"] as const satisfies readonly (keyof K)[];

/** This area's wrappers over the module exports `ex`, marshalling through `ctx`. */
export function eventKernels(ctx: Marshal, ex: WasmExports): Pick<K, (typeof eventKernelNames)[number]> {
  const js = jsKernels;
  const { A, done, f32ok, stats } = ctx;

  // Spike-list kernels (event.ts). Index lists come from spikeList/inputSpikes, so every index
  // is below the matching size (the callers' contract, as for the js kernels).
  const tsum0: K["tsum0"] = (m, rows, cols, out) => {
    const res = out ?? new Float32Array(cols);
    if (m instanceof Float32Array && rows > 0 && cols > 0) {
      const ma = A(m, rows * cols, false);
      const oa = A(res, cols, true);
      if (ma > 0 && oa > 0) {
        ex.tsum0F32(ma, rows, cols, oa);
        done(true);
        return res;
      }
      done(false);
    }
    stats.fallback++;
    return js.tsum0(m, rows, cols, res);
  };
  const spikeList: K["spikeList"] = (s, off, n, out) => {
    const sa = A(s, off + n, false);
    const oa = A(out, n, true);
    if (sa > 0 && oa > 0) {
      const k = ex.spikeListU8(sa + off, n, oa);
      done(true);
      return k;
    }
    done(false);
    stats.fallback++;
    return js.spikeList(s, off, n, out);
  };
  const inputSpikes: K["inputSpikes"] = (s, list, prevK, train, off, n, last, t) => {
    const sa = A(s, n, true);
    const la = A(list, n, true);
    const ta = A(train, off + n, false);
    const za = A(last, n, true);
    if (sa > 0 && la > 0 && ta > 0 && za > 0) {
      const k = ex.inputSpikesU8(sa, la, prevK, ta + off, n, za, t);
      done(true);
      return k;
    }
    done(false);
    stats.fallback++;
    return js.inputSpikes(s, list, prevK, train, off, n, last, t);
  };
  const chainTrace: K["chainTrace"] = (x, last, chain, t, n) => {
    const xa = A(x, n, true);
    const la = A(last, n, false);
    const ca = A(chain, t + 1, false);
    if (xa > 0 && la > 0 && ca > 0) {
      ex.chainTraceF32(xa, la, ca, t, n);
      return done(true);
    }
    done(false);
    stats.fallback++;
    js.chainTrace(x, last, chain, t, n);
  };
  const addRows: K["addRows"] = (out, scratch, w, s, rows, k, nPost) => {
    const oa = A(out, nPost, true);
    const sca = A(scratch, nPost, true);
    const wa = A(w, 0, false);
    const sa = A(s, 0, false);
    const ra = A(rows, k, false);
    if (oa > 0 && sca >= 0 && wa > 0 && sa > 0 && ra > 0) {
      ex.addRowsF32(oa, sca, wa, sa, ra, k, nPost);
      return done(true);
    }
    done(false);
    stats.fallback++;
    js.addRows(out, scratch, w, s, rows, k, nPost);
  };
  const torchRowsSum: K["torchRowsSum"] = (out, w, rows, k, nRows, nCols, acc) => {
    if (nCols >= 2) {
      const oa = A(out, nCols, true);
      const wa = A(w, 0, false);
      const ra = A(rows, k, false);
      const aa = A(acc, torchRowsScratch(nCols), true);
      if (oa > 0 && wa > 0 && ra > 0 && aa > 0) {
        ex.torchRowsSumF32(oa, wa, ra, k, nRows, nCols, aa);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.torchRowsSum(out, w, rows, k, nRows, nCols, acc);
  };
  const addScaledRows: K["addScaledRows"] = (w, rows, k, s, a, x, nPost, clamp, lo, hi) => {
    if (f32ok(a) && f32ok(lo) && f32ok(hi)) {
      const wa = A(w, 0, true);
      const ra = A(rows, k, false);
      const sa = A(s, 0, false);
      const xa = A(x, nPost, false);
      if (wa > 0 && ra > 0 && sa > 0 && xa > 0) {
        ex.addScaledRowsF32(wa, ra, k, sa, a, xa, nPost, clamp ? 1 : 0, lo, hi);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.addScaledRows(w, rows, k, s, a, x, nPost, clamp, lo, hi);
  };
  const addScaledCols: K["addScaledCols"] = (w, cols, k, s, a, x, nPre, nPost) => {
    if (f32ok(a)) {
      const wa = A(w, nPre * nPost, true);
      const ca = A(cols, k, false);
      const sa = A(s, 0, false);
      const xa = A(x, nPre, false);
      if (wa > 0 && ca > 0 && sa > 0 && xa > 0) {
        ex.addScaledColsF32(wa, ca, k, sa, a, xa, nPre, nPost);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.addScaledCols(w, cols, k, s, a, x, nPre, nPost);
  };
  const clampRows: K["clampRows"] = (w, rows, k, nPost, lo, hi) => {
    if (f32ok(lo) && f32ok(hi)) {
      const wa = A(w, 0, true);
      const ra = A(rows, k, false);
      if (wa > 0 && ra > 0) {
        ex.clampRowsF32(wa, ra, k, nPost, lo, hi);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.clampRows(w, rows, k, nPost, lo, hi);
  };

  return { tsum0, spikeList, inputSpikes, chainTrace, addRows, torchRowsSum, addScaledRows, addScaledCols, clampRows };
}
