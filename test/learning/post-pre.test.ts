import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../src/errors.js";
import { PostPre } from "../../src/learning/index.js";
import { Connection, Input, LIFNodes, meanDim, sumDim } from "../../src/network/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { W, f, pair, state } from "./helpers.js";

describe("PostPre on Connection", () => {
  it("a presynaptic spike depresses its row by nu0·x_post; a postsynaptic spike potentiates its column by nu1·x_pre", () => {
    const p = pair([[1, 1], [1, 1]], PostPre, { nu: [0.5, 0.25] });
    state(p, { sPre: [1, 0], xPre: [1, 0.5], sPost: [0, 1], xPost: [0.5, 1] });
    p.c.update({ learning: true });
    // row 0: 1 − 0.5·[0.5, 1] = [0.75, 0.5]; column 1: + 0.25·[1, 0.5] → [0.75, 1.125]
    expect(W(p)).toEqual([[0.75, 0.75], [1, 1.125]]);
  });

  it("no spikes, no change; nu = 0 switches a term off", () => {
    const p = pair([[1, 2], [3, 4]], PostPre, { nu: [0, 0.5] });
    state(p, { sPre: [1, 1], xPre: [1, 1], sPost: [0, 0], xPost: [1, 1] });
    p.c.update({ learning: true });
    expect(W(p)).toEqual([[1, 2], [3, 4]]);
    p.c.update({ learning: false });
    expect(W(p)).toEqual([[1, 2], [3, 4]]);
  });

  it("the batch is summed by default (B > 1) and averaged with reduction 'mean'", () => {
    for (const [reduction, expected] of [[undefined, [[0.25, 1.5], [1, 1]]], ["mean", [[0.625, 1.25], [1, 1]]]] as const) {
      const p = pair([[1, 1], [1, 1]], PostPre, { nu: [0.5, 0], B: 2, reduction });
      // sample 0: pre 0 spikes, x_post [0.5, 0]; sample 1: pre 0 spikes, x_post [1, 0]... (second column potentiated below)
      state(p, { sPre: [1, 0, 1, 0], xPre: [0, 0, 0, 0], sPost: [0, 0, 0, 0], xPost: [0.5, -0.5, 1, -0.5] });
      p.c.update({ learning: true });
      // Δrow0 = −0.5·(x_post[0] + x_post[1]) = −0.5·[1.5, −1] = [−0.75, 0.5]; mean halves it
      expect(W(p)).toEqual(expected);
    }
  });

  it("ends with weight decay and the clamp to [wmin, wmax]", () => {
    const p = pair([[1, 1], [1, 1]], PostPre, { nu: [0.5, 0.25], wmin: 0.8, wmax: 1.1, weightDecay: 0.5 });
    state(p, { sPre: [1, 0], xPre: [1, 0.5], sPost: [0, 1], xPost: [0.5, 1] });
    p.c.update({ learning: true });
    // [[0.75, 0.75], [1, 1.125]] · 0.5 = [[0.375, 0.375], [0.5, 0.5625]] → clamped to 0.8
    expect(W(p)).toEqual([[f(0.8), f(0.8)], [f(0.8), f(0.8)]]);
  });

  it("needs traces on both layers and a connection with a synapse view", () => {
    const p = pair([[1]], PostPre, { nu: 1, traces: false });
    expect(() => p.c.update({ learning: true })).toThrow(/PostPre: source.traces is false and target.traces is false, expected both/);
    const X = new Input({ n: 1, traces: true });
    const Y = new LIFNodes({ n: 1, traces: true });
    const fake = { source: X, target: Y, w: new Tensor(new Float32Array(1), [1, 1], "float32"), wmin: -Infinity, wmax: Infinity } as never;
    expect(() => new PostPre({ connection: fake, nu: 1 })).toThrow(ValueError);
    expect(() => new PostPre({ connection: fake, nu: 1 })).toThrow(/PostPre: connection is a Object, expected a connection with a synapse view/);
  });

  it("rejects layer state of the wrong size", () => {
    const p = pair([[1, 1], [1, 1]], PostPre, { nu: 1 });
    p.Y.x = new Tensor(new Float32Array(3), [3], "float32");
    expect(() => p.c.update({ learning: true })).toThrow(ShapeError);
    expect(() => p.c.update({ learning: true })).toThrow(/PostPre.update: target.x has shape \[3\], expected 2 values/);
  });
});

/** The reference's dense PostPre: w −= reduce_b s_pre ⊗ (nu0·x_post); w += reduce_b x_pre ⊗ (nu1·s_post). */
function densePostPre(w0: number[], c: Case, reduction: "sum" | "mean"): number[] {
  const { B, nPre, nPost, nu0, nu1 } = c;
  const N = nPre * nPost;
  const red = reduction === "sum" ? sumDim : meanDim;
  const w = Float32Array.from(w0);
  const term = (a: number[], q: number[], nu: number, sign: number): void => {
    const st = new Float32Array(B * N);
    for (let b = 0; b < B; b++) for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) st[b * N + i * nPost + j] = a[b * nPre + i]! * f(f(nu) * q[b * nPost + j]!);
    const r = red(new Tensor(st, [B, nPre, nPost], "float32"), 0).contiguousData();
    for (let e = 0; e < N; e++) w[e] = sign < 0 ? w[e]! - r[e]! : w[e]! + r[e]!;
  };
  if (nu0 !== 0) term(c.sPre, c.xPost, nu0, -1);
  if (nu1 !== 0) term(c.xPre, c.sPost, nu1, 1);
  return Array.from(w, (v) => v + 0);
}

