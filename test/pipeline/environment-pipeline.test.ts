import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../src/errors.js";
import { Environment, type StepResult } from "../../src/environment/environment.js";
import { DotSimulator } from "../../src/environment/dot-simulator.js";
import { bernoulli } from "../../src/encoding/encodings.js";
import { type AbstractReward, Connection, Input, LIFNodes, Network } from "../../src/network/index.js";
import { selectHighest, selectSoftmax } from "../../src/pipeline/action.js";
import { EnvironmentPipeline, type EnvironmentPipelineOptions } from "../../src/pipeline/environment-pipeline.js";
import type { PipelineAnalyzer } from "../../src/analysis/pipeline-analysis.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { Generator, rand } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

/**
 * A 2-armed bandit: arm 1 pays `payout` (default 1), arm 0 pays 0; with `rewardIsStep` the reward
 * of step k (1-based) is k instead. An episode lasts `length` steps; the observation is [1, 2]:
 * [1, 0] on odd steps, [0, 1] on even ones (or `obs(k)`).
 */
class Bandit extends Environment {
  readonly actionSpace = { n: 2 };
  actions: number[] = [];
  renders: number[] = [];
  resets = 0;
  t = 0;
  constructor(
    readonly length: number,
    readonly opts: { rewardIsStep?: boolean; obs?: (k: number) => Tensor } = {},
  ) {
    super();
  }
  step(action: number): StepResult {
    this.t++;
    this.actions.push(action);
    const reward = this.opts.rewardIsStep ? this.t : action === 1 ? 1 : 0;
    return [this.obs(this.t), reward, this.t >= this.length, { t: this.t }];
  }
  obs(k: number): Tensor {
    return this.opts.obs ? this.opts.obs(k) : tensor([[k % 2, 1 - (k % 2)]]);
  }
  reset(): Tensor {
    this.t = 0;
    this.resets++;
    return this.obs(0);
  }
  render(): unknown {
    this.renders.push(this.t);
    return null;
  }
  close(): void {}
}

/** Records what Network.run's reward function sees. */
const seen: { compute: unknown[]; update: Record<string, unknown>[] } = { compute: [], update: [] };
class SpyReward implements AbstractReward {
  compute(o: Record<string, unknown>): number {
    seen.compute.push(o.reward);
    return 0;
  }
  update(o: Record<string, unknown>): void {
    seen.update.push(o);
  }
}

/** X (2 inputs) → Y (2 LIF neurons), input j drives only neuron j strongly. */
function net(opts: { rewardFn?: boolean } = {}): Network {
  const n = new Network(opts.rewardFn ? { rewardFn: SpyReward } : {});
  const X = new Input({ n: 2 });
  const Y = new LIFNodes({ n: 2 });
  n.addLayer(X, "X").addLayer(Y, "Y");
  n.addConnection(new Connection({ source: X, target: Y, w: tensor([[40, 0], [0, 40]]) }), "X", "Y");
  return n;
}

function pipeline(env: Environment, opts: EnvironmentPipelineOptions = {}, network = net()): { p: EnvironmentPipeline; lines: string[] } {
  const lines: string[] = [];
  const p = new EnvironmentPipeline(network, env, { log: (l) => lines.push(l), seed: 5, ...opts });
  return { p, lines };
}

describe("EnvironmentPipeline episodes", () => {
  it("runs numEpisodes episodes to done, accumulating rewards per episode", () => {
    const env = new Bandit(4);
    const always1 = (): number => 1;
    const { p, lines } = pipeline(env, { numEpisodes: 3, output: "Y", actionFunction: always1, randomActionAfter: 100 });
    p.train();
    expect(env.resets).toBe(3);
    expect(env.actions).toEqual(new Array(12).fill(1));
    expect(p.rewardList).toEqual([4, 4, 4]);
    expect(p.episode).toBe(3);
    expect(lines).toEqual(["Episode: 0 - accumulated reward: 4.00", "Episode: 1 - accumulated reward: 4.00", "Episode: 2 - accumulated reward: 4.00"]);
    expect(p.stepCount).toBe(4);
  });

  it("acts on the output's spikes: selectHighest follows the neuron the observation drives", () => {
    const env = new Bandit(6);
    const { p } = pipeline(env, { numEpisodes: 1, output: "Y", actionFunction: selectHighest, time: 3, randomActionAfter: 100 });
    p.train();
    // obs of step k drives neuron (k odd ? 0 : 1); step k+1 acts on it; the first action has silent spikes (random)
    expect(env.actions.slice(1)).toEqual([0, 1, 0, 1, 0]);
    expect(p.spikeRecord.Y!.shape).toEqual([3, 2]);
    expect(p.spikeRecord.Y!.dtype).toBe("float32");
  });

  it("without an action function sends action −1", () => {
    const env = new Bandit(3);
    const { p } = pipeline(env, { numEpisodes: 1 });
    p.train();
    expect(env.actions).toEqual([-1, -1, -1]);
    expect(p.rewardList).toEqual([0]);
  });

  it("renders every renderInterval steps", () => {
    const env = new Bandit(5);
    const { p } = pipeline(env, { numEpisodes: 1, renderInterval: 2 });
    p.train();
    // envStep renders before its step is counted: stepCount 0, 2, 4
    expect(env.renders).toEqual([0, 2, 4]);
  });

  it("passes the reward to Network.run and updates the reward function at the episode's end", () => {
    seen.compute.length = 0;
    seen.update.length = 0;
    const env = new Bandit(3, { rewardIsStep: true });
    const { p } = pipeline(env, { numEpisodes: 2 }, net({ rewardFn: true }));
    p.train();
    expect(seen.compute).toEqual([1, 2, 3, 1, 2, 3]);
    expect(seen.update).toEqual([
      { accumulatedReward: 6, steps: 3 },
      { accumulatedReward: 6, steps: 3 },
    ]);
  });
});

