import { describe, expect, it } from "vitest";
import { LIFNodes } from "../../../src/network/nodes/lif.js";
import { decayOf } from "../../../src/backend/numerics.js";
import { ready, t32 } from "../../helpers/layers.js";

const f = Math.fround;

describe("LIFNodes", () => {
  it("v leaks back toward rest: -55 becomes rest + decay*(v - rest) with decay = exp(-dt/tcDecay)", () => {
    const l = ready(new LIFNodes({ n: 1 }));
    l.forward(t32([10], [1, 1]));
    expect(l.v.data[0]).toBe(-55);
    l.forward(t32([0], [1, 1]));
    const d = decayOf(100, 1);
    expect(d).toBeCloseTo(Math.exp(-0.01), 7);
    expect(l.v.data[0]).toBe(f(f(d * 10) - 65));
    expect(l.s.data[0]).toBe(0);
  });

  it("spikes at v >= thresh, resets to reset, and skips refrac steps of input", () => {
    const l = ready(new LIFNodes({ n: 1, thresh: -60, reset: -70, refrac: 2, tcDecay: 1e9 }));
    const s: number[] = [];
    const v: number[] = [];
    for (let t = 0; t < 5; t++) {
      l.forward(t32([6], [1, 1]));
      s.push(l.s.data[0]!);
      v.push(Math.round(l.v.data[0]!));
    }
    // -65 + 6 = -59 spikes -> -70 (tcDecay 1e9: decay rounds to float32 1, no leak);
    // refrac 2 blocks two steps; then -64, and -58 spikes again
    expect(s).toEqual([1, 0, 0, 0, 1]);
    expect(v).toEqual([-70, -70, -70, -64, -70]);
  });

  it("per-neuron rest: each neuron starts at its own rest and decays toward it", () => {
    const l = ready(new LIFNodes({ n: 2, rest: t32([-65, -60], [2]) }));
    expect(Array.from(l.v.data)).toEqual([-65, -60]);
    l.forward(t32([0, 0], [1, 2]));
    expect(Array.from(l.v.data)).toEqual([-65, -60]);
  });
});
