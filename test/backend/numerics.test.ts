import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decayOf, fma32, sexp, tsum0, tsumAll, tsumLast } from "../../src/backend/numerics.js";

interface Fixture {
  exp: { x: number[]; y: number[] };
  sums: { shape: [number, number]; m: number[]; sum0: number[]; sumLast: number[] }[];
}
const fx = JSON.parse(readFileSync(new URL("./numerics.fixture.json", import.meta.url), "utf8")) as Fixture;
const f32 = (bits: number[]): Float32Array => new Float32Array(new Uint32Array(bits).buffer);

describe("sexp", () => {
  it("equals torch.exp on float32 bit for bit for 7000 arguments", () => {
    const x = f32(fx.exp.x);
    const y = f32(fx.exp.y);
    let bad = 0;
    const firstBad: string[] = [];
    for (let i = 0; i < x.length; i++) {
      const got = sexp(x[i]!);
      if (!Object.is(got, y[i]!) && !(Number.isNaN(got) && Number.isNaN(y[i]!))) {
        bad++;
        if (firstBad.length < 5) firstBad.push(`exp(${x[i]}) = ${got}, torch ${y[i]}`);
      }
    }
    expect(firstBad).toEqual([]);
    expect(bad).toBe(0);
  });
  it("differs from the correctly rounded exp for some arguments (so the algorithm matters)", () => {
    const x = f32(fx.exp.x);
    let differ = 0;
    for (let i = 0; i < x.length; i++) if (sexp(x[i]!) !== Math.fround(Math.exp(x[i]!))) differ++;
    expect(differ).toBeGreaterThan(100);
  });
  it("saturates to 0 below -104 and to Infinity above 100", () => {
    expect(sexp(-104.5)).toBe(0);
    expect(sexp(100.5)).toBe(Infinity);
    expect(Number.isNaN(sexp(NaN))).toBe(true);
  });
});

describe("decayOf", () => {
  it("gives the reference's default trace and LIF decays", () => {
    expect(decayOf(20, 1)).toBe(Math.fround(0.951229453086853));
    expect(decayOf(100, 1)).toBeCloseTo(0.99005, 5);
    expect(decayOf(2, 1)).toBeCloseTo(0.6065, 4);
  });
});

describe("fma32", () => {
  it("rounds a*b + c once", () => {
    // 1 + 2^-24 is a float32 halfway case: separately rounded it ties to 1, fused the tiny
    // extra term decides.
    const a = Math.fround(1 + 2 ** -23);
    expect(fma32(a, a, -1)).toBe(Math.fround(2 ** -22 + 2 ** -46));
    expect(fma32(2, 3, 1)).toBe(7);
  });
});

describe("torch-order sums", () => {
  it("tsum0 and tsumLast equal torch.sum(dim=0) and torch.sum(dim=-1) bit for bit", () => {
    for (const s of fx.sums) {
      const [r, c] = s.shape;
      const m = f32(s.m);
      expect([...tsum0(m, r, c)], `sum0 ${s.shape}`).toEqual([...f32(s.sum0)]);
      expect([...tsumLast(m, c)], `sumLast ${s.shape}`).toEqual([...f32(s.sumLast)]);
    }
  });
  it("tsumAll sums a slice", () => {
    expect(tsumAll(new Float32Array([1, 2, 3, 4, 5]), 1, 3)).toBe(9);
  });
});
