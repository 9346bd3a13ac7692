import { describe, expect, it } from "vitest";
import { tensor, zeros } from "../../../src/tensor/creation.js";
import { Generator } from "../../../src/tensor/random.js";
import { ShapeError, ValueError } from "../../../src/errors.js";
import {
  AdaptiveLIFNodes,
  BoostedLIFNodes,
  CSRMNodes,
  CurrentLIFNodes,
  DiehlAndCookNodes,
  IFNodes,
  Input,
  IzhikevichNodes,
  LIFNodes,
  McCullochPitts,
  Network,
  Nodes,
  SRM0Nodes,
} from "../../../src/network/index.js";

const f = Math.fround;

/** Builds a layer ready to step: dt and batch size set. */
function ready<T extends Nodes>(layer: T, dt = 1, batch = 1): T {
  layer.computeDecays(dt);
  layer.setBatchSize(batch);
  return layer;
}

function step(layer: Nodes, values: number[]): void {
  layer.forward(tensor(values, { shape: [layer.batchSize!, layer.n] }));
}


/** The trace of a one-neuron layer after each of the given spikes. */
function traceAfter(l: Nodes, spikes: number[]): number[] {
  return spikes.map((s) => {
    l.forward(tensor([[s]], { dtype: "uint8" }));
    return l.x.get(0, 0);
  });
}
describe("Nodes base", () => {
  it("needs n or shape, and they must agree", () => {
    expect(() => new LIFNodes({})).toThrow(ValueError);
    expect(() => new LIFNodes({ n: 5, shape: [2, 3] })).toThrow(/LIFNodes: n is 5, expected 6 = prod\(shape \[2, 3\]\)/);
    const l = new LIFNodes({ shape: [2, 3] });
    expect(l.n).toBe(6);
    expect(new LIFNodes({ n: 4 }).shape).toEqual([4]);
  });

  it("rejects a per-neuron parameter of the wrong size", () => {
    expect(() => new LIFNodes({ n: 3, thresh: zeros([4]) })).toThrow(ShapeError);
    expect(() => new LIFNodes({ n: 3, thresh: "x" as unknown as number })).toThrow(/LIFNodes: thresh is "x", expected a number or a Tensor/);
  });

  it("replace-mode traces give [2, 2, 1.9025, 2, 1.9025] for spikes 1,1,0,1,0 (traceScale 2)", () => {
    const l = ready(new Input({ n: 1, traces: true, traceScale: 2 }));
    const got = traceAfter(l, [1, 1, 0, 1, 0]);
    const want = [2, 2, 1.9025, 2, 1.9025];
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 4));
  });

  it("additive traces give [2, 3.9025, 3.7121, 5.5311, 5.2613]", () => {
    const l = ready(new Input({ n: 1, traces: true, tracesAdditive: true, traceScale: 2 }));
    const got = traceAfter(l, [1, 1, 0, 1, 0]);
    const want = [2, 3.9025, 3.7121, 5.5311, 5.2613];
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 4));
  });

  it("trace decay for tc 20, dt 1 is float32 exp(-0.05) = 0.951229", () => {
    const l = ready(new Input({ n: 1, traces: true }));
    expect(l.traceDecay).toBe(f(0.9512294530868530));
  });

  it("forward rejects an input of the wrong size and a layer without a batch size", () => {
    const l = ready(new LIFNodes({ n: 3 }));
    expect(() => l.forward(zeros([1, 4]))).toThrow(/LIFNodes.forward: x has shape \[1, 4\], expected \[1, 3\]/);
    expect(() => new LIFNodes({ n: 3 }).forward(zeros([1, 3]))).toThrow(/setBatchSize/);
  });

  it("a custom model subclasses Nodes and gets traces from the base", () => {
    class Echo extends Nodes {
      protected override step(input: Float32Array | null): void {
        const s = this.s.data;
        for (let i = 0; i < s.length; i++) s[i] = input !== null && input[i]! > 0.5 ? 1 : 0;
      }
    }
    const e = ready(new Echo({ n: 2, traces: true }));
    step(e, [1, 0]);
    expect(e.s.toArray()).toEqual([[true, false]]);
    expect(e.x.toArray()).toEqual([[1, 0]]);
  });
});

