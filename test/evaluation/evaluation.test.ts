import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../src/errors.js";
import { allActivity, assignLabels, ngram, ngramKey, proportionWeighting, updateNgramScores, type NgramScores } from "../../src/evaluation/index.js";
import { fromDense, tensor, zeros } from "../../src/tensor/index.js";

/** spikes [3 samples, 2 steps, 3 neurons]; counts s0 [2,1,0], s1 [0,2,0], s2 [1,0,0]. */
function record() {
  return tensor(
    [
      [
        [1, 1, 0],
        [1, 0, 0],
      ],
      [
        [0, 1, 0],
        [0, 1, 0],
      ],
      [
        [0, 0, 0],
        [1, 0, 0],
      ],
    ],
    { dtype: "bool" },
  );
}
const labels = [0, 1, 0];

describe("assignLabels", () => {
  it("averages spike counts per label, normalises with NaN → 0 and assigns the argmax (silent → 0)", () => {
    const { assignments, proportions, rates } = assignLabels(record(), labels, 3);
    // rates[:, 0] = (s0 + s2) / 2, rates[:, 1] = s1, label 2 has no samples
    expect(rates.toArray()).toEqual([
      [1.5, 0, 0],
      [0.5, 2, 0],
      [0, 0, 0],
    ]);
    expect(proportions.toFlatArray().map((v) => +v.toFixed(6))).toEqual([1, 0, 0, 0.2, 0.8, 0, 0, 0, 0]);
    expect(assignments.dtype).toBe("int32");
    expect(assignments.toFlatArray()).toEqual([0, 1, 0]);
  });

  it("accumulates into given rates with alpha and leaves them untouched", () => {
    const prev = tensor([
      [0, 4, 0],
      [0, 0, 0],
      [2, 0, 0],
    ]);
    const before = prev.toFlatArray();
    const { rates, assignments } = assignLabels(record(), tensor(labels, { dtype: "int32" }), 3, prev, 0.5);
    // rates = 0.5*prev + new, columns of labels without samples (2) unchanged
    expect(rates.toArray()).toEqual([
      [1.5, 2, 0],
      [0.5, 2, 0],
      [1, 0, 0],
    ]);
    expect(assignments.toFlatArray()).toEqual([1, 1, 0]);
    expect(prev.toFlatArray()).toEqual(before);
  });

  it("densifies a sparse record", () => {
    const a = assignLabels(fromDense(record().float()), labels, 3);
    expect(a.assignments.toFlatArray()).toEqual([0, 1, 0]);
  });

  it("rejects bad shapes and labels", () => {
    expect(() => assignLabels(zeros([3, 3]), labels, 3)).toThrow(/assignLabels: spikes has shape \[3, 3\], expected 3 dims \[nSamples, time, nNeurons\]/);
    expect(() => assignLabels(record(), [0, 1], 3)).toThrow(ShapeError);
    expect(() => assignLabels(record(), [0, 1, 3], 3)).toThrow(/assignLabels: labels holds 3, expected integers in \[0, 3\)/);
    expect(() => assignLabels(record(), labels, 3, zeros([2, 3]))).toThrow(/rates has shape \[2, 3\], expected \[nNeurons, nLabels\] = \[3, 3\]/);
    expect(() => assignLabels(record(), labels, 0)).toThrow(ValueError);
  });
});

describe("allActivity", () => {
  it("predicts the label whose assigned neurons have the highest mean count, lowest on ties", () => {
    // assignments [0, 1, 0]: s0 → label0 (2+0)/2 = 1, label1 1 → tie → 0; s1 → 1; s2 → 0
    expect(allActivity(record(), [0, 1, 0], 3).toFlatArray()).toEqual([0, 1, 0]);
    // assignments [1, 0, 2]: s0 → [1, 2, 0] → 1; s1 → [2, 0, 0] → 0; s2 → [0, 1, 0] → 1
    const p = allActivity(record(), tensor([1, 0, 2], { dtype: "int32" }), 3);
    expect(p.dtype).toBe("int32");
    expect(p.toFlatArray()).toEqual([1, 0, 1]);
  });

  it("predicts 0 everywhere while every neuron is unassigned (-1)", () => {
    expect(allActivity(record(), [-1, -1, -1], 3).toFlatArray()).toEqual([0, 0, 0]);
  });

  it("rejects assignments of the wrong length or out of range", () => {
    expect(() => allActivity(record(), [0, 1], 3)).toThrow(/allActivity: assignments has shape \[2\], expected \[3\]/);
    expect(() => allActivity(record(), [0, 1, 5], 3)).toThrow(/assignments holds 5/);
  });
});

