import { describe, expect, it } from "vitest";
import { bernoulli, erf, poisson, quantile, rankOrder, repeat, single, timeSteps } from "../../src/encoding/encodings.js";
import { ValueError } from "../../src/errors.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { Generator, rand } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";
import { arenaBackend } from "../helpers/arena-backend.js";

/** Spike counts per input of a [T, n] uint8 train. */
function counts(s: Tensor): number[] {
  const [T, ...rest] = s.shape;
  const n = rest.reduce((a, b) => a * b, 1);
  const c = new Array<number>(n).fill(0);
  const d = s.data;
  for (let t = 0; t < T!; t++) for (let i = 0; i < n; i++) c[i]! += d[t * n + i]!;
  return c;
}

/** Spike steps of input i in a [T, n] train. */
function spikeSteps(s: Tensor, i: number): number[] {
  const T = s.shape[0]!;
  const n = s.numel() / T;
  const out: number[] = [];
  for (let t = 0; t < T; t++) if (s.data[t * n + i]) out.push(t);
  return out;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("timeSteps", () => {
  it("is trunc(time / dt) like Python's int()", () => {
    expect(timeSteps("x", 250, 1)).toBe(250);
    expect(timeSteps("x", 250, 0.1)).toBe(2500);
    expect(timeSteps("x", 10, 3)).toBe(3);
  });
});

describe("single", () => {
  it("spikes at step 0 for inputs above the (1 - sparsity) quantile, nowhere else", () => {
    // quantile 0.7 of 1..10 is 1 + 0.7 * 9 = 7.3: inputs 8, 9, 10 spike
    const d = tensor([3, 8, 1, 10, 5, 9, 2, 7, 4, 6]);
    const s = single(d, 5, { sparsity: 0.3 });
    expect(s.dtype).toBe("uint8");
    expect(s.shape).toEqual([5, 10]);
    expect((s.toArray() as number[][])[0]).toEqual([0, 1, 0, 1, 0, 1, 0, 0, 0, 0]);
    expect(counts(s).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("uses the default sparsity 0.5 and keeps the datum's shape", () => {
    const d = tensor([
      [1, 2],
      [3, 4],
    ]);
    const s = single(d, 3, { dt: 1 });
    expect(s.shape).toEqual([3, 2, 2]);
    // median 2.5
    expect(s.toArray()).toEqual([
      [
        [0, 0],
        [1, 1],
      ],
      [
        [0, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    ]);
  });

  it("quantile interpolates linearly like torch.quantile", () => {
    // torch.quantile(torch.tensor([1., 2., 4., 8.]), 0.25) = 1.75; q=0.9 -> 6.8
    expect(quantile([8, 1, 4, 2], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([8, 1, 4, 2], 0.9)).toBeCloseTo(6.8, 12);
    expect(quantile([5], 0.3)).toBe(5);
  });

  it("rejects bad sparsity, time and dt", () => {
    expectError(() => single(tensor([1, 2]), 5, { sparsity: 1.5 }), ValueError, "single", "sparsity is 1.5", "[0, 1]");
    expectError(() => single(tensor([1, 2]), 0), ValueError, "single", "time is 0", "> 0");
    expectError(() => single(tensor([1, 2]), 5, { dt: -1 }), ValueError, "single", "dt is -1", "> 0");
    expectError(() => single(tensor([1, Number.NaN]), 5), ValueError, "single", "NaN", "index 1");
  });
});

describe("repeat", () => {
  it("repeats the datum along a new leading dim and keeps its dtype", () => {
    const d = tensor([[1, 2, 3]], { dtype: "int32" });
    const s = repeat(d, 2);
    expect(s.dtype).toBe("int32");
    expect(s.toArray()).toEqual([[[1, 2, 3]], [[1, 2, 3]]]);
    const h = repeat(tensor([0.5, 2], { dtype: "float16" }), 6, { dt: 2 });
    expect(h.dtype).toBe("float16");
    expect(h.toArray()).toEqual([
      [0.5, 2],
      [0.5, 2],
      [0.5, 2],
    ]);
  });

  it("copies (the result does not alias the datum) and reads strided views", () => {
    const base = tensor([
      [1, 2],
      [3, 4],
    ]);
    const s = repeat(base.t(), 2);
    expect(s.toArray()).toEqual([
      [
        [1, 3],
        [2, 4],
      ],
      [
        [1, 3],
        [2, 4],
      ],
    ]);
    s.set(99, 0, 0, 0);
    expect(base.get(0, 0)).toBe(1);
  });

  it("rejects a non-tensor datum and too short a time", () => {
    expectError(() => repeat([1, 2] as unknown as Tensor, 3), ValueError, "repeat", "datum", "Tensor");
    expectError(() => repeat(tensor([1]), 0.5), ValueError, "repeat", "time / dt", "0.5", "at least 1 time step");
  });
});

describe("bernoulli", () => {
  it("fires at rate maxProb * datum (datum <= 1) within binomial tolerance", () => {
    const levels = [0, 0.1, 0.25, 0.5, 1];
    const d = tensor(levels);
    const T = 8000;
    const s = bernoulli(d, T, { generator: new Generator(1), maxProb: 0.8 });
    expect(s.shape).toEqual([T, 5]);
    expect(s.dtype).toBe("uint8");
    const c = counts(s);
    levels.forEach((l, i) => {
      const p = 0.8 * l;
      const sd = Math.sqrt(T * p * (1 - p));
      expect(Math.abs(c[i]! - T * p)).toBeLessThanOrEqual(4 * sd + 1e-9);
    });
    expect(c[0]).toBe(0);
  });

  it("scales by the maximum when it exceeds 1, without modifying the datum", () => {
    const d = tensor([0, 2, 4, 8]);
    const before = d.toFlatArray();
    const T = 8000;
    const c = counts(bernoulli(d, T, { generator: new Generator(2), maxProb: 0.5 }));
    expect(d.toFlatArray()).toEqual(before);
    [0, 0.125, 0.25, 0.5].forEach((p, i) => {
      expect(Math.abs(c[i]! - T * p)).toBeLessThanOrEqual(4 * Math.sqrt(T * p * (1 - p)) + 1e-9);
    });
  });

  it("without time returns one sample shaped like the datum", () => {
    const d = tensor([
      [1, 0],
      [1, 0],
    ]);
    const s = bernoulli(d, null, { generator: new Generator(3) });
    expect(s.shape).toEqual([2, 2]);
    expect(s.toArray()).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(bernoulli(d).shape).toEqual([2, 2]);
  });

  it("is deterministic per seed and differs between seeds", () => {
    const d = rand([50], { generator: new Generator(4) });
    const a = bernoulli(d, 20, { generator: new Generator(5) }).toFlatArray();
    expect(bernoulli(d, 20, { generator: new Generator(5) }).toFlatArray()).toEqual(a);
    expect(bernoulli(d, 20, { generator: new Generator(6) }).toFlatArray()).not.toEqual(a);
  });

  it("rejects negative intensities and maxProb outside [0, 1]", () => {
    expectError(() => bernoulli(tensor([0.5, -0.1]), 5), ValueError, "bernoulli", "datum has value -0.1", "index 1", "non-negative");
    expectError(() => bernoulli(tensor([0.5]), 5, { maxProb: 1.2 }), ValueError, "bernoulli", "maxProb is 1.2", "[0, 1]");
    expectError(() => bernoulli(tensor([0.5]), -3), ValueError, "bernoulli", "time is -3", "> 0");
    expectError(() => bernoulli(tensor([0.5]), 3, { dt: 0 }), ValueError, "bernoulli", "dt is 0", "> 0");
  });
});

describe("poisson", () => {
  it("fires at the requested rates in Hz (dt = 1)", () => {
    const rates = [5, 20, 64, 128];
    const per = 200;
    const d = tensor(Float32Array.from({ length: rates.length * per }, (_, i) => rates[i % rates.length]!));
    const time = 1000;
    const s = poisson(d, time, { generator: new Generator(7) });
    expect(s.shape).toEqual([1000, rates.length * per]);
    expect(s.dtype).toBe("uint8");
    const c = counts(s);
    rates.forEach((r, k) => {
      const m = mean(c.filter((_, i) => i % rates.length === k));
      // expected r * time / 1000 spikes; the renewal start-up costs about half a spike
      const expected = (r * time) / 1000;
      expect(Math.abs(m - expected)).toBeLessThan(0.04 * expected + 0.6);
    });
  });

  it("keeps the rate in Hz when dt changes (more, shorter steps)", () => {
    const d = tensor(new Float32Array(300).fill(40));
    const s = poisson(d, 500, { dt: 0.5, generator: new Generator(8) });
    expect(s.shape).toEqual([1000, 300]);
    const m = mean(counts(s));
    expect(Math.abs(m - 20)).toBeLessThan(0.04 * 20 + 0.6);
  });

  it("draws Poisson-distributed inter-spike intervals (variance = mean), as the reference", () => {
    // rate 100 Hz at dt = 1: ISIs ~ Poisson(10), variance 10 (an exponential ISI would give ~100)
    const d = tensor(new Float32Array(100).fill(100));
    const s = poisson(d, 2000, { generator: new Generator(9) });
    const isis: number[] = [];
    for (let i = 0; i < 100; i++) {
      const st = spikeSteps(s, i);
      isis.push(st[0]! + 1); // first spike lands at step ISI1 - 1
      for (let k = 1; k < st.length; k++) isis.push(st[k]! - st[k - 1]!);
    }
    const m = mean(isis);
    const v = isis.reduce((a, x) => a + (x - m) ** 2, 0) / (isis.length - 1);
    expect(Math.abs(m - 10)).toBeLessThan(0.2);
    expect(Math.abs(v - 10)).toBeLessThan(1);
  });

  it("never fires a zero-rate input and returns [T, ...shape]", () => {
    const d = tensor([
      [0, 50],
      [0, 0],
    ]);
    const s = poisson(d, 300, { generator: new Generator(10) });
    expect(s.shape).toEqual([300, 2, 2]);
    const c = counts(s);
    expect(c[0]).toBe(0);
    expect(c[2]).toBe(0);
    expect(c[3]).toBe(0);
    expect(c[1]).toBeGreaterThan(5);
  });

  it("is deterministic per seed, differs between seeds and leaves the datum alone", () => {
    const d = tensor(Float32Array.from({ length: 64 }, (_, i) => i * 2));
    const before = d.toFlatArray();
    const a = poisson(d, 100, { generator: new Generator(11) }).toFlatArray();
    expect(poisson(d, 100, { generator: new Generator(11) }).toFlatArray()).toEqual(a);
    expect(poisson(d, 100, { generator: new Generator(12) }).toFlatArray()).not.toEqual(a);
    expect(d.toFlatArray()).toEqual(before);
  });

  it("reads float16 and strided datums", () => {
    const d = tensor(
      [
        [100, 0],
        [0, 0],
      ],
      { dtype: "float16" },
    ).t();
    const c = counts(poisson(d, 500, { generator: new Generator(13) }));
    expect(c[0]).toBeGreaterThan(20);
    expect(c.slice(1)).toEqual([0, 0, 0]);
  });

  it("approx mode spikes with probability erf(0.6^(50/(0.11 r + 5)) / sqrt 2) per step", () => {
    const rates = [0, 64, 128];
    const T = 20000;
    const c = counts(poisson(tensor(rates), T, { approx: true, generator: new Generator(14) }));
    rates.forEach((r, i) => {
      const p = erf(0.6 ** (50 / (0.11 * r + 5)) / Math.SQRT2);
      expect(Math.abs(c[i]! - T * p)).toBeLessThan(4 * Math.sqrt(T * p * (1 - p)));
    });
    // the reference's approximation makes even zero-rate inputs fire now and then
    expect(c[0]).toBeGreaterThan(0);
  });

  it("erf is accurate to 1e-7", () => {
    expect(erf(0)).toBeCloseTo(0, 7);
    expect(erf(0.5)).toBeCloseTo(0.5204998778, 7);
    expect(erf(1)).toBeCloseTo(0.8427007929, 7);
    expect(erf(2)).toBeCloseTo(0.995322265, 7);
  });

  it("rejects negative or infinite rates and bad time/dt", () => {
    expectError(() => poisson(tensor([10, -5]), 10), ValueError, "poisson", "datum has value -5", "index 1", "non-negative");
    expectError(() => poisson(tensor([Number.POSITIVE_INFINITY]), 10), ValueError, "poisson", "Infinity", "finite");
    expectError(() => poisson(tensor([10]), -1), ValueError, "poisson", "time is -1", "> 0");
    expectError(() => poisson(tensor([10]), 10, { dt: Number.NaN }), ValueError, "poisson", "dt is NaN", "> 0");
  });
});

describe("rankOrder", () => {
  it("fires each non-zero input once at ceil(T * min / x) - 1 (hand-computed)", () => {
    // T = 10, min = 1: times ceil(10/x) = 10, 5, 3, 2, 1 for x = 1, 2, 4, 8, 10
    const s = rankOrder(tensor([1, 2, 0, 4, 8, 10]), 10);
    expect(s.dtype).toBe("uint8");
    expect(s.shape).toEqual([10, 6]);
    expect([0, 1, 2, 3, 4, 5].map((i) => spikeSteps(s, i))).toEqual([[9], [4], [], [2], [1], [0]]);
  });

  it("fires in order of intensity: brighter inputs never later, every non-zero input exactly once", () => {
    const d = rand([8, 8], { generator: new Generator(15) });
    d.set(0, 0, 0);
    d.set(0, 3, 5);
    const T = 50;
    const s = rankOrder(d, T);
    expect(s.shape).toEqual([T, 8, 8]);
    const v = d.toFlatArray();
    const first = v.map((_, i) => spikeSteps(s, i));
    v.forEach((x, i) => expect(first[i]!.length).toBe(x > 0 ? 1 : 0));
    const order = v.map((x, i) => [x, first[i]![0] ?? Infinity] as const).filter(([x]) => x > 0);
    for (const [xa, ta] of order) for (const [xb, tb] of order) if (xa > xb) expect(ta).toBeLessThanOrEqual(tb);
    // the dimmest non-zero input fires at the last step (the reference drops it)
    const dimmest = v.indexOf(Math.min(...v.filter((x) => x > 0)));
    expect(first[dimmest]).toEqual([T - 1]);
  });

  it("gives no spikes for an all-zero datum and leaves the datum alone", () => {
    expect(rankOrder(zeros([3, 3]), 5).toFlatArray().every((x) => x === 0)).toBe(true);
    const d = tensor([2, 4]);
    rankOrder(d, 5);
    expect(d.toFlatArray()).toEqual([2, 4]);
  });

  it("uses T = trunc(time / dt) steps", () => {
    const s = rankOrder(tensor([1, 3]), 10, { dt: 2 });
    expect(s.shape).toEqual([5, 2]);
    expect(spikeSteps(s, 0)).toEqual([4]);
    expect(spikeSteps(s, 1)).toEqual([1]); // ceil(5/3) - 1
  });

  it("rejects negative intensities and bad time", () => {
    expectError(() => rankOrder(tensor([1, -2]), 5), ValueError, "rankOrder", "datum has value -2", "non-negative");
    expectError(() => rankOrder(tensor([1]), Number.POSITIVE_INFINITY), ValueError, "rankOrder", "time is Infinity", "finite");
  });
});

describe("properties", () => {
  const datumArb = async () => {
    const fc = await import("fast-check");
    return {
      fc,
      arb: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 255, noNaN: true })), { minLength: 1, maxLength: 30 }),
    };
  };

  it("rankOrder: every non-zero input fires exactly once, brighter never later", async () => {
    const { fc, arb } = await datumArb();
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 60 }), (vals, T) => {
        const s = rankOrder(tensor(Float64Array.from(vals)), T);
        const first = vals.map((_, i) => spikeSteps(s, i));
        if (!vals.every((x, i) => first[i]!.length === (x > 0 ? 1 : 0))) return false;
        for (let a = 0; a < vals.length; a++) {
          for (let b = 0; b < vals.length; b++) {
            if (vals[a]! > vals[b]! && vals[b]! > 0 && first[a]![0]! > first[b]![0]!) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it("poisson: zero rates stay silent, shape is [T, n], same seed same train", async () => {
    const { fc, arb } = await datumArb();
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 80 }), fc.nat(1000), (vals, T, seed) => {
        const d = tensor(Float32Array.from(vals));
        const s = poisson(d, T, { generator: new Generator(seed) });
        if (s.shape[0] !== T || s.shape[1] !== vals.length) return false;
        const c = counts(s);
        if (!vals.every((x, i) => x > 0 || c[i] === 0)) return false;
        return JSON.stringify(poisson(d, T, { generator: new Generator(seed) }).toFlatArray()) === JSON.stringify(s.toFlatArray());
      }),
      { numRuns: 150 },
    );
  });
});

describe("backends", () => {
  it("gives the same spikes when storage comes from another backend's memory", async () => {
    const { registerBackend, setBackend, getBackend } = await import("../../src/backend/backend.js");
    const { backend, heap } = arenaBackend("test-arena-encoding", 1 << 22);
    registerBackend(backend);
    const d = tensor(Float32Array.from({ length: 50 }, (_, i) => i * 2.5));
    const run = (): number[][] => [
      poisson(d, 40, { generator: new Generator(3) }).toFlatArray(),
      bernoulli(d, 40, { generator: new Generator(3) }).toFlatArray(),
      rankOrder(d, 40).toFlatArray(),
    ];
    const expected = run();
    const prev = getBackend().name;
    setBackend("test-arena-encoding");
    try {
      expect(poisson(d, 5).data.buffer).toBe(heap);
      expect(run()).toEqual(expected);
    } finally {
      setBackend(prev);
    }
  });
});

describe("poisson and bernoulli with out", () => {
  const datum = tensor([0, 40, 90, 0, 200, 15], { dtype: "float32" });
  it("write the same spikes into a reused buffer as into a fresh tensor", () => {
    const out = zeros([50, 6], { dtype: "uint8" });
    out.data.fill(1); // stale contents must be cleared
    const a = poisson(datum, 50, { generator: new Generator(3), out });
    expect(a).toBe(out);
    const b = poisson(datum, 50, { generator: new Generator(3) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(b.data).reduce((x, y) => x + y, 0)).toBeGreaterThan(5);
    const c = bernoulli(tensor([0, 0.2, 0.9, 0, 1, 0.5]), 50, { generator: new Generator(4), out });
    expect(Array.from(c.data)).toEqual(Array.from(bernoulli(tensor([0, 0.2, 0.9, 0, 1, 0.5]), 50, { generator: new Generator(4) }).data));
  });
  it("reject an out of the wrong shape, dtype or layout", () => {
    expectError(() => poisson(datum, 50, { out: zeros([49, 6], { dtype: "uint8" }) }), ValueError, "poisson", "out", "[49, 6]", "[50, 6]");
    expectError(() => poisson(datum, 50, { out: zeros([50, 6]) }), ValueError, "poisson", "out", "float32", "uint8");
    expectError(() => poisson(datum, 50, { out: zeros([6, 50], { dtype: "uint8" }).t() }), ValueError, "poisson", "out", "strided");
  });
});
