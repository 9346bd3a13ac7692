/** SRM0Nodes (src/network/nodes/srm0.ts): LIF-like membrane with escape noise, sProb = 1 - exp(-ρ0·e^{(v-thresh)/Δ}·dt). */
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Network } from "../../../src/network/network.js";
import { SRM0Nodes } from "../../../src/network/nodes/srm0.js";
import { Generator } from "../../../src/tensor/random.js";
import { ready, t32 } from "../../helpers/layers.js";
import { bits, saveLoad } from "./helpers.js";

/** A uniform source answering the given rows in order. */
function draws(...rows: number[][]): (out: Float32Array) => void {
  let t = 0;
  return (out) => out.set(rows[t++]!);
}

const p = (v: number, thresh = -50, d = 5): number => 1 - Math.exp(-Math.exp((v - thresh) / d));

describe("SRM0Nodes", () => {
  it("has the reference defaults: thresh -50, rest -70, reset -70, refrac 5, tcDecay 10, eps0 1, rho0 1, dThresh 5", () => {
    const l = ready(new SRM0Nodes({ n: 2 }));
    expect([l.thresh, l.rest, l.reset, l.refrac, l.tcDecay, l.eps0, l.rho0, l.dThresh]).toEqual([-50, -70, -70, 5, 10, 1, 1, 5]);
    expect(Array.from(l.v.data)).toEqual([-70, -70]);
    expect(l.sProb.shape).toEqual([1, 2]);
  });

  it("sProb: 0.632 at threshold, 0.3078 five below, 0.1266 ten below; a spike where the draw is below it", () => {
    const l = ready(new SRM0Nodes({ n: 3, uniform: draws([0.6, 0.31, 0.13]) }));
    l.forward(t32([20, 15, 10], [1, 3])); // v = -50, -55, -60
    const sp = Array.from(l.sProb.data);
    expect(sp[0]).toBeCloseTo(0.6321206, 6);
    expect(sp[1]).toBeCloseTo(0.3077994, 6);
    expect(sp[2]).toBeCloseTo(0.126577, 6);
    expect([sp[0], sp[1], sp[2]].map((x, i) => x! - p([-50, -55, -60][i]!)).every((e) => Math.abs(e) < 1e-6)).toBe(true);
    // draws 0.6 < 0.632 spikes; 0.31 > 0.3078 and 0.13 > 0.1266 do not
    expect(Array.from(l.s.data)).toEqual([1, 0, 0]);
    expect(Array.from(l.v.data)).toEqual([-70, -55, -60]);
    expect(Array.from(l.refracCount.data)).toEqual([5, -1, -1]);
  });

  it("v leaks toward rest with tcDecay 10 (-60 → -70 + 10·e^-0.1 = -60.9516) and eps0 scales the input", () => {
    const l = ready(new SRM0Nodes({ n: 2, eps0: 2, uniform: draws([1, 1], [1, 1]) }));
    l.forward(t32([5, 0], [1, 2])); // v = -70 + 2·5
    expect(Array.from(l.v.data)).toEqual([-60, -70]);
    l.forward(t32([0, 0], [1, 2]));
    expect(l.v.data[0]).toBeCloseTo(-70 + 10 * Math.exp(-0.1), 4);
    expect(l.v.data[1]).toBe(-70);
  });

  it("refractoriness gates the input but not the spike: a refractory neuron at rest still fires on a draw below 0.0181", () => {
    const l = ready(new SRM0Nodes({ n: 1, uniform: draws([0.5], [0.5], [0.01]) }));
    l.forward(t32([20], [1, 1]));
    expect([l.s.data[0], l.v.data[0], l.refracCount.data[0]]).toEqual([1, -70, 5]);
    l.forward(t32([20], [1, 1])); // gated: v stays -70, sProb = 1 - exp(-e^-4)
    expect(l.v.data[0]).toBe(-70);
    expect(l.sProb.data[0]).toBeCloseTo(p(-70), 6);
    expect(l.sProb.data[0]).toBeCloseTo(0.0181489, 6);
    expect([l.s.data[0], l.refracCount.data[0]]).toEqual([0, 4]);
    l.forward(t32([20], [1, 1])); // still gated, but the draw 0.01 is below 0.0181
    expect([l.s.data[0], l.v.data[0], l.refracCount.data[0]]).toEqual([1, -70, 5]);
  });

  it("recorded draws [T, B, n] are replayed one row of B·n per step; wrong shapes and running out are errors", () => {
    const u = t32([0.1, 0.9, 0.9, 0.1, 0.9, 0.1, 0.1, 0.9], [2, 2, 2]);
    const l = ready(new SRM0Nodes({ n: 2, rest: -50, reset: -50, refrac: 0, uniform: u }), 2);
    const zero = t32([0, 0, 0, 0], [2, 2]);
    l.forward(zero);
    expect(Array.from(l.s.data)).toEqual([1, 0, 0, 1]);
    l.forward(zero);
    expect(Array.from(l.s.data)).toEqual([0, 1, 1, 0]);
    expect(() => l.forward(zero)).toThrow(new ValueError("SRM0Nodes: the recorded uniform draws are used up after 2 steps"));
    const short = ready(new SRM0Nodes({ n: 2, uniform: t32([0.5, 0.5], [1, 2]) }), 2);
    expect(() => short.forward(zero)).toThrow(new ShapeError("SRM0Nodes: uniform rows hold 2 values, expected 4 (batch × n)"));
    expect(() => new SRM0Nodes({ n: 2, uniform: t32([1, 2, 3], [3, 1]) })).toThrow(new ShapeError("SRM0Nodes: uniform has shape [3, 1], expected [T, ...shape] or [T, B, ...shape] with n=2"));
  });

  it("the seeded generator's draws: same seed, same spikes, and at threshold about 63% of neuron-steps fire", () => {
    const run = (seed: number): number[] => {
      const l = ready(new SRM0Nodes({ n: 200, rest: -50, reset: -50, refrac: 0, rng: new Generator(seed) }));
      const s: number[] = [];
      for (let t = 0; t < 10; t++) {
        l.forward(t32(new Float32Array(200), [1, 200]));
        s.push(...Array.from(l.s.data));
      }
      return s;
    };
    const a = run(9);
    expect(run(9)).toEqual(a);
    expect(run(10)).not.toEqual(a);
    const rate = a.reduce((x, y) => x + y, 0) / a.length;
    expect(rate).toBeGreaterThan(0.6);
    expect(rate).toBeLessThan(0.665);
  });

  it("a save/load round trip keeps the generator's state: both copies draw the same spikes afterwards", () => {
    const net = new Network();
    net.addLayer(new SRM0Nodes({ n: 5, rest: -52, rng: new Generator(3) }), "Y");
    const x = t32(Array.from({ length: 6 * 5 }, (_, i) => (i % 3) * 2), [6, 1, 5]);
    net.run({ inputs: { Y: x }, time: 6 });
    const copy = saveLoad(net);
    const a = net.layers.Y as SRM0Nodes;
    const b = copy.layers.Y as SRM0Nodes;
    expect([b.rest, b.eps0, b.dThresh]).toEqual([-52, 1, 5]);
    const sa: number[] = [];
    const sb: number[] = [];
    for (let t = 0; t < 20; t++) {
      net.run({ inputs: { Y: x.narrow(0, t % 6, 1) }, time: 1 });
      copy.run({ inputs: { Y: x.narrow(0, t % 6, 1) }, time: 1 });
      sa.push(...Array.from(a.s.data));
      sb.push(...Array.from(b.s.data));
      expect(bits(b.v)).toEqual(bits(a.v));
    }
    expect(sb).toEqual(sa);
    expect(sa.some((s) => s === 1)).toBe(true);
  });

  it("rejects bad options with the class, the argument and the expectation", () => {
    expect(() => new SRM0Nodes({ n: 1, eps_0: 2 } as never)).toThrow("SRM0Nodes: unknown option eps_0; did you mean eps0?");
    expect(() => new SRM0Nodes({ n: 1, d_thresh: 2 } as never)).toThrow("did you mean dThresh?");
    expect(() => new SRM0Nodes({ n: 1, uniform: 5 as never })).toThrow(new ValueError("SRM0Nodes: uniform is 5, expected a function or a Tensor"));
    expect(() => new SRM0Nodes({ n: 1, rng: Math.random as never })).toThrow(/SRM0Nodes: rng is .*, expected a Generator/);
    expect(() => new SRM0Nodes({ n: 1, rho0: Number.POSITIVE_INFINITY })).toThrow(/SRM0Nodes: rho0 is Infinity, expected a finite number/);
  });
});
