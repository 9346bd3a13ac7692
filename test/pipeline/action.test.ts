import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { Input, LIFNodes, Network } from "../../src/network/index.js";
import { type ActionFunction, type ActionPipeline, selectFirstSpike, selectHighest, selectMultinomial, selectRandom, selectSoftmax } from "../../src/pipeline/action.js";
import { tensor } from "../../src/tensor/creation.js";
import { Generator } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

/** A hand-made pipeline: output layer "Y" of n neurons with spikes `s` now, a spike record, n actions. */
function fake(opts: { n: number; nActions: number; s?: number[]; record?: number[][]; seed?: number }): ActionPipeline {
  const network = new Network();
  network.addLayer(new Input({ n: 1 }), "X");
  const Y = new LIFNodes({ n: opts.n });
  network.addLayer(Y, "Y");
  (opts.s ?? []).forEach((v, j) => Y.s.set(v, 0, j));
  const spikeRecord: Record<string, Tensor> = {};
  if (opts.record) spikeRecord.Y = tensor(opts.record);
  return { network, env: { actionSpace: { n: opts.nActions } }, spikeRecord, generator: new Generator(opts.seed ?? 7) };
}

function frequencies(f: ActionFunction, p: ActionPipeline, nActions: number, draws: number): number[] {
  const c = new Array<number>(nActions).fill(0);
  for (let i = 0; i < draws; i++) c[f(p, { output: "Y" })]! += 1;
  return c.map((k) => k / draws);
}

describe("selectMultinomial", () => {
  it("sums each population over its neurons (fixed: the reference picks action 0 whenever the layer spiked)", () => {
    const p = fake({ n: 4, nActions: 2, s: [0, 0, 1, 1] });
    expect(frequencies(selectMultinomial, p, 2, 200)).toEqual([0, 1]);
    const q = fake({ n: 4, nActions: 2, s: [1, 0, 0, 0] });
    expect(frequencies(selectMultinomial, q, 2, 200)).toEqual([1, 0]);
  });

  it("draws in proportion to the population spike counts", () => {
    const p = fake({ n: 6, nActions: 3, s: [1, 0, 1, 1, 0, 0] }); // counts 1, 2, 0
    const f = frequencies(selectMultinomial, p, 3, 6000);
    expect(f[0]).toBeCloseTo(1 / 3, 1);
    expect(Math.abs(f[0]! - 1 / 3)).toBeLessThan(0.03);
    expect(Math.abs(f[1]! - 2 / 3)).toBeLessThan(0.03);
    expect(f[2]).toBe(0);
  });

  it("is uniform when the layer is silent", () => {
    const f = frequencies(selectMultinomial, fake({ n: 4, nActions: 2 }), 2, 4000);
    expect(Math.abs(f[0]! - 0.5)).toBeLessThan(0.03);
  });

  it("needs n to be a multiple of the number of actions", () => {
    expectError(() => selectMultinomial(fake({ n: 3, nActions: 2 }), { output: "Y" }), ValueError, "selectMultinomial", "n=3", "multiple of the 2 actions");
  });
});

describe("selectSoftmax", () => {
  it("draws from the softmax of the spike counts over time", () => {
    // counts [0, 2]: P(1) = e^2 / (1 + e^2) = 0.8808
    const p = fake({ n: 2, nActions: 2, record: [[0, 1], [0, 0], [0, 1]] });
    const f = frequencies(selectSoftmax, p, 2, 6000);
    expect(Math.abs(f[1]! - Math.exp(2) / (1 + Math.exp(2)))).toBeLessThan(0.02);
    const silent = frequencies(selectSoftmax, fake({ n: 2, nActions: 2, record: [[0, 0]] }), 2, 4000);
    expect(Math.abs(silent[0]! - 0.5)).toBeLessThan(0.03);
  });

  it("needs one neuron per action and the output's spike record", () => {
    expectError(() => selectSoftmax(fake({ n: 3, nActions: 2, record: [[0, 0, 0]] }), { output: "Y" }), ValueError, "selectSoftmax", "n=3", "expected n = the 2 actions");
    expectError(() => selectSoftmax(fake({ n: 2, nActions: 2 }), { output: "Y" }), ValueError, "selectSoftmax", 'spikeRecord["Y"] is undefined', "expected the output's spike record");
    expectError(() => selectSoftmax(fake({ n: 2, nActions: 2, record: [[0, 0, 0]] }), { output: "Y" }), ValueError, "has shape [1, 3]", "expected [T, 2]");
  });
});

