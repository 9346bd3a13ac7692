/**
 * The wasm kernel table: every key of `jsKernels` with the same signature. A kernel runs in
 * wasm when all its arrays live in the heap's memory, have the dtypes the module was compiled
 * for and are as long as the sizes say, and its number parameters are float32 values; in
 * every other case (arrays made before `setBackend("wasm")`, other dtypes, ...) it calls the
 * js kernel, which is the reference the wasm kernels match bit for bit. Keys not ported yet
 * are the js kernels themselves. Validation stays at the public API: these checks only pick
 * the path, so a wasm kernel never reads outside its arrays.
 */
import type { TypedArray } from "../dtype.js";
import { jsKernels } from "../js/index.js";
import type { Param } from "../js/neurons.js";
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
] as const satisfies readonly (keyof K)[];

/** Builds the kernel table over one instance and its heap. */
export function createWasmKernels(ex: WasmExports, heap: WasmHeap): K {
  const js = jsKernels;
  const own = (a: TypedArray, len: number): boolean => a.length >= len && heap.owns(a);
  const ownOpt = (a: TypedArray | null, len: number): boolean => a === null || own(a, len);
  const addr = (a: TypedArray | null): number => (a === null ? 0 : a.byteOffset);

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
    pa[k] = p.byteOffset;
    pv[k] = 0;
    return p instanceof Float32Array && own(p, n);
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

  const spikeMatmul: K["spikeMatmul"] = (out, s, w, batch, nPre, nPost) => {
    if (own(out, batch * nPost) && own(s, batch * nPre) && own(w, nPre * nPost)) {
      if (out instanceof Float32Array && w instanceof Float32Array) {
        if (s instanceof Uint8Array) return ex.spikeMatmulF32U8(out.byteOffset, s.byteOffset, w.byteOffset, batch, nPre, nPost);
        if (s instanceof Float32Array) return ex.spikeMatmulF32F32(out.byteOffset, s.byteOffset, w.byteOffset, batch, nPre, nPost);
      } else if (out instanceof Float64Array && w instanceof Float64Array) {
        if (s instanceof Uint8Array) return ex.spikeMatmulF64U8(out.byteOffset, s.byteOffset, w.byteOffset, batch, nPre, nPost);
        if (s instanceof Float64Array) return ex.spikeMatmulF64F64(out.byteOffset, s.byteOffset, w.byteOffset, batch, nPre, nPost);
      }
    }
    return js.spikeMatmul(out, s, w, batch, nPre, nPost);
  };

  const outerOk = (w: TypedArray, pre: TypedArray, post: TypedArray, batch: number, nPre: number, nPost: number): boolean =>
    w instanceof Float32Array && kind(pre) >= 0 && kind(post) >= 0 && own(w, nPre * nPost) && own(pre, batch * nPre) && own(post, batch * nPost);

  const outerAddRows: K["outerAddRows"] = (w, pre, post, scale, nPre, nPost) => {
    if (outerOk(w, pre, post, 1, nPre, nPost)) return ex.outerAddRowsF32(w.byteOffset, pre.byteOffset, kind(pre), post.byteOffset, kind(post), scale, nPre, nPost);
    return js.outerAddRows(w, pre, post, scale, nPre, nPost);
  };
  const outerAddCols: K["outerAddCols"] = (w, pre, post, scale, nPre, nPost) => {
    if (outerOk(w, pre, post, 1, nPre, nPost)) {
      const sc = work(2 * nPost);
      if (sc >= 0) return ex.outerAddColsF32(w.byteOffset, pre.byteOffset, kind(pre), post.byteOffset, kind(post), scale, nPre, nPost, sc);
    }
    return js.outerAddCols(w, pre, post, scale, nPre, nPost);
  };
  const outerAddRowsBatch: K["outerAddRowsBatch"] = (w, pre, post, scale, batch, nPre, nPost) => {
    if (batch === 1) return outerAddRows(w, pre, post, scale, nPre, nPost);
    if (outerOk(w, pre, post, batch, nPre, nPost)) {
      const sc = work(nPost);
      if (sc >= 0) return ex.outerAddRowsBatchF32(w.byteOffset, pre.byteOffset, kind(pre), post.byteOffset, kind(post), scale, batch, nPre, nPost, sc);
    }
    return js.outerAddRowsBatch(w, pre, post, scale, batch, nPre, nPost);
  };
  const outerAddColsBatch: K["outerAddColsBatch"] = (w, pre, post, scale, batch, nPre, nPost) => {
    if (batch === 1) return outerAddCols(w, pre, post, scale, nPre, nPost);
    if (outerOk(w, pre, post, batch, nPre, nPost)) {
      const sc = work(nPost + batch * nPost);
      if (sc >= 0) return ex.outerAddColsBatchF32(w.byteOffset, pre.byteOffset, kind(pre), post.byteOffset, kind(post), scale, batch, nPre, nPost, sc);
    }
    return js.outerAddColsBatch(w, pre, post, scale, batch, nPre, nPost);
  };

  const gemm: K["gemm"] = (out, a, b, M, K, N, aOff = 0, bOff = 0, oOff = 0) => {
    if (own(out, oOff + M * N) && own(a, aOff + M * K) && own(b, bOff + K * N)) {
      if (out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) {
        return ex.gemmF32(out.byteOffset + 4 * oOff, a.byteOffset + 4 * aOff, b.byteOffset + 4 * bOff, M, K, N);
      }
      if (out instanceof Float64Array && a instanceof Float64Array && b instanceof Float64Array) {
        return ex.gemmF64(out.byteOffset + 8 * oOff, a.byteOffset + 8 * aOff, b.byteOffset + 8 * bOff, M, K, N);
      }
    }
    return js.gemm(out, a, b, M, K, N, aOff, bOff, oOff);
  };

  const traceStep: K["traceStep"] = (x, s, batch, n, decay, scale, additive) => {
    const t = batch * n;
    if (own(x, t) && kind(s) >= 0 && own(s, t) && param(0, decay, n) && param(1, scale, n)) {
      return ex.traceStep(x.byteOffset, s.byteOffset, kind(s), batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, additive ? 1 : 0);
    }
    return js.traceStep(x, s, batch, n, decay, scale, additive);
  };

  const sumInputStep: K["sumInputStep"] = (summed, input, total) => {
    if (own(summed, total) && kind(input) >= 0 && own(input, total)) return ex.sumInputStep(summed.byteOffset, input.byteOffset, kind(input), total);
    return js.sumInputStep(summed, input, total);
  };

  /** v, rc, s, x, summed of a [batch, n] layer are wasm-owned (x, summed may be null). */
  const stateOk = (v: TypedArray, rc: TypedArray, s: TypedArray, x: TypedArray | null, summed: TypedArray | null, t: number): boolean =>
    own(v, t) && own(rc, t) && own(s, t) && ownOpt(x, t) && ownOpt(summed, t);
  /** Fills slots 0..5 with LIF params; lbound is slot 5, its presence returned through `lb`. */
  const lifParamsOk = (p: { decay: Param; rest: Param; reset: Param; thresh: Param; refrac: Param; lbound: Param | null }, n: number): boolean =>
    param(0, p.decay, n) && param(1, p.rest, n) && param(2, p.reset, n) && param(3, p.thresh, n) && param(4, p.refrac, n) && param(5, p.lbound, n);
  const lifArgs = (p: { dt: number; lbound: Param | null }): number[] => [
    pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, pa[3]!, pv[3]!, pa[4]!, pv[4]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[5]!, pv[5]!,
  ];

  const lifStep: K["lifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateOk(v, rc, s, x, summed, batch * n) && lifParamsOk(p, n)) {
      return ex.lifStep(v.byteOffset, rc.byteOffset, s.byteOffset, addr(x), addr(summed), batch, n, ...lifArgs(p));
    }
    return js.lifStep(v, rc, s, x, summed, batch, n, p);
  };

  const boostedLifStep: K["boostedLifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateOk(v, rc, s, x, summed, batch * n) && param(0, p.decay, n) && param(1, p.thresh, n) && param(2, p.refrac, n)) {
      return ex.boostedLifStep(v.byteOffset, rc.byteOffset, s.byteOffset, addr(x), addr(summed), batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, Math.fround(p.dt));
    }
    return js.boostedLifStep(v, rc, s, x, summed, batch, n, p);
  };

  const ifStep: K["ifStep"] = (v, rc, s, x, summed, batch, n, p) => {
    if (stateOk(v, rc, s, x, summed, batch * n) && param(0, p.reset, n) && param(1, p.thresh, n) && param(2, p.refrac, n) && param(3, p.lbound, n)) {
      return ex.ifStep(v.byteOffset, rc.byteOffset, s.byteOffset, addr(x), addr(summed), batch, n, pa[0]!, pv[0]!, pa[1]!, pv[1]!, pa[2]!, pv[2]!, Math.fround(p.dt), p.lbound === null ? 0 : 1, pa[3]!, pv[3]!);
    }
    return js.ifStep(v, rc, s, x, summed, batch, n, p);
  };

  const currentLifStep: K["currentLifStep"] = (v, cur, rc, s, x, summed, batch, n, p) => {
    if (stateOk(v, rc, s, x, summed, batch * n) && own(cur, batch * n) && lifParamsOk(p, n) && param(6, p.iDecay, n)) {
      return ex.currentLifStep(v.byteOffset, cur.byteOffset, rc.byteOffset, s.byteOffset, addr(x), addr(summed), batch, n, ...lifArgs(p), pa[6]!, pv[6]!);
    }
    return js.currentLifStep(v, cur, rc, s, x, summed, batch, n, p);
  };

  const adaptiveLifStep: K["adaptiveLifStep"] = (v, rc, s, theta, x, summed, batch, n, p, count) => {
    if (stateOk(v, rc, s, x, summed, batch * n) && own(theta, n) && own(count, n) && lifParamsOk(p, n) && param(6, p.thetaDecay, n) && param(7, p.thetaPlus, n)) {
      return ex.adaptiveLifStep(v.byteOffset, rc.byteOffset, s.byteOffset, theta.byteOffset, addr(x), addr(summed), batch, n, ...lifArgs(p), pa[6]!, pv[6]!, pa[7]!, pv[7]!, p.learning ? 1 : 0, count.byteOffset);
    }
    return js.adaptiveLifStep(v, rc, s, theta, x, summed, batch, n, p, count);
  };

  const mcpStep: K["mcpStep"] = (v, s, x, batch, n, thresh) => {
    if (own(v, batch * n) && own(s, batch * n) && ownOpt(x, batch * n) && param(0, thresh, n)) return ex.mcpStep(v.byteOffset, s.byteOffset, addr(x), batch, n, pa[0]!, pv[0]!);
    return js.mcpStep(v, s, x, batch, n, thresh);
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
  };
}
