/** PostPre with nu as a pair of per-neuron tensors (BindsNET's stacked nu, one rate per target neuron). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Hebbian, PostPre } from "../../src/learning/index.js";
import { Connection, Input, LIFNodes } from "../../src/network/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { pair, state } from "./helpers.js";

const t = (v: number[]): Tensor => new Tensor(Float32Array.from(v), [v.length], "float32");
const f = Math.fround;

describe("PostPre: nu as per-neuron tensors", () => {
  it("known values against a hand computation (2 pre, 2 post)", () => {
    // w = [[0.5, 0.5], [0.5, 0.5]]; pre 0 spikes, post 1 spikes; x_pre = [1, 0.25], x_post = [0.5, 1]
    const p = pair([[0.5, 0.5], [0.5, 0.5]], PostPre, { nu: [t([0.1, 0.2]), t([0.01, 0.02])], wmin: 0, wmax: 1 });
    state(p, { sPre: [1, 0], xPre: [1, 0.25], sPost: [0, 1], xPost: [0.5, 1] });
    p.c.update({ learning: true });
    const w = Array.from(p.c.w.contiguousData());
    // depression on row 0: w[0, j] -= nu0[j]·x_post[j] = [0.05, 0.2]
    // potentiation on column 1: w[i, 1] += x_pre[i]·nu1[1] = [0.02, 0.005]
    expect(w).toEqual([f(0.5 - f(0.1 * 0.5)), f(f(0.5 - f(0.2 * 1)) + f(1 * 0.02)), 0.5, f(0.5 + f(0.25 * f(0.02)))]);
    expect(w[0]).toBeCloseTo(0.45, 6);
    expect(w[1]).toBeCloseTo(0.32, 6);
    expect(w[3]).toBeCloseTo(0.505, 6);
  });

  it("a [2, nPost] tensor is the same as two tensors; batch 2 sums the samples", () => {
    const a = pair([[0.5, 0.5]], PostPre, { nu: new Tensor(Float32Array.from([0.1, 0.2, 0.01, 0.02]), [2, 2], "float32"), B: 2 });
    state(a, { sPre: [1, 1], xPre: [1, 0.5], sPost: [1, 0, 0, 1], xPost: [0.5, 1, 0.25, 0.5] });
    a.c.update({ learning: true });
    // depression Σ_b nu0[j]·x_post[b, j] = [0.05 + 0.025, 0.2 + 0.1]; potentiation Σ_b x_pre[b]·s_post[b, j]·nu1[j] = [0.01, 0.5·0.02]
    const w = Array.from(a.c.w.contiguousData());
    expect(w[0]).toBeCloseTo(0.5 - 0.075 + 0.01, 6);
    expect(w[1]).toBeCloseTo(0.5 - 0.3 + 0.01, 6);
  });

  it("equal rates give the scalar nu's bits (the event-driven path for scalars is untouched)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        fc.array(fc.float({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (sp, sq, x) => {
          const w0 = [[0.3, 0.7], [0.1, 0.9], [0.5, 0.5]];
          const sc = pair(w0, PostPre, { nu: [1e-2, 3e-2], wmin: 0, wmax: 1 });
          const pn = pair(w0, PostPre, { nu: [t([1e-2, 1e-2]), t([3e-2, 3e-2])], wmin: 0, wmax: 1 });
          for (const p of [sc, pn]) state(p, { sPre: sp.map(Number), xPre: x.slice(0, 3), sPost: sq.map(Number), xPost: x.slice(3) });
          sc.c.update({ learning: true });
          pn.c.update({ learning: true });
          expect(Array.from(pn.c.w.contiguousData())).toEqual(Array.from(sc.c.w.contiguousData()));
        },
      ),
      { numRuns: 100, seed: 2 },
    );
  });

  it("bad tensors and rules without per-neuron nu are refused at the door", () => {
    const X = (): Input => new Input({ n: 3, traces: true });
    const Y = (): LIFNodes => new LIFNodes({ n: 2, traces: true });
    expect(() => new Connection({ source: X(), target: Y(), updateRule: PostPre, nu: [t([1, 2, 3]), t([1, 2])] }).updateRule).toThrow("Connection: nu has a Tensor of 3 values, expected 2 (one per target neuron)");
    expect(() => new Connection({ source: X(), target: Y(), updateRule: PostPre, nu: [t([1, NaN]), t([1, 2])] }).updateRule).toThrow(/Connection: nu has NaN, expected finite/);
    expect(() => new Connection({ source: X(), target: Y(), updateRule: Hebbian, nu: [t([1, 1]), t([1, 2])] }).updateRule).toThrow("Hebbian: nu is a pair of tensors, expected numbers (per-neuron nu is supported by PostPre only)");
  });
});
