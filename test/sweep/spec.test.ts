import { describe, expect, it } from "vitest";
import { getRecipe } from "../../src/recipes/index.js";
import { canonicalJson, hash64, trialId } from "../../src/sweep/hash.js";
import { expandTrials, parseSweepSpec } from "../../src/sweep/spec.js";

const base = { recipe: "two-layer", base: { time: 20, nSource: 10, nTarget: 10 }, metric: "total.B" };
const parse = (raw: unknown) => parseSweepSpec(raw, getRecipe);

describe("parseSweepSpec", () => {
  it("rejects an unknown top-level field with a did-you-mean", () => {
    expect(() => parse({ ...base, grid: { nTarget: [5] }, seed: [0] })).toThrow("sweep: unknown field seed; did you mean seeds?");
    expect(() => parse({ ...base, grid: { nTarget: [5] }, colour: 1 })).toThrow(/^sweep: unknown field colour; expected one of recipe, base, grid/);
  });

  it("rejects unknown recipe config fields in base, grid and random, through the recipe", () => {
    expect(() => parse({ ...base, grid: { nTargets: [5] } })).toThrow("sweep: grid: unknown two-layer config field nTargets; did you mean nTarget?");
    expect(() => parse({ ...base, random: { ratez: { uniform: [0, 1] }, samples: 2 } })).toThrow(/^sweep: random: unknown two-layer config field ratez; did you mean rate\?/);
    expect(() => parse({ ...base, base: { tme: 3 }, seeds: [0] })).toThrow(/^sweep: base: .*tme.*did you mean time\?/);
    expect(() => parse({ ...base, recipe: "two-layr", seeds: [0] })).toThrow(/^sweep: recipe: .*did you mean two-layer\?/);
  });

  it("rejects an empty grid, a grid that is not an array, and nothing to sweep", () => {
    expect(() => parse({ ...base, grid: { nTarget: [] } })).toThrow("sweep: grid.nTarget is empty, expected at least one value");
    expect(() => parse({ ...base, grid: { nTarget: 5 } })).toThrow("sweep: grid.nTarget is 5, expected an array of values");
    expect(() => parse({ ...base })).toThrow("sweep: nothing to sweep: give a grid, random or seeds");
  });

  it("rejects values of the wrong type, naming the field", () => {
    expect(() => parse({ ...base, grid: { nTarget: [5, "ten"] } })).toThrow(/^sweep: grid\.nTarget: .*nTarget/);
    expect(() => parse({ ...base, grid: { rate: [0.1, 2] } })).toThrow(/^sweep: grid\.rate: .*rate/);
    expect(() => parse({ ...base, seeds: [0, 1.5] })).toThrow("sweep: seeds is [0, 1.5], expected a non-empty array of integers");
    expect(() => parse({ ...base, seeds: [0], metric: 3 })).toThrow('sweep: metric is 3, expected a dotted path such as "accuracy" or "test.all"');
    expect(() => parse({ ...base, seeds: [0], retries: -1 })).toThrow("sweep: retries is -1, expected a non-negative integer");
    expect(() => parse({ ...base, random: { rate: { uniform: [0.5, 0.1] }, samples: 2 } })).toThrow("sweep: random.rate.uniform is [0.5, 0.1], expected [lo, hi] with finite numbers lo <= hi");
    expect(() => parse({ ...base, random: { rate: { normal: [0, 1] }, samples: 2 } })).toThrow(/^sweep: random\.rate: unknown distribution normal/);
    expect(() => parse({ ...base, random: { rate: { uniform: [0, 1] } } })).toThrow("sweep: random.samples is undefined, expected a non-negative integer");
    expect(() => parse([1])).toThrow("sweep: the sweep file is [1], expected a JSON object");
    expect(() => parse({ ...base, seeds: [0], metric: undefined })).toThrow(/^sweep: metric is missing/);
  });
});

describe("expandTrials", () => {
  it("crosses grid points, random draws and seeds, each config completed by the recipe", () => {
    const spec = parse({ ...base, grid: { nTarget: [5, 7], time: [10, 20, 30] }, random: { rate: { uniform: [0.05, 0.2] }, samples: 2 }, seeds: [3, 4] });
    const trials = expandTrials(spec, getRecipe);
    expect(trials).toHaveLength(2 * 3 * 2 * 2);
    expect(new Set(trials.map((t) => t.id)).size).toBe(24);
    const t0 = trials[0]!;
    expect(t0.config).toEqual({ seed: 3, time: 10, nSource: 10, nTarget: 5, rate: t0.params.rate, samples: 1 });
    for (const t of trials) {
      expect(t.params.rate).toBeGreaterThanOrEqual(0.05);
      expect(t.params.rate).toBeLessThanOrEqual(0.2);
      expect(t.id).toBe(trialId("two-layer", t.config));
    }
    // the draws depend on sampleSeed only: the same file gives the same ids
    expect(expandTrials(parse({ ...base, grid: { nTarget: [5, 7], time: [10, 20, 30] }, random: { rate: { uniform: [0.05, 0.2] }, samples: 2 }, seeds: [3, 4] }), getRecipe).map((t) => t.id)).toEqual(trials.map((t) => t.id));
    const other = expandTrials(parse({ ...base, random: { rate: { uniform: [0.05, 0.2] }, samples: 2 }, sampleSeed: 1 }), getRecipe);
    expect(other.map((t) => t.params.rate)).not.toEqual(trials.slice(0, 4).filter((_, i) => i % 2 === 0).map((t) => t.params.rate));
  });

  it("draws int, loguniform and choice values inside their ranges", () => {
    const spec = parse({ ...base, random: { nTarget: { int: [3, 5] }, rate: { loguniform: [0.01, 0.1] }, time: { choice: [7, 9] }, samples: 40 } });
    const trials = expandTrials(spec, getRecipe);
    const nt = new Set(trials.map((t) => t.params.nTarget));
    expect([...nt].sort()).toEqual([3, 4, 5]);
    expect(new Set(trials.map((t) => t.params.time))).toEqual(new Set([7, 9]));
    for (const t of trials) expect(t.params.rate as number).toBeGreaterThanOrEqual(0.01);
  });

  it("gives a trial id that ignores key order and changes with any config value", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
    expect(trialId("r", { a: 1, b: 2 })).toBe(trialId("r", { b: 2, a: 1 }));
    expect(trialId("r", { a: 1, b: 2 })).not.toBe(trialId("r", { a: 1, b: 3 }));
    expect(trialId("r", { a: 1 })).not.toBe(trialId("s", { a: 1 }));
    expect(hash64("")).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64("abc")).toBe(hash64("abc"));
  });
});