interface Case {
  B: number;
  nPre: number;
  nPost: number;
  nu0: number;
  nu1: number;
  w: number[];
  sPre: number[];
  xPre: number[];
  sPost: number[];
  xPost: number[];
}

const f32 = (min: number, max: number) => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true }).map((v) => (v === 0 ? 0 : v));
const caseArb: fc.Arbitrary<Case> = fc
  .record({ B: fc.integer({ min: 1, max: 18 }), nPre: fc.integer({ min: 1, max: 11 }), nPost: fc.integer({ min: 1, max: 11 }), p: fc.double({ min: 0, max: 0.6, noNaN: true }), seed: fc.integer() })
  .chain(({ B, nPre, nPost, p }) =>
    fc.record({
      B: fc.constant(B),
      nPre: fc.constant(nPre),
      nPost: fc.constant(nPost),
      nu0: fc.constantFrom(0, 0.01, 0.3, 1e-4),
      nu1: fc.constantFrom(0, 0.05, 0.7),
      w: fc.array(f32(-2, 2), { minLength: nPre * nPost, maxLength: nPre * nPost }),
      sPre: fc.array(fc.double({ min: 0, max: 1, noNaN: true }).map((u) => (u < p ? 1 : 0)), { minLength: B * nPre, maxLength: B * nPre }),
      xPre: fc.array(f32(0, 3), { minLength: B * nPre, maxLength: B * nPre }),
      sPost: fc.array(fc.double({ min: 0, max: 1, noNaN: true }).map((u) => (u < p ? 1 : 0)), { minLength: B * nPost, maxLength: B * nPost }),
      xPost: fc.array(f32(0, 3), { minLength: B * nPost, maxLength: B * nPost }),
    }),
  );

function runRule(c: Case, reduction: "sum" | "mean"): number[] {
  const w = [];
  for (let i = 0; i < c.nPre; i++) w.push(c.w.slice(i * c.nPost, (i + 1) * c.nPost));
  const p = pair(w, PostPre, { nu: [c.nu0, c.nu1], B: c.B, reduction });
  state(p, c);
  p.c.update({ learning: true });
  return Array.from(p.c.w.contiguousData(), (v) => v + 0);
}

describe("PostPre event-driven update", () => {
  it("equals the dense form bit for bit (sum over the batch in torch's order)", () => {
    fc.assert(fc.property(caseArb, (c) => {
      expect(runRule(c, "sum")).toEqual(densePostPre(c.w, c, "sum"));
    }), { numRuns: 150 });
  });

  it("equals the dense form bit for bit with reduction 'mean'", () => {
    fc.assert(fc.property(caseArb, (c) => {
      expect(runRule(c, "mean")).toEqual(densePostPre(c.w, c, "mean"));
    }), { numRuns: 80 });
  });

  it("touches only rows with a presynaptic spike and columns with a postsynaptic spike", () => {
    const w = Array.from({ length: 6 }, () => [1, 1, 1, 1, 1]);
    const p = pair(w, PostPre, { nu: [0.5, 0.5] });
    state(p, { sPre: [0, 0, 1, 0, 0, 0], xPre: [1, 1, 1, 1, 1, 1], sPost: [0, 0, 0, 0, 1], xPost: [1, 1, 1, 1, 1] });
    p.c.update({ learning: true });
    const got = W(p);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 5; j++) {
        const expected = 1 + (i === 2 ? -0.5 : 0) + (j === 4 ? 0.5 : 0);
        expect(got[i]![j], `w[${i}][${j}]`).toBe(expected);
      }
    }
  });

  it("a connection built standalone works with a custom reduction function (per-sample max)", () => {
    const maxRed = (t: Tensor, dim: number): Tensor => {
      const [B, ...rest] = t.shape;
      const n = rest.reduce((a, b) => a * b, 1);
      const d = t.contiguousData();
      const out = new Float32Array(n).fill(-Infinity);
      for (let b = 0; b < B!; b++) for (let e = 0; e < n; e++) out[e] = Math.max(out[e]!, d[b * n + e]!);
      expect(dim).toBe(0);
      return new Tensor(out, rest, "float32");
    };
    const p = pair([[1, 1]], PostPre, { nu: [1, 0], B: 2, reduction: maxRed });
    state(p, { sPre: [1, 1], xPost: [0.25, 0.5, 0.75, 0.125] });
    p.c.update({ learning: true });
    expect(W(p)).toEqual([[0.25, 0.5]]);
    expect(p.c).toBeInstanceOf(Connection);
  });
});
