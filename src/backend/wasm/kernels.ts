/**
 * The wasm kernel table: every key of `jsKernels` with the same signature. A kernel runs in
 * wasm when its arrays have the dtypes the module was compiled for and are as long as the
 * sizes say, and its number parameters are float32 values. Arrays in wasm memory are passed
 * by address; arrays in the JavaScript heap (made before `setBackend("wasm")`, a caller's
 * scratch array) of up to 4 MiB are staged: copied in, and back out if written. In every other
 * case (other dtypes, larger foreign arrays) it calls the js kernel, which is the reference
 * the wasm kernels match bit for bit. Keys not ported yet
 * are the js kernels themselves. Validation stays at the public API: these checks only pick
 * the path, so a wasm kernel never reads outside its arrays.
 */
import type { TypedArray } from "../dtype.js";
import { jsKernels } from "../js/index.js";
import { torchRowsScratch } from "../js/event.js";
import type { Param, Window3 } from "../contract.js";
import type { WasmHeap } from "./heap.js";
import type { WasmExports } from "./loader.js";

type K = typeof jsKernels;

/** Names of the kernels that have a wasm implementation (the rest are the js kernels). */
export const wasmKernelNames = [
  "spikeMatmul",
  "outerAddRows",
  "outerAddCols",
  "outerAddRowsBatch",
  "outerAddColsBatch",
  "gemm",
  "traceStep",
  "sumInputStep",
  "lifStep",
  "boostedLifStep",
  "ifStep",
  "currentLifStep",
  "adaptiveLifStep",
  "mcpStep",
  "spikeMatmulCSR",
  "csrOuterAddRows",
  "csrOuterAddCols",
  "csrDenseMatmul",
  "im2col",
  "maxPool",
  "col2im",
  "clampRange",
  "clampCols",
  "scaleInPlace",
  "absInto",
  "scaleCols",
  "izhikevichStep",
  "srm0Step",
  "csrmStep",
  "tsum0",
  "spikeList",
  "inputSpikes",
  "chainTrace",
  "addRows",
  "addScaledRows",
  "addScaledCols",
  "clampRows",
  "torchRowsSum",
] as const satisfies readonly (keyof K)[];

/** Builds the kernel table over one instance and its heap. */
/** How many kernel calls ran in wasm and how many went to the js kernel (ported kernels only). */
export interface KernelStats {
  wasm: number;
  fallback: number;
}

