import { describe, expect, it } from "vitest";
import { decayOf } from "../../src/backend/numerics.js";
import { ShapeError, ValueError } from "../../src/errors.js";
import { MSTDP } from "../../src/learning/index.js";
import { tensor } from "../../src/tensor/creation.js";
import { W, f, pair, state, steps } from "./helpers.js";

const d = decayOf(20, 1);

describe("MSTDP on Connection", () => {
  it("pre before post with positive reward potentiates, by nu·r·aPlus·decay, one step after the pairing", () => {
    const p = pair([[1, 1], [1, 1]], MSTDP, { nu: 0.5 });
    steps(p, [[[1, 0], [0, 0]], [[0, 0], [0, 1]]], { reward: 2 });
    expect(W(p)).toEqual([[1, 1], [1, 1]]); // the eligibility of a step acts at the next one
    const r = p.c.updateRule as MSTDP;
    expect(r.pPlus!.toArray()).toEqual([[d, 0]]);
    expect(r.pMinus!.toArray()).toEqual([[0, -1]]);
    expect(r.eligibility!.toArray()).toEqual([[[0, d], [0, 0]]]);
    steps(p, [[[0, 0], [0, 0]]], { reward: 2 });
    expect(W(p)).toEqual([[1, f(1 + f(0.5 * f(2 * d)))], [1, 1]]);
  });

  it("post before pre depresses (aMinus = −1); negative reward flips the sign", () => {
    for (const [reward, sign] of [[1, -1], [-1, 1]]) {
      const p = pair([[1, 1], [1, 1]], MSTDP, { nu: 0.5 });
      steps(p, [[[0, 0], [0, 1]], [[1, 0], [0, 0]], [[0, 0], [0, 0]]], { reward });
      expect(W(p)).toEqual([[1, f(1 + sign * f(0.5 * d))], [1, 1]]);
    }
  });

  it("aPlus and aMinus scale the traces", () => {
    const p = pair([[0]], MSTDP, { nu: 1 });
    steps(p, [[[1], [0]], [[0], [1]]], { reward: 1, aPlus: 0.5, aMinus: -0.25 });
    const r = p.c.updateRule as MSTDP;
    expect(r.pPlus!.item()).toBe(f(0.5 * d));
    expect(r.pMinus!.item()).toBe(-0.25);
    expect(r.eligibility!.item()).toBe(f(f(0.5 * d) - 0)); // outer(p+, s_post) + outer(s_pre=0, p−)
  });

  it("keeps state per sample and takes one reward per sample (summed over the batch)", () => {
    const p = pair([[0]], MSTDP, { nu: 1, B: 2 });
    steps(p, [[[1, 1], [1, 1]], [[0, 0], [0, 0]]], { reward: tensor([1, 3]) });
    const r = p.c.updateRule as MSTDP;
    // coincident spikes: e = aPlus·1 + 1·aMinus = 0 per sample
    expect(r.eligibility!.toArray()).toEqual([[[0]], [[0]]]);
    const q = pair([[0]], MSTDP, { nu: 1, B: 2 });
    steps(q, [[[1, 1], [0, 0]], [[0, 0], [1, 1]], [[0, 0], [0, 0]]], { reward: tensor([1, 3]) });
    expect(q.c.w.item()).toBe(f(1 * d + 3 * d));
  });

  it("needs a reward, of a number or one value per sample", () => {
    const p = pair([[0]], MSTDP, { nu: 1 });
    state(p, { sPre: [0], sPost: [0] });
    expect(() => p.c.update({ learning: true })).toThrow(ValueError);
    expect(() => p.c.update({ learning: true })).toThrow(/MSTDP.update: reward is undefined, expected a number or a Tensor/);
    expect(() => p.c.update({ learning: true, reward: tensor([1, 2, 3]) })).toThrow(ShapeError);
    expect(() => p.c.update({ learning: true, reward: 1, aPlus: "x" as unknown as number })).toThrow(/MSTDP.update: aPlus is "x", expected a number/);
    expect(() => pair([[0]], MSTDP, { nu: 1, tcPlus: -1 }).c.update({ learning: true, reward: 1 })).toThrow(/MSTDP: tcPlus is -1, expected a positive finite number/);
  });

  it("resetState clears the traces and the eligibility", () => {
    const p = pair([[0]], MSTDP, { nu: 1 });
    steps(p, [[[1], [1]]], { reward: 1 });
    const r = p.c.updateRule as MSTDP;
    expect(r.pPlus!.item()).toBe(1);
    r.resetState();
    expect([r.pPlus!.item(), r.pMinus!.item(), r.eligibility!.item()]).toEqual([0, 0, 0]);
  });
});
