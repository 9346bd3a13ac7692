import { describe, expect, it } from "vitest";
import { BoostedLIFNodes } from "../../../src/network/nodes/boosted-lif.js";
import { decayOf } from "../../../src/backend/numerics.js";
import { ready, t32 } from "../../helpers/layers.js";

const f = Math.fround;

describe("BoostedLIFNodes", () => {
  it("starts at 0, spikes at v >= 13 (default), resets to 0 and blocks refrac 5 steps", () => {
    const l = ready(new BoostedLIFNodes({ n: 1, tcDecay: 1e9 }));
    const v: number[] = [];
    const s: number[] = [];
    for (let t = 0; t < 9; t++) {
      l.forward(t32([5], [1, 1]));
      v.push(l.v.data[0]!);
      s.push(l.s.data[0]!);
    }
    expect(v).toEqual([5, 10, 0, 0, 0, 0, 0, 0, 5]);
    expect(s).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it("decays toward 0 (not toward a rest potential): v <- decay * v", () => {
    const l = ready(new BoostedLIFNodes({ n: 1 }));
    l.forward(t32([8], [1, 1]));
    l.forward(t32([0], [1, 1]));
    expect(l.v.data[0]).toBe(f(8 * decayOf(100, 1)));
  });
});
