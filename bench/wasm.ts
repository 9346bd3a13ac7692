/**
 * Kernel timings, js backend vs wasm backend: the same kernel on the same values, the js one
 * on JavaScript-heap arrays, the wasm one on arrays in wasm memory (no copies). Prints a
 * markdown table (recorded in docs/benchmarks.md), then Diehl & Cook training throughput on both
 * backends. Run: `npx tsx bench/wasm.ts [--quick] [--dc (Diehl & Cook only)]`.
 */
import { allocArray, type DType, type TypedArray } from "../src/backend/dtype.js";
import { jsKernels } from "../src/backend/js/index.js";
import type { Window3 } from "../src/backend/contract.js";
import { loadWasmBackend } from "../src/backend/wasm/index.js";
import { diehlCookNetwork } from "./dc-network.js";
import { tensor } from "../src/tensor/creation.js";
import { setBackend } from "../src/backend/backend.js";

const quick = process.argv.includes("--quick");
const wasm = loadWasmBackend();
type Mk = (dtype: DType, n: number) => TypedArray;
const mkJs: Mk = (d, n) => allocArray(d, n);
// arrays in wasm memory: from an arena (the backend's alloc outside one gives JavaScript arrays)
const arena = wasm.createArena();
const mkWasm: Mk = (d, n) => arena.alloc(d, n);

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

/** Kernel-level table (skipped with --dc). */
function kernelTable(): void {
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

  const conv: Window3 = { inD: 1, inH: 28, inW: 28, kD: 1, kH: 5, kW: 5, sD: 1, sH: 1, sW: 1, pD: 0, pH: 0, pW: 0, dD: 1, dH: 1, dW: 1, oD: 1, oH: 24, oW: 24 };
  bench("im2col (conv2d 1x28x28, 5x5)", "25 x 576 columns", (mk, k) => {
    const x = mk("float32", 784) as Float32Array;
    for (let i = 0; i < 784; i++) x[i] = rnd();
    const cols = mk("float32", 25 * 576) as Float32Array;
    return () => k.im2col(cols, x, 0, 1, conv);
  });
  const pool: Window3 = { inD: 1, inH: 24, inW: 24, kD: 1, kH: 2, kW: 2, sD: 1, sH: 2, sW: 2, pD: 0, pH: 0, pW: 0, dD: 1, dH: 1, dW: 1, oD: 1, oH: 12, oW: 12 };
  bench("maxPool 2x2 stride 2", "25 planes 24x24", (mk, k) => {
    const x = mk("float32", 25 * 576) as Float32Array;
    for (let i = 0; i < x.length; i++) x[i] = rnd();
    const out = mk("float32", 25 * 144) as Float32Array;
    const idx = mk("int32", 25 * 144) as Int32Array;
    return () => k.maxPool(out, idx, x, 25, pool);
  });
  bench("spikeMatmulCSR (10% dense weights, 5% spikes)", "1000x1000", (mk, k) => {
    const rowPtr = mk("int32", 1001) as Int32Array;
    const cols: number[] = [];
    for (let i = 0; i < 1000; i++) {
      for (let j = 0; j < 1000; j++) if (rnd() < 0.1) cols.push(j);
      rowPtr[i + 1] = cols.length;
    }
    const colIdx = mk("int32", cols.length) as Int32Array;
    colIdx.set(cols);
    const values = mk("float32", cols.length) as Float32Array;
    for (let i = 0; i < values.length; i++) values[i] = rnd();
    const s = mk("bool", 1000) as Uint8Array;
    for (let i = 0; i < 1000; i++) s[i] = rnd() < 0.05 ? 1 : 0;
    const out = mk("float32", 1000) as Float32Array;
    return () => k.spikeMatmulCSR(out, s, rowPtr, colIdx, values, 1, 1000, 1000);
  });

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
}
if (!process.argv.includes("--dc")) kernelTable();

console.log(`\nnode ${process.version}, ${process.arch}; wasm heap ${wasm.heap.shared ? "shared" : "plain"} memory`);

// ---- Diehl & Cook (2015) training throughput, js vs wasm --------------------------------
// The main job's network: 784 Poisson inputs (an image at up to 128 Hz), n excitatory
// DiehlAndCookNodes learning with PostPre (nu 1e-4 / 1e-2, wmax 1, norm 78.4), n inhibitory
// LIF neurons, fixed Ae->Ai (22.5 one-to-one) and Ai->Ae (-120 lateral) weights; 250 steps
// per image, state reset between images. Timed: run + reset per image, median of images.

/** Bernoulli spike trains [T, 784] of a random "image" (15 % of pixels lit, rates up to 128 Hz). */
function image(T: number): ReturnType<typeof tensor> {
  const rates = new Float64Array(784).map(() => (rnd() < 0.15 ? 128 * rnd() : 0));
  const d = new Uint8Array(T * 784);
  for (let t = 0; t < T; t++) for (let i = 0; i < 784; i++) d[t * 784 + i] = rnd() < rates[i]! / 1000 ? 1 : 0;
  return tensor(d, { dtype: "bool", shape: [T, 784] });
}

const dcSizes = quick ? [100] : [100, 400];
const nImages = quick ? 4 : 10;
console.log("\n| Diehl & Cook training, 250 steps/image | js (images/s) | wasm (images/s) | speed-up |");
console.log("|---|---:|---:|---:|");
for (const nExc of dcSizes) {
  const perBackend: number[] = [];
  for (const b of ["js", "wasm"]) {
    setBackend(b);
    seed = 7;
    const net = diehlCookNetwork(nExc, rnd);
    const imgs = Array.from({ length: nImages + 1 }, () => image(250));
    const times: number[] = [];
    for (const [k, x] of imgs.entries()) {
      const t0 = performance.now();
      net.run({ inputs: { X: x }, time: 250 });
      net.resetStateVariables();
      if (k > 0) times.push((performance.now() - t0) / 1000); // the first image warms up
    }
    times.sort((p, q) => p - q);
    perBackend.push(1 / times[times.length >> 1]!);
  }
  setBackend("js");
  console.log(`| n = ${nExc} | ${perBackend[0]!.toFixed(1)} | ${perBackend[1]!.toFixed(1)} | ${(perBackend[1]! / perBackend[0]!).toFixed(1)}x |`);
}
console.log(`wasm kernel calls: ${wasm.stats.wasm}, js fallbacks: ${wasm.stats.fallback}`);
