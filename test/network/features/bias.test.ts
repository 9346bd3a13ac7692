import { describe, expect, it } from "vitest";
import { Bias, Weight } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import type { AbstractFeature } from "../../../src/network/features/index.js";
import { Generator } from "../../../src/tensor/random.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

const mcc = (nPre: number, nPost: number, B: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, B), target: lif(nPost, B), pipeline });

describe("Bias", () => {
  it("adds its value on every synapse, silent ones included (2 inputs x 0.25 give 0.5 with no spike)", () => {
    const c = mcc(2, 2, 1, new Bias({ name: "b", value: 0.25 }));
    expect(Array.from(c.compute(spikes([0, 0], [1, 2])).contiguousData())).toEqual([0.5, 0.5]);
  });

  it("after a weight: each target gets sum_i (s_i*w_ij + b_ij)", () => {
    const c = mcc(2, 2, 2, new Weight({ name: "w", value: t32([1, 2, 3, 4], [2, 2]) }), new Bias({ name: "b", value: t32([0.5, 0, -1, 1], [2, 2]) }));
    // row 0: spikes [1, 0]: [1 + 0.5 + 0 - 1, 2 + 0 + 0 + 1] = [0.5, 3]; row 1: [1, 1]: [1.5 + 2, 2 + 5] = [3.5, 7]
    expect(Array.from(c.compute(spikes([1, 0, 1, 1], [2, 2])).contiguousData())).toEqual([0.5, 3, 3.5, 7]);
  });

  it("the default value is U[0, 1) from the feature's generator: same seed, same biases", () => {
    const a = new Bias({ name: "b", rng: new Generator().manualSeed(3) });
    const b = new Bias({ name: "b", rng: new Generator().manualSeed(3) });
    mcc(3, 2, 1, a);
    mcc(3, 2, 1, b);
    const va = Array.from(a.value!.contiguousData());
    expect(va).toEqual(Array.from(b.value!.contiguousData()));
    expect(va.length).toBe(6);
    for (const v of va) expect(v >= 0 && v < 1).toBe(true);
  });
});
