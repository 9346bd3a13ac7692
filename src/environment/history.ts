/**
 * GymEnvironment's frame history ("History" in BindsNET): with `historyLength = k` and
 * `delta = d`, an episode first fills k slots with every d-th frame (observations pass
 * unchanged meanwhile); from then on each observation becomes
 *
 *     obs' = clamp(obs − Σ_slots frame, 0, 1)
 *
 * (the pixels that are new relative to the k stored frames, which are the frames d, 2d, …, kd
 * steps back), and every d-th frame overwrites the oldest slot. Steps are counted from 0 at
 * `reset()`; the reset observation itself is not stored (as in BindsNET, which cleared the
 * history in `reset`).
 */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { type DiscreteSpace, Environment, type StepResult } from "./environment.js";
import { checkInt } from "./options.js";

/** The history state machine over flat float frames of a fixed size. */
export class FrameHistory {
  readonly historyLength: number;
  readonly delta: number;
  private slots: Float32Array[] = [];
  private index = 0;
  private count = 0;

  constructor(historyLength: number, delta = 1, cls = "FrameHistory") {
    this.historyLength = checkInt(cls, "historyLength", historyLength, 1);
    this.delta = checkInt(cls, "delta", delta, 1);
  }

  /** Forgets the stored frames (start of an episode). */
  reset(): void {
    this.slots = [];
    this.index = 0;
    this.count = 0;
  }

  /** Records `frame` (not modified) and returns the observation to emit (a new array). */
  apply(frame: Float32Array | ArrayLike<number>): Float32Array {
    const n = frame.length;
    if (this.slots.length === 0) this.slots = Array.from({ length: this.historyLength }, () => new Float32Array(n));
    if (this.slots[0]!.length !== n) {
      throw new ValueError(`FrameHistory.apply: frame has ${n} elements, expected ${this.slots[0]!.length} like the episode's first frame`);
    }
    const out = Float32Array.from(frame);
    const store = this.count % this.delta === 0;
    if (this.count >= this.historyLength * this.delta) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (const slot of this.slots) s += slot[i]!;
        const v = out[i]! - s;
        out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
    if (store) {
      this.slots[this.index]!.set(frame);
      this.index = (this.index + 1) % this.historyLength;
    }
    this.count += 1;
    return out;
  }
}

/** Options of {@link HistoryWrapper}: GymEnvironment's `history_length` and `delta`. */
export interface HistoryOptions {
  historyLength: number;
  /** Store every `delta`-th frame (1). */
  delta?: number;
}

/**
 * Adds the frame-history differencing to any environment: `step` returns the differenced
 * observation (same shape as the wrapped one) and puts it in `info.delta_obs`, the raw one in
 * `info.gym_obs`.
 */
export class HistoryWrapper extends Environment {
  readonly env: Environment;
  readonly history: FrameHistory;

  constructor(env: Environment, opts: HistoryOptions) {
    super();
    checkOptions("HistoryWrapper", opts, ["historyLength", "delta"]);
    if (!(env instanceof Environment) && (typeof env !== "object" || env === null || typeof (env as Environment).step !== "function")) {
      throw new ValueError(`HistoryWrapper: env is ${fmtValue(env)}, expected an Environment`);
    }
    this.env = env;
    this.history = new FrameHistory(opts?.historyLength, opts?.delta ?? 1, "HistoryWrapper");
  }

  get actionSpace(): DiscreteSpace {
    return this.env.actionSpace;
  }

  step(action: number): StepResult {
    const [obs, reward, done, info] = this.env.step(action);
    const out = tensor(this.history.apply(obs.toFlatArray()), { shape: obs.shape });
    return [out, reward, done, { ...info, gym_obs: obs, delta_obs: out }];
  }

  reset(): Tensor {
    this.history.reset();
    return this.env.reset();
  }

  render(): unknown {
    return this.env.render();
  }

  close(): void {
    this.env.close();
  }
}
