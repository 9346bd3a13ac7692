/**
 * BindsNET's `CueRewardSimulator` (a Backpropamine-style cue–reward association task), done
 * as the reference evidently meant it. Each episode draws four distinct non-zero cue
 * bit-strings of `cuebits` bits and picks one of them as the target. The episode (`epdur`
 * steps) is a sequence of trials of 10–20 steps (uniform, inclusive); on a trial's first step
 * the observation shows a cue: a non-target one with probability `zprob`, else the target.
 * The agent's action on the next step is its response: 1 to the target earns +1, 1 to a
 * non-target −1, 0 earns nothing; every other step gives 0.
 *
 * Observation (float32 [cuebits + 4]): the cue bits on a cue step (zeros otherwise), then
 * ts / epdur, [last action == 0], [last action == 1], the last reward.
 *
 * Differences from the reference: its target index was drawn in [0, 4] inclusive (4 meant
 * "no target"); its trial length `randint(10, 20) // epdur` was 0 for the default epdur, so
 * every step started a new trial and was scored at once; its observation aliased one shared
 * array that was never cleared. Here the target is one of the four cues, trials last 10–20
 * steps, and each step returns a fresh tensor.
 */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { type DiscreteSpace, Environment, type StepResult } from "./environment.js";
import { checkInt, checkNumber, randint, resolveRng } from "./options.js";

/** BindsNET's `CueRewardSimulator` kwargs, with its defaults. */
export interface CueRewardOptions {
  /** Episode length in steps (200). */
  epdur?: number;
  /** Bits per cue (20; at least 2 so four distinct non-zero cues exist). */
  cuebits?: number;
  /** Seed (BindsNET: the clock; here a fresh non-deterministic seed when omitted). */
  seed?: number;
  /** Probability that a trial shows a non-target cue (0.6). */
  zprob?: number;
  /** Generator to draw from (overrides `seed`). */
  rng?: Generator;
}

const CLS = "CueRewardSimulator";

/** See the module comment. */
export class CueRewardSimulator extends Environment {
  readonly actionSpace: DiscreteSpace = { n: 2 };
  readonly epdur: number;
  readonly cuebits: number;
  readonly zprob: number;
  readonly rng: Generator;
  /** The four cues of this episode, each `cuebits` values of 0/1. */
  cues: Uint8Array[] = [];
  /** Index of the target cue in `cues`. */
  target = 0;
  ts = 0;
  /** Cue shown on the current step (−1: none). */
  shown = -1;
  private trialLeft = 0;
  private lastAction = -1;
  private lastReward = 0;

  constructor(opts: CueRewardOptions = {}) {
    super();
    checkOptions(CLS, opts, ["epdur", "cuebits", "seed", "zprob", "rng"]);
    opts ??= {};
    this.epdur = checkInt(CLS, "epdur", opts.epdur ?? 200, 1);
    this.cuebits = checkInt(CLS, "cuebits", opts.cuebits ?? 20, 2, 30);
    this.zprob = checkNumber(CLS, "zprob", opts.zprob ?? 0.6, 0, 1);
    this.rng = resolveRng(CLS, opts.seed, opts.rng);
    this.reset();
  }

  /** New episode: new cues and target; the first trial's cue is shown at once. */
  reset(): Tensor {
    const codes = new Set<number>();
    while (codes.size < 4) codes.add(randint(this.rng, 1, 2 ** this.cuebits - 1));
    this.cues = [...codes].map((code) => Uint8Array.from({ length: this.cuebits }, (_, b) => (code >>> b) & 1));
    this.target = this.rng.nextBelow(4);
    this.ts = 0;
    this.lastAction = -1;
    this.lastReward = 0;
    this.startTrial();
    return this.observation();
  }

  private startTrial(): void {
    this.trialLeft = randint(this.rng, 10, 20);
    const other = this.rng.nextFloat64() < this.zprob;
    this.shown = other ? (this.target + 1 + this.rng.nextBelow(3)) % 4 : this.target;
  }

  /** Action 0 or 1; see the module comment for the reward. `info = { cue (shown now, −1: none), target, responded (the cue this action answered, −1: none) }`. */
  step(action: number): StepResult {
    if (action !== 0 && action !== 1) throw new ValueError(`${CLS}.step: action is ${fmtValue(action)}, expected 0 or 1`);
    this.ts += 1;
    this.trialLeft -= 1;
    const responding = this.shown; // the cue of the observation the agent just saw
    let reward = 0;
    if (responding >= 0 && action === 1) reward = responding === this.target ? 1 : -1;
    this.shown = -1;
    if (this.trialLeft <= 0) this.startTrial();
    this.lastAction = action;
    this.lastReward = reward;
    const info = { cue: this.shown, target: this.target, responded: responding };
    return [this.observation(), reward, this.ts >= this.epdur, info];
  }

  private observation(): Tensor {
    const o = new Float32Array(this.cuebits + 4);
    if (this.shown >= 0) o.set(this.cues[this.shown]!);
    o[this.cuebits] = this.ts / this.epdur;
    o[this.cuebits + 1] = this.lastAction === 0 ? 1 : 0;
    o[this.cuebits + 2] = this.lastAction === 1 ? 1 : 0;
    o[this.cuebits + 3] = this.lastReward;
    return tensor(o, { shape: [this.cuebits + 4] });
  }

  /** A one-line text description of the current step. */
  render(): string {
    const cue = this.shown < 0 ? "-" : this.cues[this.shown]!.join("");
    return `t=${this.ts} cue=${cue} target=${this.cues[this.target]!.join("")} lastReward=${this.lastReward}`;
  }

  close(): void {}
}