describe("selectHighest", () => {
  it("picks the neuron with most spikes, the lowest index among ties", () => {
    const p = fake({ n: 3, nActions: 3, record: [[0, 1, 0], [0, 1, 1], [0, 0, 1]] });
    expect(selectHighest(p, { output: "Y" })).toBe(1);
    expect(selectHighest(fake({ n: 3, nActions: 3, record: [[1, 0, 1], [0, 0, 1]] }), { output: "Y" })).toBe(2);
  });

  it("picks uniformly among all actions when silent (fixed: the reference always gives 0)", () => {
    const f = frequencies(selectHighest, fake({ n: 3, nActions: 3, record: [[0, 0, 0]] }), 3, 3000);
    for (const x of f) expect(Math.abs(x - 1 / 3)).toBeLessThan(0.04);
  });
});

describe("selectFirstSpike", () => {
  it("picks the earliest spiking neuron, the lowest index at that step", () => {
    expect(selectFirstSpike(fake({ n: 3, nActions: 3, record: [[0, 0, 0], [0, 1, 1], [1, 0, 0]] }), { output: "Y" })).toBe(1);
    expect(selectFirstSpike(fake({ n: 3, nActions: 3, record: [[0, 0, 1], [1, 1, 1]] }), { output: "Y" })).toBe(2);
  });

  it("gives 0 when silent", () => {
    expect(selectFirstSpike(fake({ n: 2, nActions: 2, record: [[0, 0], [0, 0]] }), { output: "Y" })).toBe(0);
  });
});

describe("selectRandom", () => {
  it("is uniform and reproducible from the seed", () => {
    const seq = (seed: number): number[] => {
      const p = fake({ n: 1, nActions: 4, seed });
      return Array.from({ length: 20 }, () => selectRandom(p, { output: "Y" }));
    };
    expect(seq(3)).toEqual(seq(3));
    expect(seq(3)).not.toEqual(seq(4));
    const f = frequencies(selectRandom, fake({ n: 1, nActions: 4 }), 4, 8000);
    for (const x of f) expect(Math.abs(x - 0.25)).toBeLessThan(0.025);
  });

  it("takes an explicit generator over the pipeline's", () => {
    const p = fake({ n: 1, nActions: 5, seed: 1 });
    const a = Array.from({ length: 10 }, () => selectRandom(p, { output: "Y", generator: new Generator(9) }));
    expect(new Set(a).size).toBe(1); // a fresh generator of the same seed each time
    const g = new Generator(9);
    expect(a[0]).toBe(g.nextBelow(5));
  });
});

describe("action functions: bad input", () => {
  it("name the function, the argument, the expected and the given value", () => {
    const p = fake({ n: 2, nActions: 2, record: [[0, 0]] });
    for (const [name, f] of [["selectMultinomial", selectMultinomial], ["selectSoftmax", selectSoftmax], ["selectHighest", selectHighest], ["selectFirstSpike", selectFirstSpike], ["selectRandom", selectRandom]] as const) {
      expectError(() => f(p, { output: "Z" }), ValueError, name, 'output is "Z"', "expected one of the network's layers");
      expectError(() => f(p, {} as { output: string }), ValueError, name, "output is undefined", "expected the name of the output layer");
      expectError(() => f(null as unknown as ActionPipeline, { output: "Y" }), ValueError, name, "pipeline is null", "expected an EnvironmentPipeline");
      expectError(() => f({ ...p, env: { actionSpace: { n: 0 } } }, { output: "Y" }), ValueError, name, "actionSpace.n is 0", "positive integer");
    }
  });
});
