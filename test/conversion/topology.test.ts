import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import { Input } from "../../src/network/nodes/input.js";
import { PostPre } from "../../src/learning/index.js";
import { ConstantPad2dConnection, PassThroughNodes, PermuteConnection } from "../../src/conversion/index.js";
import { expectError } from "../helpers/expect-error.js";

describe("PermuteConnection", () => {
  it("passes the source's values on with the dims permuted (batch dim first)", () => {
    const src = new Input({ shape: [2, 3] });
    const tgt = new PassThroughNodes({ shape: [3, 2] });
    const c = new PermuteConnection({ source: src, target: tgt, dims: [0, 2, 1], weightDecay: 0.5 });
    expect(c.outShape).toEqual([3, 2]);
    expect(c.compute(tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [0, 0.5, 1]]])).tolist()).toEqual([
      [[1, 4], [2, 5], [3, 6]],
      [[7, 0], [8, 0.5], [9, 1]],
    ]);
    // bool spikes come out as 0/1 floats
    expect(c.compute(tensor([[[true, false, false], [false, false, true]]], { dtype: "bool" })).tolist()).toEqual([[[1, 0], [0, 0], [0, 1]]]);
    // weight decay lands in its own slot (the reference passes it as the reduction)
    expect([c.weightDecay, c.reduction]).toEqual([0.5, null]);
    c.update({ learning: true });
  });

  it("permutes three dims like Tensor.permute", () => {
    const src = new Input({ shape: [2, 3, 4] });
    const c = new PermuteConnection({ source: src, target: new PassThroughNodes({ shape: [3, 4, 2] }), dims: [0, 2, 3, 1] });
    const x = tensor(Array.from({ length: 24 }, (_, i) => i)).reshape([1, 2, 3, 4]);
    expect(c.compute(x).tolist()).toEqual(x.permute([0, 2, 3, 1]).tolist());
  });

  it("bad dims, targets or rules are ValueErrors naming the argument, the expected and the given", () => {
    const src = new Input({ shape: [2, 3] });
    expectError(() => new PermuteConnection({ source: src, target: new PassThroughNodes({ shape: [3, 2] }), dims: [1, 0, 2] }), ValueError, "PermuteConnection", "dims", "[1, 0, 2]", "starting with 0");
    expectError(() => new PermuteConnection({ source: src, target: new PassThroughNodes({ shape: [2, 3] }), dims: [0, 2, 1] }), ValueError, "PermuteConnection", "target", "[2, 3]", "expected [3, 2]");
    expectError(() => new PermuteConnection({ source: src, target: new PassThroughNodes({ shape: [3, 2] }), dims: [0, 2, 1], updateRule: PostPre }), ValueError, "PermuteConnection", "updateRule", "PostPre", "expected none");
  });
});

describe("ConstantPad2dConnection", () => {
  it("pads the last two dims (left, right, top, bottom) with the value", () => {
    const src = new Input({ shape: [1, 2, 2] });
    const tgt = new PassThroughNodes({ shape: [1, 4, 3] });
    const c = new ConstantPad2dConnection({ source: src, target: tgt, padding: [1, 0, 1, 1], value: 0.5 });
    expect(c.compute(tensor([[[[1, 2], [3, 4]]]])).tolist()).toEqual([[[[0.5, 0.5, 0.5], [0.5, 1, 2], [0.5, 3, 4], [0.5, 0.5, 0.5]]]]);
    const z = new ConstantPad2dConnection({ source: src, target: new PassThroughNodes({ shape: [1, 4, 4] }), padding: 1 });
    expect(z.compute(tensor([[[[1, 2], [3, 4]]]])).tolist()).toEqual([[[[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]]]]);
  });

  it("bad padding or target shape are ValueErrors naming the argument, the expected and the given", () => {
    const src = new Input({ shape: [1, 2, 2] });
    expectError(() => new ConstantPad2dConnection({ source: src, target: new PassThroughNodes({ shape: [1, 4, 4] }), padding: -1 }), ValueError, "ConstantPad2dConnection", "padding", "-1", "non-negative");
    expectError(() => new ConstantPad2dConnection({ source: src, target: new PassThroughNodes({ shape: [1, 3, 3] }), padding: 1 }), ValueError, "ConstantPad2dConnection", "target", "[1, 3, 3]", "expected [1, 4, 4]");
    expectError(() => new ConstantPad2dConnection({ source: src, target: new PassThroughNodes({ shape: [1, 4, 4] }), padding: 1, value: NaN }), ValueError, "value", "NaN", "finite");
  });
});
