/**
 * Compiles and instantiates the kernel module from the bytes embedded in `generated/binary.ts`
 * (written by scripts/build-wasm.mjs). No file system, fetch or bundler support is needed, so
 * the same code loads in Node, browsers and workers.
 */
import { wasmPlainBase64, wasmSharedBase64 } from "./generated/binary.js";

/** The functions the kernel module exports (addresses are byte offsets into the memory). */
export interface WasmExports {
  heapBase(): number;
  // event.ts (spike lists) and fsum.ts
  tsum0F32(m: number, rows: number, cols: number, out: number): void;
  spikeListU8(s: number, n: number, out: number): number;
  inputSpikesU8(s: number, list: number, prevK: number, train: number, n: number, last: number, t: number): number;
  chainTraceF32(x: number, last: number, chain: number, t: number, n: number): void;
  addRowsF32(out: number, scratch: number, w: number, s: number, rows: number, k: number, nPost: number): void;
  torchRowsSumF32(out: number, w: number, rows: number, k: number, nRows: number, nCols: number, acc: number): void;
  addScaledRowsF32(w: number, rows: number, k: number, s: number, a: number, x: number, nPost: number, clamp: number, lo: number, hi: number): void;
  addScaledColsF32(w: number, cols: number, k: number, s: number, a: number, x: number, nPre: number, nPost: number): void;
  clampRowsF32(w: number, rows: number, k: number, nPost: number, lo: number, hi: number): void;
  spikeMatmulF32U8(out: number, s: number, w: number, batch: number, nPre: number, nPost: number): void;
  clampRangeF32(w: number, from: number, to: number, lo: number, l0: number, hi: number, h0: number): void;
  clampColsF32(w: number, nPre: number, nPost: number, cols: number, nCols: number, lo: number, l0: number, hi: number, h0: number): void;
  scaleInPlaceF32(w: number, n: number, f: number): void;
  absIntoF32(dst: number, src: number, n: number): void;
  tsumAllF32(v: number, len: number): number;
  sexpF32(x: number): number;
  csrmStepF32(v: number, s: number, theta: number, lastSpikes: number, x: number, batch: number, n: number, ...params: number[]): void;
  srm0StepF32(v: number, rc: number, s: number, sProb: number, uniform: number, x: number, summed: number, batch: number, n: number, ...params: number[]): void;
  izhikevichStepF32(v: number, u: number, s: number, x: number, xeff: number, batch: number, n: number, aP: number, aV: number, bP: number, bV: number, cP: number, cV: number, dP: number, dV: number, S: number, thP: number, thV: number, dt: number, hasLb: number, lbP: number, lbV: number, gather: number, spiking: number): void;
  scaleColsF32(w: number, col: number, nPre: number, nPost: number): void;
  spikeMatmulF32F32(out: number, s: number, w: number, batch: number, nPre: number, nPost: number): void;
  spikeMatmulF64U8(out: number, s: number, w: number, batch: number, nPre: number, nPost: number): void;
  spikeMatmulF64F64(out: number, s: number, w: number, batch: number, nPre: number, nPost: number): void;
  // neurons.ts: a parameter is an (address, value) pair; address 0 means "use value".
  lifStep(v: number, rc: number, s: number, x: number, summed: number, batch: number, n: number, ...params: number[]): void;
  boostedLifStep(v: number, rc: number, s: number, x: number, summed: number, batch: number, n: number, ...params: number[]): void;
  ifStep(v: number, rc: number, s: number, x: number, summed: number, batch: number, n: number, ...params: number[]): void;
  currentLifStep(v: number, cur: number, rc: number, s: number, x: number, summed: number, batch: number, n: number, ...params: number[]): void;
  adaptiveLifStep(v: number, rc: number, s: number, theta: number, x: number, summed: number, batch: number, n: number, ...params: number[]): void;
  mcpStep(v: number, s: number, x: number, batch: number, n: number, thrP: number, thrV: number): void;
  traceStep(x: number, s: number, sF32: number, batch: number, n: number, decP: number, decV: number, scP: number, scV: number, additive: number): void;
  sumInputStep(summed: number, input: number, inF32: number, total: number): void;
  // outer.ts: pre/post kinds are 0 (u8) or 1 (f32).
  outerAddRowsF32(w: number, pre: number, preK: number, post: number, postK: number, scale: number, nPre: number, nPost: number): void;
  outerAddColsF32(w: number, pre: number, preK: number, post: number, postK: number, scale: number, nPre: number, nPost: number, scratch: number): void;
  outerAddRowsBatchF32(w: number, pre: number, preK: number, post: number, postK: number, scale: number, batch: number, nPre: number, nPost: number, scratch: number): void;
  outerAddColsBatchF32(w: number, pre: number, preK: number, post: number, postK: number, scale: number, batch: number, nPre: number, nPost: number, scratch: number): void;
  // linalg.ts
  gemmF32(out: number, a: number, b: number, M: number, K: number, N: number): void;
  gemmF64(out: number, a: number, b: number, M: number, K: number, N: number): void;
  // csr.ts: return 1 (having changed only what they overwrite anyway) on a bad structure.
  spikeMatmulCSRF32(out: number, s: number, sK: number, rowPtr: number, colIdx: number, values: number, nnz: number, batch: number, nPre: number, nPost: number): number;
  csrOuterAddRowsF32(values: number, rowPtr: number, colIdx: number, nnz: number, pre: number, preK: number, post: number, postK: number, nPostAvail: number, scale: number, nPre: number): number;
  csrOuterAddColsF32(values: number, rowPtr: number, colIdx: number, nnz: number, pre: number, preK: number, post: number, postK: number, nPostAvail: number, scale: number, nPre: number): number;
  csrDenseMatmulF32(out: number, rowPtr: number, colIdx: number, values: number, nnz: number, dense: number, denseRows: number, M: number, N: number): number;
  csrDenseMatmulF64(out: number, rowPtr: number, colIdx: number, values: number, nnz: number, dense: number, denseRows: number, M: number, N: number): number;
  // conv.ts: g is the address of an i32[18] window geometry.
  im2col(cols: number, x: number, es: number, xU8: number, channels: number, g: number): void;
  maxPool(out: number, idx: number, x: number, f64: number, planes: number, g: number): void;
  col2im(im: number, cols: number, f64: number, channels: number, g: number): void;
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The module's bytes: the variant that imports a shared memory or a plain one. */
export function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return decodeBase64(shared ? wasmSharedBase64 : wasmPlainBase64);
}

