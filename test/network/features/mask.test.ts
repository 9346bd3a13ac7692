/** Mask (src/network/features/mask.ts): a fixed boolean gate per synapse, dense or sparse. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValueError } from "../../../src/errors.js";
import { Mask, Weight, type AbstractFeature } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { Generator } from "../../../src/tensor/random.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { bits, inp, lif, spikes, t32 } from "./helpers.js";
import { expectSameAfterSaveLoad, pipelineNet, spikeTrain } from "./roundtrip.js";

const mcc = (nPre: number, nPost: number, B: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, B), target: lif(nPost, B), pipeline });

const boolT = (d: number[], shape: number[]): Tensor => new Tensor(Uint8Array.from(d), shape, "bool");

describe("Mask", () => {
  it("hand-worked: mask [[1, 0], [1, 1]] on w [[2, 3], [5, 7]] gives [7, 7] for spikes [1, 1] and [5, 7] for [0, 1]", () => {
    const m = new Mask({ name: "m", value: boolT([1, 0, 1, 1], [2, 2]) });
    const c = mcc(2, 2, 2, new Weight({ name: "w", value: t32([2, 3, 5, 7], [2, 2]) }), m);
    expect(Array.from(c.compute(spikes([1, 1, 0, 1], [2, 2])).contiguousData())).toEqual([7, 7, 5, 7]);
    expect(m.kind).toBe("gate");
    expect(m.value.dtype).toBe("bool");
    expect(m.range).toEqual([0, 1]);
  });

  it("a uint8 tensor is a mask too; true (or 1) passes every synapse, false (or 0) none", () => {
    const u8 = new Mask({ name: "m", value: new Tensor(Uint8Array.from([0, 1]), [2, 1], "uint8") });
    expect(Array.from(mcc(2, 1, 1, new Weight({ name: "w", value: t32([4, 6], [2, 1]) }), u8).compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([6]);
    expect(Array.from(mcc(2, 3, 1, new Mask({ name: "m", value: true })).compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([2, 2, 2]);
    expect(Array.from(mcc(2, 3, 1, new Mask({ name: "m", value: false })).compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([0, 0, 0]);
    expect(Array.from(mcc(2, 3, 1, new Mask({ name: "m", value: 1 })).compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([2, 2, 2]);
    expect(Array.from(mcc(2, 3, 1, new Mask({ name: "m", value: 0 })).compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([0, 0, 0]);
  });

  it("the default is U[0, 1) > 0.99 from the generator: the same seed gives the same mask, about 1% open", () => {
    const make = (seed: number): number[] => {
      const m = new Mask({ name: "m", rng: new Generator(seed) });
      mcc(80, 50, 1, m);
      return Array.from(m.value.contiguousData());
    };
    const a = make(5);
    expect(make(5)).toEqual(a);
    expect(make(6)).not.toEqual(a);
    const open = a.filter((x) => x === 1).length;
    expect(open).toBeGreaterThan(15); // 4000 synapses, 40 expected
    expect(open).toBeLessThan(70);
    expect(a.every((x) => x === 0 || x === 1)).toBe(true);
  });

  it("property: a sparse mask gates exactly like the dense one, and both equal Σ_i s_i·m_ij·w_ij", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1e6 }), (nPre, nPost, seed) => {
        const g = new Generator(seed);
        const mk = Array.from({ length: nPre * nPost }, () => (g.nextFloat32() < 0.4 ? 1 : 0));
        const w = Array.from({ length: nPre * nPost }, () => Math.round(g.nextFloat32() * 8));
        const s = Array.from({ length: nPre }, () => (g.nextFloat32() < 0.6 ? 1 : 0));
        const dense = new Mask({ name: "m", value: boolT(mk, [nPre, nPost]) });
        const sparse = new Mask({ name: "m", value: boolT(mk, [nPre, nPost]), sparse: true });
        const od = mcc(nPre, nPost, 1, new Weight({ name: "w", value: t32(w, [nPre, nPost]) }), dense).compute(spikes(s, [1, nPre]));
        const os = mcc(nPre, nPost, 1, new Weight({ name: "w", value: t32(w, [nPre, nPost]) }), sparse).compute(spikes(s, [1, nPre]));
        expect(sparse.store!.sparse).toBe(true);
        expect(sparse.store!.size).toBe(mk.filter((x) => x === 1).length);
        expect(bits(os)).toEqual(bits(od));
        for (let j = 0; j < nPost; j++) {
          let want = 0;
          for (let i = 0; i < nPre; i++) want += s[i]! * mk[i * nPost + j]! * w[i * nPost + j]!;
          expect(od.contiguousData()[j]).toBe(want);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("rejects a value that is not a mask, and unknown options, naming the class", () => {
    expect(() => new Mask({ name: "m", value: t32([1], [1, 1]) as never })).toThrow(new ValueError('Mask: value is "a float32 Tensor", expected a bool Tensor, a boolean, 0, 1 or null'));
    expect(() => new Mask({ name: "m", value: 0.5 as never })).toThrow(new ValueError("Mask: value is 0.5, expected a bool Tensor, a boolean, 0, 1 or null"));
    expect(() => new Mask({ name: "m", valeu: true } as never)).toThrow("Mask: unknown option valeu; did you mean value?");
    expect(() => mcc(2, 2, 1, new Mask({ name: "m", value: boolT([1, 0, 1], [3, 1]) }))).toThrow(/Mask: value has shape \[3, 1\], expected \[2, 2\]/);
  });

  it("a save/load round trip keeps the mask (dense and sparse: it failed, 'value is 0') and continues identically", () => {
    const v = boolT(Array.from({ length: 12 }, (_, k) => (k % 3 === 0 ? 1 : 0)), [4, 3]);
    for (const sparse of [false, true]) {
      const net = pipelineNet(4, 3, [new Weight({ name: "w", value: 5 }), new Mask({ name: "m", value: v, sparse })]);
      expectSameAfterSaveLoad(net, spikeTrain(5, 4, 0.5, 7), spikeTrain(5, 4, 0.5, 8));
    }
  });
});
