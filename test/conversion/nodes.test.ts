import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Nodes } from "../../src/network/nodes/nodes.js";
import { PassThroughNodes, SubtractiveResetIFNodes } from "../../src/conversion/index.js";
import { expectError } from "../helpers/expect-error.js";

function ready<T extends Nodes>(layer: T, dt = 1, batch = 1): T {
  layer.computeDecays(dt);
  layer.setBatchSize(batch);
  return layer;
}

/** Steps a one-neuron layer with each input; returns the spikes and voltages after each step. */
function run(l: SubtractiveResetIFNodes, inputs: number[]): { s: number[]; v: number[] } {
  const s: number[] = [];
  const v: number[] = [];
  for (const x of inputs) {
    l.forward(tensor([[x]]));
    s.push(Number(l.s.get(0, 0)));
    v.push(l.v.get(0, 0));
  }
  return { s, v };
}

describe("SubtractiveResetIFNodes", () => {
  it("has BindsNET's defaults: thresh −52, reset −65 (the initial v), refrac 5", () => {
    const l = ready(new SubtractiveResetIFNodes({ n: 2 }));
    expect([l.thresh, l.reset, l.refrac, l.lbound]).toEqual([-52, -65, 5, null]);
    expect(l.v.tolist()).toEqual([[-65, -65]]);
    expect(l.s.dtype).toBe("bool");
  });

  it("subtracts thresh on a spike, so the rate equals the input (0.75 → 3 spikes in 4 steps)", () => {
    const l = ready(new SubtractiveResetIFNodes({ n: 1, thresh: 1, reset: 0, refrac: 0 }));
    expect(run(l, Array(8).fill(0.75))).toEqual({ s: [0, 1, 1, 1, 0, 1, 1, 1], v: [0.75, 0.5, 0.25, 0, 0.75, 0.5, 0.25, 0] });
  });

  it("ignores input while refractory (refrac 2: two steps after each spike)", () => {
    const l = ready(new SubtractiveResetIFNodes({ n: 1, thresh: 1, reset: 0, refrac: 2, sumInput: true }));
    expect(run(l, Array(8).fill(0.75))).toEqual({ s: [0, 1, 0, 0, 1, 0, 0, 1], v: [0.75, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0] });
    // summed counts the raw input, refractory steps included (the reference's base forward)
    expect(l.summed.get(0, 0)).toBe(6);
  });

  it("counts a non-integer refractory period down to 0 (the reference's counter sticks below 0)", () => {
    const l = ready(new SubtractiveResetIFNodes({ n: 1, thresh: 1, reset: 0, refrac: 1.5 }));
    const r = run(l, Array(6).fill(0.75));
    // spike at step 2 (rc 1.5), steps 3–4 blocked (rc 0.5, then 0), input again at step 5
    expect(r.s).toEqual([0, 1, 0, 0, 1, 0]);
    expect(r.v).toEqual([0.75, 0.5, 0.5, 0.5, 0.25, 0.25]);
    expect(l.refracCount.get(0, 0)).toBe(0.5);
  });

  it("clips v at lbound and takes per-neuron thresholds over a batch", () => {
    const lb = ready(new SubtractiveResetIFNodes({ n: 1, thresh: 1, reset: 0, refrac: 0, lbound: -2 }));
    expect(run(lb, [-1, -1, -1, 0.5]).v).toEqual([-1, -2, -2, -1.5]);
    const l = ready(new SubtractiveResetIFNodes({ n: 2, thresh: tensor([1, 0.5]), reset: 0, refrac: 0 }), 1, 2);
    l.forward(tensor([[0.75, 0.75], [1, 0.25]]));
    expect(l.s.tolist()).toEqual([[false, true], [true, false]]);
    expect(l.v.tolist()).toEqual([[0.75, 0.25], [0, 0.25]]);
  });

  it("resetStateVariables puts v back at reset and clears the refractory counters", () => {
    const l = ready(new SubtractiveResetIFNodes({ n: 1, thresh: 1, reset: 0.25, refrac: 3 }));
    run(l, [1, 1]);
    l.resetStateVariables();
    expect([l.v.get(0, 0), l.refracCount.get(0, 0), Number(l.s.get(0, 0))]).toEqual([0.25, 0, 0]);
  });

  it("bad parameters are errors naming the class, the argument, the expected and the given", () => {
    expectError(() => new SubtractiveResetIFNodes({ n: 2, thresh: "x" as never }), ValueError, "SubtractiveResetIFNodes", "thresh", '"x"', "expected a number or a Tensor");
    expectError(() => new SubtractiveResetIFNodes({ n: 2, refrac: tensor([1, 2, 3]) }), ShapeError, "SubtractiveResetIFNodes", "refrac", "[3]", "n=2");
  });
});

describe("PassThroughNodes", () => {
  it("passes its input on as float32 values, keeps no traces, sums input when asked and resets s to 0", () => {
    const l = ready(new PassThroughNodes({ shape: [1, 2], traces: true, sumInput: true }), 1, 2);
    expect([l.traces, l.s.dtype, l.v.shape]).toEqual([false, "float32", [2, 1, 2]]);
    l.forward(tensor([[[0.5, 2]], [[0, -1]]]));
    l.forward(tensor([[[1, 1]], [[1, 1]]]));
    expect(l.s.tolist()).toEqual([[[1, 1]], [[1, 1]]]);
    expect(l.summed.tolist()).toEqual([[[1.5, 3]], [[1, 0]]]);
    l.resetStateVariables();
    expect(l.s.tolist()).toEqual([[[0, 0]], [[0, 0]]]);
  });

  it("a wrongly shaped input is a ShapeError naming the expected and given shapes", () => {
    const l = ready(new PassThroughNodes({ n: 3 }));
    expectError(() => l.forward(tensor([[1, 2]])), ShapeError, "PassThroughNodes.forward", "[1, 2]", "expected [1, 3]");
  });
});