describe("init state (test_nodes)", () => {
  for (const n of [1, 100, 10000]) {
    it(`every class starts with zero spikes and v at rest (n=${n})`, () => {
      const net = new Network();
      const layers: [string, Nodes][] = [
        ["I", new Input({ n })],
        ["M", new McCullochPitts({ n })],
        ["F", new IFNodes({ n })],
        ["L", new LIFNodes({ n })],
        ["A", new AdaptiveLIFNodes({ n })],
        ["S", new SRM0Nodes({ n })],
      ];
      for (const [k, l] of layers) net.addLayer(l, k);
      for (const [, l] of layers) {
        expect(l.n).toBe(n);
        expect(l.s.shape).toEqual([1, n]);
        expect(l.s.dtype).toBe("bool");
        expect(l.s.toFlatArray().every((v) => v === 0)).toBe(true);
      }
      const vOf = (l: Nodes): number[] => (l as unknown as { v: { toFlatArray(): number[] } }).v.toFlatArray();
      expect(vOf(layers[3]![1]).every((v) => v === -65)).toBe(true);
      expect(vOf(layers[4]![1]).every((v) => v === -65)).toBe(true);
      expect(vOf(layers[5]![1]).every((v) => v === -70)).toBe(true);
      expect(vOf(layers[2]![1]).every((v) => v === -65)).toBe(true); // IF starts at reset
    });
  }

  it("traces with tcTrace 1e5 start at zero; parameters are stored exactly", () => {
    const l = ready(new LIFNodes({ n: 10, traces: true, tcTrace: 1e5, rest: 0, reset: -10, thresh: 10, refrac: 3, tcDecay: 1.5e3 }));
    expect(l.tcTrace).toBe(1e5);
    expect(l.x.shape).toEqual([1, 10]);
    expect(l.x.toFlatArray().every((v) => v === 0)).toBe(true);
    expect([l.rest, l.reset, l.thresh, l.refrac, l.tcDecay]).toEqual([0, -10, 10, 3, 1.5e3]);
    expect(l.v.toFlatArray().every((v) => v === 0)).toBe(true);
    const a = ready(new AdaptiveLIFNodes({ n: 10, rest: 0, reset: -10, thresh: 10, refrac: 3, tcDecay: 1.5e3 }));
    expect([a.rest, a.reset, a.thresh, a.refrac, a.tcDecay, a.thetaPlus, a.tcThetaDecay]).toEqual([0, -10, 10, 3, 1.5e3, 0.05, 1e7]);
    expect(a.theta.shape).toEqual([10]);
  });

  it("defaults follow the reference table", () => {
    const b = new BoostedLIFNodes({ n: 1 });
    expect([b.thresh, b.refrac, b.tcDecay]).toEqual([13, 5, 100]);
    const c = new CurrentLIFNodes({ n: 1 });
    expect(c.tcIDecay).toBe(2);
    const s = new SRM0Nodes({ n: 1 });
    expect([s.thresh, s.rest, s.reset, s.refrac, s.tcDecay, s.eps0, s.rho0, s.dThresh]).toEqual([-50, -70, -70, 5, 10, 1, 1, 5]);
    const z = new IzhikevichNodes({ n: 4 });
    expect([z.thresh, z.rest]).toEqual([45, -65]);
    const m = new McCullochPitts({ n: 1 });
    expect(m.thresh).toBe(1);
    const d = new DiehlAndCookNodes({ n: 1 });
    expect(d.oneSpike).toBe(true);
    const cs = new CSRMNodes({ n: 1 });
    expect([cs.resWindowSize, cs.refWindowSize, cs.resetConst, cs.tau]).toEqual([20, 10, 50, 1]);
  });
});

