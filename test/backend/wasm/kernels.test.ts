import { describe, expect, it } from "vitest";
import { jsKernels } from "../../../src/backend/js/index.js";
import { loadWasmBackend } from "../../../src/backend/wasm/index.js";
import { wasmKernelNames } from "../../../src/backend/wasm/kernels.js";

const wb = loadWasmBackend();
const k = wb.kernels;

function inWasm<T extends Float32Array | Float64Array | Uint8Array>(a: T): T {
  const dtype = a instanceof Float32Array ? "float32" : a instanceof Float64Array ? "float64" : "uint8";
  const out = wb.alloc(dtype, a.length) as T;
  out.set(a);
  return out;
}

describe("wasm kernel table", () => {
  it("has every js kernel key, ported ones replaced", () => {
    expect(Object.keys(k).sort()).toEqual(Object.keys(jsKernels).sort());
    for (const name of wasmKernelNames) expect(k[name as keyof typeof k]).not.toBe(jsKernels[name as keyof typeof jsKernels]);
  });

  it("replaces exactly the kernels wasmKernelNames lists, each listed once by one area", () => {
    const replaced = Object.keys(jsKernels).filter((name) => k[name as keyof typeof k] !== jsKernels[name as keyof typeof jsKernels]);
    expect(replaced.sort()).toEqual([...wasmKernelNames].sort());
    expect(new Set(wasmKernelNames).size).toBe(wasmKernelNames.length);
    expect(wasmKernelNames.length).toBe(38);
  });
});

describe("wasm spikeMatmul", () => {
  // w is 3 x 5 (odd width exercises the scalar tail after the SIMD lanes).
  const wVals = [1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 0.5, 0.25, -1, -2, 100];

  it("sums the weight rows of the spiking neurons (bool spikes, batch 2)", () => {
    const w = inWasm(new Float32Array(wVals));
    const s = inWasm(new Uint8Array([1, 0, 1, 0, 1, 1]));
    const out = inWasm(new Float32Array(10).fill(9)); // overwritten, not accumulated
    k.spikeMatmul(out, s, w, 2, 3, 5);
    expect([...out]).toEqual([1.5, 2.25, 2, 2, 105, 10.5, 20.25, 29, 38, 150]);
  });

  it("scales rows by real-valued float32 inputs with float32 rounding", () => {
    const w = inWasm(new Float32Array(wVals));
    const s = inWasm(new Float32Array([0.1, 0, 3]));
    const out = inWasm(new Float32Array(5));
    k.spikeMatmul(out, s, w, 1, 3, 5);
    const f = Math.fround;
    const expected = [0, 1, 2, 3, 4].map((j) => f(f(f(0.1) * wVals[j]!) + f(3 * wVals[10 + j]!)));
    expect([...out]).toEqual(expected);
  });

  it("adds in float64 for float64 storage", () => {
    const w = inWasm(new Float64Array(wVals.map((v) => v / 3)));
    const s = inWasm(new Uint8Array([2, 1, 0]));
    const out = inWasm(new Float64Array(5));
    k.spikeMatmul(out, s, w, 1, 3, 5);
    expect([...out]).toEqual([0, 1, 2, 3, 4].map((j) => 0 + (2 * wVals[j]!) / 3 + wVals[5 + j]! / 3));
    const sf = inWasm(new Float64Array([0.5, 0, 0.25]));
    k.spikeMatmul(out, sf, w, 1, 3, 5);
    expect([...out]).toEqual([0, 1, 2, 3, 4].map((j) => 0 + 0.5 * (wVals[j]! / 3) + 0.25 * (wVals[10 + j]! / 3)));
  });

  it("gives the js kernel's bits on a wide layer with 4- and 16-lane blocks and a tail", () => {
    const nPre = 37;
    const nPost = 1003;
    const w = wb.alloc("float32", nPre * nPost) as Float32Array;
    let x = 12345;
    const rnd = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    for (let i = 0; i < w.length; i++) w[i] = rnd();
    const s = wb.alloc("uint8", 2 * nPre) as Uint8Array;
    for (let i = 0; i < s.length; i++) s[i] = rnd() > 0.3 ? (i % 5 === 0 ? 3 : 1) : 0;
    const a = wb.alloc("float32", 2 * nPost) as Float32Array;
    const b = new Float32Array(2 * nPost);
    k.spikeMatmul(a, s, w, 2, nPre, nPost);
    jsKernels.spikeMatmul(b, s, w, 2, nPre, nPost);
    expect(a).toEqual(b);
    expect(a.some((v) => v !== 0)).toBe(true);
  });

  it("stages JavaScript-heap arrays through wasm and copies the output back", () => {
    const w = new Float32Array(wVals);
    const s = new Uint8Array([0, 1, 1]);
    const out = new Float32Array(5);
    const before = { ...wb.stats };
    k.spikeMatmul(out, s, w, 1, 3, 5);
    expect([...out]).toEqual([10.5, 20.25, 29, 38, 150]);
    expect(wb.stats.wasm).toBe(before.wasm + 1);
    expect(wb.stats.fallback).toBe(before.fallback);
  });

  it("sends dtypes without a wasm variant to the js kernel", () => {
    const si = wb.alloc("int32", 3) as Int32Array;
    si.set([0, 1, 1]);
    const out = inWasm(new Float32Array(5));
    const before = wb.stats.fallback;
    k.spikeMatmul(out, si, inWasm(new Float32Array(wVals)), 1, 3, 5);
    expect([...out]).toEqual([10.5, 20.25, 29, 38, 150]);
    expect(wb.stats.fallback).toBe(before + 1);
  });

  it("does not read past arrays shorter than the sizes say (defers to the js kernel)", () => {
    const w = inWasm(new Float32Array(wVals));
    const s = inWasm(new Uint8Array([1, 1])); // nPre says 3
    const a = inWasm(new Float32Array(5));
    const b = new Float32Array(5);
    k.spikeMatmul(a, s, w, 1, 3, 5);
    jsKernels.spikeMatmul(b, s, w, 1, 3, 5);
    expect(a).toEqual(b);
  });
});

