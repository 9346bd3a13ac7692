/** TorchColumnSum: the streamed, sparse-aware column sum equals tsum0 over the dense matrix. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tsum0 } from "../../../src/backend/numerics.js";
import { TorchColumnSum } from "../../../src/network/features/torch-sum.js";

function matrix(R: number, C: number, density: number, seed: number): Float32Array {
  let x = seed >>> 0 || 1;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const m = new Float32Array(R * C);
  for (let i = 0; i < R; i++) {
    if (rnd() >= density) continue;
    for (let j = 0; j < C; j++) if (rnd() < 0.7) m[i * C + j] = Math.fround((rnd() - 0.3) * (rnd() < 0.5 ? 1e-3 : 10));
  }
  return m;
}

const u32 = (a: Float32Array): number[] => Array.from(new Uint32Array(Float32Array.from(a).buffer));

describe("TorchColumnSum", () => {
  it("dense rows, skipping zero rows, equal tsum0 bit for bit (every block layout and cascade size)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 80 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (R, C, d, seed) => {
        const m = matrix(R, C, d, seed);
        const s = new TorchColumnSum(R, C);
        for (let i = 0; i < R; i++) {
          let any = false;
          for (let j = 0; j < C; j++) if (m[i * C + j] !== 0) any = true;
          if (any) s.addRow(i, m, i * C);
        }
        const out = new Float32Array(C);
        s.finish(out);
        expect(u32(out)).toEqual(u32(tsum0(m, R, C)));
      }),
      { numRuns: 120 },
    );
  });

  it("sparse entries equal tsum0, and reset starts a new sum", () => {
    const R = 300;
    const C = 45;
    const m = matrix(R, C, 0.2, 99);
    const s = new TorchColumnSum(R, C);
    for (let rep = 0; rep < 2; rep++) {
      s.reset();
      for (let i = 0; i < R; i++) {
        const cols: number[] = [];
        const vals: number[] = [];
        for (let j = C - 1; j >= 0; j--) {
          if (m[i * C + j] === 0) continue;
          cols.push(j);
          vals.push(m[i * C + j]!);
        }
        s.addSparse(i, cols, vals, 0, cols.length);
      }
      const out = new Float32Array(C);
      s.finish(out);
      expect(u32(out)).toEqual(u32(tsum0(m, R, C)));
    }
  });

  it("differs from a plain sequential sum where torch's order does (the order is real)", () => {
    const R = 64;
    const m = new Float32Array(R * 8);
    for (let i = 0; i < R; i++) for (let j = 0; j < 8; j++) m[i * 8 + j] = Math.fround(1 / (i + 1 + j * 0.37));
    const s = new TorchColumnSum(R, 8);
    for (let i = 0; i < R; i++) s.addRow(i, m, i * 8);
    const out = new Float32Array(8);
    s.finish(out);
    const seq = new Float32Array(8);
    for (let i = 0; i < R; i++) for (let j = 0; j < 8; j++) seq[j] = seq[j]! + m[i * 8 + j]!;
    expect(u32(out)).toEqual(u32(tsum0(m, R, 8)));
    expect(u32(out)).not.toEqual(u32(seq));
  });
});
