import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import { Conv2d, Linear, MaxPool2d, ReLU, Sequential, annFromJson, annToJson, weightToBase64 } from "../../src/conversion/index.js";
import { expectError } from "../helpers/expect-error.js";

describe("ANN JSON", () => {
  it("reads base64 float32 weights (little-endian) and nested arrays alike", () => {
    const w = tensor([[0.1, -2.5, 3]]);
    const b64 = weightToBase64(w);
    expect(b64.shape).toEqual([1, 3]);
    const a = annFromJson({ type: "Linear", weight: b64, bias: [1] }) as Linear;
    expect(a.weight.tolist()).toEqual(w.tolist());
    expect(a.bias!.tolist()).toEqual([1]);
  });

  it("round-trips a model through annToJson (base64 and nested arrays) and a JSON string", () => {
    const m = new Sequential([
      new Conv2d({ weight: tensor([[[[1, 2], [3, 4]]]]), stride: [1, 2], padding: 1 }),
      new ReLU(),
      new MaxPool2d({ kernelSize: 2, stride: 1 }),
      new Sequential([new Linear({ weight: [[0.5, -1]], bias: null })]),
    ]);
    for (const nestedArrays of [false, true]) {
      const back = annFromJson(JSON.stringify(annToJson(m, { nestedArrays }))) as Sequential;
      expect(annToJson(back, { nestedArrays: true })).toEqual(annToJson(m, { nestedArrays: true }));
    }
    const conv = (annFromJson(annToJson(m)) as Sequential).layers[0] as Conv2d;
    expect([conv.stride, conv.padding, conv.dilation]).toEqual([[1, 2], [1, 1], [1, 1]]);
  });

  it("accepts an array as a Sequential and torch's snake_case option names", () => {
    const m = annFromJson([{ type: "MaxPool2d", kernel_size: 3 }, { type: "Flatten", start_dim: 0 }]) as Sequential;
    expect((m.layers[0] as MaxPool2d).kernelSize).toEqual([3, 3]);
    expect(m.layers[1]!.type).toBe("Flatten");
  });

  it("bad descriptions name the layer path, the argument, the expected and the given", () => {
    expectError(() => annFromJson([{ type: "ReLU" }, { type: "Softmax" }]), ValueError, "annFromJson", "ann.1", "type", '"Softmax"', "expected one of Linear");
    expectError(() => annFromJson({ type: "Sequential", layers: [{ type: "Linear", weight: [1] }] }), ValueError, "ann.0", "Linear", "weight", "[1]", "2 dims");
    expectError(() => annFromJson({ type: "Linear", weight: { shape: [2, 2], base64: "AAAAAA==" } }), ValueError, "weight", "4 bytes", "expected 16");
    expectError(() => annFromJson("{"), ValueError, "annFromJson", "not valid JSON");
    expectError(() => annFromJson(5), ValueError, "annFromJson", "ann", "5", "expected { type");
  });
});
