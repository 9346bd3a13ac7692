import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { Rmax } from "../../src/learning/index.js";
import type { SRM0Nodes } from "../../src/network/index.js";
import { W, f, pair, put, state } from "./helpers.js";

describe("Rmax on Connection (SRM0 target)", () => {
  it("a spike above its expected rate potentiates, an expected but missing spike depresses", () => {
    const p = pair([[0, 0], [0, 0]], Rmax, { nu: 0.5, srm0: true, additive: true });
    state(p, { xPre: [1, 0.5], sPost: [1, 0] });
    put((p.Y as SRM0Nodes).sProb, [0.5, 0.25]);
    p.c.update({ learning: true, reward: 1 });
    // g = s − p/(1 + 5p): [1 − 0.5/3.5, −0.25/2.25]
    const g0 = f(1 - f(0.5 / f(1 + f(5 * 0.5))));
    const g1 = f(0 - f(0.25 / f(1 + f(5 * 0.25))));
    const z = [[g0, g1], [f(0.5 * g0), f(0.5 * g1)]];
    expect((p.c.updateRule as Rmax).eligibilityTrace!.toArray()).toEqual([z]);
    expect(W(p)).toEqual(z.map((row) => row.map((v) => f(0.5 * v))));
    expect(g0).toBeGreaterThan(0);
    expect(g1).toBeLessThan(0);
  });

  it("decays the trace linearly by (1 − dt/tcETrace) and scales the update by the reward", () => {
    const p = pair([[0]], Rmax, { nu: 1, srm0: true, additive: true, tcETrace: 4, tcC: 0 });
    state(p, { xPre: [1], sPost: [1] });
    put((p.Y as SRM0Nodes).sProb, [0.5]);
    p.c.update({ learning: true, reward: 0 }); // tcC = 0: g = s − p = 0.5
    expect(p.c.w.item()).toBe(0);
    state(p, { xPre: [0], sPost: [0] });
    p.c.update({ learning: true, reward: 2 });
    expect(p.c.w.item()).toBe(f(2 * f(0.5 * 0.75)));
  });

  it("needs additive source traces and an SRM0Nodes target", () => {
    expect(() => pair([[0]], Rmax, { nu: 1, srm0: true }).c.update({ learning: true, reward: 1 })).toThrow(/Rmax: source.traces is true and source.tracesAdditive is false, expected pre-synaptic nodes with additive spike traces/);
    expect(() => pair([[0]], Rmax, { nu: 1, additive: true }).c.update({ learning: true, reward: 1 })).toThrow(ValueError);
    expect(() => pair([[0]], Rmax, { nu: 1, additive: true }).c.update({ learning: true, reward: 1 })).toThrow(/Rmax: target is LIFNodes, expected SRM0Nodes/);
  });
});
