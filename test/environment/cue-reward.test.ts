import { describe, expect, it } from "vitest";
import { CueRewardSimulator } from "../../src/environment/cue-reward.js";
import { ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

const bits = (o: Tensor, n: number): number[] => o.toFlatArray().slice(0, n);

describe("CueRewardSimulator", () => {
  it("has BindsNET's defaults and starts an episode with four distinct cues and a cue on screen", () => {
    const env = new CueRewardSimulator({ seed: 1 });
    expect([env.epdur, env.cuebits, env.zprob, env.actionSpace.n]).toEqual([200, 20, 0.6, 2]);
    const obs = env.reset();
    expect(obs.shape).toEqual([24]);
    expect(obs.dtype).toBe("float32");
    const codes = new Set(env.cues.map((c) => c.join("")));
    expect(codes.size).toBe(4);
    for (const c of env.cues) expect(c.some((b) => b === 1)).toBe(true);
    expect(env.target).toBeGreaterThanOrEqual(0);
    expect(env.target).toBeLessThanOrEqual(3);
    expect(env.shown).toBeGreaterThanOrEqual(0);
    expect(bits(obs, 20)).toEqual([...env.cues[env.shown]!]);
    expect(obs.toFlatArray().slice(20)).toEqual([0, 0, 0, 0]);
  });

  it("rewards the response to the cue just shown: +1 for the target, −1 for another cue, 0 for action 0", () => {
    let sawTarget = false;
    let sawOther = false;
    for (let seed = 0; seed < 20; seed++) {
      const env = new CueRewardSimulator({ seed, epdur: 50 });
      for (let i = 0; i < 50; i++) {
        const shown = env.shown;
        const [obs, r, , info] = env.step(1);
        expect(info["responded"]).toBe(shown);
        expect(r).toBe(shown < 0 ? 0 : shown === env.target ? 1 : -1);
        expect(obs.toFlatArray().slice(20)).toEqual([Math.fround((i + 1) / 50), 0, 1, r]);
        if (shown === env.target) sawTarget = true;
        else if (shown >= 0) sawOther = true;
      }
      const again = new CueRewardSimulator({ seed, epdur: 50 });
      for (let i = 0; i < 50; i++) {
        const [obs, r] = again.step(0);
        expect(r).toBe(0);
        expect(obs.toFlatArray().slice(21, 23)).toEqual([1, 0]);
      }
    }
    expect(sawTarget && sawOther).toBe(true);
  });

  it("runs trials of 10–20 steps and ends after epdur steps", () => {
    const env = new CueRewardSimulator({ seed: 3, epdur: 2000 });
    const cueSteps: number[] = [0];
    let done = false;
    let t = 0;
    while (!done) {
      const [obs, , d, info] = env.step(0);
      t += 1;
      done = d;
      if (info["cue"] as number >= 0) {
        cueSteps.push(t);
        expect(bits(obs, 20)).toEqual([...env.cues[info["cue"] as number]!]);
      } else {
        expect(bits(obs, 20).every((b) => b === 0)).toBe(true);
      }
    }
    expect(t).toBe(2000);
    const gaps = cueSteps.slice(1).map((s, i) => s - cueSteps[i]!);
    expect(Math.min(...gaps)).toBe(10);
    expect(Math.max(...gaps)).toBe(20);
  });

  it("shows a non-target cue with probability zprob", () => {
    const share = (zprob: number): number => {
      const env = new CueRewardSimulator({ seed: 8, zprob, epdur: 20000 });
      let other = 0;
      let all = 0;
      for (let i = 0; i < 20000; i++) {
        const c = env.step(0)[3]["cue"] as number;
        if (c >= 0) {
          all += 1;
          if (c !== env.target) other += 1;
        }
      }
      return other / all;
    };
    expect(share(0)).toBe(0);
    expect(share(1)).toBe(1);
    expect(Math.abs(share(0.6) - 0.6)).toBeLessThan(0.05); // ~1300 trials: 4 standard errors
  });

  it("returns a fresh observation each step and is deterministic given a seed", () => {
    const play = (): { first: Tensor; firstCopy: number[]; seq: number[][]; env: CueRewardSimulator } => {
      const env = new CueRewardSimulator({ seed: 4, epdur: 30 });
      const first = env.reset();
      const firstCopy = first.toFlatArray();
      const seq = [firstCopy];
      for (let i = 0; i < 30; i++) {
        const [obs, r] = env.step(i % 2);
        seq.push([...obs.toFlatArray(), r]);
      }
      return { first, firstCopy, seq, env };
    };
    const a = play();
    expect(a.first.toFlatArray()).toEqual(a.firstCopy);
    expect(play().seq).toEqual(a.seq);
    expect(new Set(a.seq.map((o) => o.join())).size).toBe(31);
    expect(a.env.render()).toMatch(/^t=30 cue=(-|[01]{20}) target=[01]{20} lastReward=-?[01]$/);
  });

  it("rejects bad options and actions naming the option, expected and given", () => {
    expectError(() => new CueRewardSimulator({ cuebits: 1 }), ValueError, "CueRewardSimulator", "cuebits is 1", "[2, 30]");
    expectError(() => new CueRewardSimulator({ zprob: 2 }), ValueError, "CueRewardSimulator", "zprob is 2", "[0, 1]");
    expectError(() => new CueRewardSimulator({ epdur: 0 }), ValueError, "CueRewardSimulator", "epdur is 0", "integer >= 1");
    expectError(() => new CueRewardSimulator({ seed: 1 }).step(2), ValueError, "CueRewardSimulator.step", "action is 2", "0 or 1");
  });
});
