/**
 * Kernel timings, js backend vs wasm backend: the same kernel on the same values, the js one
 * on JavaScript-heap arrays, the wasm one on arrays in wasm memory (no copies). Prints a
 * markdown table (recorded in docs/benchmarks.md). Run: `npx tsx bench/wasm.ts [--quick]`.
 */
import { allocArray, type DType, type TypedArray } from "../src/backend/dtype.js";
import { jsKernels } from "../src/backend/js/index.js";
import { loadWasmBackend } from "../src/backend/wasm/index.js";

const quick = process.argv.includes("--quick");
const wasm = loadWasmBackend();
type Mk = (dtype: DType, n: number) => TypedArray;
const mkJs: Mk = (d, n) => allocArray(d, n);
const mkWasm: Mk = (d, n) => wasm.alloc(d, n);

let seed = 1;
const rnd = (): number => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

/** Median seconds per call over batches that each run at least ~20 ms. */
function time(fn: () => void): number {
  fn();
  let reps = 1;
  for (;;) {
    const t = performance.now();
    for (let r = 0; r < reps; r++) fn();
    if (performance.now() - t > 20) break;
    reps *= 2;
  }
  const samples: number[] = [];
  for (let s = 0; s < (quick ? 3 : 7); s++) {
    const t = performance.now();
    for (let r = 0; r < reps; r++) fn();
    samples.push((performance.now() - t) / reps / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1]!;
}

const rows: string[] = [];
function report(kernel: string, size: string, tJs: number, tWasm: number): void {
  const fmt = (t: number): string => (t < 1e-3 ? `${(t * 1e6).toFixed(1)} µs` : `${(t * 1e3).toFixed(2)} ms`);
  const line = `| ${kernel} | ${size} | ${fmt(tJs)} | ${fmt(tWasm)} | ${(tJs / tWasm).toFixed(1)}x |`;
  rows.push(line);
  console.log(line);
}

/** Builds the same inputs with `mk`, returns the call. */
type Setup = (mk: Mk, k: typeof jsKernels) => () => void;
function bench(kernel: string, size: string, setup: Setup): void {
  seed = 1;
  const a = setup(mkJs, jsKernels);
  seed = 1;
  const b = setup(mkWasm, wasm.kernels);
  report(kernel, size, time(a), time(b));
}

console.log("| kernel | size | js | wasm | speed-up |");
console.log("|---|---|---|---|---|");

const spikeSizes: [number, number][] = quick ? [[784, 400], [1000, 1000]] : [[784, 400], [1000, 1000], [5000, 5000]];
for (const [nPre, nPost] of spikeSizes) {
  for (const rate of [0.01, 0.05, 0.2]) {
    bench("spikeMatmul", `${nPre}x${nPost}, ${rate * 100}% spikes`, (mk, k) => {
      const w = mk("float32", nPre * nPost) as Float32Array;
      for (let i = 0; i < w.length; i++) w[i] = rnd();
      const s = mk("bool", nPre) as Uint8Array;
      for (let i = 0; i < nPre; i++) s[i] = rnd() < rate ? 1 : 0;
      const out = mk("float32", nPost) as Float32Array;
      return () => k.spikeMatmul(out, s, w, 1, nPre, nPost);
    });
  }
}

const lifSizes = quick ? [1e3, 1e5] : [1e3, 1e4, 1e5, 1e6];
for (const n of lifSizes) {
  bench("lifStep", `n=${n}`, (mk, k) => {
    const v = mk("float32", n) as Float32Array;
    const rc = mk("float32", n) as Float32Array;
    const s = mk("bool", n) as Uint8Array;
    const x = mk("float32", n) as Float32Array;
    for (let i = 0; i < n; i++) {
      v[i] = -65 + 15 * rnd();
      x[i] = 2 * rnd();
    }
    const p = { decay: Math.fround(Math.exp(-1 / 100)), rest: -65, reset: -65, thresh: -52, refrac: 5, dt: 1, lbound: null };
    return () => k.lifStep(v, rc, s, x, null, 1, n, p);
  });
}

for (const n of quick ? [6400] : [400, 6400]) {
  bench("adaptiveLifStep (Diehl & Cook)", `n=${n}`, (mk, k) => {
    const v = mk("float32", n) as Float32Array;
    const rc = mk("float32", n) as Float32Array;
    const s = mk("bool", n) as Uint8Array;
    const theta = mk("float32", n) as Float32Array;
    const count = mk("float32", n) as Float32Array;
    const x = mk("float32", n) as Float32Array;
    for (let i = 0; i < n; i++) {
      v[i] = -65 + 15 * rnd();
      x[i] = 2 * rnd();
    }
    const p = { decay: Math.fround(Math.exp(-1 / 100)), rest: -65, reset: -60, thresh: -52, refrac: 5, dt: 1, lbound: null, thetaDecay: Math.fround(Math.exp(-1 / 1e7)), thetaPlus: Math.fround(0.05), learning: true };
    return () => k.adaptiveLifStep(v, rc, s, theta, x, null, 1, n, p, count);
  });
}

for (const [nPre, nPost] of [[784, 400], [784, 6400]] as [number, number][]) {
  bench("outerAddRows (STDP post-pre, 5% pre)", `${nPre}x${nPost}`, (mk, k) => {
    const w = mk("float32", nPre * nPost) as Float32Array;
    const pre = mk("float32", nPre) as Float32Array;
    const post = mk("float32", nPost) as Float32Array;
    for (let i = 0; i < nPre; i++) pre[i] = rnd() < 0.05 ? rnd() : 0;
    for (let j = 0; j < nPost; j++) post[j] = rnd();
    return () => k.outerAddRows(w, pre, post, 1e-4, nPre, nPost);
  });
  bench("outerAddCols (STDP, 1% post)", `${nPre}x${nPost}`, (mk, k) => {
    const w = mk("float32", nPre * nPost) as Float32Array;
    const pre = mk("float32", nPre) as Float32Array;
    const post = mk("bool", nPost) as Uint8Array;
    for (let i = 0; i < nPre; i++) pre[i] = rnd();
    for (let j = 0; j < nPost; j++) post[j] = rnd() < 0.01 ? 1 : 0;
    return () => k.outerAddCols(w, pre, post, 1e-2, nPre, nPost);
  });
}

for (const [M, K, N] of [[1, 784, 400], [64, 784, 400], [256, 256, 256]] as [number, number, number][]) {
  bench("gemm f32", `${M}x${K} @ ${K}x${N}`, (mk, k) => {
    const a = mk("float32", M * K) as Float32Array;
    const b = mk("float32", K * N) as Float32Array;
    const out = mk("float32", M * N) as Float32Array;
    for (let i = 0; i < a.length; i++) a[i] = rnd();
    for (let i = 0; i < b.length; i++) b[i] = rnd();
    return () => k.gemm(out, a, b, M, K, N);
  });
}

console.log(`\nnode ${process.version}, ${process.arch}; wasm heap ${wasm.heap.shared ? "shared" : "plain"} memory`);
