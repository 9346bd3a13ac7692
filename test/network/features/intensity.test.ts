import { describe, expect, it } from "vitest";
import { Intensity, Weight } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import type { AbstractFeature } from "../../../src/network/features/index.js";
import { Generator } from "../../../src/tensor/random.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

const mcc = (nPre: number, nPost: number, B: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, B), target: lif(nPost, B), pipeline });

describe("Intensity", () => {
  it("multiplies each synapse by its value: target j gets sum_i s_i w_ij v_ij", () => {
    const c = mcc(2, 2, 1, new Weight({ name: "w", value: t32([1, 2, 3, 4], [2, 2]) }), new Intensity({ name: "k", value: t32([1, -1, 0, 0.5], [2, 2]) }));
    // spikes [1, 1]: [1*1 + 3*0, 2*(-1) + 4*0.5] = [1, 0]
    expect(Array.from(c.compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([1, 0]);
    // spikes [0, 1]: [0, 2]
    expect(Array.from(c.compute(spikes([0, 1], [1, 2])).contiguousData())).toEqual([0, 2]);
  });

  it("the default value is in {-1, 0, 1}, drawn from the feature's generator (same seed, same values)", () => {
    const a = new Intensity({ name: "k", rng: new Generator().manualSeed(5) });
    const b = new Intensity({ name: "k", rng: new Generator().manualSeed(5) });
    mcc(4, 3, 1, a);
    mcc(4, 3, 1, b);
    const va = Array.from(a.value!.contiguousData());
    expect(va).toEqual(Array.from(b.value!.contiguousData()));
    expect(va.length).toBe(12);
    for (const v of va) expect([-1, 0, 1]).toContain(v);
  });

  it("a range of [0, 1] clamps the default draws to {0, 1}", () => {
    const k = new Intensity({ name: "k", range: [0, 1], rng: new Generator().manualSeed(5) });
    mcc(6, 6, 1, k);
    for (const v of k.value!.contiguousData()) expect([0, 1]).toContain(v);
  });
});
