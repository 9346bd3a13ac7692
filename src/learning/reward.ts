/** Reward functions: what `Network({ rewardFn })` turns a run's reward into. */
import { ValueError, fmtValue } from "../errors.js";
import type { AbstractReward as RewardContract } from "../network/network.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * Base of reward functions (BindsNET's `AbstractReward`). `Network({ rewardFn: Class })`
 * instantiates the class with no arguments; at the start of every `run` call the network
 * replaces the `reward` option by `compute({ ...runOptions })` (once per call, not per step),
 * and the rules see that value. An environment pipeline calls `update` at the end of an
 * episode.
 */
export abstract class AbstractReward implements RewardContract {
  /** The reward the learning rules see, from the options given to `Network.run`. */
  abstract compute(opts: Record<string, unknown>): number | Tensor;
  /** Updates internal statistics (e.g. at the end of an episode). */
  abstract update(opts: Record<string, unknown>): void;
}

/**
 * Reward prediction error against an exponential moving average of past rewards
 * (BindsNET's `MovingAvgRPE`).
 *
 *   compute({ reward }) = reward − rewardPredict
 *   update({ accumulatedReward, steps, emaWindow = 10 }):
 *     rewardPredict        ← (1 − 1/emaWindow)·rewardPredict + (accumulatedReward/steps)/emaWindow
 *     rewardPredictEpisode ← (1 − 1/emaWindow)·rewardPredictEpisode + accumulatedReward/emaWindow
 *     rewardsPredictEpisode.push(rewardPredictEpisode)
 *
 * Numbers are JavaScript doubles (the reference holds Python floats until a tensor reward
 * arrives). A Tensor reward gives a Tensor error. `steps = 0` is rejected (the reference
 * divides by zero).
 */
export class MovingAvgRPE extends AbstractReward {
  rewardPredict = 0;
  rewardPredictEpisode = 0;
  readonly rewardsPredictEpisode: number[] = [];

  compute(opts: Record<string, unknown> = {}): number | Tensor {
    const r = opts.reward;
    if (typeof r === "number") return r - this.rewardPredict;
    if (r instanceof Tensor) {
      const src = r.to("float32").contiguousData();
      const out = new Float32Array(src.length);
      const p = Math.fround(this.rewardPredict);
      for (let i = 0; i < src.length; i++) out[i] = src[i]! - p;
      return new Tensor(out, r.shape, "float32");
    }
    throw new ValueError(`MovingAvgRPE.compute: reward is ${fmtValue(r)}, expected a number or a Tensor (the reward passed to Network.run)`);
  }

  update(opts: Record<string, unknown> = {}): void {
    const acc = toNumber(opts.accumulatedReward, "accumulatedReward");
    const steps = toNumber(opts.steps, "steps");
    const w = opts.emaWindow === undefined ? 10 : toNumber(opts.emaWindow, "emaWindow");
    if (steps === 0) throw new ValueError(`MovingAvgRPE.update: steps is 0, expected a non-zero number of steps`);
    if (!(w > 0)) throw new ValueError(`MovingAvgRPE.update: emaWindow is ${fmtValue(w)}, expected a positive number`);
    const r = acc / steps;
    this.rewardPredict = (1 - 1 / w) * this.rewardPredict + r / w;
    this.rewardPredictEpisode = (1 - 1 / w) * this.rewardPredictEpisode + acc / w;
    this.rewardsPredictEpisode.push(this.rewardPredictEpisode);
  }
}

function toNumber(v: unknown, name: string): number {
  if (typeof v === "number" && !Number.isNaN(v)) return v;
  if (v instanceof Tensor && v.numel() === 1) return v.item();
  throw new ValueError(`MovingAvgRPE.update: ${name} is ${fmtValue(v)}, expected a number`);
}
