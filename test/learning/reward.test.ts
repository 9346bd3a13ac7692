import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { AbstractReward, MovingAvgRPE } from "../../src/learning/index.js";
import { Input, LIFNodes, Connection, LearningRule, Network, type UpdateOptions } from "../../src/network/index.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("MovingAvgRPE", () => {
  it("compute gives reward − prediction; update moves the prediction by an EMA of the per-step reward", () => {
    const r = new MovingAvgRPE();
    expect(r).toBeInstanceOf(AbstractReward);
    expect(r.compute({ reward: 3 })).toBe(3);
    r.update({ accumulatedReward: 10, steps: 5 });
    expect(r.rewardPredict).toBeCloseTo(0.2, 15); // 0.9·0 + (10/5)/10
    expect(r.rewardPredictEpisode).toBeCloseTo(1, 15); // 0.9·0 + 10/10
    r.update({ accumulatedReward: 4, steps: 2, emaWindow: 4 });
    expect(r.rewardPredict).toBeCloseTo(0.75 * 0.2 + 2 / 4, 15);
    expect(r.rewardPredictEpisode).toBeCloseTo(0.75 * 1 + 4 / 4, 15);
    expect(r.rewardsPredictEpisode).toEqual([1, 0.75 * 1 + 1]);
    expect(r.compute({ reward: 1 })).toBeCloseTo(1 - 0.65, 15);
    const t = r.compute({ reward: tensor([1, 2]) }) as Tensor;
    expect(t.toFlatArray()).toEqual([Math.fround(1 - Math.fround(0.65)), Math.fround(2 - Math.fround(0.65))]);
  });

  it("rejects a missing reward, zero steps and non-numbers", () => {
    const r = new MovingAvgRPE();
    expect(() => r.compute({})).toThrow(ValueError);
    expect(() => r.compute({})).toThrow(/MovingAvgRPE.compute: reward is undefined, expected a number or a Tensor/);
    expect(() => r.update({ accumulatedReward: 1, steps: 0 })).toThrow(/MovingAvgRPE.update: steps is 0, expected a non-zero number of steps/);
    expect(() => r.update({ accumulatedReward: "a", steps: 1 })).toThrow(/MovingAvgRPE.update: accumulatedReward is "a", expected a number/);
  });
});

/** A rule that records what the network hands it. */
class Spy extends LearningRule {
  static seen: UpdateOptions[] = [];
  override update(opts: UpdateOptions = {}): void {
    Spy.seen.push({ ...opts });
    super.update(opts);
  }
}

function net(rewardFn?: new () => AbstractReward): Network {
  const n = new Network({ rewardFn: rewardFn ?? null });
  n.addLayer(new Input({ n: 2 }), "X");
  n.addLayer(new LIFNodes({ n: 2 }), "Y");
  n.addLayer(new LIFNodes({ n: 2 }), "Z");
  n.addConnection(new Connection({ source: n.layers.X!, target: n.layers.Y!, w: zeros([2, 2]), updateRule: Spy }), "X", "Y");
  n.addConnection(new Connection({ source: n.layers.Y!, target: n.layers.Z!, w: tensor([[1, 2], [3, 4]]), updateRule: Spy }), "Y", "Z");
  return n;
}

describe("Network run options that feed rules", () => {
  it("rewardFn: the rules see compute({reward}) (once per run call), and update() feeds the next run", () => {
    Spy.seen = [];
    const n = net(MovingAvgRPE);
    expect(n.rewardFn).toBeInstanceOf(MovingAvgRPE);
    n.run({ time: 2, reward: 1 });
    expect(Spy.seen.map((o) => o.reward)).toEqual([1, 1, 1, 1]);
    n.rewardFn!.update({ accumulatedReward: 5, steps: 1 }); // prediction 0.5
    Spy.seen = [];
    n.run({ time: 1, reward: 1 });
    expect(Spy.seen.map((o) => o.reward)).toEqual([0.5, 0.5]);
  });

  it("aPlus / aMinus reach each connection's rule: one number for all, or per connection", () => {
    Spy.seen = [];
    const n = net();
    n.run({ time: 1, aPlus: 0.5, aMinus: { "Y->Z": -2 } });
    expect(Spy.seen.map((o) => [o.aPlus, o.aMinus])).toEqual([[0.5, undefined], [0.5, -2]]);
    expect(() => n.run({ time: 1, aPlus: { "A->B": 1 } })).toThrow(/Network.run: aPlus has connection "A->B", expected one of/);
  });

  it("masks zero their connection's weights after the rule, every step; unknown options are an error", () => {
    Spy.seen = [];
    const n = net();
    n.run({ time: 1, masks: { "Y->Z": tensor([[true, false], [false, true]]) } });
    expect(n.connections.get("Y", "Z")!.w.toArray()).toEqual([[0, 2], [3, 0]]);
    expect(() => n.run({ time: 1, custom: 7 } as never)).toThrow(/Network.run: unknown option custom/);
    expect(Spy.seen[1]!.mask).toBeInstanceOf(Tensor);
  });
});