const compiled = new Map<boolean, WebAssembly.Module>();

/**
 * Compiles synchronously. Node and workers allow this for any size; a browser's main thread
 * refuses modules over 4 KB, so browsers should call `compileModule` first.
 */
export function compileModuleSync(shared: boolean): WebAssembly.Module {
  let m = compiled.get(shared);
  if (!m) compiled.set(shared, (m = new WebAssembly.Module(moduleBytes(shared))));
  return m;
}

/** Compiles asynchronously and caches the result for `compileModuleSync`. */
export async function compileModule(shared: boolean): Promise<WebAssembly.Module> {
  let m = compiled.get(shared);
  if (!m) compiled.set(shared, (m = await WebAssembly.compile(moduleBytes(shared))));
  return m;
}

/** Instantiates a compiled module over `memory` (instantiation of a compiled module is cheap). */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): WasmExports {
  const abort = (): never => {
    throw new Error("wasm kernel aborted");
  };
  const instance = new WebAssembly.Instance(module, { env: { memory, abort } });
  return instance.exports as unknown as WasmExports;
}

// The smallest module that uses a v128 instruction: (func (result v128) v128.const i32x4 0 0 0 0).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 11,
]);

/** Whether this engine runs WebAssembly with 128-bit SIMD (every current browser and Node >= 16). */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
