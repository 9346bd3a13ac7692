/**
 * The wasm port of torch's float32 vector summation order (assembly/fsum.ts) against the js
 * reference `tsumAll` (src/backend/numerics.ts, itself checked against torch fixtures), bit for
 * bit, on lengths that reach every branch: under 8 (4-row groups), 8-lane rows with leftovers,
 * and long enough (≥ 512) for the multi_row_sum cascade to fold levels. Also SLEEF's float32
 * exp (assembly/sexp.ts) against the js `sexp`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sexp, tsumAll } from "../../src/backend/numerics.js";
import { loadWasmBackend } from "../../src/backend/wasm/index.js";

const wasm = loadWasmBackend();

function check(values: Float32Array): void {
  // explicit wasm storage (the backend's alloc outside an arena gives JavaScript arrays)
  const a = wasm.heap.alloc("float32", Math.max(values.length, 1)) as Float32Array;
  a.set(values);
  const got = Math.fround(wasm.exports.tsumAllF32(a.byteOffset, values.length));
  wasm.heap.release(a);
  const want = tsumAll(values);
  expect(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))).toBe(true);
}

describe("tsumAllF32 (wasm) = tsumAll (js)", () => {
  it("random lengths 0..5000 and magnitudes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer(), (len, seed) => {
        let x = seed | 1;
        const rnd = (): number => {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          return (x >>> 0) / 2 ** 32;
        };
        check(new Float32Array(len).map(() => (rnd() - 0.3) * 10 ** Math.floor(rnd() * 8 - 4)));
      }),
      { numRuns: 200 },
    );
  });

  it("lengths around the branch points", () => {
    for (const len of [0, 1, 3, 4, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65, 511, 512, 513, 4096, 65536 + 17]) {
      check(new Float32Array(len).map((_, i) => ((i * 7919) % 1000) / 3 - 100 + (i % 3 ? 1e-4 : 1e4)));
    }
  });
});

describe("sexpF32 (wasm) = sexp (js)", () => {
  const same = (x: number): void => {
    const got = wasm.exports.sexpF32(x);
    const want = sexp(x);
    if (!(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)))) throw new Error(`sexp(${x}): wasm ${got}, js ${want}`);
  };
  it("random float32 arguments over the whole range and near 0", () => {
    fc.assert(fc.property(fc.float({ min: Math.fround(-110), max: Math.fround(110) }), (x) => same(x)), { numRuns: 3000 });
    fc.assert(fc.property(fc.float({ min: Math.fround(-1), max: Math.fround(1) }), (x) => same(x)), { numRuns: 3000 });
  });
  it("edges: limits, ties of the range reduction, specials", () => {
    const xs = [0, -0, 1, -1, 100, 100.00001, -104, -104.00001, -103.9, 88.7, 88.73, 89, -87.3, -87.4, -100, Number.NaN, Infinity, -Infinity, 1e-30, -1e-30, Math.LN2 / 2, (3 * Math.LN2) / 2, -(5 * Math.LN2) / 2];
    for (const x of xs) same(x);
    // a grid of float32 values
    for (let x = -104.5; x <= 100.5; x += 0.0173) same(Math.fround(x));
  });
});