describe("EnvironmentPipeline rewardDelay", () => {
  for (const d of [1, 2, 4]) {
    it(`delivers each reward exactly ${d} step(s) later (fixed: the reference gives 0 or no delay)`, () => {
      seen.compute.length = 0;
      const env = new Bandit(6, { rewardIsStep: true });
      const { p } = pipeline(env, { numEpisodes: 1, rewardDelay: d }, net({ rewardFn: true }));
      const delivered: number[] = [];
      p.resetStateVariables();
      for (let k = 0; k < 6; k++) {
        const b = p.envStep();
        delivered.push(b[1]);
        expect(b[3].accumulatedReward).toBe(delivered.reduce((a, r) => a + r, 0));
        expect(b[3].t).toBe(k + 1);
        p.step(b);
      }
      const expected = [1, 2, 3, 4, 5, 6].map((_, k) => (k < d ? 0 : k + 1 - d));
      expect(delivered).toEqual(expected);
      expect(seen.compute).toEqual(expected);
      expect(p.accumulatedReward).toBe(expected.reduce((a, r) => a + r, 0));
    });
  }

  it("starts every episode with an empty delay line", () => {
    const env = new Bandit(3, { rewardIsStep: true });
    const { p } = pipeline(env, { numEpisodes: 2, rewardDelay: 2 });
    p.train();
    // delivered 0, 0, 1 in each episode: nothing of episode 0 leaks into episode 1
    expect(p.rewardList).toEqual([1, 1]);
  });
});

