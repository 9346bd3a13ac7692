/** Bias, Intensity, Degradation, Probability, Mask (src/network/features/{bias,intensity,degradation,probability,mask}.ts). */
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Bias, Degradation, Intensity, Mask, Probability, Weight } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { Generator } from "../../../src/tensor/random.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import type { AbstractFeature } from "../../../src/network/features/index.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

const mcc = (nPre: number, nPost: number, B: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, B), target: lif(nPost, B), pipeline });

describe("Bias", () => {
  it("defaults to U[0, 1) and adds the column sums of the bias to every target", () => {
    const b = new Bias({ name: "b", rng: new Generator(3) });
    const c = mcc(4, 3, 1, b);
    const v = b.value.contiguousData();
    expect(Math.max(...v)).toBeLessThan(1);
    const out = c.compute(spikes([0, 0, 0, 0], [1, 4])).contiguousData();
    expect(out[1]).toBeCloseTo(v[1]! + v[4]! + v[7]! + v[10]!, 6);
  });
});

describe("Intensity", () => {
  it("defaults to values in {-1, 0, 1} (float32) clamped to the range", () => {
    const f = new Intensity({ name: "i", rng: new Generator(2) });
    mcc(20, 20, 1, f);
    expect(f.value.dtype).toBe("float32");
    expect(new Set(f.value.contiguousData())).toEqual(new Set([-1, 0, 1]));
    const g = new Intensity({ name: "i", range: [0, 1], rng: new Generator(2) });
    mcc(20, 20, 1, g);
    expect(new Set(g.value.contiguousData())).toEqual(new Set([0, 1]));
  });
});

describe("Degradation", () => {
  it("subtracts f(value), evaluated each step; the value is required; a parent can supply it", () => {
    const w = new Weight({ name: "w", value: t32([1, 1], [1, 2]) });
    const d = new Degradation({ name: "d", value: t32([0.5, 0.25], [1, 2]), degradeFunction: (v) => t32(Array.from(v.contiguousData(), (x) => x * x), [...v.shape]) });
    const c = mcc(1, 2, 1, w, d);
    expect(Array.from(c.compute(spikes([1], [1, 1])).contiguousData())).toEqual([0.75, 0.9375]);
    expect(() => mcc(1, 2, 1, new Degradation({ name: "d" }))).toThrow(/Degradation: value is required/);
    const bad = new Degradation({ name: "d", value: 0.1, degradeFunction: () => t32([1], [1]) });
    expect(() => mcc(1, 2, 1, bad).compute(spikes([1], [1, 1]))).toThrow(ShapeError);
    const parent = new Weight({ name: "p", value: t32([0.5, 0.25], [1, 2]) });
    const child = new Degradation({ name: "d", parentFeature: parent });
    const c2 = mcc(1, 2, 1, parent, child);
    expect(child.store).toBe(parent.store);
    expect(Array.from(c2.compute(spikes([0], [1, 1])).contiguousData())).toEqual([-0.5, -0.25]);
  });
});

describe("Probability", () => {
  it("gates each synapse with probability p; the draw is shared across the batch", () => {
    const p = new Probability({ name: "p", value: 0.5, rng: new Generator(9) });
    const c = mcc(200, 50, 2, p);
    const out = c.compute(spikes(new Array(400).fill(1), [2, 200])).contiguousData();
    const mean = Array.from(out).reduce((a, b) => a + b, 0) / out.length;
    expect(mean).toBeGreaterThan(90);
    expect(mean).toBeLessThan(110);
    expect(Array.from(out.subarray(0, 50))).toEqual(Array.from(out.subarray(50)));
  });

  it("p = 0 never passes, p = 1 always passes; a new draw each step; same seed, same gates", () => {
    const run = (seed: number): number[] => {
      const p = new Probability({ name: "p", value: t32([0, 1, 0.5, 0.5], [2, 2]), rng: new Generator(seed) });
      const c = mcc(2, 2, 1, p);
      const r: number[] = [];
      for (let t = 0; t < 40; t++) r.push(...c.compute(spikes([1, 1], [1, 2])).contiguousData());
      return r;
    };
    const a = run(1);
    for (let t = 0; t < 40; t++) {
      expect(a[2 * t]! >= 0 && a[2 * t]! <= 1).toBe(true);
      expect(a[2 * t + 1]! >= 1).toBe(true);
    }
    expect(new Set(a.filter((_, k) => k % 2 === 0)).size).toBe(2);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
  });

  it("range minimum must be >= 0", () => {
    expect(() => new Probability({ name: "p", range: [-0.5, 1] })).toThrow(/Probability: range is \[-0.5, 1\], expected a minimum ≥ 0/);
  });
});

describe("Mask", () => {
  it("gates with a bool tensor; the default passes about 1% of synapses", () => {
    const m = new Mask({ name: "m", value: new Tensor(Uint8Array.from([1, 0, 0, 1]), [2, 2], "bool") });
    expect(Array.from(mcc(2, 2, 1, new Weight({ name: "w", value: 5 }), m).compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([5, 5]);
    const d = new Mask({ name: "m", rng: new Generator(4) });
    mcc(100, 100, 1, d);
    const n = Array.from(d.value.contiguousData()).filter((x) => x !== 0).length;
    expect(n).toBeGreaterThan(50);
    expect(n).toBeLessThan(160);
    expect(d.value.dtype).toBe("bool");
  });

  it("a boolean value masks every synapse; sparse masks are stored sparse; bad values are rejected", () => {
    expect(Array.from(mcc(2, 1, 1, new Mask({ name: "m", value: false })).compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([0]);
    const sp = new Mask({ name: "m", value: new Tensor(Uint8Array.from([1, 0, 0, 0]), [2, 2], "bool"), sparse: true });
    mcc(2, 2, 1, sp);
    expect(sp.store!.sparse).toBe(true);
    expect(sp.store!.size).toBe(1);
    expect(() => new Mask({ name: "m", value: t32([1], [1, 1]) as unknown as boolean })).toThrow(ValueError);
  });
});
