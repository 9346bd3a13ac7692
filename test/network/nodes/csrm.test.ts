/** CSRMNodes (src/network/nodes/csrm.ts): cumulative SRM over windowed input, Eta refractory kernel, adaptive θ. */
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Network } from "../../../src/network/network.js";
import { CSRMNodes, type ResponseKernel } from "../../../src/network/nodes/csrm.js";
import { Input } from "../../../src/network/nodes/input.js";
import { Connection } from "../../../src/network/topology/connection.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { ready, t32 } from "../../helpers/layers.js";
import { bits, saveLoad } from "./helpers.js";

const f = Math.fround;
const e = Math.exp;

/** A one-neuron window [1, W, 1] with a 1 at the given rows (row W-1 is the most recent step). */
function win(W: number, ...ones: number[]): Tensor {
  const d = new Float32Array(W);
  for (const k of ones) d[k] = 1;
  return t32(d, [1, W, 1]);
}

describe("CSRMNodes", () => {
  it("samples each response kernel at t = 0, 1, 2 (tau 2) and flips it: the last element is the most recent step", () => {
    const want: Record<ResponseKernel, number[]> = {
      ExponentialKernel: [0.5 * e(-1), 0.5 * e(-0.5), 0.5],
      AlphaKernel: [0.5 * e(-1), 0.25 * e(-0.5), 0],
      AlphaKernelSLAYER: [1, 0.5 * e(0.5), 0],
      LaplacianKernel: [0.25 * e(-1), 0.25 * e(-0.5), 0.25],
      TriangularKernel: [0, 0.25, 0.5],
      RectangularKernel: [0.25, 0.25, 0.25], // crashes in the reference; fixed
    };
    for (const [k, w] of Object.entries(want)) {
      const l = ready(new CSRMNodes({ n: 1, responseKernel: k as ResponseKernel, tau: 2, resWindowSize: 3, refWindowSize: 2 }));
      expect(Array.from(l.resKernel), k).toEqual(w.map(f));
      expect(Array.from(l.refKernel)).toEqual([f(-50 * e(-0.5)), -50]);
    }
  });

  it("v decays toward 0 (not rest) from rest: -65 → -65·e^-0.01 = -64.3532", () => {
    const l = ready(new CSRMNodes({ n: 1, resWindowSize: 3, refWindowSize: 2 }));
    expect(l.v.data[0]).toBe(-65);
    l.forward(win(3));
    expect(l.v.data[0]).toBe(f(-65 * f(e(-0.01))));
    expect(l.v.data[0]).toBeCloseTo(-64.3532, 4);
  });

  it("the response is added again every step: one input spike moving through the window gives 1, 1 + e^-1, 1 + e^-1 + e^-2", () => {
    const l = ready(new CSRMNodes({ n: 1, rest: 0, thresh: 100, tcDecay: 1e9, resWindowSize: 3, refWindowSize: 2 }));
    const v: number[] = [];
    for (const w of [win(3, 2), win(3, 1), win(3, 0), win(3)]) {
      l.forward(w);
      v.push(l.v.data[0]!);
    }
    expect(v[0]).toBe(1);
    expect(v[1]).toBeCloseTo(1 + e(-1), 6);
    expect(v[2]).toBeCloseTo(1 + e(-1) + e(-2), 6);
    expect(v[3]).toBe(v[2]); // the spike has left the window
  });

  it("no voltage reset: after a spike the Eta kernel pulls v down by 50, then 50·e^-1, then 50·e^-2", () => {
    const l = ready(new CSRMNodes({ n: 1, rest: 0, thresh: 0.5, tcDecay: 1e9, thetaPlus: 0, resWindowSize: 3, refWindowSize: 3 }));
    l.forward(win(3, 2));
    expect([l.s.data[0], l.v.data[0]]).toEqual([1, 1]);
    expect(Array.from(l.lastSpikes.data)).toEqual([0, 0, 1]);
    const v: number[] = [];
    for (let t = 0; t < 4; t++) {
      l.forward(win(3));
      v.push(l.v.data[0]!);
      expect(l.s.data[0]).toBe(0);
    }
    expect(v[0]).toBe(-49);
    expect(v[1]).toBeCloseTo(-49 - 50 * e(-1), 4); // -67.394
    expect(v[2]).toBeCloseTo(-49 - 50 * e(-1) - 50 * e(-2), 4); // -74.161
    expect(v[3]).toBe(v[2]);
    expect(Array.from(l.lastSpikes.data)).toEqual([0, 0, 0]);
  });

  it("θ grows by thetaPlus × spikes summed over the batch while learning, is frozen otherwise, and survives reset", () => {
    const l = ready(new CSRMNodes({ n: 1, rest: 0, thresh: 0.5, thetaPlus: 0.25, tcThetaDecay: 1e9, tcDecay: 1e9, resWindowSize: 2, refWindowSize: 1 }), 2);
    l.forward(t32([0, 1, 0, 1], [2, 2, 1]));
    expect(Array.from(l.s.data)).toEqual([1, 1]);
    expect(Array.from(l.theta.data)).toEqual([0.5]);
    l.train(false);
    l.forward(t32([0, 1, 0, 1], [2, 2, 1]));
    expect(Array.from(l.theta.data)).toEqual([0.5]);
    // v = 1 - 50 + 1 = -48 < 0.5 + 0.5: no spike (the Eta kernel of the last spike)
    expect(Array.from(l.v.data)).toEqual([-48, -48]);
    l.resetStateVariables();
    expect(Array.from(l.v.data)).toEqual([0, 0]);
    expect(Array.from(l.theta.data)).toEqual([0.5]);
    expect(Array.from(l.lastSpikes.data)).toEqual([0, 0]); // the last step did not spike
  });

  it("any dt works: the windows have window/dt rows (dt 0.5: 6 rows for a window of 3)", () => {
    const l = new CSRMNodes({ n: 2, tau: 1, resWindowSize: 3, refWindowSize: 2 });
    l.computeDecays(0.5);
    l.setBatchSize(1);
    expect(l.stepInputShape(1)).toEqual([1, 6, 2]);
    expect(l.resKernel.length).toBe(6);
    expect(l.resKernel[4]).toBe(f(e(-0.5)));
    expect(l.lastSpikes.shape).toEqual([1, 4, 2]);
    l.forward(t32(new Float32Array(12), [1, 6, 2]));
    expect(l.v.data[0]).toBe(f(-65 * f(e(-0.005))));
    expect(() => l.forward(t32(new Float32Array(6), [1, 3, 2]))).toThrow(new ShapeError("CSRMNodes.forward: x has shape [1, 3, 2], expected [1, 6, 2]"));
  });

  it("lbound clips v after the spike test", () => {
    const l = ready(new CSRMNodes({ n: 1, rest: 0, thresh: 0.5, lbound: -10, tcDecay: 1e9, resWindowSize: 1, refWindowSize: 1 }));
    l.forward(win(1, 0));
    l.forward(win(1));
    expect(l.v.data[0]).toBe(-10);
  });

  it("in a network a Connection feeds it the window of its source's spikes; a save/load round trip continues identically", () => {
    const net = new Network();
    net.addLayer(new Input({ n: 3 }), "X");
    net.addLayer(new CSRMNodes({ n: 2, thresh: -64.5, thetaPlus: 0.2, resWindowSize: 4, refWindowSize: 3 }), "Y");
    net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, w: t32([1, 0.5, 0.5, 1, 1, 1], [3, 2]) }), "X", "Y");
    const x = (k: number): Tensor => new Tensor(Uint8Array.from({ length: 10 * 3 }, (_, i) => ((i * 7 + k) % 3 === 0 ? 1 : 0)), [10, 1, 3], "uint8");
    net.run({ inputs: { X: x(0) }, time: 10 });
    const a = net.layers.Y as CSRMNodes;
    expect(Math.max(...a.theta.data)).toBeGreaterThan(0);
    const copy = saveLoad(net);
    const b = copy.layers.Y as CSRMNodes;
    expect([b.resWindowSize, b.refWindowSize, b.thetaPlus]).toEqual([4, 3, 0.2]);
    for (const k of ["v", "theta", "lastSpikes"] as const) expect(bits(b[k]), k).toEqual(bits(a[k]));
    net.run({ inputs: { X: x(1) }, time: 10 });
    copy.run({ inputs: { X: x(1) }, time: 10 });
    for (const k of ["v", "theta", "lastSpikes", "s"] as const) expect(bits(b[k]), k).toEqual(bits(a[k]));
  });

  it("rejects bad options with the class, the argument and the expectation", () => {
    expect(() => new CSRMNodes({ n: 1, reset_const: 5 } as never)).toThrow("CSRMNodes: unknown option reset_const; did you mean resetConst?");
    expect(() => new CSRMNodes({ n: 1, responseKernel: "GaussianKernel" as never })).toThrow(
      new ValueError('CSRMNodes: responseKernel is "GaussianKernel", expected one of ExponentialKernel, AlphaKernel, AlphaKernelSLAYER, LaplacianKernel, TriangularKernel, RectangularKernel'),
    );
    expect(() => new CSRMNodes({ n: 1, refractoryKernel: "Other" as never })).toThrow(/CSRMNodes: refractoryKernel is "Other", expected "EtaKernel"/);
    expect(() => new CSRMNodes({ n: 1, tau: 0 })).toThrow(new ValueError("CSRMNodes: tau is 0, expected a positive finite number"));
    expect(() => new CSRMNodes({ n: 1, resWindowSize: -2 })).toThrow(/CSRMNodes: resWindowSize is -2, expected a positive finite number/);
    expect(() => ready(new CSRMNodes({ n: 1 })).forward([1] as never)).toThrow(/CSRMNodes.forward: x is .*, expected a Tensor/);
  });
});
