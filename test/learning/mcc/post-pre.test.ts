/** MCC PostPre: the per-step update with its dt factor, by hand; reductions; averaging; bad input. */
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { PostPre } from "../../../src/learning/mcc/index.js";
import { Weight } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { Input, LIFNodes } from "../../../src/network/index.js";
import { set, setup, t32, vals } from "./helpers.js";

const f = Math.fround;

function step(c: MulticompartmentConnection, sPre: number[], xPre: number[], sPost: number[], xPost: number[]): void {
  set(c.source.s, sPre);
  set(c.source.x, xPre);
  set(c.target.s, sPost);
  set(c.target.x, xPost);
  c.update({ learning: true });
}

describe("MCC PostPre", () => {
  it("v -= s_pre (x) (nu0 x_post) * dt; v += x_pre (x) (nu1 s_post) * dt (hand values)", () => {
    const { c, f: w } = setup(2, 2, { value: 0.5, learningRule: PostPre, nu: [0.1, 0.2] });
    step(c, [1, 0], [1, 0.5], [0, 1], [0.25, 1]);
    const a = f(0.5 - f(f(0.1) * 0.25));
    const b = f(f(0.5 - f(0.1)) + f(0.2));
    expect(vals(w)).toEqual([a, b, 0.5, f(0.5 + f(0.5 * f(0.2)))]);
  });

  it("multiplies by the network step dt", () => {
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: PostPre, nu: [0, 0.25] });
    c.dt = 2;
    step(c, [0], [1], [1], [0]);
    expect(vals(w)).toEqual([1]);
  });

  it("nu defaults to [0.2, 0.1]; clamps to the feature's range; decay shrinks the value first", () => {
    const { c, f: w } = setup(1, 2, { value: t32([0.5, 0.5], [1, 2]), learningRule: PostPre, range: [0, 0.55] });
    expect((w.learningRule as PostPre).nu).toEqual([0.2, 0.1]);
    step(c, [0], [1], [1, 0], [0, 0]);
    expect(vals(w)).toEqual([f(0.55), 0.5]);
    const d = setup(1, 1, { value: 0.5, learningRule: PostPre, nu: [0, 0], decay: 0.5 });
    step(d.c, [0], [0], [0], [0]);
    expect(vals(d.f)).toEqual([0.25]);
  });

  it("sums the batch from zero (default) or averages it with reduction 'mean'", () => {
    for (const reduction of ["sum", "mean"] as const) {
      const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: PostPre, nu: [0, 0.5], reduction }, 2);
      step(c, [0, 0], [1, 0.5], [1, 1], [0, 0]);
      expect(vals(w)).toEqual([reduction === "sum" ? 1.25 : 0.875]);
    }
  });

  it("a custom reduction receives the [B, nPre, nPost] terms", () => {
    const max = (t: ReturnType<typeof t32>): ReturnType<typeof t32> => {
      const d = t.contiguousData();
      return t32([Math.max(d[0]!, d[1]!)], [1, 1]);
    };
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: PostPre, nu: [0, 0.5], reduction: max }, 2);
    step(c, [0, 0], [1, 0.5], [1, 1], [0, 0]);
    expect(vals(w)).toEqual([1]);
  });

  it("averageUpdate N applies the ring-buffer mean every N steps (or every step with continuesUpdate)", () => {
    const { c, f: w } = setup(1, 1, { value: 0.5, learningRule: PostPre, nu: [0, 0.5] }, 1, { averageUpdate: 2 });
    step(c, [0], [1], [1], [0]);
    expect(vals(w)).toEqual([0.5]);
    step(c, [0], [0.5], [1], [0]);
    expect(vals(w)).toEqual([f(0.5 + f(f(0.5 + 0.25) / 2))]);
    const k = setup(1, 1, { value: 0.5, learningRule: PostPre, nu: [0, 0.5] }, 1, { averageUpdate: 2, continuesUpdate: true });
    step(k.c, [0], [1], [1], [0]);
    expect(vals(k.f)).toEqual([0.75]);
  });

  it("updates a sparse value only where it stores entries, and float16 values in half precision", () => {
    const { c, f: w } = setup(2, 2, { value: t32([1, 0, 0, 1], [2, 2]), sparse: true, learningRule: PostPre, nu: [0, 0.5] });
    step(c, [0, 0], [1, 1], [1, 1], [0, 0]);
    expect(vals(w)).toEqual([1.5, 0, 0, 1.5]);
    const h = setup(1, 1, { value: 0.5, valueDtype: "float16", learningRule: PostPre, nu: [0, 1e-4] });
    step(h.c, [0], [1], [1], [0]);
    expect(vals(h.f)).toEqual([0.5]); // 0.5 + 1e-4 rounds back to 0.5 in half precision
  });

  it("requires traces on both layers and state of the right size", () => {
    const src = new Input({ n: 2 });
    const tgt = new LIFNodes({ n: 2, traces: true });
    expect(() => new MulticompartmentConnection({ source: src, target: tgt, pipeline: [new Weight({ name: "w", learningRule: PostPre })] })).toThrow(
      /PostPre: source.traces is false and target.traces is true, expected both/,
    );
    expect(() => new PostPre({} as never)).toThrow(ValueError);
    const { c } = setup(2, 2, { value: 0.5, learningRule: PostPre });
    c.source.setBatchSize(3);
    expect(() => c.update({ learning: true })).toThrow(ShapeError);
  });
});

describe("MCC PostPre on sparse and dense storage", () => {
  it("updates the stored entries of a sparse value exactly as the same entries of a dense value", () => {
    const n = 12;
    const m = 9;
    const v: number[] = [];
    for (let k = 0; k < n * m; k++) v.push(k % 4 === 0 ? 0 : Math.fround(0.1 + (k % 7) * 0.05));
    const mk = (sparse: boolean): ReturnType<typeof setup> => setup(n, m, { value: t32(v, [n, m]), sparse, learningRule: PostPre, nu: [0.03, 0.07], range: [0, 1] });
    const a = mk(true);
    const b = mk(false);
    for (let t = 0; t < 5; t++) {
      const sPre = Array.from({ length: n }, (_, i) => ((i + t) % 3 === 0 ? 1 : 0));
      const xPre = Array.from({ length: n }, (_, i) => Math.fround(((i * 7 + t) % 5) / 5));
      const sPost = Array.from({ length: m }, (_, j) => ((j + t) % 4 === 0 ? 1 : 0));
      const xPost = Array.from({ length: m }, (_, j) => Math.fround(((j * 3 + t) % 6) / 6));
      step(a.c, sPre, xPre, sPost, xPost);
      step(b.c, sPre, xPre, sPost, xPost);
    }
    const dense = vals(b.f);
    const sparse = vals(a.f);
    for (let k = 0; k < n * m; k++) expect(sparse[k]).toBe(v[k] === 0 ? 0 : dense[k]);
    expect(dense.some((x, k) => x !== v[k])).toBe(true);
  });
});
