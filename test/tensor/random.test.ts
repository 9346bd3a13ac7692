import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError, ValueError } from "../../src/errors.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import {
  Generator,
  bernoulli,
  largestBelow,
  multinomial,
  normal,
  normal_,
  poisson,
  rand,
  rand_,
  randint,
  randn,
  randperm,
  uniform,
  uniform_,
} from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";
import { chiBound, chiSquare, meanVar } from "../helpers/stats.js";
import { arenaBackend } from "../helpers/arena-backend.js";

const flat = (t: Tensor): number[] => t.toFlatArray();

describe("rand / uniform", () => {
  it("float32 values are multiples of 2^-24 in [0, 1) with mean 1/2 and variance 1/12", () => {
    const t = rand([20000], { generator: new Generator(1) });
    expect(t.dtype).toBe("float32");
    const xs = t.data as Float32Array;
    expect(xs.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 2 ** 24))).toBe(true);
    const [m, v] = meanVar(xs);
    expect(Math.abs(m - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(v - 1 / 12)).toBeLessThan(0.003);
  });

  it("float64 values use 53 bits and float16 values 11 bits", () => {
    const d = rand([1000], { dtype: "float64", generator: new Generator(2) });
    expect(d.dtype).toBe("float64");
    expect(flat(d).some((x) => !Number.isInteger(x * 2 ** 24))).toBe(true);
    const h = rand([1000], { dtype: "float16", generator: new Generator(2) });
    expect(flat(h).every((x) => x >= 0 && x < 1 && Number.isInteger(x * 2 ** 11))).toBe(true);
  });

  it("is deterministic per seed and keeps the shape", () => {
    const a = rand([2, 3], { generator: new Generator(9) });
    expect(a.shape).toEqual([2, 3]);
    expect(flat(a)).toEqual(flat(rand([2, 3], { generator: new Generator(9) })));
    expect(flat(a)).not.toEqual(flat(rand([2, 3], { generator: new Generator(10) })));
    expect(rand(4, { generator: new Generator(9) }).shape).toEqual([4]);
    expect(rand([0, 3]).numel()).toBe(0);
  });

  it("uniform covers [low, high) with the right mean", () => {
    const t = uniform(-2, 6, [20000], { generator: new Generator(3) });
    const xs = flat(t);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(6);
    const [m, v] = meanVar(xs);
    expect(Math.abs(m - 2)).toBeLessThan(0.1);
    expect(Math.abs(v - 64 / 12)).toBeLessThan(0.2);
    expect(flat(uniform(1, 1, [3]))).toEqual([1, 1, 1]);
  });

  it("rejects negative sizes, integer dtypes and low > high", () => {
    expectError(() => rand([2, -1]), ShapeError, "rand", "shape", "non-negative integers", "-1");
    expectError(() => rand([2], { dtype: "int32" }), DTypeError, "rand", "dtype", "floating", "int32");
    expectError(() => uniform(3, 1, [2]), ValueError, "uniform", "low is 3", "high is 1", "low <= high");
    expectError(() => uniform(Number.NaN, 1, [2]), ValueError, "uniform", "low", "finite", "NaN");
    expectError(() => rand([1], { generator: {} as Generator }), ValueError, "rand", "generator", "Generator");
  });
});

