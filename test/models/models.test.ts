/** test_models.py's construction checks, plus the reference defaults and the weights' structure. */
import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import {
  DiehlAndCook2015,
  DiehlAndCook2015v2,
  IncreasingInhibitionNetwork,
  LocallyConnectedNetwork,
  TwoLayerNetwork,
  filterInhibition,
  increasingInhibitionWeights,
  inputWeights,
} from "../../src/models/index.js";
import { Weight } from "../../src/network/features/weight.js";
import { DiehlAndCookNodes } from "../../src/network/nodes/diehl-and-cook.js";
import { Input } from "../../src/network/nodes/input.js";
import { LIFNodes } from "../../src/network/nodes/lif.js";
import { Connection } from "../../src/network/topology/connection.js";
import { LocalConnection } from "../../src/network/topology/local-connection.js";
import { MulticompartmentConnection } from "../../src/network/topology/multicompartment-connection.js";
import { PostPre } from "../../src/learning/post-pre.js";
import { PostPre as MCCPostPre } from "../../src/learning/post-pre.js";
import { Generator } from "../../src/tensor/random.js";

describe("TwoLayerNetwork (test_models.py)", () => {
  for (const nInpt of [50, 100, 200]) {
    for (const nNeurons of [50, 100, 200]) {
      for (const dt of [1.0, 2.0]) {
        it(`nInpt ${nInpt}, nNeurons ${nNeurons}, dt ${dt}`, () => {
          const net = new TwoLayerNetwork({ nInpt, nNeurons, dt });
          expect(net.nInpt).toBe(nInpt);
          expect(net.nNeurons).toBe(nNeurons);
          expect(net.dt).toBe(dt);
          expect(net.layers.X).toBeInstanceOf(Input);
          expect(net.layers.Y).toBeInstanceOf(LIFNodes);
          expect(net.layers.X!.n).toBe(nInpt);
          expect(net.layers.Y!.n).toBe(nNeurons);
          expect(net.connections.keys()).toEqual([["X", "Y"]]);
        });
      }
    }
  }

  it("has the reference's defaults: w = 0.3·U[0, 1), PostPre (1e-4, 1e-2), [0, 1], norm 78.4, LIF parameters", () => {
    const net = new TwoLayerNetwork({ nInpt: 20 });
    const c = net.connections.get("X", "Y") as Connection;
    expect(c.ruleClass).toBe(PostPre);
    expect(c.nu).toEqual([1e-4, 1e-2]);
    expect([c.wmin, c.wmax, c.norm]).toEqual([0, 1, 78.4]);
    const w = c.w.toFlatArray();
    expect(Math.max(...w)).toBeLessThan(0.3);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
    const y = net.layers.Y as LIFNodes;
    expect([y.rest, y.reset, y.thresh, y.refrac, y.tcDecay, y.traces]).toEqual([-65, -65, -52, 5, 100, true]);
  });
});

