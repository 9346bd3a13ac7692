/**
 * torchRowsSum (a gate's propagation from a spike list in torch's summation order) equals
 * numerics' tsum0 over the dense matrix whose unlisted rows are zero, bit for bit, on both
 * backends, for the block layouts of tsum0 (32-wide cascade blocks, 8-wide and single
 * columns, under 8 columns 4-wide blocks) and for row counts that cross the cascade's folds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tsum0 } from "../../src/backend/numerics.js";
import { jsKernels } from "../../src/backend/js/index.js";
import { torchRowsScratch } from "../../src/backend/js/event.js";
import { loadWasmBackend } from "../../src/backend/wasm/index.js";

const wasm = loadWasmBackend();

function bits(a: Float32Array): number[] {
  return [...new Uint32Array(a.buffer, a.byteOffset, a.length)];
}

describe("torchRowsSum", () => {
  const agrees = (nRows: number, nCols: number, density: number, seed: number): void => {
        let st = seed | 1;
        const rnd = (): number => ((st = (st * 16807) % 2147483647) / 2147483647);
        const w = wasm.alloc("float32", nRows * nCols) as Float32Array;
        // values of mixed magnitude, and −0 (the diagonal of D&C's −inh·(1 − I))
        for (let i = 0; i < w.length; i++) w[i] = rnd() < 0.05 ? -0 : Math.fround((rnd() - 0.5) * 10 ** Math.floor(rnd() * 6 - 3));
        const rows: number[] = [];
        for (let i = 0; i < nRows; i++) if (rnd() < density) rows.push(i);
        const dense = new Float32Array(nRows * nCols);
        for (const i of rows) dense.set(w.subarray(i * nCols, (i + 1) * nCols), i * nCols);
        const want = tsum0(dense, nRows, nCols);
        const ra = wasm.alloc("int32", Math.max(1, rows.length)) as Int32Array;
        ra.set(rows);
        for (const k of [jsKernels, wasm.kernels]) {
          const out = wasm.alloc("float32", nCols) as Float32Array;
          out.fill(3);
          const acc = wasm.alloc("float32", torchRowsScratch(nCols)) as Float32Array;
          acc.fill(9);
          k.torchRowsSum(out, w, ra, rows.length, nRows, nCols, acc);
          expect(bits(out)).toEqual(bits(want));
        }
  };
  it("equals tsum0 of the matrix with the unlisted rows zeroed (js and wasm)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1100 }), fc.integer({ min: 1, max: 80 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), agrees), { numRuns: 60, seed: 7 });
  });
  it("wasm tsum0 equals numerics' tsum0 on wide and tall matrices (panels of columns, every fold)", () => {
    for (const [rows, cols] of [[784, 6400], [300, 1030], [4100, 40], [17, 2049], [257, 7], [33, 1]] as const) {
      const m = wasm.alloc("float32", rows * cols) as Float32Array;
      let st = rows * 31 + cols;
      for (let i = 0; i < m.length; i++) m[i] = ((st = (st * 16807) % 2147483647) / 2147483647) * 2 ** ((i % 13) - 6) - (i % 7 === 0 ? 0.3 : 0);
      const out = wasm.alloc("float32", cols) as Float32Array;
      wasm.kernels.tsum0(m, rows, cols, out);
      expect(bits(out)).toEqual(bits(tsum0(m, rows, cols)));
    }
  });
  it("also past the cascade's third fold (4096 rows) and its wider step (2^16 rows)", () => {
    fc.assert(fc.property(fc.integer({ min: 4000, max: 70000 }), fc.integer({ min: 2, max: 40 }), fc.double({ min: 0, max: 0.02, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), agrees), { numRuns: 12, seed: 11 });
    // more listed rows than the wasm kernel plans for at once (8192): its other cascade
    agrees(20000, 40, 0.6, 3);
  });
});
