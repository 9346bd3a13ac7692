/**
 * One rule family: PostPre, MSTDP and MSTDPET learn a MulticompartmentConnection feature's value
 * with the numbers they give a Connection's weights (the same class, the same view arithmetic);
 * what a feature changes is derived from it (PostPre's dt factor, nu default, range, decay) or
 * an option. Also: a value with one copy per batch row learns each copy from its own sample
 * (as separate one-sample features would), and a float16 value rounds after each phase.
 */
import { describe, expect, it } from "vitest";
import { MSTDP, MSTDPET, NoOp, PostPre } from "../../src/learning/index.js";
import { Input, LIFNodes } from "../../src/network/index.js";
import { Weight } from "../../src/network/features/index.js";
import { f16round } from "../../src/network/features/half.js";
import type { LearningRuleClass } from "../../src/network/learning-rule.js";
import { Connection } from "../../src/network/topology/connection.js";
import { MulticompartmentConnection } from "../../src/network/topology/multicompartment-connection.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { ready } from "../helpers/layers.js";

const f = Math.fround;

/** Writes random 0/1 spikes and traces into a layer's state (every sample). */
function drive(g: Generator, layer: Input | LIFNodes): void {
  for (let k = 0; k < layer.s.numel(); k++) layer.s.data[layer.s.offset + k] = g.nextBelow(3) === 0 ? 1 : 0;
  if (layer.traces) for (let k = 0; k < layer.x.numel(); k++) layer.x.data[layer.x.offset + k] = f(g.nextBelow(1000) / 700);
}

const values = (n: number, g: Generator): Tensor => new Tensor(Float32Array.from({ length: n }, () => f(0.2 + g.nextBelow(600) / 1000)), [n], "float32");

describe("a feature and a Connection learn with the same numbers", () => {
  const cases: [string, LearningRuleClass, Record<string, unknown>][] = [
    ["PostPre", PostPre as LearningRuleClass, { nu: [0.03, 0.05] }],
    ["PostPre (mean)", PostPre as LearningRuleClass, { nu: [0.03, 0.05], reduction: "mean" }],
    ["MSTDP", MSTDP as LearningRuleClass, { nu: [0.2, 0], tcPlus: 7 }],
    ["MSTDPET", MSTDPET as LearningRuleClass, { nu: [0.4, 0], tcETrace: 9 }],
  ];
  it.each(cases)("%s, batch 3, bounds and decay, 12 steps", (_name, rule, opts) => {
    const nPre = 9;
    const nPost = 7;
    const B = 3;
    const g = new Generator(11);
    const w0 = values(nPre * nPost, g).reshape([nPre, nPost]);
    const { nu, reduction, ...extra } = opts as { nu: unknown; reduction?: "mean" };
    // the Connection
    const X1 = ready(new Input({ n: nPre, traces: true }), B);
    const Y1 = ready(new LIFNodes({ n: nPost, traces: true }), B);
    const conn = new Connection({ source: X1, target: Y1, w: w0.clone(), updateRule: rule, nu: nu as number[], reduction: reduction ?? "sum", wmin: 0.2, wmax: 0.8, weightDecay: 0.01, ...extra });
    // the feature (PostPre without its feature-default dt factor, to compare with dt 0.5)
    const X2 = ready(new Input({ n: nPre, traces: true }), B);
    const Y2 = ready(new LIFNodes({ n: nPost, traces: true }), B);
    const w = new Weight({ name: "w", value: w0.clone(), learningRule: rule, nu: nu as number[], reduction: reduction ?? null, range: [0.2, 0.8], decay: 0.01 });
    const mcc = new MulticompartmentConnection({ source: X2, target: Y2, pipeline: [w], ...extra, ...(rule === (PostPre as LearningRuleClass) ? { dtScaled: false } : {}) });
    conn.dt = 0.5;
    mcc.dt = 0.5;
    const g1 = new Generator(5);
    const g2 = new Generator(5);
    for (let t = 0; t < 12; t++) {
      drive(g1, X1);
      drive(g1, Y1);
      drive(g2, X2);
      drive(g2, Y2);
      const reward = t % 4 === 3 ? -0.5 : 1;
      conn.update({ learning: true, reward });
      mcc.update({ learning: true, reward });
      expect(Array.from(w.value.contiguousData()), `step ${t}`).toEqual(Array.from(conn.w.contiguousData()));
    }
    expect(Array.from(conn.w.contiguousData())).not.toEqual(Array.from(w0.contiguousData()));
  });

  it("on a feature PostPre multiplies by dt (dtScaled, default there), nu defaults to [0.2, 0.1], NoOp does nothing", () => {
    const X = ready(new Input({ n: 1, traces: true }), 1);
    const Y = ready(new LIFNodes({ n: 1, traces: true }), 1);
    const w = new Weight({ name: "w", value: 0.5, learningRule: PostPre, nu: [0, 0.25] });
    const c = new MulticompartmentConnection({ source: X, target: Y, pipeline: [w] });
    c.dt = 2;
    X.x.data[0] = 1;
    Y.s.data[0] = 1;
    c.update({ learning: true });
    expect(Array.from(w.value.contiguousData())).toEqual([1]); // 0.5 + 1·0.25·2
    expect((w.learningRule as PostPre).dtScaled).toBe(true);
    const d = new Weight({ name: "d", value: 0.5, learningRule: PostPre });
    new MulticompartmentConnection({ source: X, target: Y, pipeline: [d] });
    expect((d.learningRule as PostPre).nu).toEqual([0.2, 0.1]);
    const n = new Weight({ name: "n", value: 0.3, learningRule: NoOp, decay: 0.5, range: [0, 0.4] });
    const cn = new MulticompartmentConnection({ source: X, target: Y, pipeline: [n] });
    expect(n.learningRule!.isIdle).toBe(true);
    n.value.data[0] = 0.5; // out of range: a rule would clamp it
    cn.update({ learning: true });
    expect(Array.from(n.value.contiguousData())).toEqual([0.5]); // no decay, no clamp
  });
});

