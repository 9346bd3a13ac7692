import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { DEFAULT_SEED, Generator, defaultGenerator, logFactorial, manualSeed, setDefaultGenerator } from "../../src/tensor/generator.js";
import { rand, randn } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";
import { chiBound, chiSquare, meanVar } from "../helpers/stats.js";

const flat = (t: Tensor): number[] => t.toFlatArray();

describe("Generator", () => {
  it("produces the published xoshiro128** outputs from state [1, 2, 3, 4]", () => {
    const g = new Generator().setState({ algorithm: "xoshiro128**", seed: 0, state: [1, 2, 3, 4] });
    expect([1, 2, 3, 4, 5, 6].map(() => g.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it("expands a seed with splitmix64 into the four state words", () => {
    // splitmix64 from 0 yields 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4
    expect(new Generator(0).getState().state).toEqual([0x7b1dcdaf, 0xe220a839, 0xa1b965f4, 0x6e789e6a]);
  });

  it("starts from torch's default seed", () => {
    expect(new Generator().initialSeed()).toBe(DEFAULT_SEED);
    expect(DEFAULT_SEED).toBe(67280421310721);
  });

  it("gives the same stream for the same seed and different streams for different seeds", () => {
    const a = new Generator(42);
    const b = new Generator(42);
    const c = new Generator(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    const sb = Array.from({ length: 8 }, () => b.nextUint32());
    const sc = Array.from({ length: 8 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it("distinguishes negative and large seeds", () => {
    const s = (seed: number): number => new Generator(seed).nextUint32();
    expect(new Set([s(-1), s(1), s(2 ** 40), s(2 ** 40 + 1), s(Number.MAX_SAFE_INTEGER)]).size).toBe(5);
  });

  it("resumes exactly from a saved state, also through JSON", () => {
    const g = new Generator(7);
    for (let i = 0; i < 5; i++) g.nextUint32();
    const st = JSON.parse(JSON.stringify(g.getState()));
    const expected = flat(rand([10], { generator: g }));
    const h = new Generator(123).setState(st);
    expect(flat(rand([10], { generator: h }))).toEqual(expected);
    expect(h.initialSeed()).toBe(7);
  });

  it("clones into an independent generator", () => {
    const g = new Generator(3);
    const c = g.clone();
    const x = g.nextUint32();
    expect(c.nextUint32()).toBe(x);
    g.nextUint32();
    expect(c.getState()).not.toEqual(g.getState());
  });

  it("seed() picks a fresh safe-integer seed and reseeds with it", () => {
    const g = new Generator(1);
    const s = g.seed();
    expect(Number.isSafeInteger(s)).toBe(true);
    expect(g.initialSeed()).toBe(s);
    expect(g.getState()).toEqual(new Generator(s).getState());
  });

  it("nextBelow is unbiased over a non-power-of-two bound (chi-square)", () => {
    const g = new Generator(11);
    const counts = new Array<number>(7).fill(0);
    const n = 70000;
    for (let i = 0; i < n; i++) counts[g.nextBelow(7)]!++;
    expect(chiSquare(counts, new Array(7).fill(n / 7))).toBeLessThan(chiBound(6));
  });

  it("nextFloat32, nextFloat64 and nextNormal derive from the 32-bit stream as documented", () => {
    const g = new Generator(21);
    const c = g.clone();
    expect(g.nextFloat32()).toBe((c.nextUint32() >>> 8) * 2 ** -24);
    const a = c.nextUint32() >>> 5;
    const b = c.nextUint32() >>> 6;
    expect(g.nextFloat64()).toBe((a * 2 ** 26 + b) * 2 ** -53);
    const zs = Array.from({ length: 20000 }, () => g.nextNormal());
    const [m, v] = meanVar(zs);
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
  });

  it("logFactorial matches log(k!) on both sides of its table", () => {
    let acc = 0;
    for (let k = 1; k <= 400; k++) {
      acc += Math.log(k);
      expect(logFactorial(k)).toBeCloseTo(acc, 9);
    }
    expect(logFactorial(0)).toBe(0);
  });

  it("rejects bad seeds and states", () => {
    expectError(() => new Generator(1.5), ValueError, "Generator.manualSeed", "seed", "safe integer", "1.5");
    expectError(() => manualSeed(2 ** 60), ValueError, "manualSeed", "seed", "safe integer");
    expectError(
      () => new Generator().setState({ algorithm: "xoshiro128**", seed: 0, state: [0, 0, 0, 0] }),
      ValueError,
      "Generator.setState",
      "state.state",
      "non-zero",
    );
    expectError(
      () => new Generator().setState({ algorithm: "xoshiro128**", seed: 0, state: [1, 2, 3] as unknown as [number, number, number, number] }),
      ValueError,
      "Generator.setState",
      "four unsigned 32-bit integers",
      "[1, 2, 3]",
    );
    expectError(
      () => new Generator().setState({ algorithm: "mt19937", seed: 0, state: [1, 2, 3, 4] } as unknown as ReturnType<Generator["getState"]>),
      ValueError,
      "state.algorithm",
      "mt19937",
      "xoshiro128",
    );
  });
});

describe("global generator", () => {
  it("manualSeed makes the default functions reproducible", () => {
    manualSeed(5);
    const a = flat(rand([6]));
    const b = flat(randn([5]));
    manualSeed(5);
    expect(flat(rand([6]))).toEqual(a);
    expect(flat(randn([5]))).toEqual(b);
    expect(defaultGenerator().initialSeed()).toBe(5);
  });

  it("setDefaultGenerator swaps the global generator", () => {
    const mine = new Generator(99);
    const prev = setDefaultGenerator(mine);
    try {
      const x = flat(rand([3]));
      expect(x).toEqual(flat(rand([3], { generator: new Generator(99) })));
    } finally {
      setDefaultGenerator(prev);
    }
    expect(defaultGenerator()).toBe(prev);
  });
});