describe("proportionWeighting", () => {
  it("weights each neuron's count by its proportion for its label, divided by the number assigned", () => {
    const { assignments, proportions } = assignLabels(record(), labels, 3);
    // p[0,0] = 1, p[1,1] = 0.8, p[2,0] = 0 → s0: [(2+0)/2, 0.8] → 0; s1: [0, 1.6] → 1; s2: [0.5, 0] → 0
    expect(proportionWeighting(record(), assignments, proportions, 3).toFlatArray()).toEqual([0, 1, 0]);
    // with proportions that favour label 1 the s0 vote flips
    const p2 = tensor([
      [0.2, 0.8, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    // s0: label0 = (0.2*2 + 1*0)/2 = 0.2, label1 = 1*1 = 1 → 1
    expect(proportionWeighting(record(), [0, 1, 0], p2, 3).toFlatArray()).toEqual([1, 1, 0]);
  });

  it("rejects proportions of the wrong shape", () => {
    expect(() => proportionWeighting(record(), [0, 1, 0], zeros([3, 2]), 3)).toThrow(/proportionWeighting: proportions has shape \[3, 2\], expected \[nNeurons, nLabels\] = \[3, 3\]/);
  });
});

describe("n-grams", () => {
  // one sample, steps: {0}, {}, {1, 2}, {0}
  const sp = zeros([1, 4, 3], { dtype: "uint8" });
  sp.set(1, 0, 0, 0);
  sp.set(1, 0, 2, 1);
  sp.set(1, 0, 2, 2);
  sp.set(1, 0, 3, 0);

  it("updateNgramScores counts every product of one neuron per consecutive non-silent step", () => {
    const prior: NgramScores = new Map([["0,1", [3, 0]]]);
    const scores = updateNgramScores(sp, [1], 2, 2, prior);
    expect(Object.fromEntries(scores)).toEqual({ "0,1": [3, 1], "0,2": [0, 1], "1,0": [0, 1], "2,0": [0, 1] });
    expect(prior.get("0,1")).toEqual([3, 0]); // argument untouched
    // n = 3 over steps {0},{1,2},{0}: (0,1,0), (0,2,0)
    expect([...updateNgramScores(sp, [0], 2, 3, new Map()).keys()]).toEqual(["0,1,0", "0,2,0"]);
  });

  it("ngram slides over the flattened firing order and counts the last window too (fixed)", () => {
    // fire order [0, 1, 2, 0]; windows (0,1), (1,2), (2,0). The reference skips (2,0) and would predict 0.
    const scores: NgramScores = new Map([
      [ngramKey([0, 1]), [1, 0]],
      [ngramKey([2, 0]), [0, 5]],
    ]);
    expect(ngram(sp, scores, 2, 2).toFlatArray()).toEqual([1]);
    expect(ngram(sp, new Map(), 2, 2).toFlatArray()).toEqual([0]);
  });

  it("rejects vote vectors of the wrong length and a non-map", () => {
    expect(() => ngram(sp, new Map([["0,1", [1, 2, 3]]]), 2, 2)).toThrow(/ngram: ngramScores entry "0,1" has 3 votes, expected nLabels = 2/);
    expect(() => updateNgramScores(sp, [1], 2, 2, {} as NgramScores)).toThrow(/updateNgramScores: ngramScores is .*expected a Map/);
    expect(() => ngram(sp, new Map(), 2, 0)).toThrow(/ngram: n is 0, expected an integer >= 1/);
  });
});

describe("voting fixture (torch float32, scripts/gen-evaluation-fixture.py)", () => {
  const fx = JSON.parse(readFileSync(new URL("../fixtures/evaluation/voting.json", import.meta.url), "utf8")) as {
    shape: [number, number, number];
    nLabels: number;
    spikes: number[];
    labels: number[];
    prev: number[];
    alpha: number;
    fresh: { assignments: number[]; proportions: number[]; rates: number[] };
    accumulated: { assignments: number[]; proportions: number[]; rates: number[] };
    allActivity: number[];
    proportionWeighting: number[];
  };
  const spikes = tensor(fx.spikes, { dtype: "uint8", shape: fx.shape });
  const nNeurons = fx.shape[2];

  it("assignLabels matches torch on a random record with silent neurons and an unseen label", () => {
    for (const [got, want] of [
      [assignLabels(spikes, fx.labels, fx.nLabels), fx.fresh],
      [assignLabels(spikes, fx.labels, fx.nLabels, tensor(fx.prev, { shape: [nNeurons, fx.nLabels] }), fx.alpha), fx.accumulated],
    ] as const) {
      expect(got.rates.toFlatArray()).toEqual(want.rates);
      const p = got.proportions.toFlatArray();
      want.proportions.forEach((v, i) => expect(Math.abs(p[i]! - v)).toBeLessThanOrEqual(2.4e-7 * Math.abs(v))); // within 2 ulp: torch sums the row in another order
      expect(got.assignments.toFlatArray()).toEqual(want.assignments);
    }
  });

  it("allActivity and proportionWeighting match torch", () => {
    const { assignments, proportions } = assignLabels(spikes, fx.labels, fx.nLabels, tensor(fx.prev, { shape: [nNeurons, fx.nLabels] }), fx.alpha);
    expect(allActivity(spikes, assignments, fx.nLabels).toFlatArray()).toEqual(fx.allActivity);
    expect(proportionWeighting(spikes, assignments, proportions, fx.nLabels).toFlatArray()).toEqual(fx.proportionWeighting);
  });
});