describe("DiehlAndCook2015 (test_models.py)", () => {
  for (const nInpt of [50, 100, 200]) {
    for (const nNeurons of [50, 100, 200]) {
      for (const [dt, exc, inh] of [[1.0, 22.5, 17.5], [2.0, 30, 60]] as const) {
        it(`nInpt ${nInpt}, nNeurons ${nNeurons}, dt ${dt}, exc ${exc}, inh ${inh}`, () => {
          const net = new DiehlAndCook2015({ nInpt, nNeurons, dt, exc, inh });
          expect([net.nInpt, net.nNeurons, net.dt, net.exc, net.inh]).toEqual([nInpt, nNeurons, dt, exc, inh]);
          expect(net.layers.X).toBeInstanceOf(Input);
          expect(net.layers.Ae).toBeInstanceOf(DiehlAndCookNodes);
          expect(net.layers.Ai).toBeInstanceOf(LIFNodes);
          expect([net.layers.X!.n, net.layers.Ae!.n, net.layers.Ai!.n]).toEqual([nInpt, nNeurons, nNeurons]);
          expect(net.connections.keys()).toEqual([["X", "Ae"], ["Ae", "Ai"], ["Ai", "Ae"]]);
        });
      }
    }
  }

  it("is built on MulticompartmentConnections with one Weight feature each (the reference's structure)", () => {
    const n = 5;
    const net = new DiehlAndCook2015({ nInpt: 12, nNeurons: n });
    for (const c of net.connections.values()) {
      expect(c).toBeInstanceOf(MulticompartmentConnection);
      const p = (c as MulticompartmentConnection).pipeline;
      expect(p.length).toBe(1);
      expect(p[0]).toBeInstanceOf(Weight);
    }
    const xe = (net.connections.get("X", "Ae") as MulticompartmentConnection).pipeline[0]!;
    expect(xe.learningRuleClass).toBe(MCCPostPre);
    expect(xe.nu).toEqual([1e-4, 1e-2]);
    expect(xe.range).toEqual([0, 1]);
    expect(xe.norm).toBe(78.4);
    expect(inputWeights(net)).toBe(xe.value);
    const ei = (net.connections.get("Ae", "Ai") as MulticompartmentConnection).pipeline[0]!.value.toArray() as number[][];
    const ie = (net.connections.get("Ai", "Ae") as MulticompartmentConnection).pipeline[0]!.value.toArray() as number[][];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(ei[i]![j]).toBe(i === j ? 22.5 : 0);
        expect(ie[i]![j]! + 0).toBe(i === j ? 0 : -17.5); // the diagonal is −0 (−inh·0), as torch's
      }
    }
    const ae = net.layers.Ae as DiehlAndCookNodes;
    expect([ae.rest, ae.reset, ae.thresh, ae.refrac, ae.tcDecay, ae.thetaPlus, ae.tcThetaDecay]).toEqual([-65, -60, -52, 5, 100, 0.05, 1e7]);
    const ai = net.layers.Ai as LIFNodes;
    expect([ai.rest, ai.reset, ai.thresh, ai.refrac, ai.tcDecay, ai.traces]).toEqual([-60, -45, -40, 2, 10, false]);
  });

  it("rejects bad sizes and input shapes, naming the argument", () => {
    expect(() => new DiehlAndCook2015({ nInpt: 0 })).toThrow(ValueError);
    expect(() => new DiehlAndCook2015({ nInpt: 0 })).toThrow(/DiehlAndCook2015: nInpt is 0, expected a positive integer/);
    expect(() => new DiehlAndCook2015({ nInpt: 784, inptShape: [1, 28, 27] })).toThrow(/DiehlAndCook2015: inptShape is \[1, ?28, ?27\], expected positive integers whose product is nInpt=784/);
    expect(() => new DiehlAndCook2015v2({ nInpt: 4, nNeurons: 2.5 })).toThrow(/DiehlAndCook2015v2: nNeurons is 2.5, expected a positive integer/);
  });

  it("draws the same initial weights from the same generator", () => {
    const a = inputWeights(new DiehlAndCook2015({ nInpt: 10, nNeurons: 3, rng: new Generator(7) })).toFlatArray();
    const b = inputWeights(new DiehlAndCook2015({ nInpt: 10, nNeurons: 3, rng: new Generator(7) })).toFlatArray();
    expect(a).toEqual(b);
  });
});

describe("DiehlAndCook2015v2, IncreasingInhibitionNetwork, LocallyConnectedNetwork", () => {
  it("v2 folds inhibition into Y→Y = −inh·(1 − I) with bounds [−inh, 0]", () => {
    const net = new DiehlAndCook2015v2({ nInpt: 6, nNeurons: 3 });
    expect(net.connections.keys()).toEqual([["X", "Y"], ["Y", "Y"]]);
    const r = net.connections.get("Y", "Y") as Connection;
    expect(r.w.toFlatArray().map((v) => v + 0)).toEqual([0, -17.5, -17.5, -17.5, 0, -17.5, -17.5, -17.5, 0]);
    expect([r.wmin, r.wmax]).toEqual([-17.5, 0]);
  });

  it("increasing inhibition: w = √dist / max · maxInhib + startInhib on a ⌊√n⌋ grid (positive with the defaults)", () => {
    const w = increasingInhibitionWeights(4, 1, 100).toArray() as number[][];
    // grid (0,0) (0,1) (1,0) (1,1): distances 1, 1, √2; √d: 1, 1, 2^¼; max 2^¼
    const m = 2 ** 0.25;
    expect(w[0]![0]).toBe(1);
    expect(w[0]![1]).toBeCloseTo((1 / m) * 100 + 1, 4);
    expect(w[0]![3]).toBeCloseTo(101, 4);
    const som = increasingInhibitionWeights(4, 10, -40).toArray() as number[][];
    expect(som[0]![3]).toBeCloseTo(-30, 4);
    const net = new IncreasingInhibitionNetwork({ nInput: 8, nNeurons: 4 });
    expect(net.layers.Y).toBeInstanceOf(DiehlAndCookNodes);
    expect(net.connections.get("Y", "Y")!.w.toFlatArray().every((v) => v > 0)).toBe(true);
  });

  it("locally connected: LocalConnection with norm per kernel element and −inh between filters at one position", () => {
    const net = new LocallyConnectedNetwork({ nInpt: 36, inputShape: [6, 6], kernelSize: 4, stride: 2, nFilters: 3 });
    expect(net.convSize).toEqual([2, 2]);
    expect(net.layers.Y!.n).toBe(12);
    const lc = net.connections.get("X", "Y") as LocalConnection;
    expect(lc).toBeInstanceOf(LocalConnection);
    expect(lc.norm).toBeCloseTo(0.2 * 16, 6);
    const inh = filterInhibition(2, 2, 25).toArray() as number[][];
    expect(inh).toEqual([[0, 0, -25, 0], [0, 0, 0, -25], [-25, 0, 0, 0], [0, -25, 0, 0]]);
    const full = new LocallyConnectedNetwork({ nInpt: 16, inputShape: [4, 4], kernelSize: 4, stride: 1, nFilters: 2 });
    expect(full.convSize).toEqual([1, 1]);
  });
});
