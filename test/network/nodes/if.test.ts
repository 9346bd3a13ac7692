import { describe, expect, it } from "vitest";
import { IFNodes } from "../../../src/network/nodes/if.js";
import { ready, t32 } from "../../helpers/layers.js";

/** v and s of a one-neuron layer after each step of constant input x. */
function run(l: IFNodes, x: number, steps: number): { v: number[]; s: number[] } {
  const v: number[] = [];
  const s: number[] = [];
  for (let t = 0; t < steps; t++) {
    l.forward(t32([x], [1, 1]));
    v.push(l.v.data[0]!);
    s.push(l.s.data[0]!);
  }
  return { v, s };
}

describe("IFNodes", () => {
  it("integrates without leak from reset -65, spikes at -50 >= -52, then ignores input for refrac 5 steps", () => {
    const { v, s } = run(ready(new IFNodes({ n: 1 })), 5, 10);
    // -60, -55, -50 (spike, back to -65), five blocked steps, then -60, -55 again
    expect(v).toEqual([-60, -55, -65, -65, -65, -65, -65, -65, -60, -55]);
    expect(s).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("custom thresh / reset / refrac 0: spikes every second step", () => {
    const { v, s } = run(ready(new IFNodes({ n: 1, thresh: 2, reset: 0, refrac: 0 })), 1, 6);
    expect(v).toEqual([1, 0, 1, 0, 1, 0]);
    expect(s).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it("lbound holds v from below under negative input", () => {
    const { v } = run(ready(new IFNodes({ n: 1, lbound: -70 })), -3, 3);
    expect(v).toEqual([-68, -70, -70]);
  });

  it("resetStateVariables puts v back to reset and clears the refractory count", () => {
    const l = ready(new IFNodes({ n: 1, reset: -60, thresh: -50, refrac: 3 }));
    run(l, 10, 1);
    expect(l.s.data[0]).toBe(1);
    expect(l.refracCount.data[0]).toBe(3);
    l.resetStateVariables();
    expect(l.v.data[0]).toBe(-60);
    expect(l.refracCount.data[0]).toBe(0);
  });
});