describe("wasm CSR kernels", () => {
  it("propagate spikes through stored entries only", () => {
    // [[1, 0, 2], [0, 3, 0]] as CSR
    const rowPtr = inWasmI32([0, 2, 3]);
    const colIdx = inWasmI32([0, 2, 1]);
    const values = inWasm(new Float32Array([1, 2, 3]));
    const out = inWasm(new Float32Array(6).fill(7));
    k.spikeMatmulCSR(out, inWasm(new Uint8Array([1, 1, 0, 1])), rowPtr, colIdx, values, 2, 2, 3);
    expect([...out]).toEqual([1, 3, 2, 0, 3, 0]);
  });

  it("leave a bad structure to the js kernel without writing outside the arrays", () => {
    const rowPtr = inWasmI32([0, 2]);
    const colIdx = inWasmI32([0, 7]); // column 7 of a 3-column matrix
    const values = inWasm(new Float32Array([1, 2]));
    const out = inWasm(new Float32Array(3));
    const guard = inWasm(new Float32Array(64)); // allocated next: must stay zero
    const before = wb.stats.fallback;
    k.spikeMatmulCSR(out, inWasm(new Uint8Array([1])), rowPtr, colIdx, values, 1, 1, 3);
    const ref = new Float32Array(3);
    jsKernels.spikeMatmulCSR(ref, new Uint8Array([1]), new Int32Array([0, 2]), new Int32Array([0, 7]), new Float32Array([1, 2]), 1, 1, 3);
    expect([...out]).toEqual([...ref]);
    expect(guard.every((v) => v === 0)).toBe(true);
    expect(wb.stats.fallback).toBe(before + 1);
    const vals = inWasm(new Float32Array([1, 1]));
    k.csrOuterAddRows(vals, rowPtr, colIdx, inWasm(new Float32Array([1])), inWasm(new Float32Array([1, 1, 1])), 1, 1);
    const refVals = new Float32Array([1, 1]);
    jsKernels.csrOuterAddRows(refVals, new Int32Array([0, 2]), new Int32Array([0, 7]), new Float32Array([1]), new Float32Array([1, 1, 1]), 1, 1);
    expect([...vals].map(String)).toEqual([...refVals].map(String)); // [2, NaN]: js reads undefined
  });
});

function inWasmI32(v: number[]): Int32Array {
  const a = wb.alloc("int32", v.length) as Int32Array;
  a.set(v);
  return a;
}

