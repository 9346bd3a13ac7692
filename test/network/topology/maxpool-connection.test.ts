import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { MaxPool1dConnection, MaxPool2dConnection, MaxPool3dConnection, MaxPoo3dConnection, Network } from "../../../src/network/index.js";
import { PostPre } from "../../../src/learning/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { denseConnection, inp, lif, randomSpikes, spikes } from "./helpers.js";

describe("MaxPool*Connection", () => {
  it("passes the current spike of the highest-rate neuron (first on ties), rates decay", () => {
    const X = inp([1, 4]);
    const Y = lif([1, 2]);
    const c = new MaxPool1dConnection({ source: X, target: Y, kernelSize: 2, stride: 2, decay: 0.5 });
    expect(c.compute(spikes([1, 0, 0, 1], [1, 1, 4])).toFlatArray()).toEqual([1, 1]);
    expect(c.firingRates.toFlatArray()).toEqual([1, 0, 0, 1]);
    // rates [0.5, 1, 1, 0.5]: each window picks its spiking neuron
    expect(c.compute(spikes([0, 1, 1, 0], [1, 1, 4])).toFlatArray()).toEqual([1, 1]);
    expect(c.firingRates.toFlatArray()).toEqual([0.5, 1, 1, 0.5]);
    // rates [1.25, 0.5, 0.5, 0.25]: window 1 picks neuron 2, which is silent now
    expect(c.compute(spikes([1, 0, 0, 0], [1, 1, 4])).toFlatArray()).toEqual([1, 0]);
    // ties go to the first neuron of the window
    const d = new MaxPool1dConnection({ source: inp([1, 2]), target: lif([1, 1]), kernelSize: 2, decay: 0 });
    expect(d.compute(spikes([1, 1], [1, 1, 2])).toFlatArray()).toEqual([1]);
    expect(d.compute(spikes([0, 1], [1, 1, 2])).toFlatArray()).toEqual([1]); // rates [1, 2]
    expect(d.compute(spikes([1, 0], [1, 1, 2])).toFlatArray()).toEqual([1]); // rates [2, 2]: neuron 0 wins
    expect(d.compute(spikes([0, 1], [1, 1, 2])).toFlatArray()).toEqual([1]); // rates [2, 3]
  });

  it("property: for the same rates, MaxPool2d equals a dense 0/1 Connection selecting each window's winner", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), (seed, B, C) => {
        const X = inp([C, 4, 6], B);
        const Y = lif([C, 3, 5], B);
        const c = new MaxPool2dConnection({ source: X, target: Y, kernelSize: 2, stride: 1, decay: 0.25 });
        for (let t = 0; t < 3; t++) c.compute(spikes(randomSpikes(B * X.n, seed + t), [B, ...X.shape]));
        const s = spikes(randomSpikes(B * X.n, seed + 99), [B, ...X.shape]);
        const rates = Float32Array.from(c.firingRates.toFlatArray());
        const got = c.compute(s).toFlatArray();
        const after = c.firingRates.toFlatArray();
        for (let b = 0; b < B; b++) {
          const W = new Float32Array(X.n * Y.n);
          for (let ch = 0; ch < C; ch++) {
            for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) {
              let best = -1;
              let bi = 0;
              for (let a = 0; a < 2; a++) for (let d = 0; d < 2; d++) {
                const p = ch * 24 + (i + a) * 6 + (j + d);
                const r = after[b * X.n + p]!;
                if (r > best) { best = r; bi = p; }
              }
              W[bi * Y.n + ch * 15 + i * 5 + j] = 1;
            }
          }
          const Xb = inp([C, 4, 6]);
          const dense = denseConnection(Xb, lif([C, 3, 5]), W);
          const sb = new Tensor(Uint8Array.from(s.toFlatArray().slice(b * X.n, (b + 1) * X.n)), [1, ...X.shape], "uint8");
          expect(got.slice(b * Y.n, (b + 1) * Y.n)).toEqual(dense.compute(sb).toFlatArray());
        }
        void rates;
      }),
      { numRuns: 30 },
    );
  });

  it("works with learning on, without decay, and with batch > 1 and one channel (reference crashes)", () => {
    const net = new Network({ batchSize: 2, learning: true });
    const X = inp([1, 4, 4], 2);
    const Y = lif([1, 2, 2], 2);
    net.addLayer(X, "X");
    net.addLayer(Y, "Y");
    const c = new MaxPool2dConnection({ source: X, target: Y, kernelSize: 2, stride: 2 });
    net.addConnection(c, "X", "Y");
    net.run({ inputs: { X: new Tensor(new Uint8Array(3 * 2 * 16).fill(1), [3, 2, 1, 4, 4], "uint8") }, time: 3 });
    expect(c.decay).toBe(0);
    expect(c.firingRates.shape).toEqual([2, 1, 4, 4]);
    expect(c.firingRates.toFlatArray().every((v) => v === 2)).toBe(true); // counts of the two spikes seen before the last step
    c.resetStateVariables();
    expect(c.firingRates.toFlatArray().every((v) => v === 0)).toBe(true);
  });

  it("3-D pooling with padding, and the reference's misspelt alias", () => {
    expect(MaxPoo3dConnection).toBe(MaxPool3dConnection);
    const c = new MaxPoo3dConnection({ source: inp([1, 2, 2, 2]), target: lif([1, 3, 3, 3]), kernelSize: 2, stride: 1, padding: 1, decay: 0 });
    const s = spikes([0, 0, 0, 0, 0, 0, 0, 1], [1, 1, 2, 2, 2]);
    // padding never wins: the corner window sees only neuron 0 (silent), the last only neuron 7
    const out = c.compute(s).toFlatArray();
    expect(out.length).toBe(27);
    expect([out[0], out[26], out[13]]).toEqual([0, 1, 1]);
  });

  it("bad input: target shape, kernel too large, stride, padding, a learning rule", () => {
    expect(() => new MaxPool2dConnection({ source: inp([2, 6, 6]), target: lif([2, 4, 4]), kernelSize: 2, stride: 2 })).toThrow(/MaxPool2dConnection: target has shape \[2, 4, 4\], expected \[2, 3, 3\]/);
    expect(() => new MaxPool1dConnection({ source: inp([1, 3]), target: lif([1, 1]), kernelSize: 4 })).toThrow(ShapeError);
    expect(() => new MaxPool1dConnection({ source: inp([1, 4]), target: lif([1, 2]), kernelSize: 2, stride: 0 })).toThrow(/MaxPool1dConnection: stride is 0, expected a positive integer/);
    expect(() => new MaxPool1dConnection({ source: inp([1, 4]), target: lif([1, 5]), kernelSize: 2, padding: 2 })).toThrow(ValueError);
    expect(() => new MaxPool1dConnection({ source: inp([1, 4], 1, true), target: lif([1, 3], 1, true), kernelSize: 2, updateRule: PostPre })).toThrow(/MaxPool1dConnection: updateRule is PostPre, expected none/);
  });
});
