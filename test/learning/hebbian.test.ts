import { describe, expect, it } from "vitest";
import { Hebbian } from "../../src/learning/index.js";
import { W, f, pair, state } from "./helpers.js";

describe("Hebbian on Connection", () => {
  it("both spike orders potentiate: row of a pre spike += nu0·x_post, column of a post spike += nu1·x_pre", () => {
    const p = pair([[1, 1], [1, 1]], Hebbian, { nu: [0.5, 0.25] });
    state(p, { sPre: [1, 0], xPre: [1, 0.5], sPost: [0, 1], xPost: [0.5, 1] });
    p.c.update({ learning: true });
    expect(W(p)).toEqual([[1.25, 1.75], [1, 1.125]]);
  });

  it("nu multiplies the reduced batch sum (one rounding after the sum)", () => {
    const p = pair([[0]], Hebbian, { nu: [0.1, 0], B: 2 });
    state(p, { sPre: [1, 1], xPre: [0, 0], sPost: [0, 0], xPost: [0.3, 0.7] });
    p.c.update({ learning: true });
    expect(p.c.w.item()).toBe(f(f(0.1) * f(f(0.3) + f(0.7))));
  });

  it("weight decay then clamp close every update", () => {
    const p = pair([[2, 2]], Hebbian, { nu: [1, 1], wmax: 2.5, weightDecay: 0.5 });
    state(p, { sPre: [1], xPre: [1], sPost: [0, 0], xPost: [1, 0] });
    p.c.update({ learning: true });
    // [3, 2]·0.5 = [1.5, 1]
    expect(W(p)).toEqual([[1.5, 1]]);
  });

  it("needs traces on both layers", () => {
    const p = pair([[1]], Hebbian, { nu: 1, traces: false });
    expect(() => p.c.update({ learning: true })).toThrow(/Hebbian: source.traces is false and target.traces is false, expected both/);
  });
});