describe("randn / normal", () => {
  it("randn has mean 0 and variance 1 and handles odd sizes", () => {
    const t = randn([20001], { generator: new Generator(4) });
    const [m, v] = meanVar(t.data as Float32Array);
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
    // about 4.55% of a normal lies outside +-2
    const tail = flat(t).filter((x) => Math.abs(x) > 2).length / 20001;
    expect(Math.abs(tail - 0.0455)).toBeLessThan(0.008);
  });

  it("normal with numbers shifts and scales", () => {
    const t = normal(10, 3, [20000], { generator: new Generator(5), dtype: "float64" });
    expect(t.dtype).toBe("float64");
    const [m, v] = meanVar(t.data as Float64Array);
    expect(Math.abs(m - 10)).toBeLessThan(0.1);
    expect(Math.abs(v - 9)).toBeLessThan(0.4);
  });

  it("normal with tensors broadcasts mean against std", () => {
    const mean = tensor([[0], [100]]); // [2, 1]
    const std = tensor([0, 1, 2]); // [3]
    const t = normal(mean, std, undefined, { generator: new Generator(6) });
    expect(t.shape).toEqual([2, 3]);
    expect(t.get(0, 0)).toBe(0);
    expect(t.get(1, 0)).toBe(100);
    expect(Math.abs(t.get(1, 2) - 100)).toBeLessThan(10);
    const big = normal(tensor(new Float32Array(5000).fill(-3)), 0.5, undefined, { generator: new Generator(6) });
    const [m, v] = meanVar(big.data as Float32Array);
    expect(Math.abs(m + 3)).toBeLessThan(0.03);
    expect(Math.abs(v - 0.25)).toBeLessThan(0.02);
  });

  it("rejects negative std, missing shape and mismatched shapes", () => {
    expectError(() => normal(0, -1, [2]), ValueError, "normal", "std is -1", "std >= 0");
    expectError(() => normal(0, 1), ShapeError, "normal", "shape", "undefined");
    expectError(() => normal(tensor([0, 1]), tensor([1, 1, 1])), ShapeError, "normal", "mean has shape [2]", "std has shape [3]", "broadcastable");
    expectError(() => normal(tensor([0, 0]), tensor([1, -1])), ValueError, "normal", "std has value -1", ">= 0");
    expectError(() => normal(tensor([0, 1]), 1, [3]), ShapeError, "normal", "shape is [3]", "expected [2]");
    expectError(() => randn([-3]), ShapeError, "randn", "shape", "-3");
  });
});

describe("randint", () => {
  it("draws every value of [low, high) equally often (chi-square)", () => {
    const t = randint(-3, 7, [50000], { generator: new Generator(8) });
    expect(t.dtype).toBe("int32");
    const counts = new Array<number>(10).fill(0);
    for (const x of t.data as Int32Array) counts[x + 3]!++;
    expect(Math.min(...(t.data as Int32Array))).toBe(-3);
    expect(Math.max(...(t.data as Int32Array))).toBe(6);
    expect(chiSquare(counts, new Array(10).fill(5000))).toBeLessThan(chiBound(9));
  });

  it("is deterministic per seed and honours dtype", () => {
    const a = flat(randint(0, 1000, [20], { generator: new Generator(1) }));
    expect(flat(randint(0, 1000, [20], { generator: new Generator(1) }))).toEqual(a);
    expect(flat(randint(0, 1000, [20], { generator: new Generator(2) }))).not.toEqual(a);
    expect(randint(0, 2, [4], { dtype: "float32" }).dtype).toBe("float32");
  });

  it("rejects low >= high, non-integers and negative sizes", () => {
    expectError(() => randint(5, 5, [2]), ValueError, "randint", "low is 5", "high is 5", "low < high");
    expectError(() => randint(0, 2.5, [2]), ValueError, "randint", "high", "integer", "2.5");
    expectError(() => randint(0, 2, [-1]), ShapeError, "randint", "shape", "-1");
    expectError(() => randint(0, 2 ** 33, [1]), ValueError, "randint", "high - low", "2^32");
  });
});

