/**
 * MulticompartmentConnection (src/network/topology/multicompartment-connection.ts; its tests
 * live with the features it runs): the pipeline data flow with hand-computed values, the
 * streamed compute equal bit for bit to the materialised reference data flow over random
 * pipelines, pipeline management, update gating, bad input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Bias, Degradation, Intensity, Mask, MeanField, Normalization, Probability, Weight, type AbstractFeature } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { Generator } from "../../../src/tensor/random.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { PostPre } from "../../../src/learning/mcc/index.js";
import { bits, inp, lif, spikes, t32 } from "./helpers.js";

describe("MulticompartmentConnection data flow", () => {
  it("an empty pipeline yields spike counts per target", () => {
    const c = new MulticompartmentConnection({ source: inp(3), target: lif(2) });
    expect(Array.from(c.compute(spikes([1, 0, 1], [1, 3])).contiguousData())).toEqual([2, 2]);
  });

  it("Weight adds the weight rows of the spiking neurons", () => {
    const w = new Weight({ name: "w", value: t32([1, 2, 10, 20, 100, 200], [3, 2]) });
    const c = new MulticompartmentConnection({ source: inp(3), target: lif(2), pipeline: [w] });
    expect(Array.from(c.compute(spikes([1, 0, 1], [1, 3])).contiguousData())).toEqual([101, 202]);
  });

  it("Bias acts on every synapse: 2 inputs x 0.25 give 0.5 with no spike", () => {
    const b = new Bias({ name: "b", value: 0.25 });
    const w = new Weight({ name: "w", value: 1 });
    const c = new MulticompartmentConnection({ source: inp(2), target: lif(3), pipeline: [w, b] });
    expect(Array.from(c.compute(spikes([0, 0], [1, 2])).contiguousData())).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(c.compute(spikes([1, 0], [1, 2])).contiguousData())).toEqual([1.5, 1.5, 1.5]);
  });

  it("Degradation subtracts from every synapse: weights 1, value 0.1, input [1, 0] give 0.8", () => {
    const c = new MulticompartmentConnection({
      source: inp(2),
      target: lif(2),
      pipeline: [new Weight({ name: "w", value: 1 }), new Degradation({ name: "d", value: 0.1 })],
    });
    const out = c.compute(spikes([1, 0], [1, 2])).contiguousData();
    expect(out[0]).toBe(Math.fround(Math.fround(1 - Math.fround(0.1)) - Math.fround(0.1)));
    expect(out[0]).toBeCloseTo(0.8, 6);
  });

  it("Intensity and Mask gate per synapse; pipeline order matters for offsets", () => {
    const w = new Weight({ name: "w", value: t32([1, 2, 3, 4], [2, 2]) });
    const m = new Mask({ name: "m", value: new Tensor(Uint8Array.from([1, 0, 0, 1]), [2, 2], "bool") });
    const it2 = new Intensity({ name: "i", value: t32([-1, 1, 1, -1], [2, 2]) });
    const c = new MulticompartmentConnection({ source: inp(2), target: lif(2), pipeline: [w, m, it2] });
    expect(Array.from(c.compute(spikes([1, 1], [1, 2])).contiguousData())).toEqual([-1, -4]);
    const c2 = new MulticompartmentConnection({ source: inp(2), target: lif(2), pipeline: [new Bias({ name: "b", value: 1 }), new Weight({ name: "w", value: 2 })] });
    expect(Array.from(c2.compute(spikes([1, 0], [1, 2])).contiguousData())).toEqual([6, 6]);
  });

  it("batch rows are independent; the output has shape [B, ...target.shape]", () => {
    const w = new Weight({ name: "w", value: t32([1, 2, 3, 4], [2, 2]) });
    const c = new MulticompartmentConnection({ source: inp(2, 2), target: lif(2, 2), pipeline: [w] });
    const out = c.compute(spikes([1, 0, 0, 1], [2, 2]));
    expect(out.shape).toEqual([2, 2]);
    expect(Array.from(out.contiguousData())).toEqual([1, 2, 3, 4]);
  });

  it("traces keeps the last output in activity", () => {
    const c = new MulticompartmentConnection({ source: inp(2), target: lif(1), pipeline: [new Weight({ name: "w", value: 3 })], traces: true });
    c.compute(spikes([1, 1], [1, 2]));
    expect(Array.from(c.activity!.contiguousData())).toEqual([6]);
  });

  it("w reads the Weight feature's live value", () => {
    const w = new Weight({ name: "w", value: t32([1, 2], [1, 2]) });
    const c = new MulticompartmentConnection({ source: inp(1), target: lif(2), pipeline: [new Bias({ name: "b", value: 0 }), w] });
    expect(c.w).toBe(w.value);
    expect(() => {
      c.w = t32([0, 0], [1, 2]);
    }).toThrow(ValueError);
  });
});

describe("MulticompartmentConnection pipeline management", () => {
  it("default pipelines are not shared between connections", () => {
    const a = new MulticompartmentConnection({ source: inp(2), target: lif(2) });
    const b = new MulticompartmentConnection({ source: inp(2), target: lif(2) });
    a.appendPipeline(new Weight({ name: "w", value: 1 }));
    expect(a.pipeline.length).toBe(1);
    expect(b.pipeline.length).toBe(0);
  });

  it("insertPipeline puts a feature at an index and primes it; removePipeline drops it", () => {
    const w = new Weight({ name: "w", value: 2 });
    const c = new MulticompartmentConnection({ source: inp(2), target: lif(1), pipeline: [w], device: "cpu" });
    const b = new Bias({ name: "b", value: 1 });
    c.insertPipeline(b, 0);
    expect(c.pipeline.map((f) => f.name)).toEqual(["b", "w"]);
    expect(b.isPrimed).toBe(true);
    expect(Array.from(c.compute(spikes([1, 0], [1, 2])).contiguousData())).toEqual([6]);
    c.removePipeline(b);
    expect(c.featureIndex.b).toBeUndefined();
    expect(Array.from(c.compute(spikes([1, 0], [1, 2])).contiguousData())).toEqual([2]);
  });

  it("rejects duplicate names, bad indices and non-features", () => {
    const c = new MulticompartmentConnection({ source: inp(2), target: lif(1), pipeline: [new Weight({ name: "w", value: 1 })] });
    expect(() => c.appendPipeline(new Bias({ name: "w", value: 1 }))).toThrow(/feature name "w" is already in the pipeline/);
    expect(() => c.insertPipeline(new Bias({ name: "b", value: 1 }), 5)).toThrow(/index is 5, expected an integer in \[0, 1\]/);
    expect(() => new MulticompartmentConnection({ source: inp(2), target: lif(1), pipeline: [{} as AbstractFeature] })).toThrow(ValueError);
    expect(() => c.removePipeline(new Bias({ name: "x" }))).toThrow(/not in the pipeline/);
  });

  it("rejects spikes of the wrong size and values of the wrong shape", () => {
    const c = new MulticompartmentConnection({ source: inp(3), target: lif(2) });
    expect(() => c.compute(spikes([1, 0], [1, 2]))).toThrow(ShapeError);
    expect(() => c.compute(spikes([1, 0], [1, 2]))).toThrow(/MulticompartmentConnection.compute: s has shape \[1, 2\], expected \[B, 3\]/);
    expect(() => new MulticompartmentConnection({ source: inp(3), target: lif(2), pipeline: [new Weight({ name: "w", value: t32([1, 2], [1, 2]) })] })).toThrow(
      /Weight: value has shape \[1, 2\], expected \[3, 2\]/,
    );
  });

  it("update runs the rules only with learning: true and without manualUpdate", () => {
    const mk = (manualUpdate: boolean): [MulticompartmentConnection, Weight] => {
      const src = inp(1, 1, true);
      const tgt = lif(1, 1, true);
      const w = new Weight({ name: "w", value: 0.5, learningRule: PostPre, nu: [0, 0.25] });
      const c = new MulticompartmentConnection({ source: src, target: tgt, pipeline: [w], manualUpdate });
      src.x.fill_(1);
      tgt.s.fill_(1);
      return [c, w];
    };
    const [c, w] = mk(false);
    c.update({});
    expect(w.value.item()).toBe(0.5);
    c.update({ learning: true });
    expect(w.value.item()).toBe(0.75);
    const [c2, w2] = mk(true);
    c2.update({ learning: true });
    expect(w2.value.item()).toBe(0.5);
  });
});

type Spec = { kind: string; sparse: boolean; half: boolean };

function build(spec: Spec, k: number, nPre: number, nPost: number, B: number, rng: Generator, prev: AbstractFeature[]): AbstractFeature {
  const dens = (p: number, scale = 3): Tensor => {
    const d = new Float32Array(nPre * nPost);
    for (let e = 0; e < d.length; e++) d[e] = rng.nextUint32() / 2 ** 32 < p ? Math.fround((rng.nextUint32() / 2 ** 32 - 0.4) * scale) : 0;
    return t32(d, [nPre, nPost]);
  };
  const name = `f${k}`;
  const sparse = spec.sparse;
  const batchSize = B;
  switch (spec.kind) {
    case "weight":
      return new Weight({ name, value: dens(0.3), sparse, batchSize, valueDtype: spec.half ? "float16" : "float32" });
    case "bias":
      return new Bias({ name, value: dens(0.2), sparse, batchSize });
    case "intensity":
      return new Intensity({ name, rng, sparse, batchSize });
    case "mask":
      return new Mask({ name, value: new Tensor(Uint8Array.from(dens(0.5).contiguousData(), (x) => (x !== 0 ? 1 : 0)), [nPre, nPost], "bool"), sparse, batchSize });
    case "probability": {
      const parent = prev.find((f) => f instanceof Probability);
      if (parent !== undefined && spec.half) return new Probability({ name, parentFeature: parent, rng });
      return new Probability({ name, rng, sparse, batchSize });
    }
    case "degradation":
      return new Degradation({ name, value: dens(0.5, 1.5), degradeFunction: (v) => t32(Array.from(v.contiguousData(), (x) => x * 0.5), [...v.shape]) });
    case "norm":
      return new Normalization({ name, parentFeature: prev[0] ?? new Weight({ name: "unused" }) });
    default:
      return new MeanField({ name });
  }
}

describe("streamed compute equals the materialised data flow bit for bit", () => {
  it("over random pipelines, batch sizes, spike densities and sparse / float16 values", () => {
    const kinds = ["weight", "bias", "intensity", "mask", "probability", "degradation", "norm"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), sparse: fc.boolean(), half: fc.boolean() }), { minLength: 0, maxLength: 4 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e9 }),
        (specs, nPre, nPost, B, p, real, seed) => {
          const rng = new Generator(seed);
          const feats: AbstractFeature[] = [];
          specs.forEach((s, k) => {
            if (s.kind === "norm" && feats.length === 0) return;
            feats.push(build(s, k, nPre, nPost, B, rng, feats));
          });
          const c = new MulticompartmentConnection({ source: inp(nPre, B), target: lif(nPost, B), pipeline: feats });
          const sd = new Float32Array(B * nPre);
          for (let e = 0; e < sd.length; e++) sd[e] = rng.nextUint32() / 2 ** 32 < p ? (real ? Math.fround(rng.nextUint32() / 2 ** 32) : 1) : 0;
          const s = real ? t32(sd, [B, nPre]) : spikes(sd, [B, nPre]);
          for (const f of feats) if (f instanceof Probability) f.step = 7;
          const fast = c.compute(s);
          for (const f of feats) if (f instanceof Probability) f.step = 7;
          const slow = c.computeGeneric(s);
          expect(bits(fast)).toEqual(bits(slow));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a sparse value gives the same bits as the same value stored dense", () => {
    const rng = new Generator(5);
    const v = new Float32Array(60 * 50);
    for (let e = 0; e < v.length; e++) v[e] = rng.nextUint32() % 20 === 0 ? rng.nextUint32() / 2 ** 32 : 0;
    const s = spikes(Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0)), [1, 60]);
    const dense = new MulticompartmentConnection({ source: inp(60), target: lif(50), pipeline: [new Weight({ name: "w", value: t32(v, [60, 50]) })] });
    const sparse = new MulticompartmentConnection({ source: inp(60), target: lif(50), pipeline: [new Weight({ name: "w", value: t32(v, [60, 50]), sparse: true })] });
    expect(bits(sparse.compute(s))).toEqual(bits(dense.compute(s)));
    expect(sparse.memoryBytes()).toBeLessThan(dense.memoryBytes() / 2);
  });
});
