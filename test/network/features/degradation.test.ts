/** Degradation (src/network/features/degradation.ts): c ← c − f(value) on every synapse, spiking or not. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Degradation, Weight, type AbstractFeature } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { Generator } from "../../../src/tensor/random.js";
import type { Tensor } from "../../../src/tensor/tensor.js";
import { inp, lif, spikes, t32 } from "./helpers.js";
import { expectSameAfterSaveLoad, pipelineNet, spikeTrain } from "./roundtrip.js";

const mcc = (nPre: number, nPost: number, B: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, B), target: lif(nPost, B), pipeline });

const double = (v: Tensor): Tensor => t32(Array.from(v.contiguousData(), (x) => 2 * x), [...v.shape]);

describe("Degradation", () => {
  it("hand-worked: w [[1, 2], [3, 4]], value [[0.1, 0.2], [0.3, 0.4]], f = 2v; a silent row still loses f(v)", () => {
    const d = new Degradation({ name: "d", value: t32([0.1, 0.2, 0.3, 0.4], [2, 2]), degradeFunction: double });
    const c = mcc(2, 2, 2, new Weight({ name: "w", value: t32([1, 2, 3, 4], [2, 2]) }), d);
    const o = Array.from(c.compute(spikes([1, 0, 0, 0], [2, 2])).contiguousData());
    // batch row 0 (spikes [1, 0]): [1 - 0.2 - 0.6, 2 - 0.4 - 0.8]; row 1 (no spike): [-0.2 - 0.6, -0.4 - 0.8]
    const want = [0.2, 0.8, -0.8, -1.2];
    o.forEach((x, k) => expect(x).toBeCloseTo(want[k]!, 6));
    expect(d.kind).toBe("offset");
    expect(Array.from(d.value.contiguousData())).toEqual([0.1, 0.2, 0.3, 0.4].map(Math.fround)); // f does not change the value
  });

  it("the default f is the identity; f is called once per compute with the dense [nPre, nPost] value", () => {
    const shapes: number[][] = [];
    const d = new Degradation({ name: "d", value: 0.25, degradeFunction: (v) => (shapes.push([...v.shape]), v) });
    const c = mcc(4, 3, 1, new Weight({ name: "w", value: 1 }), d);
    for (let t = 0; t < 3; t++) c.compute(spikes([1, 1, 0, 1], [1, 4]));
    expect(shapes).toEqual([[4, 3], [4, 3], [4, 3]]);
    const id = mcc(4, 3, 1, new Weight({ name: "w", value: 1 }), new Degradation({ name: "d", value: 0.25 }));
    expect(Array.from(id.compute(spikes([1, 1, 0, 1], [1, 4])).contiguousData())).toEqual([2, 2, 2]); // 3·1 - 4·0.25
  });

  it("property: the output is Σ_i (s_i·w_ij − f(v)_ij) for any weights, values and spikes", () => {
    const arb = fc.record({
      nPre: fc.integer({ min: 1, max: 4 }),
      nPost: fc.integer({ min: 1, max: 3 }),
      seed: fc.integer({ min: 0, max: 1e6 }),
    });
    fc.assert(
      fc.property(arb, ({ nPre, nPost, seed }) => {
        const g = new Generator(seed);
        const rnd = (): number => g.nextFloat32();
        const w = Array.from({ length: nPre * nPost }, () => Math.fround(rnd() * 2 - 1));
        const v = Array.from({ length: nPre * nPost }, () => Math.fround(rnd()));
        const s = Array.from({ length: nPre }, () => (rnd() < 0.5 ? 1 : 0));
        const c = mcc(nPre, nPost, 1, new Weight({ name: "w", value: t32(w, [nPre, nPost]) }), new Degradation({ name: "d", value: t32(v, [nPre, nPost]), degradeFunction: double }));
        const o = c.compute(spikes(s, [1, nPre])).contiguousData();
        for (let j = 0; j < nPost; j++) {
          let want = 0;
          for (let i = 0; i < nPre; i++) want += s[i]! * w[i * nPost + j]! - 2 * v[i * nPost + j]!;
          expect(o[j]).toBeCloseTo(want, 5);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a parentFeature lends its value (the reference's link check rejects this; fixed)", () => {
    const parent = new Weight({ name: "p", value: t32([0.5, 0.25], [1, 2]) });
    const child = new Degradation({ name: "d", parentFeature: parent, degradeFunction: double });
    const c = mcc(1, 2, 1, parent, child);
    expect(child.store).toBe(parent.store);
    expect(Array.from(c.compute(spikes([1], [1, 1])).contiguousData())).toEqual([-0.5, -0.25]); // w - 2w
  });

  it("rejects bad options and a degradeFunction of the wrong shape with exact messages", () => {
    expect(() => new Degradation({ name: "d", value: 0.1, degrade_function: double })).toThrow("Degradation: unknown option degrade_function; did you mean degradeFunction?");
    expect(() => new Degradation({ name: "d", value: 0.1, degradeFunction: "square" as never })).toThrow(new ValueError('Degradation: degradeFunction is "square", expected a function of the value or null'));
    expect(() => mcc(1, 2, 1, new Degradation({ name: "d" }))).toThrow(new ValueError('Degradation: value is required (feature "d" has no default)'));
    const short = mcc(1, 2, 1, new Degradation({ name: "d", value: 0.1, degradeFunction: () => t32([1], [1]) }));
    expect(() => short.compute(spikes([1], [1, 1]))).toThrow(new ShapeError("Degradation: degradeFunction returned shape [1], expected a Tensor of shape [1, 2]"));
    const num = mcc(1, 2, 1, new Degradation({ name: "d", value: 0.1, degradeFunction: (() => 3) as never }));
    expect(() => num.compute(spikes([1], [1, 1]))).toThrow(new ShapeError("Degradation: degradeFunction returned 3, expected a Tensor of shape [1, 2]"));
  });

  it("a save/load round trip (default identity f) continues identically", () => {
    const d = new Degradation({ name: "d", value: t32(Array.from({ length: 15 }, (_, k) => (k % 4) * 0.05), [5, 3]) });
    const net = pipelineNet(5, 3, [new Weight({ name: "w", value: 3 }), d]);
    expectSameAfterSaveLoad(net, spikeTrain(6, 5, 0.4, 3), spikeTrain(6, 5, 0.4, 4));
  });
});