describe("bernoulli", () => {
  it("fires with the requested probability and keeps float32 like torch", () => {
    const p = tensor(new Float32Array(40000).map((_, i) => [0, 0.1, 0.5, 1][i % 4]!));
    const t = bernoulli(p, { generator: new Generator(12) });
    expect(t.dtype).toBe("float32");
    expect(t.shape).toEqual([40000]);
    const sums = [0, 0, 0, 0];
    const xs = t.data as Float32Array;
    expect(xs.every((x) => x === 0 || x === 1)).toBe(true);
    for (let i = 0; i < xs.length; i++) sums[i % 4]! += xs[i]!;
    expect(sums[0]).toBe(0);
    expect(sums[3]).toBe(10000);
    // binomial sd: sqrt(10000 * 0.1 * 0.9) = 30
    expect(Math.abs(sums[1]! - 1000)).toBeLessThan(150);
    expect(Math.abs(sums[2]! - 5000)).toBeLessThan(250);
  });

  it("takes a dtype option and is deterministic per seed", () => {
    const p = tensor([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]);
    const a = bernoulli(p, { generator: new Generator(1), dtype: "bool" });
    expect(a.dtype).toBe("bool");
    expect(flat(a)).toEqual(flat(bernoulli(p, { generator: new Generator(1) })));
  });

  it("rejects probabilities outside [0, 1]", () => {
    expectError(() => bernoulli(tensor([0.5, 1.5])), ValueError, "bernoulli", "probs", "1.5", "[0, 1]");
    expectError(() => bernoulli(tensor([-0.1])), ValueError, "bernoulli", "probs", "-0.1", "[0, 1]");
    expectError(() => bernoulli(tensor([Number.NaN])), ValueError, "bernoulli", "NaN");
  });
});

describe("poisson", () => {
  it.each([0.5, 4, 9.5, 10, 30, 500])("has mean and variance lam = %d", (lam) => {
    const t = poisson(tensor(new Float32Array(20000).fill(lam)), { generator: new Generator(13) });
    const xs = t.data as Float32Array;
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const [m, v] = meanVar(xs);
    // sd of the mean is sqrt(lam / n); allow 5 sd, and 8% on the variance
    expect(Math.abs(m - lam)).toBeLessThan(5 * Math.sqrt(lam / 20000));
    expect(Math.abs(v / lam - 1)).toBeLessThan(0.08);
  });

  it("matches the Poisson(3) probabilities (chi-square)", () => {
    const n = 30000;
    const t = poisson(tensor(new Float64Array(n).fill(3)), { generator: new Generator(14) });
    expect(t.dtype).toBe("float64");
    const counts = new Array<number>(9).fill(0); // 0..7 and >=8
    for (const x of t.data as Float64Array) counts[Math.min(x, 8)]!++;
    const pk = [];
    let p = Math.exp(-3);
    let acc = 0;
    for (let k = 0; k < 8; k++) {
      pk.push(p * n);
      acc += p;
      p *= 3 / (k + 1);
    }
    pk.push((1 - acc) * n);
    expect(chiSquare(counts, pk)).toBeLessThan(chiBound(8));
  });

  it("gives zeros for zero rates and rejects negative rates", () => {
    expect(flat(poisson(zeros([4])))).toEqual([0, 0, 0, 0]);
    expectError(() => poisson(tensor([1, -2])), ValueError, "poisson", "rates", "-2", ">= 0");
    expectError(() => poisson(tensor([Number.POSITIVE_INFINITY])), ValueError, "poisson", "rates", "Infinity");
  });
});

