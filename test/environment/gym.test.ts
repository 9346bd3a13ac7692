import { describe, expect, it } from "vitest";
import { type GymLikeEnv, GymEnvironment, preprocessFrame, resizeLinear } from "../../src/environment/gym.js";
import { BindsNetError, ShapeError, ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

/** A black [210, 160, 3] Atari frame with the given pixels set to an RGB colour. */
function atari(pixels: [number, number, [number, number, number]][]): { data: Uint8Array; shape: number[] } {
  const data = new Uint8Array(210 * 160 * 3);
  for (const [r, c, rgb] of pixels) data.set(rgb, (r * 160 + c) * 3);
  return { data, shape: [210, 160, 3] };
}

const white: [number, number, number] = [255, 255, 255];

describe("preprocessFrame / resizeLinear", () => {
  it("resize follows OpenCV's INTER_LINEAR half-pixel centres with rounding", () => {
    expect([...resizeLinear([0, 10], 1, 2, 1, 4)]).toEqual([0, 3, 8, 10]);
    expect([...resizeLinear([0, 4, 8, 12, 1, 1, 1, 1, 2, 2, 6, 6, 0, 0, 0, 1], 4, 4, 2, 2)]).toEqual([2, 6, 1, 3]) // 2×2 block means 1.5, 5.5, 1, 3.25;
  });

  it("crops, grays, halves and binarises Breakout frames", () => {
    const { data, shape } = preprocessFrame(
      "BreakoutDeterministic-v4",
      atari([
        [33, 50, white], // above the crop
        [34, 0, white], // → (0, 0)
        [193, 159, white], // → (79, 79)
        [194, 80, white], // below the crop
        [100, 20, [1, 0, 0]], // gray 0: black
        [120, 20, [0, 1, 0]], // gray 1 alone in its block: rounds to 0
        [140, 20, [0, 1, 0]], // two gray-1 pixels in a block: 0.5 rounds to 1
        [141, 21, [0, 1, 0]],
      ]),
    );
    expect(shape).toEqual([80, 80]);
    const on: number[] = [];
    data.forEach((v, i) => {
      expect(v === 0 || v === 1).toBe(true);
      if (v) on.push(i);
    });
    expect(on).toEqual([0, ((140 - 34) / 2) * 80 + 10, 79 * 80 + 79]);
  });

  it("keeps SpaceInvaders rows 26–103 of the 110 × 84 resize, and passes other games through", () => {
    const gray = { data: new Uint8Array(210 * 160).fill(100), shape: [210, 160] };
    const si = preprocessFrame("SpaceInvaders-v0", gray);
    expect(si.shape).toEqual([78, 84]);
    expect(si.data.every((v) => v === 1)).toBe(true);
    const other = preprocessFrame("CartPole-v1", { data: [0.5, -2, 3], shape: [3] });
    expect(other.shape).toEqual([3]);
    expect([...other.data]).toEqual([0.5, -2, 3]);
    expectError(() => preprocessFrame("BreakoutDeterministic-v4", { data: [], shape: [80, 80] }), ShapeError, "GymEnvironment.preprocess", "[80, 80]", "[210, 160, 3]");
  });
});

/** A fake Gym env: reward r_n = n − 2, terminated at n = 3, frames with a white pixel moving right. */
function fakeGym(fiveTuple = true): GymLikeEnv & { seeds: (number | undefined)[] } {
  let n = 0;
  const seeds: (number | undefined)[] = [];
  return {
    seeds,
    actionSpace: { n: 4 },
    reset(opts) {
      seeds.push(opts?.seed);
      n = 0;
      return [atari([[34, 0, white]]), {}];
    },
    step(action) {
      n += 1;
      const frame = atari([[34, 2 * n, white]]);
      return fiveTuple ? [frame, n - 2, n === 3, false, { action }] : [frame, (n - 2) * 5, n === 3, { action }];
    },
    render: () => "frame",
  };
}

describe("GymEnvironment", () => {
  it("without an env throws, naming the game and the built-in environments", () => {
    expectError(() => new GymEnvironment("BreakoutDeterministic-v4"), BindsNetError, "GymEnvironment", '"BreakoutDeterministic-v4"', "env is undefined", "BreakoutEnvironment");
  });

  it("wraps a Gym-like env with Breakout preprocessing, clipped rewards and [1, 1, 80, 80] observations", () => {
    const inner = fakeGym();
    const env = new GymEnvironment("BreakoutDeterministic-v4", { env: inner, seed: 5 });
    expect(env.actionSpace.n).toBe(4);
    const first = env.reset();
    expect(first.shape).toEqual([1, 1, 80, 80]);
    expect(first.get(0, 0, 0, 0)).toBe(1);
    const results = [1, 2, 3].map(() => env.step(2));
    expect(results.map((r) => r[1])).toEqual([-1, 0, 1]);
    expect(results.map((r) => r[2])).toEqual([false, false, true]);
    const [obs, , , info] = results[2]!;
    expect(obs.shape).toEqual([1, 1, 80, 80]);
    expect(obs.get(0, 0, 0, 3)).toBe(1);
    expect(info["action"]).toBe(2);
    expect((info["gym_obs"] as Tensor).shape).toEqual([80, 80]);
    env.reset();
    expect(inner.seeds).toEqual([5, undefined]); // the seed goes to the first reset only
    expect(env.render()).toBe("frame");
  });

  it("accepts the older 4-tuple, keeps raw rewards without clipping, and applies the history", () => {
    const env = new GymEnvironment("BreakoutDeterministic-v4", { env: fakeGym(false), clipRewards: false, historyLength: 1 });
    env.reset();
    const [o1, r1, , i1] = env.step(0);
    expect(r1).toBe(-5);
    expect(o1.get(0, 0, 0, 1)).toBe(1); // first step stored, unchanged
    const [o2, r2, , i2] = env.step(0);
    expect(r2).toBe(0);
    // pixel moved from block 1 to block 2: only the new block survives
    expect(o2.toFlatArray().reduce((a, b) => a + b)).toBe(1);
    expect(o2.get(0, 0, 0, 2)).toBe(1);
    expect(i2["delta_obs"]).toBeDefined();
    expect(i1["gym_obs"]).toBeDefined();
  });

  it("rejects bad options naming the option, expected and given", () => {
    expectError(() => new GymEnvironment("X", { env: fakeGym(), maxProb: 0 }), ValueError, "GymEnvironment", "maxProb is 0", "(0, 1]");
    expectError(() => new GymEnvironment("X", { env: fakeGym(), maxProb: 1.5 }), ValueError, "maxProb is 1.5");
    expectError(() => new GymEnvironment("X", { env: fakeGym(), renderMode: "svg" as never }), ValueError, 'renderMode is "svg"', '"rgb_array", "human"');
    expectError(() => new GymEnvironment("X", { env: fakeGym(), delta: 0 }), ValueError, "delta is 0", "integer >= 1");
    const noSpace = { reset: () => ({ data: [0], shape: [1] }), step: () => [{ data: [0], shape: [1] }, 0, false, {}] } as unknown as GymLikeEnv;
    expectError(() => new GymEnvironment("X", { env: noSpace }), ValueError, "GymEnvironment", "env.actionSpace is undefined", "{ n: number of actions }");
    expectError(() => new GymEnvironment("X", { env: 4 as never }), ValueError, "GymEnvironment", "env is 4", "reset() and step(action)");
  });
});
