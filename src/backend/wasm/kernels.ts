/**
 * The wasm kernel table: every key of `jsKernels` with the same signature. A kernel runs in
 * wasm when its arrays have the dtypes the module was compiled for and are as long as the
 * sizes say, and its number parameters are float32 values. Arrays in wasm memory are passed
 * by address; arrays in the JavaScript heap (made before `setBackend("wasm")`, a caller's
 * scratch array) of up to 4 MiB are staged: copied in, and back out if written. In every other
 * case (other dtypes, larger foreign arrays) it calls the js kernel, which is the reference
 * the wasm kernels match bit for bit. Keys not ported yet are the js kernels themselves.
 * Validation stays at the public API: these checks only pick the path, so a wasm kernel never
 * reads outside its arrays.
 *
 * The wrappers live in kernels/<group>.ts, one file per group of js/ (each a function of the
 * marshalling context of marshal.ts and the module's exports, typed by generated/exports.ts);
 * this file assembles them.
 */
import { jsKernels } from "../js/index.js";
import type { WasmExports } from "./loader.js";
import type { WasmHeap } from "./heap.js";
import { type KernelStats, createMarshal } from "./marshal.js";
import { convKernelNames, convKernels } from "./kernels/conv.js";
import { eventKernelNames, eventKernels } from "./kernels/event.js";
import { linalgKernelNames, linalgKernels } from "./kernels/linalg.js";
import { neuronsKernelNames, neuronsKernels } from "./kernels/neurons.js";
import { spikeKernelNames, spikeKernels } from "./kernels/spike.js";
import { weightsKernelNames, weightsKernels } from "./kernels/weights.js";

export type { KernelStats };

/** Names of the kernels that have a wasm implementation (the rest are the js kernels). */
export const wasmKernelNames = [
  ...spikeKernelNames,
  ...linalgKernelNames,
  ...convKernelNames,
  ...neuronsKernelNames,
  ...weightsKernelNames,
  ...eventKernelNames,
] as const;

/**
 * Builds the kernel table over one instance and its heap; `stats` counts the calls. One
 * marshalling context (staging, parameter slots, work area) is shared by every area's wrappers.
 */
export function createWasmKernels(ex: WasmExports, heap: WasmHeap, stats: KernelStats = { wasm: 0, fallback: 0 }): typeof jsKernels {
  const ctx = createMarshal(heap, stats);
  return {
    ...jsKernels,
    ...spikeKernels(ctx, ex),
    ...linalgKernels(ctx, ex),
    ...convKernels(ctx, ex),
    ...neuronsKernels(ctx, ex),
    ...weightsKernels(ctx, ex),
    ...eventKernels(ctx, ex),
  };
}
