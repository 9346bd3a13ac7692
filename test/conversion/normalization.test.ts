import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import type { NestedArray } from "../../src/tensor/tensor.js";
import { Linear, ReLU, Sequential, annFromJson, dataBasedNormalization, normalizationFactors } from "../../src/conversion/index.js";
import { expectError } from "../helpers/expect-error.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/conversion/ann.json", import.meta.url), "utf8")) as {
  model: unknown;
  input: NestedArray;
  percentile: number;
  factors: { layer: string; relu: boolean; lambda: number; weightScale: number }[];
};

/** Linear(1→2) w=[1, 2], ReLU, Linear(2→1) w=[1, 1] b=0.5 — both top level. */
function small(): Sequential {
  return new Sequential([new Linear({ weight: [[1], [2]], bias: [0, 0] }), new ReLU(), new Linear({ weight: [[1, 1]], bias: [0.5] })]);
}
const data = tensor([[1], [2], [3], [4], [5]]);

describe("data-based normalisation", () => {
  it("finds λ per weighted layer on a small known case (percentile 100 = max, 50 = median)", () => {
    // layer 0: relu([x, 2x]) = {1..5} ∪ {2, 4, .., 10}; layer 2: 3x + 0.5 = {3.5, 6.5, .., 15.5}
    const max = normalizationFactors(small(), data, { percentile: 100 });
    expect(max.map((f) => [f.layer, f.relu, f.lambda])).toEqual([["0", true, 10], ["2", false, 15.5]]);
    expect(max[0]!.weightScale).toBeCloseTo(0.1, 12);
    expect(max[1]!.weightScale).toBeCloseTo(10 / 15.5, 12);
    // sorted layer-0 values 1 2 2 3 4 4 5 6 8 10: position 0.5·9 = 4.5 → (4 + 4)/2
    const med = normalizationFactors(small(), data, { percentile: 50 });
    expect(med.map((f) => f.lambda)).toEqual([4, 9.5]);
    // position 0.9·9 = 8.1 → 8 + 0.1·(10 − 8)
    expect(normalizationFactors(small(), data, { percentile: 90 })[0]!.lambda).toBeCloseTo(8.2, 12);
  });

  it("rescales W by λ_prev/λ and b by 1/λ, so the output is the original's / λ_last; top-level Linears are normalised too", () => {
    const ann = small();
    const norm = dataBasedNormalization(ann, data, { percentile: 100 });
    const l0 = norm.layers[0] as Linear;
    const l2 = norm.layers[2] as Linear;
    expect(l0.weight.tolist()).toEqual([[Math.fround(0.1)], [Math.fround(0.2)]]);
    expect(l2.weight.get(0, 0)).toBeCloseTo(10 / 15.5, 6);
    expect(l2.bias!.get(0)).toBeCloseTo(0.5 / 15.5, 6);
    const a = ann.forward(data).contiguousData();
    const b = norm.forward(data).contiguousData();
    for (let i = 0; i < a.length; i++) expect(b[i]!).toBeCloseTo(a[i]! / 15.5, 6);
    // the given model is unchanged
    expect((ann.layers[0] as Linear).weight.tolist()).toEqual([[1], [2]]);
    expect(norm.layers[1]).toBe(ann.layers[1]);
  });

  it("matches numpy's percentiles on the torch fixture (nested Sequential, conv, pooling, padding)", () => {
    const f = normalizationFactors(annFromJson(fx.model) as Sequential, tensor(fx.input), { percentile: fx.percentile });
    expect(f.map((x) => [x.layer, x.relu])).toEqual(fx.factors.map((x) => [x.layer, x.relu]));
    f.forEach((x, i) => {
      expect(Math.abs(x.lambda - fx.factors[i]!.lambda) / fx.factors[i]!.lambda).toBeLessThan(1e-5);
      expect(Math.abs(x.weightScale - fx.factors[i]!.weightScale) / fx.factors[i]!.weightScale).toBeLessThan(2e-5);
    });
  });

  it("every normalised ReLU layer has its chosen percentile at 1", () => {
    const ann = annFromJson(fx.model) as Sequential;
    const x = tensor(fx.input);
    const norm = dataBasedNormalization(ann, x, { percentile: 100 });
    // percentile 100: the largest activation of the last ReLU (leaf "8") becomes 1
    let h = x;
    for (const l of norm.layers.slice(0, 9)) h = l.forward(h);
    expect(Math.max(...h.contiguousData())).toBeCloseTo(1, 5);
  });

  it("bad arguments are ValueErrors naming the argument, the expected and the given", () => {
    expectError(() => normalizationFactors(small(), data, { percentile: 101 }), ValueError, "dataBasedNormalization", "percentile", "101", "[0, 100]");
    expectError(() => dataBasedNormalization(small(), [1, 2] as never), ValueError, "dataBasedNormalization", "data", "expected a Tensor");
    expectError(() => dataBasedNormalization(new ReLU() as never, data), ValueError, "dataBasedNormalization", "ann", "ReLU", "expected a Sequential");
    const dead = new Sequential([new Linear({ weight: [[-1]] }), new ReLU(), new Linear({ weight: [[1]] })]);
    expectError(() => dataBasedNormalization(dead, data), ValueError, 'layer "0"', "Linear", "activation of 0", "expected a positive number");
  });
});
