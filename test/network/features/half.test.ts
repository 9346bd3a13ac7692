import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { f16round } from "../../../src/network/features/half.js";

/** Decodes half bits the textbook way (independent of f16round). */
function halfBits(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

describe("f16round: float32 → float16 → float32, ties to even", () => {
  it("known values", () => {
    expect(f16round(1.1)).toBe(1.099609375);
    expect(f16round(2.2)).toBe(2.19921875);
    expect(f16round(3.3)).toBe(3.30078125);
    expect(f16round(0.01)).toBe(0.01000213623046875);
    expect(f16round(65504)).toBe(65504);
    expect(f16round(-0.1)).toBe(-0.0999755859375);
    expect(f16round(1 / 3)).toBe(0.333251953125);
  });

  it("overflow: the max half is 65504; 65519.99 rounds down, 65520 (a tie, to the even 2^16) is Infinity", () => {
    expect(f16round(65519)).toBe(65504);
    expect(f16round(65520)).toBe(Infinity);
    expect(f16round(-70000)).toBe(-Infinity);
    expect(f16round(1e30)).toBe(Infinity);
    expect(f16round(Infinity)).toBe(Infinity);
    expect(Number.isNaN(f16round(NaN))).toBe(true);
  });

  it("subnormals: multiples of 2^-24 below 2^-14; below half of 2^-24 flushes to a signed zero", () => {
    expect(f16round(2 ** -24)).toBe(2 ** -24);
    expect(f16round(3 * 2 ** -24)).toBe(3 * 2 ** -24);
    expect(f16round(2 ** -14 - 2 ** -24)).toBe(1023 * 2 ** -24);
    expect(f16round(2 ** -25)).toBe(0); // a tie between 0 and 2^-24: to the even 0
    expect(f16round(1.5 * 2 ** -24)).toBe(2 * 2 ** -24); // a tie between 1 and 2 quanta: to 2
    expect(f16round(2.5 * 2 ** -24)).toBe(2 * 2 ** -24); // a tie between 2 and 3: to 2
    expect(Object.is(f16round(-(2 ** -26)), -0)).toBe(true);
    expect(f16round(2 ** -14)).toBe(2 ** -14);
  });

  it("ties to even among normals", () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: to the even 1
    expect(f16round(1 + 2 ** -11)).toBe(1);
    // 1 + 3·2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: to the even 1 + 2^-9
    expect(f16round(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(f16round(2048 + 1)).toBe(2048);
    expect(f16round(2048 + 3)).toBe(2052);
  });

  it("every half value is a fixed point, and every float32 rounds to one of its two half neighbours, the nearer", () => {
    let bad = 0;
    for (let h = 0; h < 0x7c00; h++) {
      const v = halfBits(h);
      if (f16round(v) !== v || f16round(-v) !== -v) bad++;
    }
    expect(bad).toBe(0);
    fc.assert(
      fc.property(fc.float({ min: Math.fround(-65000), max: Math.fround(65000), noNaN: true }), (x) => {
        const r = f16round(x);
        const a = Math.abs(x);
        const q = a < 2 ** -14 ? 2 ** -24 : 2 ** (Math.floor(Math.log2(a)) - 10);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(q / 2 + 1e-300);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
