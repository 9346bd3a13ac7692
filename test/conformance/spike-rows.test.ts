/**
 * spikeMatmul's row grouping (four spiking rows per pass when all four are 1) against the
 * plain definition: out starts at +0 and receives every nonzero row in increasing index order,
 * one float32 rounding per add (and per product for s != 1). Dense and mixed spike patterns,
 * weights of mixed magnitudes and signs (so that the order of the adds changes the bits), on
 * both backends.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsKernels } from "../../src/backend/js/index.js";
import { loadWasmBackend } from "../../src/backend/wasm/index.js";

const wasm = loadWasmBackend();

function naive(s: Uint8Array | Float32Array, w: Float32Array, batch: number, nPre: number, nPost: number): Float32Array {
  const out = new Float32Array(batch * nPost);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < nPre; i++) {
      const si = s[b * nPre + i]!;
      if (si === 0) continue;
      for (let j = 0; j < nPost; j++) {
        const term = si === 1 ? w[i * nPost + j]! : Math.fround(si * w[i * nPost + j]!);
        out[b * nPost + j] = Math.fround(out[b * nPost + j]! + term);
      }
    }
  }
  return out;
}

const sameBits = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]!));

describe("spikeMatmul row grouping", () => {
  const arb = fc
    .record({ batch: fc.integer({ min: 1, max: 3 }), nPre: fc.integer({ min: 1, max: 40 }), nPost: fc.integer({ min: 1, max: 37 }), p: fc.double({ min: 0.05, max: 1, noNaN: true }), other: fc.boolean(), seed: fc.integer() })
    .map(({ batch, nPre, nPost, p, other, seed }) => {
      let x = seed | 1;
      const rnd = (): number => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) / 2 ** 32;
      };
      const s = new Uint8Array(batch * nPre).map(() => (rnd() < p ? (other && rnd() < 0.2 ? 2 + Math.floor(rnd() * 3) : 1) : 0));
      const w = new Float32Array(nPre * nPost).map(() => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 8 - 4));
      return { batch, nPre, nPost, s, w };
    });

  it("equals the row-by-row definition bit for bit (js and wasm, u8 and f32 spikes)", () => {
    fc.assert(
      fc.property(arb, ({ batch, nPre, nPost, s, w }) => {
        const want = naive(s, w, batch, nPre, nPost);
        const outJs = new Float32Array(batch * nPost).fill(7);
        jsKernels.spikeMatmul(outJs, s, w, batch, nPre, nPost);
        expect(sameBits(outJs, want)).toBe(true);
        const sW = wasm.alloc("uint8", s.length) as Uint8Array;
        sW.set(s);
        const wW = wasm.alloc("float32", w.length) as Float32Array;
        wW.set(w);
        const oW = wasm.alloc("float32", outJs.length) as Float32Array;
        oW.fill(7);
        const before = wasm.stats.wasm;
        wasm.kernels.spikeMatmul(oW, sW, wW, batch, nPre, nPost);
        expect(wasm.stats.wasm).toBe(before + 1);
        expect(sameBits(oW, want)).toBe(true);
        const sF = Float32Array.from(s);
        const oF = new Float32Array(batch * nPost);
        jsKernels.spikeMatmul(oF, sF, w, batch, nPre, nPost);
        expect(sameBits(oF, want)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("groups four rows: a fully spiking 9x5 case (two groups of four and one single row)", () => {
    const w = new Float32Array(45).map((_, k) => (k % 2 ? 1e8 : 1) * (k % 3 ? -1 : 1) + k * 1e-3);
    const s = new Uint8Array(9).fill(1);
    const want = naive(s, w, 1, 9, 5);
    const out = new Float32Array(5);
    jsKernels.spikeMatmul(out, s, w, 1, 9, 5);
    expect(sameBits(out, want)).toBe(true);
    // a different association order gives different bits for these weights
    const other = new Float32Array(5);
    for (let j = 0; j < 5; j++) {
      let acc = 0;
      for (let i = 8; i >= 0; i--) acc = Math.fround(acc + w[i * 5 + j]!);
      other[j] = acc;
    }
    expect(sameBits(other, want)).toBe(false);
  });
});
