import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import { Connection, Input, LIFNodes, LearningRule, NoOp, meanDim, sumDim } from "../../src/network/index.js";

class Rule extends LearningRule {}

function conn(batch: number | null) {
  const X = new Input({ n: 2 });
  const Y = new LIFNodes({ n: 2 });
  if (batch !== null) {
    for (const l of [X, Y]) {
      l.computeDecays(1);
      l.setBatchSize(batch);
    }
  }
  return new Connection({ source: X, target: Y, w: tensor([[1, 2], [3, 4]]) });
}

describe("LearningRule", () => {
  it("parses nu: none, scalar, pair", () => {
    expect(new Rule({ connection: conn(1) }).nu).toEqual([0, 0]);
    expect(new Rule({ connection: conn(1), nu: 0.1 }).nu).toEqual([0.1, 0.1]);
    expect(new Rule({ connection: conn(1), nu: [1e-4, 1e-2] }).nu).toEqual([1e-4, 1e-2]);
    expect(() => new Rule({ connection: conn(1), nu: [1, 2, 3] })).toThrow(/Rule: nu is \[1, 2, 3\], expected a number or a pair/);
  });

  it("default reduction: squeeze for batch 1, sum otherwise (and before the layers have a batch)", () => {
    const t = tensor([[[1, 2]], [[3, 4]]]);
    const one = new Rule({ connection: conn(1) });
    expect(one.reduction(tensor([[[1, 2]]]), 0).shape).toEqual([1, 2]);
    const many = new Rule({ connection: conn(3) });
    expect(many.reduction(t, 0).toArray()).toEqual([[4, 6]]);
    const none = new Rule({ connection: conn(null) });
    expect(none.reduction(t, 0).toArray()).toEqual([[4, 6]]);
    expect(new Rule({ connection: conn(1), reduction: "mean" }).reduction(t, 0).toArray()).toEqual([[2, 3]]);
    expect(() => new Rule({ connection: conn(1), reduction: "max" as never })).toThrow(ValueError);
  });

  it("sumDim and meanDim reduce any dimension", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(sumDim(t, 1).toArray()).toEqual([6, 15]);
    expect(sumDim(t, 0).toArray()).toEqual([5, 7, 9]);
    expect(meanDim(t, -1).toArray()).toEqual([2, 5]);
  });

  it("base update: decay then clamp; NoOp: decay only; weightDecay 1 means no decay (reference)", () => {
    const c = conn(1);
    c.wmax = 2.5;
    const r = new Rule({ connection: c, weightDecay: 0.5 });
    expect(r.weightDecayFactor).toBe(0.5);
    r.update({});
    expect(c.w.toArray()).toEqual([[0.5, 1], [1.5, 2]]);
    const c2 = conn(1);
    c2.wmax = 2.5;
    new NoOp({ connection: c2 }).update({});
    expect(c2.w.toArray()).toEqual([[1, 2], [3, 4]]);
    const c3 = conn(1);
    new Rule({ connection: c3, weightDecay: 1 }).update({});
    expect(c3.w.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it("needs a connection", () => {
    expect(() => new Rule({} as never)).toThrow(/Rule: connection is missing/);
  });
});