describe("multinomial", () => {
  it("with replacement draws in proportion to the weights (chi-square), never a zero weight", () => {
    const w = tensor([1, 0, 2, 3, 4]);
    const t = multinomial(w, 50000, true, { generator: new Generator(15) });
    expect(t.dtype).toBe("int32");
    expect(t.shape).toEqual([50000]);
    const counts = [0, 0, 0, 0, 0];
    for (const x of t.data as Int32Array) counts[x]!++;
    expect(counts[1]).toBe(0);
    const obs = [counts[0]!, counts[2]!, counts[3]!, counts[4]!];
    expect(chiSquare(obs, [5000, 10000, 15000, 20000])).toBeLessThan(chiBound(3));
  });

  it("without replacement returns distinct categories with first-draw frequencies as weights", () => {
    const g = new Generator(16);
    const w = tensor([1, 2, 3, 4]);
    const first = [0, 0, 0, 0];
    for (let i = 0; i < 5000; i++) {
      const s = flat(multinomial(w, 4, false, { generator: g }));
      expect([...s].sort()).toEqual([0, 1, 2, 3]);
      first[s[0]!]!++;
    }
    expect(chiSquare(first, [500, 1000, 1500, 2000])).toBeLessThan(chiBound(3));
  });

  it("samples each row of a batch", () => {
    const w = tensor([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    const t = multinomial(w, 3, true, { generator: new Generator(1) });
    expect(t.shape).toEqual([2, 3]);
    expect(t.toArray()).toEqual([
      [2, 2, 2],
      [0, 0, 0],
    ]);
  });

  it("rejects bad weights and too many samples", () => {
    expectError(() => multinomial(tensor([1, 2]), 3), ValueError, "multinomial", "numSamples is 3", "at most n = 2", "replacement is false");
    expectError(() => multinomial(tensor([1, 0, 0]), 2), ValueError, "multinomial", "numSamples is 2", "1 non-zero");
    expectError(() => multinomial(tensor([1, -1]), 1), ValueError, "multinomial", "probs has value -1", ">= 0");
    expectError(() => multinomial(tensor([0, 0]), 1, true), ValueError, "multinomial", "sums to 0", "positive");
    expectError(() => multinomial(zeros([2, 2, 2]), 1), ShapeError, "multinomial", "probs has shape [2, 2, 2]", "[B, n]");
    expectError(() => multinomial(tensor([1, 1]), 0), ValueError, "multinomial", "numSamples is 0", "positive integer");
  });
});

describe("randperm", () => {
  it("is a permutation, deterministic per seed, with a uniform first element", () => {
    const a = randperm(100, { generator: new Generator(17) });
    expect(a.dtype).toBe("int32");
    expect([...(a.data as Int32Array)].sort((x, y) => x - y)).toEqual([...Array(100).keys()]);
    expect(flat(randperm(100, { generator: new Generator(17) }))).toEqual(flat(a));
    expect(flat(randperm(100, { generator: new Generator(18) }))).not.toEqual(flat(a));
    const g = new Generator(19);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 10000; i++) counts[randperm(5, { generator: g }).get(0)]!++;
    expect(chiSquare(counts, [2000, 2000, 2000, 2000, 2000])).toBeLessThan(chiBound(4));
    expect(randperm(0).numel()).toBe(0);
  });

  it("rejects negative n", () => {
    expectError(() => randperm(-1), ValueError, "randperm", "n is -1", "non-negative integer");
  });
});

describe("in-place fills", () => {
  it("rand_ fills only the elements of a non-contiguous view", () => {
    const base = zeros([3, 4]);
    const col = base.transpose(0, 1).select(0, 1); // column 1, stride 4
    rand_(col, { generator: new Generator(20) });
    const rows = base.toArray() as number[][];
    for (const r of rows) {
      expect(r[0]).toBe(0);
      expect(r[2]).toBe(0);
      expect(r[3]).toBe(0);
      expect(r[1]! > 0 && r[1]! < 1).toBe(true);
    }
    // same stream as rand on a fresh tensor
    expect(flat(col)).toEqual(flat(rand([3], { generator: new Generator(20) })));
  });

  it("uniform_ and normal_ return their argument filled with the right statistics", () => {
    const t = zeros([10000], { dtype: "float64" });
    expect(uniform_(t, 5, 7, { generator: new Generator(21) })).toBe(t);
    const [m] = meanVar(t.data as Float64Array);
    expect(Math.abs(m - 6)).toBeLessThan(0.03);
    normal_(t, -1, 2, { generator: new Generator(21) });
    const [m2, v2] = meanVar(t.data as Float64Array);
    expect(Math.abs(m2 + 1)).toBeLessThan(0.08);
    expect(Math.abs(v2 - 4)).toBeLessThan(0.25);
    const h = zeros([4], { dtype: "float16" });
    normal_(h, 0, 1, { generator: new Generator(1) });
    expect(flat(h).every((x) => x !== 0)).toBe(true);
  });

  it("rejects integer tensors and bad arguments", () => {
    expectError(() => rand_(zeros([2], { dtype: "int32" })), DTypeError, "uniform_", "tensor has dtype int32", "floating");
    expectError(() => normal_(zeros([2]), 0, -1), ValueError, "normal_", "std is -1", ">= 0");
    expectError(() => uniform_(zeros([2]), 1, 0), ValueError, "uniform_", "low is 1", "low <= high");
  });
});

describe("backends and properties", () => {
  it("gives the same numbers when storage comes from another backend's memory", async () => {
    const { registerBackend, setBackend, getBackend } = await import("../../src/backend/backend.js");
    // a backend that hands out views into one shared buffer at odd offsets, like wasm memory
    const { backend, heap } = arenaBackend("test-arena-random", 1 << 20);
    registerBackend(backend);
    const prev = getBackend().name;
    const run = (): number[][] => [
      flat(rand([7], { generator: new Generator(1) })),
      flat(randn([5], { generator: new Generator(1), dtype: "float64" })),
      flat(randint(0, 9, [6], { generator: new Generator(1) })),
      flat(poisson(tensor([1, 20, 300]), { generator: new Generator(1) })),
      flat(randperm(8, { generator: new Generator(1) })),
      flat(multinomial(tensor([1, 2, 3]), 4, true, { generator: new Generator(1) })),
    ];
    const expected = run();
    setBackend("test-arena-random");
    try {
      const t = rand([3]);
      expect(t.data.buffer).toBe(heap);
      expect(run()).toEqual(expected);
    } finally {
      setBackend(prev);
    }
  });

  it("property: uniforms stay in [0, 1) on 24-bit steps and states resume exactly", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), fc.nat(50), (seed, skip) => {
        const g = new Generator(seed);
        for (let i = 0; i < skip; i++) g.nextUint32();
        const st = g.getState();
        const xs = flat(rand([16], { generator: g }));
        for (const x of xs) if (!(x >= 0 && x < 1 && Number.isInteger(x * 2 ** 24))) return false;
        return JSON.stringify(flat(rand([16], { generator: new Generator().setState(st) }))) === JSON.stringify(xs);
      }),
      { numRuns: 200 },
    );
  });

  it("property: randint stays in [low, high) and randperm is a permutation", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 3000 }), fc.nat(40), fc.nat(1000), (low, span, n, seed) => {
        const g = new Generator(seed);
        const xs = flat(randint(low, low + span, [n], { generator: g }));
        if (!xs.every((x) => Number.isInteger(x) && x >= low && x < low + span)) return false;
        const p = flat(randperm(n, { generator: g })).sort((a, b) => a - b);
        return p.every((v, i) => v === i);
      }),
      { numRuns: 200 },
    );
  });
});

