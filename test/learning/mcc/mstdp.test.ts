/** MCC MSTDP and MSTDPET: one-step-lagged reward-modulated updates, by hand; state reset; bad input. */
import { describe, expect, it } from "vitest";
import { decayOf } from "../../../src/backend/numerics.js";
import { ValueError } from "../../../src/errors.js";
import { MSTDP, MSTDPET, NoOp } from "../../../src/learning/mcc/index.js";
import type { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { set, setup, vals } from "./helpers.js";

const f = Math.fround;

function step(c: MulticompartmentConnection, sPre: number[], sPost: number[], reward: number): void {
  set(c.source.s, sPre);
  set(c.target.s, sPost);
  c.update({ learning: true, reward });
}

describe("MCC MSTDP", () => {
  it("uses the previous step's eligibility: pre then post spike potentiates by nu0 r exp(-dt/tc_plus)", () => {
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: MSTDP, nu: [0.1, 0] });
    step(c, [1], [0], 1);
    step(c, [0], [1], 1);
    expect(vals(w)).toEqual([0.5]);
    step(c, [0], [0], 2);
    const e = decayOf(20, 1);
    expect(vals(w)).toEqual([f(0.5 + f(f(0.1) * f(2 * e)))]);
    const rule = w.learningRule as MSTDP;
    expect(rule.pPlus!.item()).toBe(f(e * e));
  });

  it("post then pre depresses (aMinus = -1 by default); the reward is required", () => {
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: MSTDP, nu: [0.1, 0] });
    step(c, [0], [1], 1);
    step(c, [1], [0], 1);
    step(c, [0], [0], 1);
    expect(vals(w)[0]).toBeCloseTo(0.5 - 0.1 * decayOf(20, 1), 6);
    expect(() => c.update({ learning: true })).toThrow(ValueError);
  });
});

describe("MCC MSTDPET", () => {
  it("accumulates the eligibility trace z += e/tc_e and updates by nu0 dt r z", () => {
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: MSTDPET, nu: [0.1, 0] });
    step(c, [1], [0], 1);
    step(c, [0], [1], 1);
    expect(vals(w)).toEqual([0.5]);
    step(c, [0], [0], 3);
    const e = decayOf(20, 1);
    const z = f(e / 25);
    expect(vals(w)).toEqual([f(0.5 + f(f(f(0.1) * 3) * z))]);
    const rule = w.learningRule as MSTDPET;
    expect(rule.eligibilityTrace!.data[0]).toBe(z);
    c.resetStateVariables();
    expect(rule.eligibilityTrace!.data[0]).toBe(0);
    expect(rule.eligibility!.data[0]).toBe(0);
    expect(rule.pPlus!.item()).not.toBe(0);
  });
});

describe("MCC NoOp", () => {
  it("does nothing at all: no decay, no clamp", () => {
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: NoOp, decay: 0.5, range: [0, 1] });
    step(c, [1], [1], 1);
    expect(vals(w)).toEqual([0.5]);
  });
});

describe("MCC MSTDP batches and averaging", () => {
  it("keeps per-sample traces and sums the samples' r·e", () => {
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: MSTDP, nu: [0.1, 0] }, 2);
    set(c.source.s, [1, 1]);
    set(c.target.s, [0, 0]);
    c.update({ learning: true, reward: 1 });
    set(c.source.s, [0, 0]);
    set(c.target.s, [1, 0]);
    c.update({ learning: true, reward: 1 });
    set(c.target.s, [0, 0]);
    c.update({ learning: true, reward: 1 });
    // only sample 0 had pre-then-post: e = exp(-1/20) there, 0 in sample 1
    expect(vals(w)).toEqual([f(0.5 + f(f(0.1) * decayOf(20, 1)))]);
    const rule = w.learningRule as MSTDP;
    expect(rule.pPlus!.shape).toEqual([2, 1]);
  });

  it("averageUpdate applies nu0 times the mean of the last N reduced updates every N steps", () => {
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: MSTDP, nu: [0.1, 0] }, 1, { averageUpdate: 2 });
    step(c, [1], [0], 1);
    step(c, [0], [1], 1);
    step(c, [0], [0], 1);
    expect(vals(w)).toEqual([0.5]);
    step(c, [0], [0], 1);
    const e = decayOf(20, 1);
    expect(vals(w)[0]).toBeCloseTo(0.5 + 0.1 * (e + 0) / 2, 7);
  });
});
