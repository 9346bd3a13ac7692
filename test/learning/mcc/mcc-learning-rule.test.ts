/** MCCLearningRule base: nu parsing, decay, polarity, tensor bounds; UpdateRing. */
import { describe, expect, it } from "vitest";
import { PostPre } from "../../../src/learning/mcc/index.js";
import { UpdateRing } from "../../../src/learning/common.js";
import { set, setup, t32, vals } from "./helpers.js";

describe("MCCLearningRule", () => {
  it("enforcePolarity (a connection option for the rules) zeroes entries whose sign changed", () => {
    const { c, f } = setup(1, 2, { value: t32([0.1, -0.1], [1, 2]), learningRule: PostPre, nu: [0, 1] }, 1, { enforcePolarity: true });
    set(c.source.x, [1]);
    set(c.target.s, [1, 1]);
    c.update({ learning: true });
    // 0.1 + 1 keeps its sign; -0.1 + 1 flips to positive and is zeroed
    expect(vals(f)).toEqual([Math.fround(1.1), 0]);
  });

  it("clamps to tensor bounds per synapse", () => {
    const { c, f } = setup(1, 2, { value: t32([0.5, 0.5], [1, 2]), learningRule: PostPre, nu: [0, 1], range: [t32([0, 0], [1, 2]), t32([0.7, 2], [1, 2])] });
    set(c.source.x, [1]);
    set(c.target.s, [1, 1]);
    c.update({ learning: true });
    expect(vals(f)).toEqual([Math.fround(0.7), 1.5]);
  });

  it("rejects a bad nu or averageUpdate", () => {
    expect(() => setup(1, 1, { value: 0.5, learningRule: PostPre }, 1, { averageUpdate: -1 })).toThrow(/averageUpdate is -1, expected a non-negative integer/);
  });
});

describe("UpdateRing", () => {
  it("wraps every N pushes and averages its slots", () => {
    const r = new UpdateRing(3, 1);
    expect(r.push(Float32Array.of(3))).toBe(false);
    expect(r.push(Float32Array.of(6))).toBe(false);
    expect(Array.from(r.mean(new Float32Array(1)))).toEqual([3]);
    expect(r.push(Float32Array.of(0))).toBe(true);
  });

  it("pushMean returns the mean only when due: on the wrap, or after every push with continues", () => {
    const every = new UpdateRing(2, 1);
    const out = new Float32Array(1);
    expect(every.pushMean(Float32Array.of(4), out, false)).toBeNull();
    expect(Array.from(every.pushMean(Float32Array.of(2), out, false)!)).toEqual([3]);
    const cont = new UpdateRing(2, 1);
    expect(Array.from(cont.pushMean(Float32Array.of(4), out, true)!)).toEqual([2]); // (4 + 0) / 2
    const u = Float32Array.of(6);
    expect(cont.pushMean(u, u, true)).toBe(u); // the mean may overwrite the pushed update
    expect(Array.from(u)).toEqual([5]);
  });
});