describe("refractory timing", () => {
  it("LIF with refrac 5 spikes at t, then earliest at t+6; the counter runs negative", () => {
    const l = ready(new LIFNodes({ n: 1 }));
    const spikes: number[] = [];
    for (let t = 0; t < 14; t++) {
      step(l, [100]);
      if (l.s.get(0, 0)) spikes.push(t);
    }
    expect(spikes).toEqual([0, 6, 12]);
    const q = ready(new LIFNodes({ n: 1 }));
    step(q, [0]);
    expect(q.refracCount.get(0, 0)).toBe(-1);
  });

  it("CurrentLIF decrements before the gate, so refrac 5 blocks 4 steps", () => {
    const l = ready(new CurrentLIFNodes({ n: 1 }));
    const spikes: number[] = [];
    for (let t = 0; t < 12; t++) {
      step(l, [100]);
      if (l.s.get(0, 0)) spikes.push(t);
    }
    expect(spikes).toEqual([0, 5, 10]);
  });

  it("IF with dt 0.1 spikes at steps 0, 52, 104 (float32 counter)", () => {
    const l = ready(new IFNodes({ n: 1 }), 0.1);
    const spikes: number[] = [];
    for (let t = 0; t < 110; t++) {
      step(l, [100]);
      if (l.s.get(0, 0)) spikes.push(t);
    }
    expect(spikes).toEqual([0, 52, 104]);
  });

  it("LIF never modifies the caller's input", () => {
    const l = ready(new LIFNodes({ n: 2, sumInput: true }));
    const x = tensor([[100, 1]]);
    l.forward(x);
    l.forward(x);
    expect(x.toArray()).toEqual([[100, 1]]);
    // summed saw the refractory-masked input on the second step
    expect(l.summed.toArray()).toEqual([[100, 2]]);
  });

  it("lbound clips v from below", () => {
    const l = ready(new LIFNodes({ n: 1, lbound: -70 }));
    step(l, [-100]);
    expect(l.v.get(0, 0)).toBe(-70);
  });

  it("per-neuron thresholds", () => {
    const l = ready(new LIFNodes({ n: 2, thresh: tensor([-60, -40]) }));
    step(l, [10, 10]);
    expect(l.s.toArray()).toEqual([[true, false]]);
  });
});

describe("adaptive thresholds", () => {
  it("theta grows by thetaPlus × spikes summed over the batch (3 spikes: 0.15)", () => {
    const l = ready(new AdaptiveLIFNodes({ n: 1 }), 1, 3);
    l.forward(tensor([[100], [100], [100]]));
    expect(l.theta.get(0)).toBeCloseTo(0.15, 6);
    expect(l.theta.shape).toEqual([1]);
  });

  it("theta is frozen while not learning and survives reset and setBatchSize", () => {
    const l = ready(new AdaptiveLIFNodes({ n: 1 }));
    step(l, [100]);
    const th = l.theta.get(0);
    l.resetStateVariables();
    l.setBatchSize(2);
    expect(l.theta.get(0)).toBe(th);
    l.train(false);
    l.forward(tensor([[100], [100]]));
    expect(l.theta.get(0)).toBe(th);
  });

  it("Diehl & Cook oneSpike keeps one spike per row, but resets every crosser", () => {
    const l = ready(new DiehlAndCookNodes({ n: 5, rng: new Generator(7) }), 1, 2);
    l.forward(tensor([[100, 100, 100, 0, 100], [0, 0, 0, 0, 0]]));
    const s = l.s.toArray() as boolean[][];
    expect(s[0]!.filter(Boolean).length).toBe(1);
    expect(s[0]![3]).toBe(false);
    expect(s[1]!.filter(Boolean).length).toBe(0);
    expect(l.refracCount.toFlatArray().slice(0, 5)).toEqual([5, 5, 5, -1, 5]);
    expect(l.theta.toFlatArray().map((v) => Math.round(v * 100) / 100)).toEqual([0.05, 0.05, 0.05, 0, 0.05]);
  });

  it("Diehl & Cook picks uniformly with the seeded generator (same seed, same picks)", () => {
    const picks = (seed: number): number[] => {
      const l = ready(new DiehlAndCookNodes({ n: 4, rng: new Generator(seed), refrac: 0 }));
      const out: number[] = [];
      for (let t = 0; t < 400; t++) {
        l.forward(tensor([[100, 100, 100, 100]]));
        out.push((l.s.toFlatArray() as number[]).indexOf(1));
      }
      return out;
    };
    const a = picks(3);
    expect(picks(3)).toEqual(a);
    const counts = [0, 1, 2, 3].map((k) => a.filter((v) => v === k).length);
    for (const c of counts) expect(c).toBeGreaterThan(60);
  });
});

