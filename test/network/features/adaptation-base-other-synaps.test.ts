/** AdaptationBaseOtherSynaps (src/network/features/adaptation-base-other-synaps.ts): the adaptation feature with constDecay 0.01. */
import { describe, expect, it } from "vitest";
import { AdaptationBase, AdaptationBaseOtherSynaps, AdaptationBaseSynapsHistory } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

const ann = (): [ReturnType<typeof t32>, ReturnType<typeof t32>] => [t32([1, 1], [1, 2]), t32([1], [1, 1])];

describe("AdaptationBaseOtherSynaps", () => {
  it("drifts a silent synapse by 0.01 per ANN pass: -0.005 opens after one window (the 0.001 sibling stays closed)", () => {
    const run = (f: AdaptationBaseOtherSynaps | AdaptationBaseSynapsHistory): number[] => {
      const c = new MulticompartmentConnection({ source: inp(2), target: lif(1), pipeline: [f] });
      c.compute(spikes([0, 1], [1, 2]));
      c.compute(spikes([0, 1], [1, 2]));
      // a step where only the silent synapse's neuron fires: its gate alone decides the output
      return [...Array.from(c.compute(spikes([1, 0], [1, 2])).contiguousData()), f.mask[0]!, f.mask[1]!];
    };
    const f = new AdaptationBaseOtherSynaps({ name: "a", value: t32([-0.005, 0], [2, 1]), annValues: ann() });
    expect(f).toBeInstanceOf(AdaptationBase);
    expect([f.constDecay, f.constUpdateRate]).toEqual([0.01, 0.1]);
    const [o, m0, m1] = run(f);
    expect(o).toBe(1);
    expect(m0).toBeCloseTo(0.005, 7);
    expect(m1).toBeCloseTo(Math.tanh(2) * 0.1 + 0.01, 6);
    const [o2, m02] = run(new AdaptationBaseSynapsHistory({ name: "a", value: t32([-0.005, 0], [2, 1]), annValues: ann() }));
    expect(o2).toBe(0);
    expect(m02).toBeCloseTo(-0.004, 7);
  });

  it("an explicit constDecay replaces the default; constUpdateRate scales the ANN term", () => {
    const f = new AdaptationBaseOtherSynaps({ name: "a", value: t32([0], [1, 1]), annValues: ann(), constDecay: 0, constUpdateRate: 0.5 });
    const c = new MulticompartmentConnection({ source: inp(1), target: lif(1), pipeline: [f] });
    c.compute(spikes([1], [1, 1]));
    c.compute(spikes([1], [1, 1]));
    expect(f.mask[0]).toBeCloseTo(Math.tanh(2) * 0.5, 6);
  });
});
