/** MeanField, the adaptation features, Normalization and Updating (fixed designs). */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { AdaptationBaseOtherSynaps, AdaptationBaseSynapsHistory, MeanField, Normalization, Updating, Weight } from "../../../src/network/features/index.js";
import { PostPre } from "../../../src/learning/mcc/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import type { AbstractFeature } from "../../../src/network/features/index.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

const mcc = (nPre: number, nPost: number, B: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, B, true), target: lif(nPost, B, true), pipeline });

describe("MeanField", () => {
  it("replaces every synapse by the batch row's mean, so each target gets nPre x mean", () => {
    const c = mcc(2, 2, 2, new Weight({ name: "w", value: t32([1, 2, 3, 4], [2, 2]) }), new MeanField());
    // row 0: spikes [1, 0] -> synapses [1, 2, 0, 0], mean 0.75; row 1: [1, 1] -> mean 2.5
    expect(Array.from(c.compute(spikes([1, 0, 1, 1], [2, 2])).contiguousData())).toEqual([1.5, 1.5, 5, 5]);
  });
});

describe("AdaptationBaseSynapsHistory / AdaptationBaseOtherSynaps", () => {
  const ann = (): [ReturnType<typeof t32>, ReturnType<typeof t32>] => [t32([1, 1], [1, 2]), t32([1], [1, 1])];

  it("start closed, then open spiking synapses once a window is full; reset restores the initial mask", () => {
    const f = new AdaptationBaseSynapsHistory({ name: "a", value: t32([0, 0, 0, 0], [2, 2]), annValues: ann() });
    const c = mcc(2, 2, 1, f);
    expect(f.constDecay).toBe(0.001);
    expect(new AdaptationBaseOtherSynaps({ name: "b", value: t32([0], [1, 1]), annValues: ann() }).constDecay).toBe(0.01);
    expect(Array.from(c.compute(spikes([1, 0], [1, 2])).contiguousData())).toEqual([0, 0]);
    // second spike completes the window of 2: row 0 saw two spikes -> tanh(2)*0.1 + 0.001 > 0: open
    expect(Array.from(c.compute(spikes([1, 0], [1, 2])).contiguousData())).toEqual([1, 1]);
    expect(Array.from(f.value.contiguousData())).toEqual([1, 1, 1, 1]);
    expect(f.mask[0]).toBeCloseTo(Math.tanh(2) * 0.1 + 0.001, 6);
    expect(f.mask[2]).toBeCloseTo(0.001, 6);
    c.resetStateVariables();
    expect(Array.from(f.value.contiguousData())).toEqual([0, 0, 0, 0]);
    expect(f.counter).toBe(0);
  });

  it("batch size 1 only; annValues are checked", () => {
    const f = new AdaptationBaseOtherSynaps({ name: "a", value: t32([0, 0], [1, 2]), annValues: ann() });
    const c = mcc(1, 2, 2, f);
    expect(() => c.compute(spikes([1, 1], [2, 1]))).toThrow(/batch size is 2, expected 1/);
    expect(() => new AdaptationBaseOtherSynaps({ name: "a", value: t32([0], [1, 1]), annValues: [t32([1, 1], [1, 2]), t32([1, 1], [1, 2])] })).toThrow(ShapeError);
  });
});

describe("Normalization and Updating sub-features", () => {
  it("pass the tensor through unchanged and normalise the parent after each compute", () => {
    const w = new Weight({ name: "w", value: t32([1, 3], [2, 1]), norm: 1 });
    const c = mcc(2, 1, 1, w, new Normalization({ name: "n", parentFeature: w }));
    expect(Array.from(c.compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([4]);
    expect(Array.from(w.value.contiguousData())).toEqual([0.25, 0.75]);
  });

  it("Updating runs the parent's rule after each compute", () => {
    const w = new Weight({ name: "w", value: 0.5, learningRule: PostPre, nu: [0, 0.25] });
    const c = new MulticompartmentConnection({ source: inp(1, 1, true), target: lif(1, 1, true), pipeline: [w, new Updating({ name: "u", parentFeature: w })], manualUpdate: true });
    c.source.x.fill_(1);
    c.target.s.fill_(1);
    expect(Array.from(c.compute(spikes([1], [1, 1])).contiguousData())).toEqual([0.5]);
    expect(w.value.item()).toBe(0.75);
    c.update({ learning: true });
    expect(w.value.item()).toBe(0.75);
  });
});
