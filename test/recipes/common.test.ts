/** src/recipes/common.ts: config checking, the checkpoint blob, epoch orders, per-sample seeds, the Poisson image encoder. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { MemoryCheckpointStore, PoissonImageEncoder, SAMPLE_SEED_INDICES, addSpikeCounts, configDiff, decodeCheckpoint, encodeCheckpoint, epochOrder, imageOf, makeConfig, sampleSeed, sum } from "../../src/recipes/common.js";
import { Generator } from "../../src/tensor/random.js";

const D = { n: 3, rate: 0.5, name: "a", flag: false, opt: null as number | null, list: [1, 2] };

describe("makeConfig", () => {
  it("fills the defaults, keeps the partial unmodified and checks each field's type and rule", () => {
    const partial = { n: 5 };
    expect(makeConfig("r", D, partial)).toEqual({ ...D, n: 5 });
    expect(partial).toEqual({ n: 5 });
    expect(makeConfig("r", D, { n: undefined, opt: 2 })).toEqual({ ...D, opt: 2 });
    const rules = { n: { int: true, min: 1, max: 9 }, name: { choices: ["a", "b"] }, opt: { type: "number" as const } };
    expect(() => makeConfig("r", D, { n: 2.5 }, rules)).toThrow(new ValueError("recipe r: n is 2.5, expected an integer"));
    expect(() => makeConfig("r", D, { n: 0 }, rules)).toThrow(new ValueError("recipe r: n is 0, expected a value >= 1"));
    expect(() => makeConfig("r", D, { n: 10 }, rules)).toThrow(new ValueError("recipe r: n is 10, expected a value <= 9"));
    expect(() => makeConfig("r", D, { name: "c" }, rules)).toThrow(new ValueError('recipe r: name is "c", expected one of a, b'));
    expect(() => makeConfig("r", D, { rate: "1" as never })).toThrow(new ValueError('recipe r: rate is "1", expected a number'));
    expect(() => makeConfig("r", D, { rate: Number.NaN })).toThrow(new ValueError("recipe r: rate is NaN, expected a finite number"));
    expect(() => makeConfig("r", D, { flag: null as never })).toThrow(new ValueError("recipe r: flag is null, expected a boolean"));
    expect(() => makeConfig("r", D, { opt: "x" as never }, rules)).toThrow(new ValueError('recipe r: opt is "x", expected a number'));
    expect(() => makeConfig("r", D, { list: 3 as never })).toThrow(new ValueError("recipe r: list is 3, expected an array"));
    expect(() => makeConfig("r", D, { rat: 1 } as never)).toThrow("recipe r: unknown config field rat; did you mean rate?");
  });
});

describe("the checkpoint blob", () => {
  it("round-trips the header and the network bytes", () => {
    const header = { recipe: "x", config: { a: 1 }, state: { phase: "train", index: 3 }, rng: new Generator(4).getState() };
    const net = Uint8Array.from([9, 8, 7]);
    const blob = encodeCheckpoint(header, net);
    expect(new TextDecoder().decode(blob.subarray(0, 8))).toBe("BNRCKPT1");
    const d = decodeCheckpoint(blob);
    expect(d.header).toEqual({ format: "bindsnet-recipe-checkpoint", version: 1, ...header });
    expect(Array.from(d.network)).toEqual([9, 8, 7]);
    expect(decodeCheckpoint(encodeCheckpoint(header, new Uint8Array(0))).network.length).toBe(0);
  });

  it("names what is wrong with a blob", () => {
    const blob = encodeCheckpoint({ recipe: "x", config: {}, state: null, rng: new Generator(1).getState() }, new Uint8Array(0));
    expect(() => decodeCheckpoint(new Uint8Array(5))).toThrow(new ValueError("decodeCheckpoint: checkpoint has 5 bytes, expected a blob written by a recipe"));
    const wrong = blob.slice();
    wrong[0] = 0x41;
    expect(() => decodeCheckpoint(wrong)).toThrow(/does not start with BNRCKPT1/);
    expect(() => decodeCheckpoint(blob.subarray(0, 20))).toThrow(/header of \d+ bytes runs past its end \(20 bytes\)/);
    const json = blob.slice();
    json[12] = 0x7a; // "z{" ...
    expect(() => decodeCheckpoint(json)).toThrow(/header is not valid JSON/);
  });
});

describe("small helpers", () => {
  it("configDiff lists the fields that differ (as JSON), sum adds, the memory store keeps copies", async () => {
    expect(configDiff({ a: 1, b: [1, 2], c: "x" }, { a: 1, b: [1, 3], d: 0 })).toEqual(["b", "c", "d"]);
    expect(sum([1, 2, 3.5])).toBe(6.5);
    expect(sum(new Float32Array(0))).toBe(0);
    const m = new MemoryCheckpointStore();
    expect(await m.load()).toBeNull();
    const b = Uint8Array.from([1, 2]);
    await m.save(b);
    b[0] = 9;
    const got = (await m.load())!;
    expect(Array.from(got)).toEqual([1, 2]);
    got[1] = 7;
    expect(Array.from((await m.load())!)).toEqual([1, 2]);
    expect(m.saves).toBe(1);
  });

  it("imageOf is the i-th rows×cols block", () => {
    const set = { images: Uint8Array.from({ length: 12 }, (_, k) => k), labels: Uint8Array.from([0, 1, 2]), count: 3, rows: 2, cols: 2 };
    expect(Array.from(imageOf(set, 1))).toEqual([4, 5, 6, 7]);
  });
});

describe("epochOrder", () => {
  it("property: a permutation fixed by (seed, epoch); another epoch reorders; no shuffle is the identity", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 5 }), (n, seed, epoch) => {
        const p = Array.from(epochOrder(n, seed, epoch));
        expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(Array.from(epochOrder(n, seed, epoch))).toEqual(p);
      }),
      { numRuns: 40 },
    );
    expect(Array.from(epochOrder(50, 1, 0))).not.toEqual(Array.from(epochOrder(50, 1, 1)));
    expect(Array.from(epochOrder(4, 1, 0, false))).toEqual([0, 1, 2, 3]);
  });
});

describe("sampleSeed", () => {
  it("is hash(seed, stream)·2^21 + index: consecutive within a stream, different across streams and seeds, range-checked", () => {
    const a = sampleSeed(7, 1, 0);
    expect(sampleSeed(7, 1, 5)).toBe(a + 5);
    expect(a % SAMPLE_SEED_INDICES).toBe(0);
    expect(Number.isSafeInteger(sampleSeed(2 ** 40 + 3, 2, SAMPLE_SEED_INDICES - 1))).toBe(true);
    expect(sampleSeed(7, 2, 0)).not.toBe(a);
    expect(sampleSeed(8, 1, 0)).not.toBe(a);
    expect(sampleSeed(7 + 2 ** 32, 1, 0)).not.toBe(a); // the high word counts
    expect(() => sampleSeed(7, 1, SAMPLE_SEED_INDICES)).toThrow(new ValueError(`sampleSeed: index is ${SAMPLE_SEED_INDICES}, expected an integer in [0, ${SAMPLE_SEED_INDICES})`));
    expect(() => sampleSeed(7, 1, -1)).toThrow(ValueError);
  });
});

describe("PoissonImageEncoder", () => {
  it("spikes at pixel/255·intensity Hz: a white pixel at 100 Hz fires about 100 times in 1000 ms, a black one never", () => {
    const e = new PoissonImageEncoder([1, 2], 100, 1000, 1);
    const s = e.encode([255, 0], undefined, new Generator(3));
    expect(s.shape).toEqual([1000, 1, 2]);
    const d = s.contiguousData();
    let white = 0;
    let black = 0;
    for (let t = 0; t < 1000; t++) {
      white += d[2 * t]!;
      black += d[2 * t + 1]!;
    }
    expect(black).toBe(0);
    expect(white).toBeGreaterThan(70);
    expect(white).toBeLessThan(130);
    // the same generator seed gives the same train; the output buffer is reused
    const first = Array.from(e.encode([255, 0], undefined, new Generator(3)).contiguousData());
    const again = e.encode([255, 0], undefined, new Generator(3));
    expect(Array.from(again.contiguousData())).toEqual(first);
    expect(Array.from(e.encode([255, 255], 0, new Generator(3)).contiguousData()).every((x) => x === 0)).toBe(true); // intensity 0
  });
});

describe("addSpikeCounts", () => {
  it("adds a record's values per column, like the plain loop (sparse, dense, unaligned, odd sizes)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 23 }), fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 2 ** 30 }), (steps, width, offset, density, seed) => {
        const g = new Generator(seed);
        const backing = new Uint8Array(offset + steps * width);
        const s = backing.subarray(offset);
        for (let i = 0; i < s.length; i++) s[i] = g.nextFloat32() < density ? 1 + g.nextBelow(2) : 0;
        const want = new Float32Array(width).fill(0.5);
        for (let t = 0; t < steps; t++) for (let e = 0; e < width; e++) want[e]! += s[t * width + e]!;
        for (const rec of [s, Array.from(s)]) {
          const got = new Float32Array(width).fill(0.5);
          addSpikeCounts(got, rec, steps, width);
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
