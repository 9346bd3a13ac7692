/** Normalization and AbstractSubFeature (src/network/features/normalization.ts): a pass-through element that normalises its parent after every compute. */
import { describe, expect, it } from "vitest";
import { ValueError } from "../../../src/errors.js";
import { AbstractSubFeature, Normalization, Weight, type AbstractFeature } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { inp, lif, spikes, t32 } from "./helpers.js";
import { expectSameAfterSaveLoad, pipelineNet, spikeTrain } from "./roundtrip.js";

const mcc = (nPre: number, nPost: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre), target: lif(nPost), pipeline });

const out = (c: MulticompartmentConnection, s: number[]): number[] => Array.from(c.compute(spikes(s, [1, s.length])).contiguousData());

describe("Normalization", () => {
  it("hand-worked: w [[1, 3], [2, 2]] with norm 2 becomes [[2/3, 6/5], [4/3, 4/5]] after the compute that used it", () => {
    const w = new Weight({ name: "w", value: t32([1, 3, 2, 2], [2, 2]), norm: 2 });
    const n = new Normalization({ name: "n", parentFeature: w });
    const c = mcc(2, 2, w, n);
    expect(out(c, [1, 0])).toEqual([1, 3]); // this step still sees the old weights
    const v = Array.from(w.value.contiguousData());
    [2 / 3, 6 / 5, 4 / 3, 4 / 5].forEach((x, k) => expect(v[k]).toBeCloseTo(x, 6));
    const o = out(c, [1, 0]);
    expect(o[0]).toBeCloseTo(2 / 3, 6);
    expect(o[1]).toBeCloseTo(6 / 5, 6);
    // already normalised: another compute changes nothing
    out(c, [0, 1]);
    Array.from(w.value.contiguousData()).forEach((x, k) => expect(x).toBeCloseTo(v[k]!, 6));
  });

  it("passes the tensor through unchanged, and leaves a parent without norm alone", () => {
    const w = new Weight({ name: "w", value: t32([1, 3, 2, 2], [2, 2]) });
    const n = new Normalization({ name: "n", parentFeature: w });
    expect(n).toBeInstanceOf(AbstractSubFeature);
    expect([n.kind, n.parent]).toEqual(["identity", w]);
    const c = mcc(2, 2, w, n);
    expect(out(c, [1, 1])).toEqual([3, 5]);
    expect(out(c, [1, 1])).toEqual([3, 5]);
    expect(Array.from(w.value.contiguousData())).toEqual([1, 3, 2, 2]);
  });

  it("normalises after every compute, whatever the parent's normFrequency", () => {
    const w = new Weight({ name: "w", value: t32([1, 1, 3, 1], [2, 2]), norm: 1, normFrequency: "sample" });
    const c = mcc(2, 2, w, new Normalization({ name: "n", parentFeature: w }));
    out(c, [0, 0]);
    expect(Array.from(w.value.contiguousData())).toEqual([0.25, 0.5, 0.75, 0.5]);
    // the control: the same Weight alone keeps its values through a compute ("sample": at the end of a run)
    const alone = new Weight({ name: "w", value: t32([1, 1, 3, 1], [2, 2]), norm: 1, normFrequency: "sample" });
    out(mcc(2, 2, alone), [1, 1]);
    expect(Array.from(alone.value.contiguousData())).toEqual([1, 1, 3, 1]);
  });

  it("rejects bad options naming the class and the argument", () => {
    const w = new Weight({ name: "w", value: 1 });
    expect(() => new Normalization({ name: "n", parent_feature: w } as never)).toThrow("Normalization: unknown option parent_feature; did you mean parentFeature?");
    expect(() => new Normalization({ name: "n", parentFeature: 3 as never })).toThrow(new ValueError("Normalization: parentFeature is 3, expected a feature"));
    expect(() => new Normalization({ parentFeature: w } as never)).toThrow(new ValueError("Normalization: name is undefined, expected a string"));
  });

  it("a save/load round trip relinks the parent and continues identically", () => {
    const w = new Weight({ name: "w", value: t32(Array.from({ length: 12 }, (_, k) => 1 + (k % 5)), [4, 3]), norm: 6 });
    const net = pipelineNet(4, 3, [w, new Normalization({ name: "n", parentFeature: w })]);
    const copy = expectSameAfterSaveLoad(net, spikeTrain(4, 4, 0.5, 1), spikeTrain(4, 4, 0.5, 2));
    const [cw, cn] = (copy.connections.get("X", "Y") as MulticompartmentConnection).pipeline;
    expect((cn as Normalization).parent).toBe(cw);
  });
});