describe("uniform upper bound", () => {
  it("largestBelow steps one ulp down in each float dtype", () => {
    expect(largestBelow("float32", 2)).toBe(2 - 2 ** -23);
    expect(largestBelow("float32", 0.1)).toBe(Math.fround(0.1) < 0.1 ? Math.fround(0.1) : Math.fround(0.1) - 2 ** -27);
    expect(largestBelow("float64", 1)).toBe(1 - 2 ** -53);
    expect(largestBelow("float64", -1)).toBe(-1 - 2 ** -52);
    expect(largestBelow("float16", 1)).toBe(1 - 2 ** -11);
    expect(largestBelow("float32", 0)).toBeLessThan(0);
  });

  it("never returns high even where low + span * u rounds up to it", () => {
    // float16: 1 + u rounds to 2 for u = 1 - 2^-11 (p = 2^-11); float32: 1000 + u rounds to
    // 1001 for u > 1 - 2^-15 (p = 2^-15): both happen several times in 200000 draws
    const cases = [
      ["float16", 1, 2],
      ["float32", 1000, 1001],
    ] as const;
    for (const [dtype, low, high] of cases) {
      const xs = flat(uniform(low, high, [200000], { dtype, generator: new Generator(30) }));
      expect(xs.reduce((a, b) => Math.max(a, b), -Infinity)).toBe(largestBelow(dtype, high));
      expect(xs.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(low);
    }
  });
});
