import { describe, expect, it } from "vitest";
import { Input } from "../../../src/network/nodes/input.js";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { ready, spikes, t32 } from "../../helpers/layers.js";

describe("Input", () => {
  it("its spikes are its input, copied (the caller's tensor is never changed by a reset)", () => {
    const l = ready(new Input({ n: 3 }));
    const x = spikes([1, 0, 1], [1, 3]);
    l.forward(x);
    expect(Array.from(l.s.data)).toEqual([1, 0, 1]);
    l.resetStateVariables();
    expect(Array.from(l.s.data)).toEqual([0, 0, 0]);
    expect(Array.from(x.data)).toEqual([1, 0, 1]);
  });

  it("real-valued input passes through with its dtype", () => {
    const l = ready(new Input({ n: 2 }));
    l.forward(t32([0.25, -2], [1, 2]));
    expect(l.s.dtype).toBe("float32");
    expect(Array.from(l.s.data)).toEqual([0.25, -2]);
  });

  it("traces: additive x <- x*decay + 1 per spike (tcTrace 20: decay = exp(-0.05))", () => {
    const l = ready(new Input({ n: 1, traces: true, tracesAdditive: true }));
    l.forward(spikes([1], [1, 1]));
    expect(l.x.data[0]).toBe(1);
    l.forward(spikes([1], [1, 1]));
    expect(l.x.data[0]).toBe(Math.fround(Math.fround(1 * Math.fround(Math.exp(-0.05))) + 1));
  });

  it("sumInput accumulates the input over steps", () => {
    const l = ready(new Input({ n: 2, sumInput: true }));
    l.forward(t32([1, 2], [1, 2]));
    l.forward(t32([0.5, 0], [1, 2]));
    expect(Array.from(l.summed.data)).toEqual([1.5, 2]);
  });

  it("rejects input of the wrong size, a non-tensor and a layer without a batch size", () => {
    expect(() => ready(new Input({ n: 3 })).forward(spikes([1, 0], [1, 2]))).toThrow(ShapeError);
    expect(() => ready(new Input({ n: 1 })).forward([1] as never)).toThrow(/Input.forward: x is .*expected a Tensor/);
    expect(() => new Input({ n: 1 }).forward(spikes([1], [1, 1]))).toThrow(ValueError);
  });
});
