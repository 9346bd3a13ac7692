/** AbstractFeature: option validation (with the reference's crashes fixed), priming, normalisation, linking. */
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Bias, Probability, Weight } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { PostPre as OrdinaryPostPre } from "../../../src/learning/post-pre.js";
import { Hebbian } from "../../../src/learning/hebbian.js";
import { meanDim } from "../../../src/network/learning-rule.js";
import { MSTDP, PostPre } from "../../../src/learning/mcc/index.js";
import { inp, lif, t32 } from "./helpers.js";

const mcc = (nPre: number, nPost: number, ...pipeline: (Weight | Bias | Probability)[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, 1, true), target: lif(nPost, 1, true), pipeline });

describe("AbstractFeature options", () => {
  it("accepts what the reference rejects: numbers as values, nu as a number, decay 0, a reduction", () => {
    const w = new Weight({ name: "w", value: 0.5, nu: 0.1, decay: 0, reduction: "mean", learningRule: PostPre });
    mcc(2, 3, w);
    expect(w.value.shape).toEqual([2, 3]);
    expect(Array.from(w.value.contiguousData())).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect((w.learningRule as PostPre).nu).toEqual([0.1, 0.1]);
    expect((w.learningRule as PostPre).reduction).toBe(meanDim);
  });

  it("rejects bad options with messages naming the feature, the argument and the expectation", () => {
    expect(() => new Weight({ name: 3 as unknown as string })).toThrow(/Weight: name is 3, expected a string/);
    expect(() => new Weight({ name: "w", value: "x" as unknown as number })).toThrow(ValueError);
    expect(() => new Weight({ name: "w", nu: [1, 2, 3] })).toThrow(/Weight: nu is \[1, 2, 3\], expected a number, a pair of numbers, a pair of per-neuron Tensors or null/);
    expect(() => new Weight({ name: "w", decay: 2 })).toThrow(/decay is 2, expected a number in \[0, 1\]/);
    expect(() => new Weight({ name: "w", reduction: "max" as unknown as "sum" })).toThrow(/reduction is "max"/);
    expect(() => new Weight({ name: "w", range: [1, 0] })).toThrow(/range is \[1, 0\], expected min < max/);
    expect(() => new Weight({ name: "w", learningRule: Hebbian as never })).toThrow(/expected a learning rule class that learns feature values/);
    expect(OrdinaryPostPre).toBe(PostPre); // one family: the MCC name is the ordinary class
    expect(() => new Weight({ name: "w", value: 2, range: [0, 1] })).toThrow(/value has 2 at flat index 0, expected values in range \[0, 1\]/);
    expect(() => new Weight({ name: "w", valueDtype: "float64" as "float32" })).toThrow(/valueDtype is "float64"/);
    expect(() => mcc(2, 3, new Weight({ name: "w", norm: t32([1, 2], [2]) }))).toThrow(ShapeError);
  });

  it("reading the value before priming is an error", () => {
    expect(() => new Weight({ name: "w" }).value).toThrow(/Weight.value: feature "w" is not primed/);
  });
});

describe("AbstractFeature.normalize", () => {
  it("scales each column to a signed sum of norm; zero sums stay; a negative sum flips sign", () => {
    const w = new Weight({ name: "w", value: t32([-1, 0, 1, 0, 0, 0], [2, 3]), norm: 2 });
    mcc(2, 3, w);
    w.normalize();
    const v = Array.from(w.value.contiguousData());
    expect(v).toEqual([2, 0, 2, -0, 0, 0]);
    expect(Object.is(v[3], -0)).toBe(true);
    const f = new Weight({ name: "w", value: t32([-1, 0], [2, 1]), norm: 2 });
    mcc(2, 1, f);
    f.normalize();
    expect(Array.from(f.value.contiguousData())).toEqual([2, -0]);
  });

  it("sparse and float16 values normalise like the dense float32 value (same column sums and factors)", () => {
    const vals = [0.25, -0.5, 0.75, 1.5, 0.125, -2, 0.5, 1, 0.375, 3, -0.25, 0.625];
    const dense = new Weight({ name: "w", value: t32(vals, [4, 3]), norm: 3 });
    mcc(4, 3, dense);
    dense.normalize();
    const want = Array.from(dense.value.contiguousData());
    expect(want).not.toEqual(vals);
    const sparse = new Weight({ name: "w", value: t32(vals, [4, 3]), norm: 3, sparse: true });
    mcc(4, 3, sparse);
    sparse.normalize();
    expect(Array.from(sparse.value.contiguousData())).toEqual(want);
    const half = new Weight({ name: "w", value: t32(vals, [4, 3]), norm: 3, valueDtype: "float16" });
    mcc(4, 3, half);
    half.normalize();
    // the values are float16-exact, so the sums and factors are the dense ones; the products are stored as float16
    const h = Array.from(half.value.to("float32").contiguousData());
    h.forEach((v, k) => expect(Math.abs(v - want[k]!)).toBeLessThanOrEqual(Math.abs(want[k]!) * 2 ** -10));
  });

  it("a per-column norm tensor and the reference's reciprocal-times-norm rounding", () => {
    const w = new Weight({ name: "w", value: t32([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [3, 2]), norm: t32([1, 3], [2]) });
    mcc(3, 2, w);
    w.normalize();
    const col0 = Math.fround(Math.fround(Math.fround(0.1) + Math.fround(0.3)) + Math.fround(0.5));
    expect(w.value.contiguousData()[0]).toBe(Math.fround(Math.fround(0.1) * Math.fround(Math.fround(1 / col0) * 1)));
    const d = w.value.contiguousData();
    expect(Math.fround(Math.fround(d[1]! + d[3]!) + d[5]!)).toBeCloseTo(3, 5);
  });
});

describe("AbstractFeature.link (parentFeature)", () => {
  it("a Probability with a parent shares its value and learns nothing", () => {
    const p = new Probability({ name: "p", value: 0.5 });
    const q = new Probability({ name: "q", parentFeature: p, learningRule: MSTDP });
    mcc(2, 2, p, q);
    expect(q.store).toBe(p.store);
    expect(q.learningRule).toBeNull();
  });

  it("the parent must come earlier in the pipeline", () => {
    const p = new Probability({ name: "p", value: 0.5 });
    const q = new Probability({ name: "q", parentFeature: p });
    expect(() => mcc(2, 2, q, p)).toThrow(/Probability.link: parentFeature "p" is not primed, expected it earlier in the pipeline/);
  });
});
