import { describe, expect, it } from "vitest";
import { CurrentLIFNodes } from "../../../src/network/nodes/current-lif.js";
import { decayOf } from "../../../src/backend/numerics.js";
import { ready, t32 } from "../../helpers/layers.js";

const f = Math.fround;

describe("CurrentLIFNodes", () => {
  it("input charges a current i that decays with tcIDecay (2) and keeps driving v after the input stops", () => {
    const l = ready(new CurrentLIFNodes({ n: 1 }));
    l.forward(t32([4], [1, 1]));
    expect(l.i.data[0]).toBe(4);
    expect(l.v.data[0]).toBe(-61);
    l.forward(t32([0], [1, 1]));
    const i1 = f(4 * decayOf(2, 1));
    expect(l.i.data[0]).toBe(i1);
    // v <- rest + decay (v - rest), then + i
    expect(l.v.data[0]).toBe(f(f(f(decayOf(100, 1) * 4) - 65) + i1));
    expect(i1).toBeCloseTo(4 * Math.exp(-0.5), 6);
  });

  it("rejects a tcIDecay of the wrong size", () => {
    expect(() => new CurrentLIFNodes({ n: 2, tcIDecay: t32([1, 2, 3], [3]) })).toThrow(/CurrentLIFNodes: tcIDecay/);
  });
});
