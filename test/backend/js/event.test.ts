/**
 * The spike-list kernels against the dense kernels they stand for: with the list of the
 * non-zero entries they must give the same bits as spikeMatmul, outerAddRows/Cols and
 * clampRange/clampCols on the whole matrix.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addRows, addScaledCols, addScaledRows, chainTrace, clampRows, inputSpikes, spikeList } from "../../../src/backend/js/event.js";
import { outerAddCols, outerAddRows, spikeMatmul } from "../../../src/backend/js/spike.js";
import { clampCols, clampRange } from "../../../src/backend/js/weights.js";

const f32 = (min: number, max: number): fc.Arbitrary<number> => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true });
const spikes = (n: number): fc.Arbitrary<number[]> => fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) }), { minLength: n, maxLength: n });
const matrix = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 20 }));

function listOf(s: ArrayLike<number>): Int32Array {
  const out = new Int32Array(s.length);
  const k = spikeList(Uint8Array.from(s), 0, s.length, out);
  return out.subarray(0, k);
}

function bits(a: Float32Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

describe("spike-list kernels", () => {
  it("spikeList and inputSpikes list the non-zero entries in order", () => {
    const s = Uint8Array.from([0, 1, 0, 0, 3, 0, 1]);
    const out = new Int32Array(7).fill(-1);
    expect(spikeList(s, 0, 7, out)).toBe(3);
    expect(Array.from(out.subarray(0, 3))).toEqual([1, 4, 6]);
    expect(spikeList(s, 2, 5, out)).toBe(2); // s[2..7) = 0 0 3 0 1
    expect(Array.from(out.subarray(0, 2))).toEqual([2, 4]);
    // input layer: previous spikes at 1 and 2 cleared, row 1 of the train applied
    const layer = Uint8Array.from([0, 1, 1, 0]);
    const list = Int32Array.from([1, 2, 0, 0]);
    const last = Int32Array.from([-1, 3, 3, -1]);
    const train = Uint8Array.from([1, 1, 1, 1, 0, 0, 2, 1]);
    expect(inputSpikes(layer, list, 2, train, 4, 4, last, 4)).toBe(2);
    expect(Array.from(layer)).toEqual([0, 0, 2, 1]);
    expect(Array.from(list.subarray(0, 2))).toEqual([2, 3]);
    expect(Array.from(last)).toEqual([-1, 3, 4, 4]);
  });

  it("chainTrace reads the chain at the steps since the last spike", () => {
    const x = new Float32Array(3).fill(9);
    chainTrace(x, Int32Array.from([-1, 5, 2]), Float32Array.from([1, 0.5, 0.25, 0.125, 0.0625, 0.03125]), 5, 3);
    expect(Array.from(x)).toEqual([0, 1, 0.125]);
  });

  it("addRows equals spikeMatmul, and adds into the target as a second connection does", () => {
    fc.assert(
      fc.property(matrix.chain(([m, n]) => fc.tuple(fc.constant(m), fc.constant(n), fc.array(f32(-2, 2), { minLength: m * n, maxLength: m * n }), spikes(m), fc.array(f32(-3, 3), { minLength: n, maxLength: n }))), ([m, n, w, s, prev]) => {
        const W = Float32Array.from(w);
        const S = Uint8Array.from(s);
        const rows = listOf(s);
        const dense = new Float32Array(n);
        spikeMatmul(dense, S, W, 1, m, n);
        const out = new Float32Array(n).fill(5);
        addRows(out, null, W, S, rows, rows.length, n);
        expect(bits(out)).toEqual(bits(dense));
        const acc = Float32Array.from(prev);
        addRows(acc, new Float32Array(n), W, S, rows, rows.length, n);
        expect(Array.from(acc)).toEqual(prev.map((p, j) => Math.fround(Math.fround(p) + dense[j]!)));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it("addScaledRows / addScaledCols / clampRows equal the dense row and column updates and clamps", () => {
    fc.assert(
      fc.property(
        matrix.chain(([m, n]) => fc.tuple(fc.constant(m), fc.constant(n), fc.array(f32(-0.5, 1.5), { minLength: m * n, maxLength: m * n }), spikes(m), spikes(n), fc.array(f32(0, 2), { minLength: n, maxLength: n }), fc.array(f32(0, 2), { minLength: m, maxLength: m }), f32(-0.3, 0), f32(0, 0.3))),
        ([m, n, w, pre, post, xPost, xPre, a, b]) => {
          const rows = listOf(pre);
          const cols = listOf(post);
          const sPre = Uint8Array.from(pre);
          const sPost = Uint8Array.from(post);
          const XP = Float32Array.from(xPost);
          const XQ = Float32Array.from(xPre);
          // dense: rows, columns, then clamp of everything touched
          const d = Float32Array.from(w);
          outerAddRows(d, sPre, XP, a, m, n);
          outerAddCols(d, XQ, sPost, b, m, n);
          for (const i of rows) clampRange(d, i * n, (i + 1) * n, null, 0, null, 1);
          clampCols(d, m, n, cols, cols.length, null, 0, null, 1);
          const e = Float32Array.from(w);
          addScaledRows(e, rows, rows.length, sPre, a, XP, n, false, 0, 1);
          addScaledCols(e, cols, cols.length, sPost, b, XQ, m, n);
          clampRows(e, rows, rows.length, n, 0, 1);
          clampCols(e, m, n, cols, cols.length, null, 0, null, 1);
          expect(bits(e)).toEqual(bits(d));
          // depression alone with the clamp fused, on weights within the bounds (its contract)
          const w01 = Float32Array.from(w, (v) => Math.min(1, Math.max(0, v)));
          const f = Float32Array.from(w01);
          outerAddRows(f, sPre, XP, a, m, n);
          for (const i of rows) clampRange(f, i * n, (i + 1) * n, null, 0, null, 1);
          const g = Float32Array.from(w01);
          addScaledRows(g, rows, rows.length, sPre, a, XP, n, true, 0, 1);
          expect(bits(g)).toEqual(bits(f));
        },
      ),
      { numRuns: 60, seed: 12 },
    );
  });

  it("addScaledRows skips the columns where x is +0 when a is negative (those terms are −0), clamp included", () => {
    // x = [+0, −0, 0.5, +0, 1]; weights out of bounds on purpose, to see which columns are visited
    const x = Float32Array.from([0, -0, 0.5, 0, 1]);
    const s = Uint8Array.from([1]);
    const rows = Int32Array.from([0]);
    const w = Float32Array.from([2, 2, 2, -1, 0.5]);
    addScaledRows(w, rows, 1, s, -0.25, x, 5, true, 0, 1);
    // +0 columns untouched (2 and −1 stay), −0 and non-zero columns updated then clamped
    expect(Array.from(w)).toEqual([2, 1, 1, -1, 0.25]);
    // a positive a visits every column (the term at +0 is +0, which can turn −0 into +0)
    const v = Float32Array.from([-0, 2, 0.5, 0, 0]);
    addScaledRows(v, rows, 1, s, 0.25, Float32Array.from([0, 0, 0, 0, 0]), 5, false, 0, 0);
    expect(Object.is(v[0], 0)).toBe(true);
    expect(Array.from(v)).toEqual([0, 2, 0.5, 0, 0]);
    // without the clamp, skipping changes no bits: −0 weights stay −0 under a negative a
    const u = Float32Array.from([-0, 0.5]);
    addScaledRows(u, rows, 1, s, -0.5, Float32Array.from([0, 0]), 2, false, 0, 0);
    expect(Object.is(u[0], -0)).toBe(true);
  });
});
