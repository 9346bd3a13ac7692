/** AdaptiveLIFNodes (src/network/nodes/adaptive-lif.ts): LIF with a threshold θ that grows with every spike. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decayOf } from "../../../src/backend/numerics.js";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Network } from "../../../src/network/network.js";
import { AdaptiveLIFNodes } from "../../../src/network/nodes/adaptive-lif.js";
import { LIFNodes } from "../../../src/network/nodes/lif.js";
import { ready, t32 } from "../../helpers/layers.js";
import { bits, loadTrace, saveLoad } from "./helpers.js";

const f = Math.fround;

/** Steps a [1, n] layer over a list of per-step inputs and returns s, v and θ after each step. */
function drive(l: AdaptiveLIFNodes | LIFNodes, inputs: number[][]): { s: number[][]; v: number[][]; theta: number[][] } {
  const out = { s: [] as number[][], v: [] as number[][], theta: [] as number[][] };
  for (const x of inputs) {
    l.forward(t32(x, [1, x.length]));
    out.s.push(Array.from(l.s.data, Number));
    out.v.push(Array.from(l.v.data));
    if (l instanceof AdaptiveLIFNodes) out.theta.push(Array.from(l.theta.data));
  }
  return out;
}

describe("AdaptiveLIFNodes", () => {
  it("the input that fired it once falls short after θ grew: θ = 2 after the spike, 2·d⁶ when the gate reopens", () => {
    // thetaPlus 2, tcThetaDecay 10: θ decays by d = exp(-0.1) per step (before the increment)
    const l = ready(new AdaptiveLIFNodes({ n: 1, thetaPlus: 2, tcThetaDecay: 10 }));
    const plain = ready(new LIFNodes({ n: 1 }));
    const inputs = Array.from({ length: 8 }, () => [14]);
    const a = drive(l, inputs);
    const p = drive(plain, inputs);
    // t0: -65 + 14 = -51 >= -52 + 0: spike, v -> -65, refractory for t1..t5 (refrac 5)
    // t6: the gate reopens, v = -51 again, but the threshold is -52 + 2·d⁶ = -50.90: no spike
    // t7: v = -65 + 0.99005·14 + 14 = -37.14: spike
    expect(a.s.flat()).toEqual([1, 0, 0, 0, 0, 0, 0, 1]);
    expect(p.s.flat()).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    expect(a.v[6]![0]).toBe(-51);
    const d = decayOf(10, 1);
    expect(d).toBeCloseTo(Math.exp(-0.1), 7);
    let th = 2;
    expect(a.theta[0]![0]).toBe(2);
    for (let t = 1; t <= 6; t++) {
      th = f(th * d);
      expect(a.theta[t]![0]).toBe(th);
    }
    expect(th).toBeCloseTo(2 * Math.exp(-0.6), 5); // 1.0976
    expect(a.theta[7]![0]).toBe(f(f(th * d) + 2));
  });

  it("with learning off θ neither decays nor grows, and still raises the threshold", () => {
    const l = ready(new AdaptiveLIFNodes({ n: 2, thetaPlus: 1, tcThetaDecay: 5 }));
    l.theta.data.set([3, 0]);
    l.train(false);
    // threshold -52 + 3 = -49 for neuron 0, -52 for neuron 1: -51 passes only neuron 1
    const a = drive(l, [[14, 14]]);
    expect(a.s[0]).toEqual([0, 1]);
    expect(a.theta[0]).toEqual([3, 0]);
    const b = drive(l, [[3, 0]]); // neuron 0: 0.99005·14 - 65 + 3 = -48.14 >= -49
    expect(b.s[0]).toEqual([1, 0]);
    expect(b.theta[0]).toEqual([3, 0]);
  });

  it("θ has no batch dimension: it grows by thetaPlus × the spikes of every batch row, and survives reset", () => {
    const l = ready(new AdaptiveLIFNodes({ n: 2, thetaPlus: 0.25 }), 4);
    l.forward(t32([20, 20, 20, 0, 0, 0, 20, 20], [4, 2])); // neuron 0 spikes in 3 rows, neuron 1 in 2
    expect(l.theta.shape).toEqual([2]);
    expect(Array.from(l.theta.data)).toEqual([0.75, 0.5]);
    l.resetStateVariables();
    l.setBatchSize(1);
    expect(Array.from(l.theta.data)).toEqual([0.75, 0.5]);
    expect(Array.from(l.v.data)).toEqual([-65, -65]);
  });

  it("property: with thetaPlus 0, it is LIFNodes bit for bit (v, s, refractory counters) for any input", () => {
    const parameters = fc.record({ thresh: fc.integer({ min: -60, max: -45 }), refrac: fc.integer({ min: 0, max: 4 }), tcDecay: fc.integer({ min: 2, max: 200 }) });
    fc.assert(
      fc.property(parameters, fc.array(fc.array(fc.float({ min: -5, max: 20, noNaN: true }), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 25 }), (o, xs) => {
        const a = ready(new AdaptiveLIFNodes({ n: 3, ...o, thetaPlus: 0 }), 2);
        const b = ready(new LIFNodes({ n: 3, ...o }), 2);
        for (const x of xs) {
          a.forward(t32(x, [2, 3]));
          b.forward(t32(x, [2, 3]));
          expect(bits(a.v)).toEqual(bits(b.v));
          expect(Array.from(a.s.data)).toEqual(Array.from(b.s.data));
          expect(bits(a.refracCount)).toEqual(bits(b.refracCount));
        }
        expect(Array.from(a.theta.data)).toEqual([0, 0, 0]);
      }),
      { numRuns: 40 },
    );
  });

  it("reproduces the reference θ of adaptive_lif_learn bit for bit, driven to the reference's spikes", () => {
    // the trace's layer spikes at the steps of step.Y.s; an input of 1000 at exactly those
    // steps (0 elsewhere: from reset = rest it cannot reach threshold) gives the same spikes,
    // so θ, which depends only on them, must match the reference's θ every step
    const { T, params, arrays } = loadTrace("adaptive_lif_learn");
    const p = params.alif as Record<string, number>;
    const n = params.n as number;
    const l = ready(new AdaptiveLIFNodes({ n, rest: p.rest, reset: p.reset, thresh: p.thresh, refrac: p.refrac, tcDecay: p.tc_decay, thetaPlus: p.theta_plus, tcThetaDecay: p.tc_theta_decay }));
    const s = arrays["step.Y.s"]!;
    const theta = arrays["step.Y.theta"]!;
    expect(s.some((v) => v === 1)).toBe(true);
    for (let t = 0; t < T; t++) {
      l.forward(t32(s.slice(t * n, (t + 1) * n).map((v) => v * 1000), [1, n]));
      expect(Array.from(l.s.data, Number), `s at step ${t}`).toEqual(s.slice(t * n, (t + 1) * n));
      expect(bits(l.theta), `theta at step ${t}`).toEqual(bits(t32(theta.slice(t * n, (t + 1) * n), [n])));
    }
    expect(Math.max(...theta)).toBeGreaterThan(0.5);
  });

  it("a save/load round trip keeps θ and the state; both copies continue identically", () => {
    const net = new Network();
    net.addLayer(new AdaptiveLIFNodes({ n: 3, thetaPlus: 0.5, tcThetaDecay: 50, traces: true }), "Y");
    const x = (k: number): ReturnType<typeof t32> => t32(Array.from({ length: 10 * 3 }, (_, i) => ((i * 7 + k) % 5) * 4), [10, 1, 3]);
    net.run({ inputs: { Y: x(0) }, time: 10 });
    const copy = saveLoad(net);
    const a = net.layers.Y as AdaptiveLIFNodes;
    const b = copy.layers.Y as AdaptiveLIFNodes;
    expect(b).toBeInstanceOf(AdaptiveLIFNodes);
    expect([b.thetaPlus, b.tcThetaDecay]).toEqual([0.5, 50]);
    expect(bits(b.theta)).toEqual(bits(a.theta));
    expect(Math.max(...a.theta.data)).toBeGreaterThan(0);
    net.run({ inputs: { Y: x(1) }, time: 10 });
    copy.run({ inputs: { Y: x(1) }, time: 10 });
    for (const k of ["v", "theta", "x", "refracCount"] as const) expect(bits(b[k]), k).toEqual(bits(a[k]));
  });

  it("rejects bad options with the class, the argument and the expectation", () => {
    expect(() => new AdaptiveLIFNodes({ n: 1, theta_plus: 0.1 } as never)).toThrow("AdaptiveLIFNodes: unknown option theta_plus; did you mean thetaPlus?");
    expect(() => new AdaptiveLIFNodes({ n: 1, tcThetaDecy: 5 } as never)).toThrow("did you mean tcThetaDecay?");
    expect(() => new AdaptiveLIFNodes({ n: 1, tcThetaDecay: 0 })).toThrow(new ValueError("AdaptiveLIFNodes: tcThetaDecay is 0, expected a positive finite number"));
    expect(() => new AdaptiveLIFNodes({ n: 1, thetaPlus: Number.NaN })).toThrow(/AdaptiveLIFNodes: thetaPlus is NaN, expected a finite number/);
    expect(() => new AdaptiveLIFNodes({ n: 2, thetaPlus: t32([1, 2, 3], [3]) })).toThrow(ShapeError);
  });
});
