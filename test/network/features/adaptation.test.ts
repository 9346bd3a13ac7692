/** AdaptationBase (src/network/features/adaptation.ts): an ANN over each synapse's spike history opens or closes it. */
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { AdaptationBase, AdaptationBaseOtherSynaps, AdaptationBaseSynapsHistory, Weight, type AbstractFeature } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import type { Tensor } from "../../../src/tensor/tensor.js";
import { inp, lif, spikes, t32 } from "./helpers.js";
import { expectSameAfterSaveLoad, pipelineNet, spikeTrain } from "./roundtrip.js";

const mcc = (nPre: number, nPost: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre), target: lif(nPost), pipeline });

/** W1 [hidden 2, window 2] and W2 [1, 2]. */
const ANN = (): [Tensor, Tensor] => [t32([1, 0.5, -1, 1], [2, 2]), t32([0.5, 2], [1, 2])];

/** The ANN's output for one synapse's history [h0, h1], in float64. */
function ann(h0: number, h1: number): number {
  const a = Math.max(0, h0 + 0.5 * h1);
  const b = Math.max(0, -h0 + h1);
  return Math.tanh(0.5 * a + 2 * b);
}

const out = (c: MulticompartmentConnection, s: number[]): number[] => Array.from(c.compute(spikes(s, [1, s.length])).contiguousData());