describe("wasm wrappers pick the path (counted in stats)", () => {
  const n = 4;
  const lifState = (): [Float32Array, Float32Array, Uint8Array, Float32Array] => [
    inWasm(new Float32Array([-65, -60, -53, -40])),
    inWasm(new Float32Array([0, 2, 0, 0])),
    inWasm(new Uint8Array(n)),
    inWasm(new Float32Array([1, 2, 3, 4])),
  ];
  const params = { decay: Math.fround(0.99), rest: -65, reset: -65, thresh: -52, refrac: 5, dt: 1, lbound: null };
  /** Runs `call` on the wasm table and returns [wasm calls, fallbacks] it added. */
  const counted = (call: () => void): [number, number] => {
    const before = { ...wb.stats };
    call();
    return [wb.stats.wasm - before.wasm, wb.stats.fallback - before.fallback];
  };

  it("lifStep: wasm for float32 values, js for a number that is not one, both the same bits", () => {
    const a = lifState();
    const b = lifState();
    const c = lifState();
    expect(counted(() => k.lifStep(a[0], a[1], a[2], a[3], null, 1, n, params))).toEqual([1, 0]);
    jsKernels.lifStep(b[0], b[1], b[2], b[3], null, 1, n, params);
    expect(a).toEqual(b);
    expect([...a[2]]).toEqual([0, 0, 1, 1]); // -53 and -40 cross -52 (neuron 1 is refractory)
    // 0.1 is not a float32 value: the js kernel takes the double as given
    const p01 = { ...params, thresh: 0.1 };
    expect(counted(() => k.lifStep(c[0], c[1], c[2], c[3], null, 1, n, p01))).toEqual([0, 1]);
    const d = lifState();
    jsKernels.lifStep(d[0], d[1], d[2], d[3], null, 1, n, p01);
    expect(c).toEqual(d);
  });

  it("lifStep: a per-neuron parameter array shorter than n, or a Float64Array, goes to js", () => {
    const a = lifState();
    expect(counted(() => k.lifStep(a[0], a[1], a[2], a[3], null, 1, n, { ...params, thresh: inWasm(new Float32Array([-52, -52, -52])) }))).toEqual([0, 1]);
    const f64 = new Float64Array(n).fill(-52) as unknown as Float32Array;
    expect(counted(() => k.lifStep(a[0], a[1], a[2], a[3], null, 1, n, { ...params, thresh: f64 }))).toEqual([0, 1]);
    expect(counted(() => k.lifStep(a[0], a[1], a[2], a[3], null, 1, n, { ...params, thresh: inWasm(new Float32Array(n).fill(-52)) }))).toEqual([1, 0]);
  });

  it("an array seen in wasm memory before still gets its length checked on every call", () => {
    const w = inWasm(new Float32Array(15).fill(1));
    const s = inWasm(new Uint8Array([1, 1, 1]));
    const out = inWasm(new Float32Array(5));
    expect(counted(() => k.spikeMatmul(out, s, w, 1, 3, 5))).toEqual([1, 0]);
    expect([...out]).toEqual([3, 3, 3, 3, 3]);
    // the same arrays with sizes they are too short for: js (which reads the missing row as undefined -> NaN)
    expect(counted(() => k.spikeMatmul(out, s, w, 1, 4, 5))).toEqual([0, 1]);
  });

  it("stages small JavaScript-heap state and copies the written arrays back", () => {
    const v = new Float32Array([-65, -53]);
    const rc = new Float32Array(2);
    const s = new Uint8Array(2);
    const x = new Float32Array([0, 2]);
    const ref = [v.slice(), rc.slice(), s.slice()] as const;
    expect(counted(() => k.lifStep(v, rc, s, x, null, 1, 2, params))).toEqual([1, 0]);
    jsKernels.lifStep(ref[0], ref[1], ref[2], x, null, 1, 2, params);
    expect([v, rc, s]).toEqual(ref);
    expect([...s]).toEqual([0, 1]);
    expect([rc[1], v[1]]).toEqual([5, -65]); // the spiking neuron: refractory for 5 steps, reset
  });

  it("conv: a geometry with a zero kernel size goes to js, a valid one to wasm", () => {
    const g = { inD: 1, inH: 3, inW: 3, kD: 1, kH: 2, kW: 2, sD: 1, sH: 1, sW: 1, pD: 0, pH: 0, pW: 0, dD: 1, dH: 1, dW: 1, oD: 1, oH: 2, oW: 2 };
    const x = inWasm(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const cols = inWasm(new Float32Array(16));
    expect(counted(() => k.im2col(cols, x, 0, 1, g))).toEqual([1, 0]);
    expect([...cols]).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
    expect(counted(() => k.im2col(cols, x, 0, 1, { ...g, kH: 0 }))).toEqual([0, 1]);
  });
});
