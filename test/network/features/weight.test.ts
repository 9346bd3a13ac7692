/** Weight: default value, enforcePolarity (fixed, in place), normFrequency, float16 storage, sparse batches. */
import { describe, expect, it } from "vitest";
import { ValueError } from "../../../src/errors.js";
import { Weight } from "../../../src/network/features/index.js";
import { PostPre } from "../../../src/learning/mcc/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { Generator } from "../../../src/tensor/random.js";
import { halfToFloat, floatToHalf } from "../../../src/backend/dtype.js";
import { bits, inp, lif, spikes, t32 } from "./helpers.js";

const mcc = (nPre: number, nPost: number, w: Weight, B = 1): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, B, true), target: lif(nPost, B, true), pipeline: [w] });

describe("Weight", () => {
  it("defaults to U[0, 1) with an infinite range and to the range when it is finite", () => {
    const a = new Weight({ name: "a", rng: new Generator(1) });
    mcc(20, 30, a);
    const d = Array.from(a.value.contiguousData());
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...d)).toBeLessThan(1);
    const b = new Weight({ name: "b", range: [0.5, 0.6], rng: new Generator(1) });
    mcc(20, 30, b);
    const e = Array.from(b.value.contiguousData());
    expect(Math.min(...e)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...e)).toBeLessThanOrEqual(0.6);
  });

  it("enforcePolarity keeps positive rows >= +1e-4 and negative rows <= -1e-4, in place, and the rule still sees the value", () => {
    // row 0: 2 of 3 positive -> positive; row 1: 1 of 3 positive -> negative
    const w = new Weight({ name: "w", value: t32([0.5, -0.2, 0.1, 0.3, -0.4, 0], [2, 3]), enforcePolarity: true, learningRule: PostPre, nu: [0, 0] });
    const c = mcc(2, 3, w);
    const before = w.value;
    c.compute(spikes([0, 0], [1, 2]));
    const eps = Math.fround(1e-4);
    expect(Array.from(w.value.contiguousData())).toEqual([0.5, eps, Math.fround(0.1), -eps, Math.fround(-0.4), -eps]);
    expect(w.value).toBe(before);
    expect(w.positiveMask).toEqual(Uint8Array.from([1, 0]));
  });

  it("exactly half positive counts as a negative row", () => {
    const w = new Weight({ name: "w", value: t32([1, -1], [1, 2]), enforcePolarity: true });
    mcc(1, 2, w).compute(spikes([1], [1, 1]));
    expect(w.positiveMask).toEqual(Uint8Array.from([0]));
  });

  it("normFrequency 'time step' normalises after each compute, 'sample' only at normalize()", () => {
    const ts = new Weight({ name: "w", value: t32([1, 1, 3, 1], [2, 2]), norm: 1, normFrequency: "time step" });
    const c = mcc(2, 2, ts);
    const out = c.compute(spikes([1, 1], [1, 2]));
    expect(Array.from(out.contiguousData())).toEqual([4, 2]);
    expect(Array.from(ts.value.contiguousData())).toEqual([0.25, 0.5, 0.75, 0.5]);
    c.normalize();
    expect(Array.from(ts.value.contiguousData())).toEqual([0.25, 0.5, 0.75, 0.5]);
    const sm = new Weight({ name: "w", value: t32([1, 1, 3, 1], [2, 2]), norm: 1 });
    const c2 = mcc(2, 2, sm);
    c2.compute(spikes([1, 1], [1, 2]));
    expect(Array.from(sm.value.contiguousData())).toEqual([1, 1, 3, 1]);
    c2.normalize();
    expect(Array.from(sm.value.contiguousData())).toEqual([0.25, 0.5, 0.75, 0.5]);
    expect(() => new Weight({ name: "w", normFrequency: "epoch" as "sample" })).toThrow(/normFrequency is "epoch", expected "sample" or "time step"/);
  });

  it("float16 stores halves (half the bytes) and computes in half (the sum rounded to half), or in float32 on request", () => {
    const v = t32([0.1, 0.2, 0.3, 1 / 3, 1e-5, 7.77], [3, 2]);
    const h = new Weight({ name: "w", value: v, valueDtype: "float16" });
    const f = new Weight({ name: "w", value: v });
    const ch = mcc(3, 2, h);
    const cf = mcc(3, 2, f);
    expect(h.value.dtype).toBe("float16");
    expect(h.memoryBytes() * 2).toBe(f.memoryBytes());
    const out = ch.compute(spikes([1, 1, 1], [1, 3])).contiguousData();
    const r = (x: number): number => halfToFloat(floatToHalf(x));
    expect(out[0]).toBe(r(Math.fround(Math.fround(r(0.1)) + Math.fround(r(0.3))) + Math.fround(r(1e-5))));
    const c32 = mcc(3, 2, new Weight({ name: "w", value: v, valueDtype: "float16", computeDtype: "float32" }));
    expect(c32.compute(spikes([1, 1, 1], [1, 3])).contiguousData()[0]).toBe(Math.fround(Math.fround(Math.fround(r(0.1)) + Math.fround(r(0.3))) + Math.fround(r(1e-5))));
    expect(Array.from(out)).not.toEqual(Array.from(cf.compute(spikes([1, 1, 1], [1, 3])).contiguousData()));
  });

  it("sparse with batchSize gives each batch row its own copy (learning diverges per row)", () => {
    const w = new Weight({ name: "w", value: t32([0.5, 0, 0, 0.5], [2, 2]), sparse: true, batchSize: 2, learningRule: PostPre, nu: [0, 0.5] });
    const c = mcc(2, 2, w, 2);
    expect(w.store!.batch).toBe(2);
    expect(w.store!.size).toBe(4);
    c.source.x.copy_(t32([1, 1, 0, 0], [2, 2]));
    c.target.s.copy_(spikes([1, 1, 1, 1], [2, 2]));
    c.update({ learning: true });
    expect(Array.from(w.value.contiguousData())).toEqual([1, 0, 0, 1, 0.5, 0, 0, 0.5]);
    expect(bits(c.compute(spikes([1, 1, 1, 1], [2, 2])))).toEqual(bits(t32([1, 1, 0.5, 0.5], [2, 2])));
  });

  it("enforcePolarity with sparse values is an error", () => {
    expect(() => new Weight({ name: "w", sparse: true, enforcePolarity: true })).toThrow(ValueError);
  });
});
