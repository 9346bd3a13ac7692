import { describe, expect, it } from "vitest";
import { MeanField, Weight } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

describe("MeanField", () => {
  it("each batch row is its own field: every synapse carries that row's mean, so each target gets nPre x mean", () => {
    const w = new Weight({ name: "w", value: t32([1, 2, 3, 4, 5, 6], [3, 2]) });
    const c = new MulticompartmentConnection({ source: inp(3, 2), target: lif(2, 2), pipeline: [w, new MeanField()] });
    // row 0 spikes [1, 1, 1]: synapses 1..6, mean 3.5 -> 3 x 3.5 = 10.5
    // row 1 spikes [0, 0, 1]: synapses [0, 0, 0, 0, 5, 6], mean 11/6 -> 3 x 11/6 = 5.5
    const out = Array.from(c.compute(spikes([1, 1, 1, 0, 0, 1], [2, 3])).contiguousData());
    expect(out.slice(0, 2)).toEqual([10.5, 10.5]);
    expect(out[2]).toBeCloseTo(5.5, 5);
    expect(out[3]).toBe(out[2]);
  });

  it("is named mean_field by default", () => {
    expect(new MeanField().name).toBe("mean_field");
    expect(new MeanField({ name: "m" }).name).toBe("m");
  });
});
