import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import type { NestedArray, Tensor } from "../../src/tensor/tensor.js";
import {
  ConstantPad2d,
  Conv2d,
  Dropout,
  FeatureExtractor,
  Flatten,
  Linear,
  MaxPool2d,
  Permute,
  ReLU,
  Sequential,
  annFromJson,
} from "../../src/conversion/index.js";
import { expectError } from "../helpers/expect-error.js";

interface Fixture {
  model: unknown;
  input: NestedArray;
  outputs: Record<string, NestedArray>;
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/conversion/ann.json", import.meta.url), "utf8")) as Fixture;

function close(t: Tensor, want: NestedArray, tol = 2e-6): void {
  const w = tensor(want, { dtype: "float32" });
  expect(t.shape).toEqual(w.shape);
  const a = t.contiguousData();
  const b = w.contiguousData();
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst).toBeLessThan(tol);
}

describe("declarative ANN layers", () => {
  it("Linear computes x·Wᵀ + b (hand-computed) and views its input as [-1, in]", () => {
    const l = new Linear({ weight: [[1, 2], [3, -4], [0.5, 0]], bias: [0.25, 0, -1] });
    expect([l.inFeatures, l.outFeatures]).toEqual([2, 3]);
    expect(l.forward(tensor([[1, 1], [2, -1]])).tolist()).toEqual([[3.25, -1, -0.5], [0.25, 10, 0]]);
    expect(l.forward(tensor([[[1]], [[1]]])).shape).toEqual([1, 3]);
  });

  it("Conv2d, ReLU, MaxPool2d, Flatten, Permute, ConstantPad2d and Dropout on hand-computed values", () => {
    const x = tensor([[[[1, -2], [3, 4]]]]); // [1, 1, 2, 2]
    const c = new Conv2d({ weight: [[[[1, 1], [1, 1]]], [[[1, 0], [0, -1]]]], bias: [0, 1] });
    expect(c.forward(x).tolist()).toEqual([[[[6]], [[-2]]]]);
    expect(new ReLU().forward(tensor([-1, 0, 2])).tolist()).toEqual([0, 0, 2]);
    expect(new MaxPool2d({ kernelSize: 2 }).forward(x).tolist()).toEqual([[[[4]]]]);
    expect(new MaxPool2d({ kernelSize: 2 }).stride).toEqual([2, 2]);
    expect(new Flatten().forward(x).shape).toEqual([1, 4]);
    expect(new Permute({ dims: [0, 3, 2, 1] }).forward(x).tolist()).toEqual([[[[1], [3]], [[-2], [4]]]]);
    expect(new ConstantPad2d({ padding: [1, 0, 0, 1], value: 9 }).forward(x).tolist()).toEqual([[[[9, 1, -2], [9, 3, 4], [9, 9, 9]]]]);
    expect(new Dropout({ p: 0.5 }).forward(x)).toBe(x);
  });

  it("a layer keeps its own copy of the weights", () => {
    const w = tensor([[1, 2]]);
    const l = new Linear({ weight: w });
    w.set(5, 0, 0);
    expect(l.weight.get(0, 0)).toBe(1);
  });

  it("the fixture model (torch 1.13) gives torch's outputs for every child", () => {
    const model = annFromJson(fx.model) as Sequential;
    expect(model).toBeInstanceOf(Sequential);
    const outs = new FeatureExtractor(model).forward(tensor(fx.input));
    expect([...outs.keys()]).toEqual(["input", ...Object.keys(fx.outputs).sort((a, b) => Number(a) - Number(b))]);
    for (const [k, want] of Object.entries(fx.outputs)) close(outs.get(k)!, want);
    close(model.forward(tensor(fx.input)), fx.outputs["10"]!);
  });

  it("leaves() expands nested Sequentials with dotted paths", () => {
    const model = annFromJson(fx.model) as Sequential;
    const names = model.leaves().map((l) => `${l.name}:${l.layer.type}`);
    expect(names.slice(3, 6)).toEqual(["3:MaxPool2d", "4.0:Conv2d", "4.1:ReLU"]);
    expect(names).toHaveLength(12);
  });

  it("bad layer specs are ValueErrors naming the layer, the argument, the expected and the given", () => {
    expectError(() => new Linear({ weight: [1, 2] }), ValueError, "Linear", "weight", "[2]", "expected 2 dims [out, in]");
    expectError(() => new Linear({ weight: [[1, 2]], bias: [1, 2] }), ValueError, "Linear", "bias", "[2]", "out=1");
    expectError(() => new Linear({ weight: [[1, 2], [3]] }), ValueError, "Linear", "weight", "rectangular");
    expectError(() => new Conv2d({ weight: [[[[1]]]], stride: 0 }), ValueError, "Conv2d", "stride", "positive integer", "0");
    expectError(() => new MaxPool2d({ kernelSize: 2, padding: 2 }), ValueError, "MaxPool2d", "padding", "at most half");
    expectError(() => new Permute({ dims: [0, 0, 1] }), ValueError, "Permute", "dims", "permutation", "[0, 0, 1]");
    expectError(() => new ConstantPad2d({ padding: [1, 2] }), ValueError, "ConstantPad2d", "padding", "4 of them", "[1, 2]");
    expectError(() => new Dropout({ p: 2 }), ValueError, "Dropout", "p", "[0, 1]", "2");
    expectError(() => new Sequential([new ReLU(), {} as never]), ValueError, "Sequential", 'layer "1"', "expected one of Linear");
  });
});