describe("AdaptationBase", () => {
  it("hand-worked: every synapse starts closed; each full window moves the mask by tanh(ANN)·rate + decay", () => {
    // 2 presynaptic neurons, 1 target: two synapses; window 2; rate 0.1, decay 0.001
    const f = new AdaptationBaseSynapsHistory({ name: "a", value: t32([0, 0], [2, 1]), annValues: ANN() });
    expect([f.hidden, f.window, f.constUpdateRate, f.constDecay]).toEqual([2, 2, 0.1, 0.001]);
    const c = mcc(2, 1, f);
    expect(out(c, [1, 0])).toEqual([0]); // history column 0; counter 1: closed
    expect(out(c, [1, 1])).toEqual([2]); // column 1; counter 2: the ANN runs, then the gate
    // synapse 0 saw [1, 1] (ANN 0.6351), synapse 1 [0, 1] (ANN 0.9780)
    const m0 = ann(1, 1) * 0.1 + 0.001;
    const m1 = ann(0, 1) * 0.1 + 0.001;
    expect(f.mask[0]).toBeCloseTo(m0, 6);
    expect(f.mask[1]).toBeCloseTo(m1, 6);
    expect(m0).toBeCloseTo(0.0645149, 6);
    expect(Array.from(f.value.contiguousData())).toEqual([1, 1]);
    // a spike-free step leaves the history alone but, the counter resting on 2, runs the ANN again
    expect(out(c, [0, 0])).toEqual([0]);
    expect(f.counter).toBe(2);
    expect(f.mask[0]).toBeCloseTo(2 * m0, 6);
    expect(f.mask[1]).toBeCloseTo(2 * m1, 6);
    // the next two spiking steps fill a window again: synapse 0 history [0, 1], synapse 1 [1, 0]
    expect(out(c, [0, 1])).toEqual([1]);
    expect(out(c, [1, 0])).toEqual([1]);
    expect(f.counter).toBe(4);
    expect(f.mask[0]).toBeCloseTo(2 * m0 + ann(0, 1) * 0.1 + 0.001, 6);
    expect(f.mask[1]).toBeCloseTo(2 * m1 + ann(1, 0) * 0.1 + 0.001, 6);
  });

  it("a negative ANN output closes a synapse; the mask is clamped to [-1, 1]", () => {
    const f = new AdaptationBaseOtherSynaps({ name: "a", value: t32([0, 0], [1, 2]), annValues: [t32([1, 1], [1, 2]), t32([-1], [1, 1])], constUpdateRate: 2, constDecay: 0 });
    const c = mcc(1, 2, new Weight({ name: "w", value: t32([3, 5], [1, 2]) }), f);
    out(c, [1]);
    out(c, [1]); // history [1, 1]: tanh(-2)·2 = -1.928 → clamped to -1
    expect(Array.from(f.mask)).toEqual([-1, -1]);
    expect(Array.from(f.value.contiguousData())).toEqual([0, 0]);
    expect(out(c, [1])).toEqual([0, 0]);
  });

  it("reset: history and counter cleared, the given initial mask becomes the value, the learned mask stays", () => {
    const f = new AdaptationBaseSynapsHistory({ name: "a", value: t32([0.5, -0.25], [2, 1]), annValues: ANN() });
    const c = mcc(2, 1, new Weight({ name: "w", value: 2 }), f);
    expect(out(c, [1, 1])).toEqual([0]); // the value starts all zero whatever the initial mask
    out(c, [1, 1]);
    const learned = Array.from(f.mask);
    expect(learned[0]).toBeCloseTo(0.5 + ann(1, 1) * 0.1 + 0.001, 6); // the mask starts from the initial value
    c.resetStateVariables();
    expect([f.counter, f.startCounter, f.spikeBuffer.every((b) => b === 0)]).toEqual([0, false, true]);
    expect(Array.from(f.mask)).toEqual(learned);
    expect(Array.from(f.value.contiguousData())).toEqual([0.5, -0.25]);
    expect(out(c, [1, 1])[0]).toBeCloseTo(2 * 0.5 - 2 * 0.25, 6); // the raw initial mask gates the first step
  });

  it("is a tensor-kind feature for batch size 1; the value must match [source.n, target.n]", () => {
    const f = new AdaptationBaseSynapsHistory({ name: "a", value: t32([0, 0], [1, 2]), annValues: ANN() });
    expect(f).toBeInstanceOf(AdaptationBase);
    expect(f.kind).toBe("tensor");
    const c = new MulticompartmentConnection({ source: inp(1, 2), target: lif(2, 2), pipeline: [f] });
    expect(() => c.compute(spikes([1, 1], [2, 1]))).toThrow(new ShapeError("AdaptationBaseSynapsHistory.compute: batch size is 2, expected 1 (the spike history is per synapse)"));
    const g = new AdaptationBaseSynapsHistory({ name: "a", value: t32([0, 0, 0], [3, 1]), annValues: ANN() });
    expect(() => mcc(2, 1, g)).toThrow(new ShapeError("AdaptationBaseSynapsHistory: value has shape [3, 1], expected [2, 1] ([source.n, target.n])"));
  });

  it("rejects bad options with the class, the argument and the expectation", () => {
    expect(() => new AdaptationBaseSynapsHistory({ name: "a", value: t32([0], [1, 1]), annValues: ANN(), const_decay: 0.1 } as never)).toThrow(
      "AdaptationBaseSynapsHistory: unknown option const_decay; did you mean constDecay?",
    );
    expect(() => new AdaptationBaseOtherSynaps({ name: "a", annValues: ANN() } as never)).toThrow(new ValueError("AdaptationBaseOtherSynaps: value is undefined, expected a Tensor [nPre, nPost]"));
    expect(() => new AdaptationBaseOtherSynaps({ name: "a", value: t32([0], [1, 1]), annValues: [ANN()[0]] as never })).toThrow(/AdaptationBaseOtherSynaps: annValues is .*, expected \[W1, W2\] Tensors/);
    expect(() => new AdaptationBaseOtherSynaps({ name: "a", value: t32([0], [1, 1]), annValues: [t32([1, 1], [1, 2]), t32([1, 1], [1, 2])] })).toThrow(
      new ShapeError("AdaptationBaseOtherSynaps: annValues have shapes [1, 2] and [1, 2], expected [hidden, window] and [1, hidden]"),
    );
  });

  it("a save/load round trip keeps the mask, the history and the counter: both copies continue identically", () => {
    const f = new AdaptationBaseSynapsHistory({ name: "a", value: t32(Array.from({ length: 12 }, (_, k) => (k % 3) * 0.1 - 0.1), [4, 3]), annValues: ANN() });
    const net = pipelineNet(4, 3, [new Weight({ name: "w", value: 4 }), f]);
    const copy = expectSameAfterSaveLoad(net, spikeTrain(9, 4, 0.5, 1), spikeTrain(12, 4, 0.5, 2));
    const g = copy.connections.get("X", "Y") as MulticompartmentConnection;
    const h = g.pipeline[1] as AdaptationBaseSynapsHistory;
    expect(Array.from(h.mask)).toEqual(Array.from(f.mask));
    expect([h.counter, h.startCounter]).toEqual([f.counter, f.startCounter]);
    expect(Array.from(h.spikeBuffer)).toEqual(Array.from(f.spikeBuffer));
    expect(f.counter).toBeGreaterThan(4);
  });
});
