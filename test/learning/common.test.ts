import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tsum0 } from "../../src/backend/numerics.js";
import { ShapeError, ValueError } from "../../src/errors.js";
import { reduceBatch, reductionOf, rewardsOf } from "../../src/learning/common.js";
import { PostPre } from "../../src/learning/index.js";
import type { SynapseView } from "../../src/network/synapse-view.js";
import { tensor } from "../../src/tensor/creation.js";
import { pair } from "./helpers.js";

describe("reduceBatch", () => {
  it("sums stored entries in the batch order of their dense positions (a sparse view's batchOrder)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 0, max: 2 ** 31 }), (B, seed) => {
        const nPre = 7;
        const nPost = 9; // 63 entries: the first 32 sum in cascade order, the rest in four lanes
        const N = nPre * nPost;
        let s = seed;
        const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const index = Int32Array.from(Array.from({ length: N }, (_, e) => e).filter(() => rnd() < 0.4));
        const dense = Float32Array.from({ length: B * N }, () => rnd() * 2 - 1);
        const stored = new Float32Array(B * index.length);
        for (let b = 0; b < B; b++) for (let e = 0; e < index.length; e++) stored[b * index.length + e] = dense[b * N + index[e]!]!;
        const p = pair([[0]], PostPre, { nu: 1, B });
        const rule = p.c.updateRule;
        const view = { batchOrder: { n: N, index } } as unknown as SynapseView;
        const got = reduceBatch(rule, stored, B, index.length, view);
        const ref = tsum0(dense, B, N);
        expect(Array.from(got)).toEqual(Array.from(index, (i) => ref[i]!));
      }),
      { numRuns: 60 },
    );
  });

  it("mean divides the sum by the batch size; B = 1 is the identity", () => {
    const p = pair([[0]], PostPre, { nu: 1, B: 2, reduction: "mean" });
    expect(reductionOf(p.c.updateRule)).toBe("mean");
    expect(Array.from(reduceBatch(p.c.updateRule, Float32Array.from([1, 2, 3, 5]), 2, 2))).toEqual([2, 3.5]);
    expect(Array.from(reduceBatch(p.c.updateRule, Float32Array.from([1, 2]), 1, 2))).toEqual([1, 2]);
    const q = pair([[0]], PostPre, { nu: 1 });
    expect(reductionOf(q.c.updateRule)).toBe("sum"); // the default squeeze acts as a sum
  });

  it("a custom reduction must return one value per weight", () => {
    const p = pair([[0]], PostPre, { nu: 1, B: 2, reduction: (t: ReturnType<typeof tensor>) => t });
    expect(() => reduceBatch(p.c.updateRule, Float32Array.from([1, 2]), 2, 1)).toThrow(ShapeError);
    expect(() => reduceBatch(p.c.updateRule, Float32Array.from([1, 2]), 2, 1)).toThrow(/PostPre: reduction returned shape \[2, 1\], expected a Tensor of 1 values/);
  });
});

describe("rewardsOf", () => {
  it("spreads a number or a single value over the batch, takes one value per sample", () => {
    expect(Array.from(rewardsOf("R", 0.1, 2))).toEqual([Math.fround(0.1), Math.fround(0.1)]);
    expect(Array.from(rewardsOf("R", tensor([2]), 3))).toEqual([2, 2, 2]);
    expect(Array.from(rewardsOf("R", tensor([1, -1]), 2))).toEqual([1, -1]);
    expect(() => rewardsOf("R", tensor([1, 2]), 3)).toThrow(/R.update: reward has shape \[2\], expected a number, one value or \[B=3\] values/);
    expect(() => rewardsOf("R", "1", 1)).toThrow(ValueError);
  });
});
