import { describe, expect, it } from "vitest";
import { decayOf } from "../../src/backend/numerics.js";
import { MSTDPET } from "../../src/learning/index.js";
import { tensor } from "../../src/tensor/creation.js";
import { W, f, pair, steps } from "./helpers.js";

const dp = decayOf(20, 1);
const dz = decayOf(25, 1);

describe("MSTDPET on Connection", () => {
  it("a pre→post pairing enters the eligibility trace as e/tcETrace and keeps acting while the trace decays", () => {
    const p = pair([[1, 1]], MSTDPET, { nu: 0.5 });
    steps(p, [[[1], [0, 0]], [[0], [0, 1]]], { reward: 1 });
    const r = p.c.updateRule as MSTDPET;
    expect(r.eligibility!.toArray()).toEqual([[[0, dp]]]);
    expect(W(p)).toEqual([[1, 1]]);
    steps(p, [[[0], [0, 0]]], { reward: 1 });
    const z1 = f(dp / 25);
    expect(r.eligibilityTrace!.toArray()).toEqual([[[0, z1]]]);
    const w1 = f(1 + f(f(0.5 * 1) * z1));
    expect(W(p)).toEqual([[1, w1]]);
    steps(p, [[[0], [0, 0]]], { reward: 2 });
    const z2 = f(z1 * dz);
    expect(W(p)).toEqual([[1, f(w1 + f(f(0.5 * 2) * z2))]]);
  });

  it("post before pre depresses", () => {
    const p = pair([[1, 1]], MSTDPET, { nu: 0.5 });
    steps(p, [[[0], [0, 1]], [[1], [0, 0]], [[0], [0, 0]]], { reward: 1 });
    expect(W(p)[0]![1]).toBeLessThan(1);
    expect(W(p)[0]![1]).toBe(f(1 + f(0.5 * f(-dp / 25))));
  });

  it("works for a batch (the reference supports one sample only): per-sample traces, summed updates", () => {
    const p = pair([[0]], MSTDPET, { nu: 1, B: 2 });
    steps(p, [[[1, 0], [0, 0]], [[0, 0], [1, 0]], [[0, 0], [0, 0]]], { reward: tensor([1, 5]) });
    const r = p.c.updateRule as MSTDPET;
    expect(r.eligibilityTrace!.shape).toEqual([2, 1, 1]);
    // only sample 0 paired: Δw = 1·1·z₀
    expect(p.c.w.item()).toBe(f(dp / 25));
  });
});
