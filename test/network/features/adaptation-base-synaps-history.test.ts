/** AdaptationBaseSynapsHistory (src/network/features/adaptation-base-synaps-history.ts): the adaptation feature with constDecay 0.001. */
import { describe, expect, it } from "vitest";
import { AdaptationBase, AdaptationBaseSynapsHistory } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { inp, lif, spikes, t32 } from "./helpers.js";

const ann = (): [ReturnType<typeof t32>, ReturnType<typeof t32>] => [t32([1, 1], [1, 2]), t32([1], [1, 1])];

describe("AdaptationBaseSynapsHistory", () => {
  it("drifts a silent synapse open by 0.001 per ANN pass: -0.005 → -0.004 after a window, open after five more passes", () => {
    const f = new AdaptationBaseSynapsHistory({ name: "a", value: t32([-0.005, 0], [2, 1]), annValues: ann() });
    expect(f).toBeInstanceOf(AdaptationBase);
    expect([f.constDecay, f.constUpdateRate]).toEqual([0.001, 0.1]);
    const c = new MulticompartmentConnection({ source: inp(2), target: lif(1), pipeline: [f] });
    c.compute(spikes([0, 1], [1, 2]));
    expect(Array.from(c.compute(spikes([0, 1], [1, 2])).contiguousData())).toEqual([1]); // synapse 1 opened by its spikes
    expect(f.mask[0]).toBeCloseTo(-0.004, 7); // synapse 0 saw nothing: only the decay term
    expect(f.mask[1]).toBeCloseTo(Math.tanh(2) * 0.1 + 0.001, 6);
    expect(Array.from(f.value.contiguousData())).toEqual([0, 1]);
    // spike-free steps rerun the ANN on the same (silent) history: +0.001 each
    for (let k = 0; k < 5; k++) c.compute(spikes([0, 0], [1, 2]));
    expect(f.mask[0]).toBeCloseTo(0.001, 6);
    expect(Array.from(f.value.contiguousData())).toEqual([1, 1]);
  });

  it("an explicit constDecay replaces the default", () => {
    const f = new AdaptationBaseSynapsHistory({ name: "a", value: t32([0], [1, 1]), annValues: ann(), constDecay: -0.5 });
    expect(f.constDecay).toBe(-0.5);
    const c = new MulticompartmentConnection({ source: inp(1), target: lif(1), pipeline: [f] });
    c.compute(spikes([1], [1, 1]));
    c.compute(spikes([1], [1, 1]));
    expect(f.mask[0]).toBeCloseTo(Math.tanh(2) * 0.1 - 0.5, 6);
    expect(f.value.item()).toBe(0);
  });
});
