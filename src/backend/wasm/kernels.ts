/**
 * The wasm kernel table: every key of `jsKernels` with the same signature. A kernel runs in
 * wasm when all its arrays live in the heap's memory and have the dtypes the module was
 * compiled for; otherwise (arrays made before `setBackend("wasm")`, dtypes without a wasm
 * variant, arrays shorter than the sizes say) it calls the js kernel, which is the reference
 * the wasm kernels match bit for bit. Keys not ported yet are the js kernels themselves.
 */
import type { TypedArray } from "../dtype.js";
import { jsKernels } from "../js/index.js";
import type { WasmHeap } from "./heap.js";
import type { WasmExports } from "./loader.js";

/** Builds the kernel table over one instance and its heap. */
export function createWasmKernels(ex: WasmExports, heap: WasmHeap): typeof jsKernels {
  const js = jsKernels;

  function spikeMatmul(
    out: Float32Array | Float64Array,
    s: TypedArray,
    w: Float32Array | Float64Array,
    batch: number,
    nPre: number,
    nPost: number,
  ): void {
    if (
      heap.owns(out) &&
      heap.owns(s) &&
      heap.owns(w) &&
      out.length >= batch * nPost &&
      s.length >= batch * nPre &&
      w.length >= nPre * nPost
    ) {
      if (out instanceof Float32Array && w instanceof Float32Array) {
        if (s instanceof Uint8Array) return ex.spikeMatmulF32U8(out.byteOffset, s.byteOffset, w.byteOffset, batch, nPre, nPost);
        if (s instanceof Float32Array) return ex.spikeMatmulF32F32(out.byteOffset, s.byteOffset, w.byteOffset, batch, nPre, nPost);
      } else if (out instanceof Float64Array && w instanceof Float64Array) {
        if (s instanceof Uint8Array) return ex.spikeMatmulF64U8(out.byteOffset, s.byteOffset, w.byteOffset, batch, nPre, nPost);
        if (s instanceof Float64Array) return ex.spikeMatmulF64F64(out.byteOffset, s.byteOffset, w.byteOffset, batch, nPre, nPost);
      }
    }
    return js.spikeMatmul(out, s, w, batch, nPre, nPost);
  }

  return { ...js, spikeMatmul };
}

/** Names of the kernels that have a wasm implementation (the rest are the js kernels). */
export const wasmKernelNames: readonly string[] = ["spikeMatmul"];
