/** DiehlAndCookNodes (src/network/nodes/diehl-and-cook.ts): adaptive LIF reporting one spike per batch row. */
import { describe, expect, it } from "vitest";
import { ValueError } from "../../../src/errors.js";
import { Network } from "../../../src/network/network.js";
import { AdaptiveLIFNodes } from "../../../src/network/nodes/adaptive-lif.js";
import { DiehlAndCookNodes } from "../../../src/network/nodes/diehl-and-cook.js";
import { Generator } from "../../../src/tensor/random.js";
import { ready, t32 } from "../../helpers/layers.js";
import { bits, loadTrace, saveLoad } from "./helpers.js";

/** A generator whose `nextBelow(k)` answers `pick(k)` and records every k it was asked for. */
class Picker extends Generator {
  readonly asked: number[] = [];
  constructor(private readonly pick: (k: number) => number) {
    super(1);
  }
  override nextBelow(k: number): number {
    this.asked.push(k);
    return this.pick(k);
  }
}

describe("DiehlAndCookNodes", () => {
  it("has the Diehl & Cook defaults (thresh -52, rest -65, reset -65, refrac 5, tcDecay 100, thetaPlus 0.05, tcThetaDecay 1e7, oneSpike)", () => {
    const l = new DiehlAndCookNodes({ n: 3 });
    expect([l.thresh, l.rest, l.reset, l.refrac, l.tcDecay, l.thetaPlus, l.tcThetaDecay, l.oneSpike, l.rng]).toEqual([-52, -65, -65, 5, 100, 0.05, 1e7, true, null]);
    expect(l).toBeInstanceOf(AdaptiveLIFNodes);
  });

  it("oneSpike reports the spike the generator picks among the row's crossers (in index order); rows with 0 or 1 spike draw nothing", () => {
    const g = new Picker((k) => k - 1); // always the last crosser
    const l = ready(new DiehlAndCookNodes({ n: 5, rng: g, traces: true }), 3);
    // row 0: crossers 0, 2, 4; row 1: only 3; row 2: none
    l.forward(t32([20, 0, 20, 0, 20, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0], [3, 5]));
    expect(g.asked).toEqual([3]);
    expect(Array.from(l.s.data)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    // the traces see only the reported spikes
    expect(Array.from(l.x.data)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    // every crosser was reset and made refractory, and counts toward θ (summed over rows)
    expect(Array.from(l.v.data.subarray(0, 5))).toEqual([-65, -65, -65, -65, -65]);
    expect(Array.from(l.refracCount.data.subarray(0, 5))).toEqual([5, -1, 5, -1, 5]);
    expect(Array.from(l.refracCount.data.subarray(5, 10))).toEqual([-1, -1, -1, 5, -1]);
    expect(Array.from(l.theta.data, (v) => Math.round(v * 1e6) / 1e6)).toEqual([0.05, 0, 0.05, 0.05, 0.05]);

    const first = new Picker(() => 0);
    const m = ready(new DiehlAndCookNodes({ n: 4, rng: first }));
    m.forward(t32([0, 20, 20, 20], [1, 4]));
    expect(Array.from(m.s.data)).toEqual([0, 1, 0, 0]);
    expect(first.asked).toEqual([3]);
  });

  it("oneSpike false reports every crosser, as AdaptiveLIFNodes does, and draws nothing", () => {
    const g = new Picker(() => 0);
    const l = ready(new DiehlAndCookNodes({ n: 4, rng: g, oneSpike: false }));
    const a = ready(new AdaptiveLIFNodes({ n: 4 }));
    for (const x of [[20, 20, 0, 20], [0, 0, 14, 0], [20, 20, 20, 20]]) {
      l.forward(t32(x, [1, 4]));
      a.forward(t32(x, [1, 4]));
      expect(Array.from(l.s.data)).toEqual(Array.from(a.s.data));
      expect(bits(l.v)).toEqual(bits(a.v));
      expect(bits(l.theta)).toEqual(bits(a.theta));
    }
    expect(g.asked).toEqual([]);
  });

  it("reproduces the reference θ of diehlcook_learn (oneSpike off) bit for bit, driven to the reference's spikes", () => {
    // Ae (rest -65, reset -60, thresh -52, refrac 5, thetaPlus 0.05, tcThetaDecay 1e7) spikes at
    // the trace's steps under an input of 1000 there and 0 elsewhere (from -60 it only decays)
    const { T, params, arrays } = loadTrace("diehlcook_learn");
    const n = params.n_neurons as number;
    const l = ready(new DiehlAndCookNodes({ n, rest: -65, reset: -60, thresh: -52, refrac: 5, tcDecay: 100, thetaPlus: params.theta_plus as number, tcThetaDecay: params.tc_theta_decay as number, oneSpike: false }));
    const s = arrays["step.Ae.s"]!;
    const theta = arrays["step.Ae.theta"]!;
    expect(s.filter((v) => v === 1).length).toBeGreaterThan(3);
    for (let t = 0; t < T; t++) {
      l.forward(t32(s.slice(t * n, (t + 1) * n).map((v) => v * 1000), [1, n]));
      expect(Array.from(l.s.data, Number), `s at step ${t}`).toEqual(s.slice(t * n, (t + 1) * n));
      expect(bits(l.theta), `theta at step ${t}`).toEqual(bits(t32(theta.slice(t * n, (t + 1) * n), [n])));
    }
  });

  it("a save/load round trip keeps oneSpike and the generator's state: both copies go on picking the same spikes", () => {
    const net = new Network();
    net.addLayer(new DiehlAndCookNodes({ n: 6, rng: new Generator(42), refrac: 0, thetaPlus: 0 }), "Y");
    const drive = t32(new Array(5 * 6).fill(30), [5, 1, 6]);
    net.run({ inputs: { Y: drive }, time: 5 });
    const copy = saveLoad(net);
    const a = net.layers.Y as DiehlAndCookNodes;
    const b = copy.layers.Y as DiehlAndCookNodes;
    expect(b.oneSpike).toBe(true);
    expect(b.rng).toBeInstanceOf(Generator);
    expect(b.rng).not.toBe(a.rng);
    const picks = (net2: Network, l: DiehlAndCookNodes): number[] => {
      const out: number[] = [];
      for (let t = 0; t < 30; t++) {
        net2.run({ inputs: { Y: t32(new Array(6).fill(30), [1, 1, 6]) }, time: 1 });
        out.push(Array.from(l.s.data).indexOf(1));
      }
      return out;
    };
    const pa = picks(net, a);
    expect(picks(copy, b)).toEqual(pa);
    expect(new Set(pa).size).toBeGreaterThan(3); // the picks vary: all six neurons cross every step
  });

  it("rejects bad options with the class, the argument and the expectation", () => {
    expect(() => new DiehlAndCookNodes({ n: 2, one_spike: false } as never)).toThrow("DiehlAndCookNodes: unknown option one_spike; did you mean oneSpike?");
    expect(() => new DiehlAndCookNodes({ n: 2, rng: 7 as never })).toThrow(new ValueError("DiehlAndCookNodes: rng is 7, expected a Generator"));
    expect(() => new DiehlAndCookNodes({ n: 2, refrac: -1 })).toThrow(/DiehlAndCookNodes: refrac is -1, expected a non-negative finite number/);
  });
});
