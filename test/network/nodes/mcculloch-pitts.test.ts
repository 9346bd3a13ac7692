import { describe, expect, it } from "vitest";
import { McCullochPitts } from "../../../src/network/nodes/mcculloch-pitts.js";
import { ShapeError } from "../../../src/errors.js";
import { ready, t32 } from "../../helpers/layers.js";

describe("McCullochPitts", () => {
  it("v is this step's input alone (no memory), s = v >= thresh (default 1)", () => {
    const l = ready(new McCullochPitts({ n: 3 }));
    l.forward(t32([0.5, 1, 2], [1, 3]));
    expect(Array.from(l.v.data)).toEqual([0.5, 1, 2]);
    expect(Array.from(l.s.data)).toEqual([0, 1, 1]);
    l.forward(t32([3, 0, 0.25], [1, 3]));
    expect(Array.from(l.v.data)).toEqual([3, 0, 0.25]);
    expect(Array.from(l.s.data)).toEqual([1, 0, 0]);
  });

  it("per-neuron thresholds and a batch of 2 rows", () => {
    const l = ready(new McCullochPitts({ n: 2, thresh: t32([0, 5], [2]) }), 2);
    l.forward(t32([0, 4, -1, 5], [2, 2]));
    expect(Array.from(l.s.data)).toEqual([1, 0, 0, 1]);
  });

  it("resetStateVariables zeroes the spikes but keeps v (as the reference does)", () => {
    const l = ready(new McCullochPitts({ n: 2 }));
    l.forward(t32([2, 0.5], [1, 2]));
    l.resetStateVariables();
    expect(Array.from(l.s.data)).toEqual([0, 0]);
    expect(Array.from(l.v.data)).toEqual([2, 0.5]);
  });

  it("rejects a threshold of the wrong length and a threshold that is not a number or tensor", () => {
    expect(() => new McCullochPitts({ n: 3, thresh: t32([1, 2], [2]) })).toThrow(ShapeError);
    expect(() => new McCullochPitts({ n: 3, thresh: "1" as never })).toThrow(/McCullochPitts: thresh is .*expected a number or a Tensor/);
  });
});
