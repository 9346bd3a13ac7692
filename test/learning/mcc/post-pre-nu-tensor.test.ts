/** MCC PostPre with nu as a pair of per-neuron tensors, against a hand computation and the scalar nu. */
import { describe, expect, it } from "vitest";
import * as mcc from "../../../src/learning/mcc/index.js";
import { Input, LIFNodes } from "../../../src/network/nodes/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/index.js";
import { Bias, Weight } from "../../../src/network/features/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { ready } from "../../helpers/layers.js";

const t = (v: number[]): Tensor => new Tensor(Float32Array.from(v), [v.length], "float32");
const f = Math.fround;

function build(nu: unknown): { c: MulticompartmentConnection; X: Input; Y: LIFNodes; w: Weight } {
  const X = ready(new Input({ n: 2, traces: true }), 1) as Input;
  const Y = ready(new LIFNodes({ n: 2, traces: true }), 1) as LIFNodes;
  const w = new Weight({ name: "w", value: new Tensor(Float32Array.from([0.5, 0.5, 0.5, 0.5]), [2, 2], "float32"), range: [0, 1], learningRule: mcc.PostPre, nu: nu as never });
  const c = new MulticompartmentConnection({ source: X, target: Y, pipeline: [w] });
  const put = (x: Tensor, v: number[]): void => v.forEach((e, k) => (x.data[x.offset + k] = e));
  put(X.s, [1, 0]);
  put(X.x, [1, 0.25]);
  put(Y.s, [0, 1]);
  put(Y.x, [0.5, 1]);
  return { c, X, Y, w };
}

describe("MCC PostPre: nu as per-neuron tensors", () => {
  it("known values (dt 1): depression on the spiking row by nu0[j]·x_post[j], potentiation on the spiking column by x_pre[i]·nu1[j]", () => {
    const { c, w } = build([t([0.1, 0.2]), t([0.01, 0.02])]);
    c.update({ learning: true });
    expect(Array.from(w.value.contiguousData())).toEqual([f(0.5 - f(0.1 * 0.5)), f(f(0.5 - f(0.2 * 1)) + f(1 * f(0.02))), 0.5, f(0.5 + f(0.25 * f(0.02)))]);
  });

  it("equal rates give the scalar nu's bits", () => {
    const a = build([t([0.1, 0.1]), t([0.02, 0.02])]);
    const b = build([0.1, 0.02]);
    a.c.update({ learning: true });
    b.c.update({ learning: true });
    expect(Array.from(a.w.value.contiguousData())).toEqual(Array.from(b.w.value.contiguousData()));
  });

  it("other MCC rules, wrong lengths and averageUpdate with tensors are refused", () => {
    expect(() => build([t([0.1]), t([0.1, 0.2])])).toThrow("PostPre: nu has a Tensor of 1 values, expected 2 (one per target neuron)");
    const X = new Input({ n: 2, traces: true });
    const Y = new LIFNodes({ n: 2, traces: true });
    expect(() => new MulticompartmentConnection({ source: X, target: Y, pipeline: [new Bias({ name: "b", value: 0.1, learningRule: mcc.MSTDP, nu: [t([1, 1]), t([1, 1])] })] })).toThrow(
      "MSTDP: nu is a pair of tensors, expected numbers (per-neuron nu is supported by PostPre only)",
    );
    expect(() => new MulticompartmentConnection({ source: X, target: Y, pipeline: [new Bias({ name: "b", value: 0.1, learningRule: mcc.PostPre, nu: [t([1, 1]), t([1, 1])], averageUpdate: 2 })] })).toThrow(/averageUpdate/);
  });
});