describe("Izhikevich", () => {
  it("resets at the start of the step after a spike (v stays above threshold on the spike step)", () => {
    const l = ready(new IzhikevichNodes({ n: 1, rng: new Generator(1) }));
    let spikeStep = -1;
    let vAtSpike = 0;
    for (let t = 0; t < 50 && spikeStep < 0; t++) {
      step(l, [20]);
      if (l.s.get(0, 0)) {
        spikeStep = t;
        vAtSpike = l.v.get(0, 0);
      }
    }
    expect(spikeStep).toBeGreaterThanOrEqual(0);
    expect(vAtSpike).toBeGreaterThanOrEqual(45);
    const u = l.u.get(0, 0);
    step(l, [0]);
    // the step began from v = c, u = u + d
    const c = l.c.get(0);
    const d = l.d.get(0);
    expect(c).toBeLessThan(-50);
    expect(l.v.get(0, 0)).toBeLessThan(0);
    expect(l.u.get(0, 0)).toBeGreaterThan(u + d - 1);
  });

  it("excitatory fraction sets the parameter families and the S sign by column", () => {
    const l = new IzhikevichNodes({ n: 10, excitatory: 0.8, rng: new Generator(2) });
    expect(l.excitatory.toFlatArray()).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(l.a.get(0)).toBe(f(0.02));
    expect(l.d.get(9)).toBe(2);
    for (let i = 0; i < 10; i++) {
      expect(l.S.get(i, 0)).toBeGreaterThanOrEqual(0);
      expect(l.S.get(i, 9)).toBeLessThanOrEqual(0);
    }
  });

  it("accepts shape without n (a reference crash, fixed)", () => {
    expect(new IzhikevichNodes({ shape: [2, 2] }).n).toBe(4);
  });
});

describe("SRM0", () => {
  it("sProb is 1 - e^-1 = 0.632 at threshold", () => {
    const l = ready(new SRM0Nodes({ n: 1, rest: -50, thresh: -50, uniform: (o) => o.fill(0.99) }));
    step(l, [0]);
    expect(l.sProb.get(0, 0)).toBeCloseTo(0.6321, 4);
    expect(l.s.get(0, 0)).toBe(0);
  });

  it("spikes where the uniform draw is below sProb; recorded draws are replayed", () => {
    const l = ready(new SRM0Nodes({ n: 2, rest: -50, thresh: -50, uniform: tensor([[0.1, 0.9]]) }));
    step(l, [0, 0]);
    expect(l.s.toArray()).toEqual([[true, false]]);
    expect(l.v.get(0, 0)).toBe(-70);
    expect(() => step(l, [0, 0])).toThrow(/used up/);
  });
});

describe("McCulloch-Pitts, boosted, CSRM", () => {
  it("MCP: v is this step's input, s = v >= thresh", () => {
    const l = ready(new McCullochPitts({ n: 3 }));
    step(l, [0.5, 1, 2]);
    expect(l.v.toArray()).toEqual([[0.5, 1, 2]]);
    expect(l.s.toArray()).toEqual([[false, true, true]]);
  });

  it("Boosted LIF decays toward 0 and resets to 0", () => {
    const l = ready(new BoostedLIFNodes({ n: 2 }));
    step(l, [5, 20]);
    expect(l.v.toArray()).toEqual([[5, 0]]);
    expect(l.s.toArray()).toEqual([[false, true]]);
    step(l, [0, 0]);
    expect(l.v.get(0, 0)).toBe(f(5 * f(Math.exp(-0.01))));
  });

  it("CSRM decays toward 0 and adds windowed kernel responses", () => {
    const l = ready(new CSRMNodes({ n: 1, resWindowSize: 3, refWindowSize: 2 }));
    expect(l.resKernel.length).toBe(3);
    expect(l.resKernel[2]).toBe(1); // t = 0, most recent, (1/tau) e^0
    const x = zeros([1, 3, 1]);
    l.forward(x);
    expect(l.v.get(0, 0)).toBeCloseTo(-65 * 0.99005, 3);
    const y = tensor([[[0], [0], [100]]]);
    l.forward(y);
    expect(l.s.get(0, 0)).toBe(1);
    expect(l.lastSpikes.get(0, 1, 0)).toBe(1);
    expect(() => l.forward(zeros([1, 2, 1]))).toThrow(ShapeError);
  });
});
