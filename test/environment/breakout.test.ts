import { describe, expect, it } from "vitest";
import { BreakoutEnvironment } from "../../src/environment/breakout.js";
import { ValueError } from "../../src/errors.js";
import { Generator } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

const sum = (t: Tensor): number => t.toFlatArray().reduce((a, b) => a + b, 0);

describe("BreakoutEnvironment", () => {
  it("starts with walls, 108 bricks and a centred paddle as a [1, 1, 80, 80] binary frame", () => {
    const env = new BreakoutEnvironment({ seed: 1 });
    const obs = env.reset();
    expect(obs.shape).toEqual([1, 1, 80, 80]);
    expect(obs.dtype).toBe("float32");
    expect(env.actionSpace.n).toBe(4);
    expect(env.bricksLeft).toBe(108);
    expect(env.lives).toBe(5);
    expect(env.ball).toBeNull();
    expect(env.paddle).toBe(36);
    // 8 wall columns × 80 + 6 × 3 rows × 72 brick cells + 2 × 8 paddle cells
    expect(sum(obs)).toBe(640 + 1296 + 16);
    const f = env.render();
    expect(f.shape).toEqual([80, 80]);
    expect([f.get(0, 3), f.get(79, 76), f.get(12, 4), f.get(29, 75), f.get(11, 40), f.get(30, 40)]).toEqual([1, 1, 1, 1, 0, 0]);
    expect([f.get(77, 36), f.get(78, 43), f.get(77, 35), f.get(77, 44), f.get(79, 40)]).toEqual([1, 1, 0, 0, 0]);
  });

  it("moves the paddle by paddleSpeed within the walls and serves the ball only on FIRE", () => {
    const env = new BreakoutEnvironment({ seed: 1 });
    env.step(2);
    expect(env.paddle).toBe(40);
    env.step(3);
    env.step(3);
    expect(env.paddle).toBe(32);
    for (let i = 0; i < 20; i++) env.step(3);
    expect(env.paddle).toBe(4);
    for (let i = 0; i < 30; i++) env.step(2);
    expect(env.paddle).toBe(68);
    for (let i = 0; i < 5; i++) env.step(0);
    expect(env.ball).toBeNull();
    env.step(1);
    expect(env.ball).not.toBeNull();
    expect(env.ball!.r).toBe(34); // served at row 32, then two sub-steps down
    expect(env.ball!.vr).toBe(1);
  });

  it("scores Atari's points per brick, sign-clipped unless clipRewards is false", () => {
    for (const clipRewards of [true, false]) {
      const env = new BreakoutEnvironment({ seed: 1, clipRewards });
      env.bricks[18 + 1] = 0; // open row 1, cols 8–11
      env.ball = { r: 16, c: 10, vr: -1, vc: 1 };
      const [, r, done, info] = env.step(0);
      expect(r).toBe(clipRewards ? 1 : 7); // top-row brick (cols 12–15)
      expect(env.bricks[2]).toBe(0);
      expect(env.ball).toEqual({ r: 15, c: 11, vr: 1, vc: 1 });
      expect(info).toMatchObject({ bricks: 106, lives: 5, score: 7 });
      expect(done).toBe(false);
    }
  });

  it("bounces the ball off the paddle, and loses a life (then the episode) when it passes", () => {
    const env = new BreakoutEnvironment({ seed: 1, lives: 2 });
    env.ball = { r: 74, c: 40, vr: 1, vc: -1 };
    env.step(0);
    expect(env.ball).toEqual({ r: 75, c: 39, vr: -1, vc: -1 }); // hit at col 38, the left half
    env.ball = { r: 77, c: 10, vr: 1, vc: 1 };
    let [, r, done, info] = env.step(0);
    expect(env.ball).toBeNull();
    expect([r, done, info["lives"]]).toEqual([0, false, 1]);
    env.ball = { r: 77, c: 10, vr: 1, vc: 1 };
    [, r, done, info] = env.step(0);
    expect([r, done, info["lives"]]).toEqual([0, true, 0]);
    env.reset();
    expect(env.lives).toBe(2);
  });

  it("ends when the last brick is gone or after maxSteps", () => {
    const env = new BreakoutEnvironment({ seed: 1 });
    env.bricks.fill(0);
    env.bricks[5 * 18 + 1] = 1;
    env.ball = { r: 30, c: 10, vr: -1, vc: 1 };
    const [, r, done, info] = env.step(0);
    expect([r, done, info["bricks"]]).toEqual([1, true, 0]);
    const short = new BreakoutEnvironment({ seed: 1, maxSteps: 3 });
    expect([short.step(0)[2], short.step(0)[2], short.step(0)[2]]).toEqual([false, false, true]);
  });

  it("keeps its invariants over noisy play: 0/1 frames, ball in the field, rewards match removed bricks", () => {
    const env = new BreakoutEnvironment({ seed: 7, clipRewards: false });
    const g = new Generator(3);
    let bricks = env.bricksLeft;
    let lives = env.lives;
    let total = 0;
    let steps = 0;
    for (; steps < 3000; steps++) {
      // mostly follow the ball (so bricks get hit), sometimes a random action
      const b = env.ball;
      const follow = b === null ? 1 : b.c < env.paddle + 2 ? 3 : b.c > env.paddle + 5 ? 2 : 0;
      const [obs, reward, done, info] = env.step(g.nextFloat64() < 0.8 ? follow : g.nextBelow(4));
      const frame = obs.toFlatArray();
      expect(obs.shape).toEqual([1, 1, 80, 80]);
      expect(frame.every((v) => v === 0 || v === 1)).toBe(true);
      if (env.ball) {
        expect(env.ball.r).toBeGreaterThanOrEqual(0);
        expect(env.ball.r + 1).toBeLessThanOrEqual(79);
        expect(env.ball.c).toBeGreaterThanOrEqual(4);
        expect(env.ball.c).toBeLessThanOrEqual(75);
        expect(frame[env.ball.r * 80 + env.ball.c]).toBe(1);
      }
      const left = info["bricks"] as number;
      if (reward > 0) expect(left).toBeLessThan(bricks);
      else expect(left).toBe(bricks);
      expect(info["lives"]).toBeLessThanOrEqual(lives);
      total += reward;
      bricks = left;
      lives = env.lives;
      if (done) break;
    }
    expect(total).toBe(env.score);
    expect(108 - bricks).toBeGreaterThan(3); // random play does hit bricks
    expect(lives === 0 || steps === 3000).toBe(true);
  });

  it("is deterministic given a seed", () => {
    const play = (seed: number): number[] => {
      const env = new BreakoutEnvironment({ seed });
      const out: number[] = [];
      for (let i = 0; i < 300; i++) {
        const [obs, r, done] = env.step(i % 7 === 0 ? 1 : (i >> 3) % 4);
        out.push(r, sum(obs), env.ball ? env.ball.r * 80 + env.ball.c : -1);
        if (done) env.reset();
      }
      return out;
    };
    expect(play(11)).toEqual(play(11));
    expect(play(11)).not.toEqual(play(12));
    const env = new BreakoutEnvironment({ rng: new Generator(11) });
    env.step(1);
    const ref = new BreakoutEnvironment({ seed: 11 });
    ref.step(1);
    expect(env.ball).toEqual(ref.ball);
  });

  it("applies GymEnvironment's history, channel dim and encoder options", () => {
    const env = new BreakoutEnvironment({ seed: 1, historyLength: 1 });
    const [o0, , , i0] = env.step(2);
    expect(sum(o0)).toBe(640 + 1296 + 16); // first frame stored, passed unchanged
    const [o1, , , i1] = env.step(2);
    // paddle at cols 40–47, then 44–51: only the 2 × 4 new cells (cols 48–51) survive
    expect(sum(o1)).toBe(8);
    expect([o1.get(0, 0, 77, 48), o1.get(0, 0, 78, 51), o1.get(0, 0, 77, 47)]).toEqual([1, 1, 0]);
    expect((i1["gym_obs"] as Tensor).shape).toEqual([80, 80]);
    expect(sum(i1["gym_obs"] as Tensor)).toBe(640 + 1296 + 16);
    expect((i1["delta_obs"] as Tensor).shape).toEqual([80, 80]);
    expect(i0["delta_obs"]).toBeDefined();
    expect(new BreakoutEnvironment({ seed: 1, addChannelDim: false }).reset().shape).toEqual([1, 80, 80]);
    const enc = new BreakoutEnvironment({ seed: 1, encoder: (o) => o.unsqueeze(0).expand([4, 1, 80, 80]) });
    expect(enc.step(0)[0].shape).toEqual([1, 4, 1, 80, 80]);
  });

  it("rejects bad options and actions naming the option, expected and given", () => {
    expectError(() => new BreakoutEnvironment({ lives: 0 }), ValueError, "BreakoutEnvironment", "lives is 0", "integer >= 1");
    expectError(() => new BreakoutEnvironment({ paddleSpeed: 0 }), ValueError, "BreakoutEnvironment", "paddleSpeed is 0", "[1, 71]");
    expectError(() => new BreakoutEnvironment({ historyLength: 0 }), ValueError, "BreakoutEnvironment", "historyLength is 0", "integer >= 1");
    expectError(() => new BreakoutEnvironment({ clipRewards: "yes" as never }), ValueError, "BreakoutEnvironment", 'clipRewards is "yes"', "true or false");
    expectError(() => new BreakoutEnvironment({ encoder: 5 as never }), ValueError, "BreakoutEnvironment", "encoder is 5", "function");
    expectError(() => new BreakoutEnvironment().step(4), ValueError, "BreakoutEnvironment.step", "action is 4", "[0, 3]");
  });
});
