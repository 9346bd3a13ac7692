import { describe, expect, it } from "vitest";
import type { EnvInfo } from "../../src/environment/environment.js";
import { ObservationProcessor } from "../../src/environment/frames.js";
import { ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

const frame = new Float32Array([0, 1, 1, 0, 0, 1]);

describe("ObservationProcessor", () => {
  it("has GymEnvironment's defaults: clipped rewards, no history, channel and batch dims", () => {
    const p = new ObservationProcessor("T", {});
    expect([p.clipRewards, p.historyLength, p.delta, p.addChannelDim, p.encoder]).toEqual([true, null, 1, true, null]);
    expect([p.reward(7), p.reward(-0.5), p.reward(0), p.reward(-0)].map((r) => Object.is(r, -0) ? "-0" : r)).toEqual([1, -1, 0, 0]);
    const info: EnvInfo = {};
    const obs = p.step(frame, [2, 3], info);
    expect(obs.shape).toEqual([1, 1, 2, 3]);
    expect(obs.toFlatArray()).toEqual([...frame]);
    expect((info["gym_obs"] as Tensor).shape).toEqual([2, 3]);
    expect(info["delta_obs"]).toBeUndefined();
    expect(p.first(frame, [2, 3]).shape).toEqual([1, 1, 2, 3]);
  });

  it("leaves rewards alone without clipping, skips the channel dim on request or for 1-D frames, runs the encoder", () => {
    const p = new ObservationProcessor("T", { clipRewards: false, addChannelDim: false, encoder: (o) => o.unsqueeze(0) });
    expect(p.reward(-3.5)).toBe(-3.5);
    expect(p.step(frame, [2, 3], {}).shape).toEqual([1, 1, 2, 3]); // encoder's dim, then batch
    const q = new ObservationProcessor("T", {});
    expect(q.first(frame, [6]).shape).toEqual([1, 6]);
  });

  it("differences frames with historyLength and restarts on reset", () => {
    const p = new ObservationProcessor("T", { historyLength: 1 });
    p.step(frame, [6], {});
    const info: EnvInfo = {};
    const next = new Float32Array([1, 1, 0, 0, 1, 1]);
    const obs = p.step(next, [6], info);
    expect(obs.toFlatArray()).toEqual([1, 0, 0, 0, 1, 0]);
    expect((info["delta_obs"] as Tensor).toFlatArray()).toEqual([1, 0, 0, 0, 1, 0]);
    expect((info["gym_obs"] as Tensor).toFlatArray()).toEqual([...next]);
    p.reset();
    expect(p.step(next, [6], {}).toFlatArray()).toEqual([...next]);
  });

  it("rejects bad options naming the class, option, expected and given", () => {
    expectError(() => new ObservationProcessor("Env", { historyLength: -1 }), ValueError, "Env: historyLength is -1", "integer >= 1");
    expectError(() => new ObservationProcessor("Env", { addChannelDim: 1 as never }), ValueError, "Env: addChannelDim is 1", "true or false");
  });
});
