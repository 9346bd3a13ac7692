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
  it("equals tsum0 of the matrix with the unlisted rows zeroed (js and wasm)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1100 }), fc.integer({ min: 1, max: 80 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (nRows, nCols, density, seed) => {
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
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
