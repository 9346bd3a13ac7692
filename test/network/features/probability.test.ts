/** Probability (src/network/features/probability.ts): each synapse transmits with its own probability, counter-based draws. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValueError } from "../../../src/errors.js";
import { Probability, Weight, type AbstractFeature } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { Generator } from "../../../src/tensor/random.js";
import { inp, lif, spikes, t32 } from "./helpers.js";
import { expectSameAfterSaveLoad, pipelineNet, pipelineOf, spikeTrain } from "./roundtrip.js";

const mcc = (nPre: number, nPost: number, B: number, ...pipeline: AbstractFeature[]): MulticompartmentConnection =>
  new MulticompartmentConnection({ source: inp(nPre, B), target: lif(nPost, B), pipeline });

describe("Probability", () => {
  it("the gate of synapse (i, j) at a step is uniform(b, i, j) < p: the feature's own draw, one per compute", () => {
    const p = new Probability({ name: "p", value: t32([0.25, 0.5, 0.75, 0.5], [1, 4]), rng: new Generator(1) });
    const c = mcc(1, 4, 1, new Weight({ name: "w", value: t32([1, 2, 4, 8], [1, 4]) }), p);
    const ps = [0.25, 0.5, 0.75, 0.5];
    for (let t = 1; t <= 30; t++) {
      const o = Array.from(c.compute(spikes([1], [1, 1])).contiguousData());
      expect(p.step).toBe(t);
      expect(o).toEqual([1, 2, 4, 8].map((w, j) => (p.uniform(0, 0, j) < ps[j]! ? w : 0)));
      for (let j = 0; j < 4; j++) expect(p.operandAt(0, 0, j)).toBe(o[j]! === 0 ? 0 : 1);
    }
    const u = p.uniform(0, 0, 0);
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
    expect(Number.isInteger(u * 2 ** 24)).toBe(true); // 24-bit uniforms
  });

  it("transmits about p of the time: p = 0.1, 0.5, 0.9 over 600 steps", () => {
    const p = new Probability({ name: "p", value: t32([0.1, 0.5, 0.9], [1, 3]), rng: new Generator(2) });
    const c = mcc(1, 3, 1, p);
    const n = [0, 0, 0];
    for (let t = 0; t < 600; t++) c.compute(spikes([1], [1, 1])).contiguousData().forEach((x, j) => (n[j]! += x));
    expect(n[0]! / 600).toBeCloseTo(0.1, 1);
    expect(n[1]! / 600).toBeCloseTo(0.5, 1);
    expect(n[2]! / 600).toBeCloseTo(0.9, 1);
  });

  it("a synapse's draw does not depend on which other rows spike (same seed, same gates)", () => {
    // row 1 weighs 100: the output modulo 100 is row 0's gated contribution
    const run = (s: number[]): number[] => {
      const c = mcc(2, 5, 1, new Weight({ name: "w", value: t32([1, 1, 1, 1, 1, 100, 100, 100, 100, 100], [2, 5]) }), new Probability({ name: "p", value: 0.5, rng: new Generator(8) }));
      const out: number[] = [];
      for (let t = 0; t < 20; t++) out.push(...c.compute(spikes(s, [1, 2])).contiguousData());
      return out;
    };
    const alone = run([1, 0]);
    const both = run([1, 1]);
    expect(both.map((x) => x % 100)).toEqual(alone);
    expect(new Set(alone).size).toBe(2);
  });

  it("dense values share the draw across batch rows; a sparse value with a batch dimension draws per row", () => {
    const rows = (sparse: boolean): [number[], number[]] => {
      const value = sparse ? t32(new Array(2 * 3 * 4).fill(0.5), [2, 3, 4]) : 0.5;
      const c = mcc(3, 4, 2, new Probability({ name: "p", value, sparse, batchSize: 2, rng: new Generator(4) }));
      const a: number[] = [];
      const b: number[] = [];
      for (let t = 0; t < 10; t++) {
        const o = c.compute(spikes([1, 1, 1, 1, 1, 1], [2, 3])).contiguousData();
        a.push(...o.subarray(0, 4));
        b.push(...o.subarray(4));
      }
      return [a, b];
    };
    const [da, db] = rows(false);
    expect(db).toEqual(da);
    const [sa, sb] = rows(true);
    expect(sb).not.toEqual(sa);
  });

  it("property: probabilities of 0 and 1 are exact: the output is Σ_i s_i·w_ij·p_ij", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1e6 }), (nPre, nPost, seed) => {
        const g = new Generator(seed);
        const pv = Array.from({ length: nPre * nPost }, () => (g.nextFloat32() < 0.5 ? 1 : 0));
        const w = Array.from({ length: nPre * nPost }, () => 1 + Math.floor(g.nextFloat32() * 5));
        const s = Array.from({ length: nPre }, () => (g.nextFloat32() < 0.7 ? 1 : 0));
        const c = mcc(nPre, nPost, 1, new Weight({ name: "w", value: t32(w, [nPre, nPost]) }), new Probability({ name: "p", value: t32(pv, [nPre, nPost]), rng: g }));
        for (let t = 0; t < 3; t++) {
          const o = c.compute(spikes(s, [1, nPre])).contiguousData();
          for (let j = 0; j < nPost; j++) {
            let want = 0;
            for (let i = 0; i < nPre; i++) want += s[i]! * w[i * nPost + j]! * pv[i * nPost + j]!;
            expect(o[j]).toBe(want);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it("the default value is U[0, 1) clamped to the range; same generator, same value and key", () => {
    const make = (): Probability => {
      const p = new Probability({ name: "p", range: [0.2, 0.6], rng: new Generator(12) });
      mcc(20, 10, 1, p);
      return p;
    };
    const p = make();
    const v = Array.from(p.value.contiguousData());
    expect(Math.min(...v)).toBe(Math.fround(0.2));
    expect(Math.max(...v)).toBe(Math.fround(0.6));
    expect(v.filter((x) => x > 0.2 && x < 0.6).length).toBeGreaterThan(60);
    const q = make();
    expect(q.key).toBe(p.key);
    expect(Array.from(q.value.contiguousData())).toEqual(v);
  });

  it("rejects a negative range minimum, values outside the range and unknown options", () => {
    expect(() => new Probability({ name: "p", range: [-0.5, 1] })).toThrow(new ValueError("Probability: range is [-0.5, 1], expected a minimum ≥ 0"));
    expect(() => new Probability({ name: "p", value: 1.5 })).toThrow(new ValueError("Probability: value has 1.5 at flat index 0, expected values in range [0, 1]"));
    expect(() => new Probability({ name: "p", value: 0.5, rnge: [0, 1] })).toThrow("Probability: unknown option rnge; did you mean range?");
  });

  it("a save/load round trip keeps the key and the step counter: both copies draw the same gates afterwards", () => {
    const p = new Probability({ name: "p", value: 0.5, rng: new Generator(21) });
    const net = pipelineNet(6, 4, [new Weight({ name: "w", value: 3 }), p]);
    const copy = expectSameAfterSaveLoad(net, spikeTrain(7, 6, 0.6, 1), spikeTrain(9, 6, 0.6, 2));
    const q = pipelineOf(copy)[1] as Probability;
    expect([q.key, q.step]).toEqual([p.key, p.step]);
    expect(p.step).toBe(16);
  });
});