describe("a value with one copy per batch row", () => {
  it.each([["PostPre", PostPre as LearningRuleClass], ["MSTDP", MSTDP as LearningRuleClass]])("%s learns each copy from its own sample, as separate one-sample features do", (_n, rule) => {
    const nPre = 6;
    const nPost = 5;
    const B = 2;
    const g = new Generator(3);
    const dense = Float32Array.from({ length: B * nPre * nPost }, (_, k) => (k % 4 === 1 ? 0 : f(0.1 + g.nextBelow(800) / 1000)));
    const X = ready(new Input({ n: nPre, traces: true }), B);
    const Y = ready(new LIFNodes({ n: nPost, traces: true }), B);
    const w = new Weight({ name: "w", value: new Tensor(dense, [B, nPre, nPost], "float32"), sparse: true, learningRule: rule, nu: [0.05, 0.3] });
    const c = new MulticompartmentConnection({ source: X, target: Y, pipeline: [w] });
    expect(w.store!.batch).toBe(2);
    const single = [0, 1].map((b) => {
      const x = ready(new Input({ n: nPre, traces: true }), 1);
      const y = ready(new LIFNodes({ n: nPost, traces: true }), 1);
      const v = new Weight({ name: "w", value: new Tensor(dense.slice(b * nPre * nPost, (b + 1) * nPre * nPost), [nPre, nPost], "float32"), sparse: true, learningRule: rule, nu: [0.05, 0.3] });
      return { x, y, v, c: new MulticompartmentConnection({ source: x, target: y, pipeline: [v] }) };
    });
    const gs = new Generator(8);
    for (let t = 0; t < 8; t++) {
      drive(gs, X);
      drive(gs, Y);
      for (const [b, s] of single.entries()) {
        for (const [from, to] of [[X, s.x], [Y, s.y]] as const) {
          const n = from.n;
          for (let k = 0; k < n; k++) {
            to.s.data[k] = from.s.data[b * n + k]!;
            to.x.data[k] = from.x.data[b * n + k]!;
          }
        }
        s.c.update({ learning: true, reward: 0.5 });
      }
      c.update({ learning: true, reward: 0.5 });
    }
    const got = Array.from(w.value.contiguousData());
    const want = [...Array.from(single[0]!.v.value.contiguousData()), ...Array.from(single[1]!.v.value.contiguousData())];
    expect(got).toEqual(want);
    expect(got).not.toEqual(Array.from(dense));
  });
});

describe("a float16 value", () => {
  it("rounds to half after the depression and again after the potentiation (as in-place half operations)", () => {
    const X = ready(new Input({ n: 1, traces: true }), 1);
    const Y = ready(new LIFNodes({ n: 1, traces: true }), 1);
    const w = new Weight({ name: "w", value: 0.5, valueDtype: "float16", learningRule: PostPre, nu: [0.00015, 0.0004] });
    const c = new MulticompartmentConnection({ source: X, target: Y, pipeline: [w] });
    X.s.data[0] = 1;
    X.x.data[0] = 1;
    Y.s.data[0] = 1;
    Y.x.data[0] = 1;
    c.update({ learning: true });
    const twice = f16round(f(f16round(f(0.5 - f(0.00015))) + f(0.0004)));
    const once = f16round(f(f(0.5 - f(0.00015)) + f(0.0004)));
    expect(twice).not.toBe(once); // the case tells the two apart
    expect(w.value.to("float32").contiguousData()[0]).toBe(twice);
  });
});
