import { describe, expect, it } from "vitest";
import "../../src/tensor/methods.js";
import * as ops from "../../src/tensor/ops/index.js";
import { arange, tensor } from "../../src/tensor/creation.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("Tensor methods", () => {
  it("exist for every functional op that takes a tensor first", () => {
    const skip = new Set(["broadcastShapes", "broadcastShape", "resultType", "canCast", "cat", "stack", "where"]);
    const proto = Tensor.prototype as unknown as Record<string, unknown>;
    const missing = Object.entries(ops)
      .filter(([name, v]) => typeof v === "function" && !skip.has(name))
      .map(([name]) => name)
      .filter((name) => typeof proto[name] !== "function");
    expect(missing).toEqual([]);
  });

  it("chain like torch: a.add(b).sum(1)", () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    const b = tensor([10, 20, 30]);
    expect(a.add(b).sum(1).toFlatArray()).toEqual([66, 75]);
    expect(a.mul(2).sub(1).max().item()).toBe(11);
    expect(a.gt(2).sum().item()).toBe(4);
  });

  it("call the same functions as the functional ops", () => {
    const t = tensor([[3, -1, 2], [0, 5, -4]]);
    expect(t.clamp(-1, 2).toFlatArray()).toEqual(ops.clamp(t, -1, 2).toFlatArray());
    expect(t.max(1).indices.toFlatArray()).toEqual([0, 1]);
    expect(t.max(tensor([1, 1, 1])).toFlatArray()).toEqual([3, 1, 2, 1, 5, 1]);
    expect(t.sort(1, true).values.toArray()).toEqual([[3, 2, -1], [5, 0, -4]]);
    expect(t.topk(1).indices.toFlatArray()).toEqual([0, 1]);
    expect(t.flip(0).toArray()).toEqual([[0, 5, -4], [3, -1, 2]]);
    expect(t.abs().norm(1).item()).toBe(15);
    expect(t.type("int32").dtype).toBe("int32");
  });

  it("where takes self as the true branch, repeat takes varargs or an array", () => {
    const x = tensor([1, 2, 3]);
    expect(x.where(tensor([true, false, true]), 0).toFlatArray()).toEqual([1, 0, 3]);
    expect(x.repeat(2).toFlatArray()).toEqual([1, 2, 3, 1, 2, 3]);
    expect(x.repeat([2, 1]).shape).toEqual([2, 3]);
  });

  it("in-place methods return the same tensor", () => {
    const t = arange(0, 4, 1, { dtype: "float32" });
    const r = t.add_(1).mul_(2).clamp_(null, 6);
    expect(r).toBe(t);
    expect(t.toFlatArray()).toEqual([2, 4, 6, 6]);
    t.maskedFill_(t.eq(6), 0).setByMask_(t.eq(2), -1);
    expect(t.toFlatArray()).toEqual([-1, 4, 0, 0]);
  });
});