describe("EnvironmentPipeline random actions", () => {
  it("takes a uniformly random action with probability percentOfRandomAction, without asking the action function", () => {
    let asked = 0;
    const fn = (): number => {
      asked++;
      return 0;
    };
    const env = new Bandit(400);
    const { p } = pipeline(env, { numEpisodes: 1, output: "Y", actionFunction: fn, percentOfRandomAction: 1, randomActionAfter: 1000 });
    p.train();
    expect(asked).toBe(0);
    const ones = env.actions.filter((a) => a === 1).length;
    expect(Math.abs(ones / 400 - 0.5)).toBeLessThan(0.08);
    const env2 = new Bandit(1000);
    asked = 0;
    pipeline(env2, { numEpisodes: 1, output: "Y", actionFunction: fn, percentOfRandomAction: 0.25, randomActionAfter: 1e9 }).p.train();
    expect(Math.abs(asked / 1000 - 0.75)).toBeLessThan(0.05);
  });

  it("fires (action 1) after more than randomActionAfter repeats of action 0", () => {
    const env = new Bandit(10);
    const { p, lines } = pipeline(env, { numEpisodes: 1, output: "Y", actionFunction: () => 0, randomActionAfter: 2 });
    p.train();
    expect(env.actions).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(lines.filter((l) => l === "Fire -> too many times 0")).toHaveLength(2);
  });

  it("takes a random action after more than randomActionAfter repeats of another action", () => {
    const env = new Bandit(40);
    const { p, lines } = pipeline(env, { numEpisodes: 1, output: "Y", actionFunction: () => 1, randomActionAfter: 2 });
    p.train();
    // after four 1s the fifth action is random; a random 1 continues the run of repeats
    expect(env.actions.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(env.actions).toContain(0);
    expect(lines.some((l) => l === "too many times 1")).toBe(true);
  });

  it("is reproducible from the seed", () => {
    const run = (seed: number): number[] => {
      const env = new Bandit(50);
      pipeline(env, { numEpisodes: 1, output: "Y", actionFunction: () => 0, percentOfRandomAction: 0.5, seed }).p.train();
      return env.actions;
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });
});

describe("EnvironmentPipeline inputs", () => {
  it("repeats the observation over the T = time / dt steps of a run", () => {
    const env = new Bandit(2);
    const { p } = pipeline(env, { numEpisodes: 1, time: 4, plotConfig: { dataLength: 4 } });
    p.resetStateVariables();
    p.step(p.envStep());
    expect(p.timeSteps).toBe(4);
    expect(p.getSpikeData().X!.toArray()).toEqual([[[1, 0]], [[1, 0]], [[1, 0]], [[1, 0]]]);
  });

  it("encodes the observation with the encoding, seeded by the pipeline's generator", () => {
    const calls: [number[], number][] = [];
    const enc = (d: Tensor, time: number, o: Parameters<typeof bernoulli>[2]): Tensor => {
      calls.push([[...d.shape], time]);
      return bernoulli(d, time, o);
    };
    const env = new Bandit(1, { obs: () => tensor([[1, 0]]) });
    const { p } = pipeline(env, { numEpisodes: 1, time: 5, encoding: enc, plotConfig: { dataLength: 5 } });
    p.train();
    expect(calls).toEqual([[[1, 2], 5]]);
    // max probability 1: neuron 0 always fires, neuron 1 never
    expect(p.getSpikeData().X!.reshape([5, 2]).toArray()).toEqual(new Array(5).fill([1, 0]));
  });

  it("overlays overlayInput frames of disappearing pixels, Σ (i/k)·f_i·encodeFactor", () => {
    const frames = [tensor([[1, 1]]), tensor([[0, 1]]), tensor([[0, 0]])];
    const seenObs: number[][] = [];
    const enc = (d: Tensor, time: number): Tensor => {
      seenObs.push(d.toFlatArray());
      return zeros([time, ...d.shape]);
    };
    for (const [factor, expected] of [
      [1, [[1.5, 1.5], [1.5, 0.5], [0.5, 1]]],
      [2, [[3, 3], [3, 1], [1, 2]]],
    ] as const) {
      seenObs.length = 0;
      const env = new Bandit(3, { obs: (k) => frames[k - 1]! });
      pipeline(env, { numEpisodes: 1, overlayInput: 2, encodeFactor: factor, encoding: enc }).p.train();
      expect(seenObs).toEqual(expected);
    }
  });

  it("rejects an observation that does not fit the input layer", () => {
    const env = new Bandit(1, { obs: () => tensor([1, 2, 3]) });
    const { p } = pipeline(env, { numEpisodes: 1 });
    expectError(() => p.train(), ShapeError, "EnvironmentPipeline.step_", "observation has shape [3]", "expected 2 elements", 'input layer "X"');
  });
});

describe("EnvironmentPipeline plots", () => {
  it("sends the observation, spikes, voltages and reward curve to the analyzer at their intervals", () => {
    const calls: string[] = [];
    const analyzer = {
      finalizeStep: () => calls.push("finalize"),
      plotObs: (o: Tensor) => calls.push(`obs ${JSON.stringify(o.shape)}`),
      plotReward: (r: readonly number[]) => calls.push(`reward ${JSON.stringify(r)}`),
      plotSpikes: (s: Record<string, Tensor>) => calls.push(`spikes ${Object.keys(s).join(",")}`),
      plotVoltages: (v: Record<string, Tensor>) => calls.push(`volts ${Object.keys(v).join(",")}`),
      plotConv2dWeights: () => calls.push("conv"),
    } as unknown as PipelineAnalyzer;
    const env = new Bandit(2, { rewardIsStep: true });
    const { p } = pipeline(env, { numEpisodes: 1, plotInterval: 1, plotConfig: { obsStep: 1, dataStep: 2, rewardEps: 1 }, pipelineAnalyzer: analyzer });
    p.train();
    expect(calls).toEqual(["obs [1,2]", "finalize", "obs [1,2]", "spikes X,Y", "volts Y", "reward [3]", "finalize"]);
  });

  it("plots a [1, C, H, W] observation as its channels summed, [H, W]", () => {
    const got: number[][] = [];
    const analyzer = { finalizeStep: () => {}, plotObs: (o: Tensor) => got.push([...o.shape, ...o.toFlatArray()]) } as unknown as PipelineAnalyzer;
    const obs = tensor([[[[1, 0]], [[2, 5]]]]); // [1, 2, 1, 2]
    const network = new Network();
    network.addLayer(new Input({ shape: [2, 1, 2] }), "X");
    const p = new EnvironmentPipeline(network, new Bandit(1, { obs: () => obs }), { numEpisodes: 1, plotInterval: 1, plotConfig: { obsStep: 1, dataStep: false }, pipelineAnalyzer: analyzer, log: () => {} });
    p.train();
    expect(got).toEqual([[1, 2, 3, 5]]);
  });
});

describe("EnvironmentPipeline options", () => {
  it("uses BindsNET's defaults", () => {
    const { p } = pipeline(new Bandit(1));
    expect(p).toMatchObject({ numEpisodes: 100, output: null, renderInterval: null, rewardDelay: null, time: 1, overlayInput: 1, percentOfRandomAction: 0, encodeFactor: 1, randomActionAfter: 1, actionFunction: null, encoding: null });
    expect(p.environment).toBe(p.env);
  });

  it("accepts historyLength and delta (the reference's examples pass them) and rejects unknown options", () => {
    expect(() => pipeline(new Bandit(1), { historyLength: 4, delta: 2 })).not.toThrow();
    expect(() => pipeline(new Bandit(1), { num_episodes: 2 } as never)).toThrow("EnvironmentPipeline: unknown option num_episodes; did you mean numEpisodes?");
  });

  it("rejects bad options, naming the option, the expected and the given value", () => {
    const env = new Bandit(1);
    const E = "EnvironmentPipeline";
    expectError(() => pipeline(env, { numEpisodes: 0 }), ValueError, E, "numEpisodes is 0", "positive integer");
    expectError(() => pipeline(env, { percentOfRandomAction: 1.5 }), ValueError, E, "percentOfRandomAction is 1.5", "[0, 1]");
    expectError(() => pipeline(env, { rewardDelay: 0 }), ValueError, E, "rewardDelay is 0", "positive integer or null");
    expectError(() => pipeline(env, { overlayInput: 0 }), ValueError, E, "overlayInput is 0");
    expectError(() => pipeline(env, { time: 0.5 }), ValueError, E, "time is 0.5", "at least one step of dt=1");
    expectError(() => pipeline(env, { time: -1 }), ValueError, E, "time is -1");
    expectError(() => pipeline(env, { output: "Z" }), ValueError, E, 'output is "Z"', "expected one of the network's layers");
    expectError(() => pipeline(env, { actionFunction: () => 0 }), ValueError, E, "output is null", "actionFunction");
    expectError(() => pipeline(env, { actionFunction: 3 as unknown as () => number }), ValueError, E, "actionFunction is 3", "function or null");
    expectError(() => pipeline(env, { encoding: "poisson" as unknown as () => Tensor }), ValueError, E, 'encoding is "poisson"', "function or null");
    expectError(() => pipeline(env, { randomActionAfter: -1 }), ValueError, E, "randomActionAfter is -1");
    expectError(() => pipeline(env, { seed: 1.5 }), ValueError, E, "seed is 1.5", "integer");
    expectError(() => pipeline({} as Environment), ValueError, E, "environment", "expected an Environment");
    const bad = pipeline(new Bandit(2), { output: "Y", actionFunction: () => 7, randomActionAfter: 100 }).p;
    bad.resetStateVariables();
    expectError(() => bad.envStep(), ValueError, "EnvironmentPipeline.envStep", "actionFunction returned 7", "[0, 1]");
  });
});

describe("EnvironmentPipeline with the project's DotSimulator", () => {
  it("runs seeded episodes reproducibly", () => {
    const run = (): number[] => {
      const env = new DotSimulator(20, { height: 8, width: 8, seed: 3, mute: true });
      const network = new Network();
      network.addLayer(new Input({ shape: [8, 8] }), "X");
      network.addLayer(new LIFNodes({ n: 5 }), "Y");
      const w = rand([64, 5], { generator: new Generator(2) }).mul(30);
      network.addConnection(new Connection({ source: network.layers.X!, target: network.layers.Y!, w }), "X", "Y");
      const p = new EnvironmentPipeline(network, env, { numEpisodes: 2, output: "Y", actionFunction: selectSoftmax, encoding: bernoulli, time: 5, seed: 1, log: () => {} });
      p.train();
      expect(p.stepCount).toBe(20);
      return p.rewardList;
    };
    const r = run();
    expect(r).toHaveLength(2);
    for (const x of r) expect(Number.isFinite(x)).toBe(true);
    expect(run()).toEqual(r);
  });
});