/** Builds the kernel table over one instance and its heap; `stats` counts the calls. */
export function createWasmKernels(ex: WasmExports, heap: WasmHeap, stats: KernelStats = { wasm: 0, fallback: 0 }): K {
  const js = jsKernels;
  // Staging: an argument array in the JavaScript heap (a tensor made before the switch, a
  // node's scratch array) of at most STAGE_LIMIT bytes is copied into a wasm staging block for
  // the call and, if the kernel writes it, copied back afterwards. Larger ones (weights) make
  // the call use the js kernel instead: copying them every step would cost more than it saves.
  const STAGE_LIMIT = 1 << 22;
  let stageBuf: Uint8Array = new Uint8Array(0);
  let stageOff = 0;
  const retired: Uint8Array[] = [];
  const pending: TypedArray[] = []; // pairs: source, staged copy
  type Ctor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray;
  /** The wasm address of `a` (staged if needed), 0 for null, -1 when wasm cannot take it. */
  function A(a: TypedArray | null, len: number, write: boolean): number {
    if (a === null) return 0;
    if (a.length < len) return -1;
    if (heap.owns(a)) return a.byteOffset;
    const bytes = (a.byteLength + 15) & ~15;
    if (bytes > STAGE_LIMIT) return -1;
    if (stageOff + bytes > stageBuf.length) {
      if (stageBuf.length > 0) retired.push(stageBuf);
      const fresh = heap.alloc("uint8", Math.max(2 * stageBuf.length, 4 * bytes, 4096)) as Uint8Array;
      if (!heap.owns(fresh)) return -1;
      stageBuf = fresh;
      stageOff = 0;
    }
    const view = new (a.constructor as Ctor)(stageBuf.buffer, stageBuf.byteOffset + stageOff, a.length);
    view.set(a);
    stageOff += bytes;
    if (write) pending.push(a, view);
    return view.byteOffset;
  }
  /** Ends a call: copies staged outputs back (unless the call fell back to js) and resets. */
  function done(copyBack: boolean): void {
    if (copyBack) {
      for (let i = 0; i < pending.length; i += 2) pending[i]!.set(pending[i + 1]!);
      stats.wasm++;
    }
    if (pending.length > 0) pending.length = 0;
    stageOff = 0;
    while (retired.length > 0) heap.release(retired.pop()!);
  }

  // Parameter marshalling without allocation: param(k, p, n) fills slot k of `pa` (address)
  // and `pv` (value) and says whether wasm can take it.
  const pa = new Float64Array(16);
  const pv = new Float64Array(16);
  function param(k: number, p: Param | null, n: number): boolean {
    if (p === null) {
      pa[k] = 0;
      pv[k] = 0;
      return true;
    }
    if (typeof p === "number") {
      pa[k] = 0;
      pv[k] = p;
      return Math.fround(p) === p || Number.isNaN(p);
    }
    pv[k] = 0;
    if (!(p instanceof Float32Array)) return false;
    pa[k] = A(p, n, false);
    return pa[k]! > 0;
  }
  // 0 for u8 (bool/uint8) arrays, 1 for float32, -1 for anything else.
  const kind = (a: TypedArray): number => (a instanceof Uint8Array ? 0 : a instanceof Float32Array ? 1 : -1);

  // A float32/int32 work area in wasm memory for the column updates, grown on demand.
  let scratch: Float32Array = new Float32Array(0);
  function work(words: number): number {
    if (scratch.length < words) {
      heap.release(scratch);
      scratch = heap.alloc("float32", Math.max(words, 2 * scratch.length)) as Float32Array;
      if (!heap.owns(scratch)) {
        scratch = new Float32Array(0);
        return -1;
      }
    }
    return scratch.byteOffset;
  }

  // Each wrapper: dtype checks, then addresses (staging as needed); any -1 sends the call to
  // the js kernel (discarding staged copies), else the wasm kernel runs and done(true) copies
  // staged outputs back.

  const spikeMatmul: K["spikeMatmul"] = (out, s, w, batch, nPre, nPost) => {
    const f32 = out instanceof Float32Array && w instanceof Float32Array;
    const f64 = out instanceof Float64Array && w instanceof Float64Array;
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

  /** Stages w, pre, post of an outer update into slots 0..2 of `pa`; false to use js. */
  function outerArgs(w: TypedArray, pre: TypedArray, post: TypedArray, batch: number, nPre: number, nPost: number): boolean {
    if (!(w instanceof Float32Array) || kind(pre) < 0 || kind(post) < 0) return false;
    pa[0] = A(w, nPre * nPost, true);
    pa[1] = A(pre, batch * nPre, false);
    pa[2] = A(post, batch * nPost, false);
    if (pa[0]! > 0 && pa[1]! > 0 && pa[2]! > 0) return true;
    done(false);
    return false;
  }

  const outerAddRows: K["outerAddRows"] = (w, pre, post, scale, nPre, nPost) => {
    if (outerArgs(w, pre, post, 1, nPre, nPost)) {
      ex.outerAddRowsF32(pa[0]!, pa[1]!, kind(pre), pa[2]!, kind(post), scale, nPre, nPost);
      return done(true);
    }
    stats.fallback++;
    js.outerAddRows(w, pre, post, scale, nPre, nPost);
  };
  const outerAddCols: K["outerAddCols"] = (w, pre, post, scale, nPre, nPost) => {
    const sc = work(2 * nPost);
    if (sc > 0 && outerArgs(w, pre, post, 1, nPre, nPost)) {
      ex.outerAddColsF32(pa[0]!, pa[1]!, kind(pre), pa[2]!, kind(post), scale, nPre, nPost, sc);
      return done(true);
    }
    stats.fallback++;
    js.outerAddCols(w, pre, post, scale, nPre, nPost);
  };
  const outerAddRowsBatch: K["outerAddRowsBatch"] = (w, pre, post, scale, batch, nPre, nPost) => {
    if (batch === 1) return outerAddRows(w, pre, post, scale, nPre, nPost);
    const sc = work(nPost);
    if (sc > 0 && outerArgs(w, pre, post, batch, nPre, nPost)) {
      ex.outerAddRowsBatchF32(pa[0]!, pa[1]!, kind(pre), pa[2]!, kind(post), scale, batch, nPre, nPost, sc);
      return done(true);
    }
    stats.fallback++;
    js.outerAddRowsBatch(w, pre, post, scale, batch, nPre, nPost);
  };
  const outerAddColsBatch: K["outerAddColsBatch"] = (w, pre, post, scale, batch, nPre, nPost) => {
    if (batch === 1) return outerAddCols(w, pre, post, scale, nPre, nPost);
    const sc = work(nPost + batch * nPost);
    if (sc > 0 && outerArgs(w, pre, post, batch, nPre, nPost)) {
      ex.outerAddColsBatchF32(pa[0]!, pa[1]!, kind(pre), pa[2]!, kind(post), scale, batch, nPre, nPost, sc);
      return done(true);
    }
    stats.fallback++;
    js.outerAddColsBatch(w, pre, post, scale, batch, nPre, nPost);
  };

  const gemm: K["gemm"] = (out, a, b, M, K, N, aOff = 0, bOff = 0, oOff = 0) => {
    const f32 = out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array;
    const f64 = out instanceof Float64Array && a instanceof Float64Array && b instanceof Float64Array;
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

  // Weight maintenance: f32 weights in wasm memory (weights are large: a JavaScript-heap
  // matrix over the staging limit goes to js), f32 bounds arrays, float32 scalar bounds.
  const f32ok = (x: number): boolean => Math.fround(x) === x || Number.isNaN(x);
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
  const scaleCols: K["scaleCols"] = (w, col, nPre, nPost) => {
    if (w instanceof Float32Array && col instanceof Float32Array) {
      const wa = A(w, nPre * nPost, true);
      const ca = A(col, nPost, false);
      if (wa > 0 && ca > 0) {
        ex.scaleColsF32(wa, ca, nPre, nPost);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.scaleCols(w, col, nPre, nPost);
  };

  const traceStep: K["traceStep"] = (x, s, batch, n, decay, scale, additive) => {
    const t = batch * n;
    if (kind(s) >= 0) {
      const xa = A(x, t, true);
      const sa = A(s, t, false);
      if (xa > 0 && sa > 0 && param(0, decay, n) && param(1, scale, n)) {
        ex.traceStep(xa, sa, kind(s), batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, additive ? 1 : 0);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.traceStep(x, s, batch, n, decay, scale, additive);
  };

  const sumInputStep: K["sumInputStep"] = (summed, input, total) => {
    if (kind(input) >= 0) {
      const sa = A(summed, total, true);
      const ia = A(input, total, false);
      if (sa > 0 && ia > 0) {
        ex.sumInputStep(sa, ia, kind(input), total);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.sumInputStep(summed, input, total);
  };

  // Addresses of a layer's state in slots 8..12 of `pa`: v, rc, s, x, summed (x and summed
  // may be null: address 0). False (after discarding staged copies) when wasm cannot run.
  function stateArgs(v: Float32Array, rc: Float32Array, s: Uint8Array, x: Float32Array | null, summed: Float32Array | null, t: number): boolean {
    pa[8] = A(v, t, true);
    pa[9] = A(rc, t, true);
    pa[10] = A(s, t, true);
    pa[11] = A(x, t, false);
    pa[12] = A(summed, t, true);
    if (pa[8]! > 0 && pa[9]! > 0 && pa[10]! > 0 && pa[11]! >= 0 && pa[12]! >= 0) return true;
    done(false);
    return false;
  }
  /** LIF params in slots 0..5 (lbound is slot 5); false (after discarding) when wasm cannot take one. */
  function lifParamsOk(p: { decay: Param; rest: Param; reset: Param; thresh: Param; refrac: Param; lbound: Param | null }, n: number): boolean {
    if (param(0, p.decay, n) && param(1, p.rest, n) && param(2, p.reset, n) && param(3, p.thresh, n) && param(4, p.refrac, n) && param(5, p.lbound, n)) return true;
    done(false);
    return false;
  }
  function paramsOk(ok: boolean): boolean {
    if (!ok) done(false);
    return ok;
  }
  // (LIF parameters are passed as the 14 arguments pa[0], pv[0], ..., pa[4], pv[4], dt, has
  // lbound, pa[5], pv[5], written out at each call: a spread would allocate an array per step)

  const lifStep: K["lifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateArgs(v, rc, s, x, summed, batch * n) && lifParamsOk(p, n)) {
      ex.lifStep(pa[8]!, pa[9]!, pa[10]!, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!);
      return done(true);
    }
    stats.fallback++;
    js.lifStep(v, rc, s, x, summed, batch, n, p);
  };

  const boostedLifStep: K["boostedLifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateArgs(v, rc, s, x, summed, batch * n) && paramsOk(param(0, p.decay, n) && param(1, p.thresh, n) && param(2, p.refrac, n))) {
      ex.boostedLifStep(pa[8]!, pa[9]!, pa[10]!, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, Math.fround(p.dt));
      return done(true);
    }
    stats.fallback++;
    js.boostedLifStep(v, rc, s, x, summed, batch, n, p);
  };

  const ifStep: K["ifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateArgs(v, rc, s, x, summed, batch * n) && paramsOk(param(0, p.reset, n) && param(1, p.thresh, n) && param(2, p.refrac, n) && param(3, p.lbound, n))) {
      ex.ifStep(pa[8]!, pa[9]!, pa[10]!, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[3]!, pv[3]!);
      return done(true);
    }
    stats.fallback++;
    js.ifStep(v, rc, s, x, summed, batch, n, p);
  };

  const currentLifStep: K["currentLifStep"] = (v, cur, rc, s, x, summed, batch, n, p) => {
    const ca = A(cur, batch * n, true);
    if (ca > 0 && stateArgs(v, rc, s, x, summed, batch * n) && lifParamsOk(p, n) && paramsOk(param(6, p.iDecay, n))) {
      ex.currentLifStep(pa[8]!, ca, pa[9]!, pa[10]!, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!, pa[6]!, pv[6]!);
      return done(true);
    }
    done(false);
    stats.fallback++;
    js.currentLifStep(v, cur, rc, s, x, summed, batch, n, p);
  };

  const adaptiveLifStep: K["adaptiveLifStep"] = (v, rc, s, theta, x, summed, batch, n, p, count) => {
    const ta = A(theta, n, true);
    const ca = A(count, n, true);
    if (ta > 0 && ca > 0 && stateArgs(v, rc, s, x, summed, batch * n) && lifParamsOk(p, n) && paramsOk(param(6, p.thetaDecay, n) && param(7, p.thetaPlus, n))) {
      ex.adaptiveLifStep(pa[8]!, pa[9]!, pa[10]!, ta, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!, pa[6]!, pv[6]!, pa[7]!, pv[7]!, p.learning ? 1 : 0, ca);
      return done(true);
    }
    done(false);
    stats.fallback++;
    js.adaptiveLifStep(v, rc, s, theta, x, summed, batch, n, p, count);
  };

  const izhikevichStep: K["izhikevichStep"] = (v, u, s, x, xeff, batch, n, p, gather, spiking) => {
    const t = batch * n;
    if (v instanceof Float32Array && u instanceof Float32Array && s instanceof Uint8Array && xeff instanceof Float32Array && p.S instanceof Float32Array && gather instanceof Float32Array && spiking instanceof Int32Array) {
      const va = A(v, t, true);
      const ua = A(u, t, true);
      const sa = A(s, t, true);
      const xa = A(x, t, false);
      const ea = A(xeff, t, true);
      const Sa = A(p.S, n * n, false);
      const ga = A(gather, n, true);
      const ka = A(spiking, n, true);
      const ok =
        va > 0 && ua > 0 && sa > 0 && xa >= 0 && ea > 0 && Sa > 0 && ga > 0 && ka > 0 &&
        param(0, p.a, n) && param(1, p.b, n) && param(2, p.c, n) && param(3, p.d, n) && param(4, p.thresh, n) && param(5, p.lbound, n);
      if (ok) {
        ex.izhikevichStepF32(va, ua, sa, xa, ea, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, Sa, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!, ga, ka);
        return done(true);
      }
      done(false);
    }
    stats.fallback++;
    js.izhikevichStep(v, u, s, x, xeff, batch, n, p, gather, spiking);
  };

  const srm0Step: K["srm0Step"] = (v, rc, s, sProb, uniform, x, summed, batch, n, p) => {
    const t = batch * n;
    if (uniform instanceof Float32Array && sProb instanceof Float32Array && stateArgs(v, rc, s, x, summed, t) && lifParamsOk(p, n)) {
      const pr = A(sProb, t, true);
      const un = A(uniform, t, false);
      if (pr > 0 && un > 0 && paramsOk(param(6, p.eps0, n) && param(7, p.rho0, n) && param(13, p.dThresh, n))) {
        ex.srm0StepF32(pa[8]!, pa[9]!, pa[10]!, pr, un, pa[11]!, pa[12]!, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!, pa[6]!, pv[6]!, pa[7]!, pv[7]!, pa[13]!, pv[13]!);
        return done(true);
      }
      if (pr <= 0 || un <= 0) done(false);
    }
    stats.fallback++;
    js.srm0Step(v, rc, s, sProb, uniform, x, summed, batch, n, p);
  };

  const csrmStep: K["csrmStep"] = (v, s, theta, lastSpikes, x, batch, n, p, count) => {
    const t = batch * n;
    const rw = p.resKernel.length;
    const fw = p.refKernel.length;
    if (v instanceof Float32Array && s instanceof Uint8Array && theta instanceof Float32Array && lastSpikes instanceof Float32Array && count instanceof Float32Array && p.resKernel instanceof Float32Array && p.refKernel instanceof Float32Array && (x === null || x instanceof Float32Array)) {
      const va = A(v, t, true);
      const sa = A(s, t, true);
      const ta = A(theta, n, true);
      const la = A(lastSpikes, batch * fw * n, true);
      const xa = A(x, batch * rw * n, false);
      const ra = A(p.resKernel, rw, false);
      const fa = A(p.refKernel, fw, false);
      const ca = A(count, n, true);
      if (va > 0 && sa > 0 && ta > 0 && la > 0 && xa >= 0 && ra > 0 && fa > 0 && ca > 0 && paramsOk(param(0, p.decay, n) && param(1, p.thresh, n) && param(2, p.thetaDecay, n) && param(3, p.thetaPlus, n) && param(4, p.lbound, n))) {
        ex.csrmStepF32(va, sa, ta, la, xa, batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, p.learning ? 1 : 0, ra, rw, fa, fw, p.lbound === null ? 0 : 1, pa[4]!, pv[4]!, ca);
        return done(true);
      }
      if (!(va > 0 && sa > 0 && ta > 0 && la > 0 && xa >= 0 && ra > 0 && fa > 0 && ca > 0)) done(false);
    }
    stats.fallback++;
    js.csrmStep(v, s, theta, lastSpikes, x, batch, n, p, count);
  };

  const mcpStep: K["mcpStep"] = (v, s, x, batch, n, thresh) => {
    const va = A(v, batch * n, true);
    const sa = A(s, batch * n, true);
    const xa = A(x, batch * n, false);
    if (va > 0 && sa > 0 && xa >= 0 && param(0, thresh, n)) {
      ex.mcpStep(va, sa, xa, batch, n, pa[0]!, pv[0]!);
      return done(true);
    }
    done(false);
    stats.fallback++;
    js.mcpStep(v, s, x, batch, n, thresh);
  };

  /**
   * CSR structure into slots 13 (rowPtr), 14 (colIdx), 15 (nnz: entries both colIdx and
   * `values` hold); false to use js. The wasm kernels check each row they use against these.
   */
  function csrArgs(rowPtr: Int32Array, colIdx: Int32Array, values: TypedArray, nRows: number): boolean {
    if (!(rowPtr instanceof Int32Array) || !(colIdx instanceof Int32Array)) return false;
    pa[13] = A(rowPtr, nRows + 1, false);
    pa[14] = A(colIdx, 0, false);
    pa[15] = Math.min(colIdx.length, values.length);
    return pa[13]! > 0 && pa[14]! > 0;
  }

  const spikeMatmulCSR: K["spikeMatmulCSR"] = (out, s, rowPtr, colIdx, values, batch, nPre, nPost) => {
    if (out instanceof Float32Array && values instanceof Float32Array && kind(s) >= 0 && csrArgs(rowPtr, colIdx, values, nPre)) {
      const o = A(out, batch * nPost, true);
      const sa = A(s, batch * nPre, false);
      const va = A(values, 0, false);
      if (o > 0 && sa > 0 && va > 0 && ex.spikeMatmulCSRF32(o, sa, kind(s), pa[13]!, pa[14]!, va, pa[15]!, batch, nPre, nPost) === 0) return done(true);
    }
    done(false);
    stats.fallback++;
    js.spikeMatmulCSR(out, s, rowPtr, colIdx, values, batch, nPre, nPost);
  };

  const csrOuter = (which: "csrOuterAddRows" | "csrOuterAddCols"): K["csrOuterAddRows"] => (values, rowPtr, colIdx, pre, post, scale, nPre) => {
    if (values instanceof Float32Array && kind(pre) >= 0 && kind(post) >= 0 && csrArgs(rowPtr, colIdx, values, nPre)) {
      const va = A(values, 0, true);
      const pr = A(pre, nPre, false);
      const po = A(post, 0, false);
      const f = which === "csrOuterAddRows" ? ex.csrOuterAddRowsF32 : ex.csrOuterAddColsF32;
      if (va > 0 && pr > 0 && po > 0 && f(va, pa[13]!, pa[14]!, pa[15]!, pr, kind(pre), po, kind(post), post.length, scale, nPre) === 0) return done(true);
    }
    done(false);
    stats.fallback++;
    js[which](values, rowPtr, colIdx, pre, post, scale, nPre);
  };
  const csrOuterAddRows = csrOuter("csrOuterAddRows");
  const csrOuterAddCols = csrOuter("csrOuterAddCols");

  const csrDenseMatmul: K["csrDenseMatmul"] = (out, rowPtr, colIdx, values, dense, M, N) => {
    const f32 = out instanceof Float32Array && values instanceof Float32Array && dense instanceof Float32Array;
    const f64 = out instanceof Float64Array && values instanceof Float64Array && dense instanceof Float64Array;
    if ((f32 || f64) && N > 0 && csrArgs(rowPtr, colIdx, values, M)) {
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

  // Window geometry, written into a persistent i32[18] block of wasm memory per call.
  let geom: Int32Array | null = null;
  function geometry(g: Window3): number {
    if (geom === null) {
      const a = heap.alloc("int32", 18) as Int32Array;
      if (!heap.owns(a)) return -1;
      geom = a;
    }
    const v = [g.inD, g.inH, g.inW, g.kD, g.kH, g.kW, g.sD, g.sH, g.sW, g.pD, g.pH, g.pW, g.dD, g.dH, g.dW, g.oD, g.oH, g.oW];
    for (let i = 0; i < 18; i++) {
      const x = v[i]!;
      // Sizes the kernels can trust: integers, positive kernel/stride/dilation, padding >= 0.
      if (!Number.isInteger(x) || x < 0 || (x === 0 && i >= 3 && i !== 9 && i !== 10 && i !== 11)) return -1;
      geom[i] = x;
    }
    return geom.byteOffset;
  }
  const outSize = (i: number, k: number, s: number, p: number, d: number): number => Math.floor((i + 2 * p - d * (k - 1) - 1) / s) + 1;
  /** The geometry's output sizes follow from the rest (else the kernel could read outside x). */
  const consistent = (g: Window3): boolean =>
    g.oD <= outSize(g.inD, g.kD, g.sD, g.pD, g.dD) && g.oH <= outSize(g.inH, g.kH, g.sH, g.pH, g.dH) && g.oW <= outSize(g.inW, g.kW, g.sW, g.pW, g.dW);

  const im2col: K["im2col"] = (cols, x, xOff, channels, g, cOff = 0) => {
    const es = cols.BYTES_PER_ELEMENT;
    const xU8 = cols instanceof Float32Array && x instanceof Uint8Array;
    if ((xU8 || (cols.constructor === x.constructor && (es === 4 || es === 8))) && consistent(g)) {
      const ga = geometry(g);
      const rows = channels * g.kD * g.kH * g.kW;
      const ca = A(cols, cOff + rows * g.oD * g.oH * g.oW, true);
      const xa = A(x, xOff + channels * g.inD * g.inH * g.inW, false);
      if (ga > 0 && ca > 0 && xa > 0) {
        ex.im2col(ca + es * cOff, xa + x.BYTES_PER_ELEMENT * xOff, es, xU8 ? 1 : 0, channels, ga);
        return done(true);
      }
    }
    done(false);
    stats.fallback++;
    js.im2col(cols, x, xOff, channels, g, cOff);
  };

  const col2im: K["col2im"] = (im, cols, imOff, channels, g) => {
    const f32 = im instanceof Float32Array && cols instanceof Float32Array;
    const f64 = im instanceof Float64Array && cols instanceof Float64Array;
    if ((f32 || f64) && consistent(g)) {
      const ga = geometry(g);
      const e = f32 ? 4 : 8;
      const ia = A(im, imOff + channels * g.inD * g.inH * g.inW, true);
      const ca = A(cols, channels * g.kD * g.kH * g.kW * g.oD * g.oH * g.oW, false);
      if (ga > 0 && ia > 0 && ca > 0) {
        ex.col2im(ia + e * imOff, ca, f64 ? 1 : 0, channels, ga);
        return done(true);
      }
    }
    done(false);
    stats.fallback++;
    js.col2im(im, cols, imOff, channels, g);
  };

  const maxPool: K["maxPool"] = (out, idx, x, planes, g) => {
    const f32 = out instanceof Float32Array && x instanceof Float32Array;
    const f64 = out instanceof Float64Array && x instanceof Float64Array;
    if ((f32 || f64) && idx instanceof Int32Array && consistent(g)) {
      const ga = geometry(g);
      const L = planes * g.oD * g.oH * g.oW;
      const o = A(out, L, true);
      const ia = A(idx, L, true);
      const xa = A(x, planes * g.inD * g.inH * g.inW, false);
      if (ga > 0 && o > 0 && ia > 0 && xa > 0) {
        ex.maxPool(o, ia, xa, f64 ? 1 : 0, planes, ga);
        return done(true);
      }
    }
    done(false);
    stats.fallback++;
    js.maxPool(out, idx, x, planes, g);
  };

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

  return {
    ...js,
    spikeMatmul,
    outerAddRows,
    outerAddCols,
    outerAddRowsBatch,
    outerAddColsBatch,
    gemm,
    traceStep,
    sumInputStep,
    lifStep,
    boostedLifStep,
    ifStep,
    currentLifStep,
    adaptiveLifStep,
    mcpStep,
    spikeMatmulCSR,
    csrOuterAddRows,
    csrOuterAddCols,
    csrDenseMatmul,
    im2col,
    col2im,
    maxPool,
    clampRange,
    clampCols,
    scaleInPlace,
    absInto,
    scaleCols,
    izhikevichStep,
    srm0Step,
    csrmStep,
    tsum0,
    spikeList,
    inputSpikes,
    chainTrace,
    addRows,
    addScaledRows,
    addScaledCols,
    clampRows,
    torchRowsSum,
  };
}
