import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { WeightDependentPostPre } from "../../src/learning/index.js";
import { tensor } from "../../src/tensor/creation.js";
import { W, f, pair, state } from "./helpers.js";

describe("WeightDependentPostPre on Connection", () => {
  it("depression scales with w − wmin, potentiation with wmax − w (weights before the step)", () => {
    const p = pair([[1.5, 0.5], [1, 1]], WeightDependentPostPre, { nu: [0.5, 0.25], wmin: 0, wmax: 2 });
    state(p, { sPre: [1, 0], xPre: [1, 0.5], sPost: [0, 1], xPost: [0.5, 1] });
    p.c.update({ learning: true });
    // P = [[0.5, 1], [0, 0]], Q = [[0, 1], [0, 0.5]]
    // Δ00 = −0.5·0.5·1.5 = −0.375; Δ01 = −0.5·1·0.5 + 0.25·1·1.5 = 0.125; Δ11 = 0.25·0.5·1 = 0.125
    expect(W(p)).toEqual([[1.125, 0.625], [1, 1.125]]);
  });

  it("changes vanish at the bounds: no depression at wmin, no potentiation at wmax", () => {
    const p = pair([[-1, 4]], WeightDependentPostPre, { nu: [0.5, 0.5], wmin: -1, wmax: 4 });
    state(p, { sPre: [1], xPre: [1], sPost: [0, 1], xPost: [1, 1] });
    p.c.update({ learning: true });
    // w00 at wmin: −0.5·1·0 = 0; w01 at wmax: −0.5·1·5 + 0.5·1·0 = −2.5
    expect(W(p)).toEqual([[-1, 1.5]]);
  });

  it("per-weight tensor bounds are read elementwise", () => {
    const p = pair([[1, 1]], WeightDependentPostPre, { nu: [0.1, 0], wmin: tensor([[0, 0.5]]), wmax: 3 });
    state(p, { sPre: [1], xPre: [0], sPost: [0, 0], xPost: [1, 1] });
    p.c.update({ learning: true });
    expect(W(p)).toEqual([[f(1 - f(0.1)), f(1 - f(f(0.1) * 0.5))]]);
  });

  it("requires finite wmin and wmax", () => {
    const p = pair([[1]], WeightDependentPostPre, { nu: 1, wmin: 0 });
    expect(() => p.c.update({ learning: true })).toThrow(ValueError);
    expect(() => p.c.update({ learning: true })).toThrow(/WeightDependentPostPre: wmin is 0 and wmax is Infinity, expected the connection to define finite wmin and wmax/);
  });
});
