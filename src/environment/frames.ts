/**
 * The observation post-processing GymEnvironment applies after its image preprocessing,
 * shared by {@link BreakoutEnvironment} and {@link GymEnvironment}: reward clipping, the frame
 * history, a channel dim, the encoder and a batch dim.
 *
 * `step` pipeline (BindsNET's): `reward = sign(reward)` when `clipRewards`; `info.gym_obs` =
 * the preprocessed frame; with `historyLength`, the frame is differenced (see history.ts) and
 * `info.delta_obs` is the result; a 2-D frame gets a channel dim ([1, H, W]); the encoder
 * runs; a batch dim is added: `[1, 1, H, W]` by default, `[1, T, 1, H, W]` with a T-step
 * encoder. Difference: `reset()` returns its observation through the same dims and encoder
 * (BindsNET's returned the bare [H, W] frame, unlike its `step`).
 */
import { ValueError, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import type { EnvInfo } from "./environment.js";
import { FrameHistory } from "./history.js";
import { checkBool, checkInt } from "./options.js";

/** GymEnvironment's post-processing kwargs in camelCase, with its defaults. */
export interface ObservationOptions {
  /** Replace rewards by their sign (true). */
  clipRewards?: boolean;
  /** Number of history slots (null: no history). */
  historyLength?: number | null;
  /** Store every `delta`-th frame in the history (1). */
  delta?: number;
  /** Give a 2-D frame a channel dim (true). */
  addChannelDim?: boolean;
  /** Applied to the observation before the batch dim (BindsNET's `NullEncoder()`: none). Encoders are callable. */
  encoder?: (obs: Tensor) => Tensor;
}

/** Applies {@link ObservationOptions} to frames and rewards. */
export class ObservationProcessor {
  readonly clipRewards: boolean;
  readonly historyLength: number | null;
  readonly delta: number;
  readonly addChannelDim: boolean;
  readonly encoder: ((obs: Tensor) => Tensor) | null;
  private readonly history: FrameHistory | null;

  constructor(cls: string, opts: ObservationOptions) {
    this.clipRewards = checkBool(cls, "clipRewards", opts.clipRewards ?? true);
    this.delta = checkInt(cls, "delta", opts.delta ?? 1, 1);
    const hl = opts.historyLength ?? null;
    this.historyLength = hl === null ? null : checkInt(cls, "historyLength", hl, 1);
    this.addChannelDim = checkBool(cls, "addChannelDim", opts.addChannelDim ?? true);
    if (opts.encoder !== undefined && typeof opts.encoder !== "function") {
      throw new ValueError(`${cls}: encoder is ${fmtValue(opts.encoder)}, expected a function (obs: Tensor) => Tensor such as an Encoder`);
    }
    this.encoder = opts.encoder ?? null;
    this.history = this.historyLength === null ? null : new FrameHistory(this.historyLength, this.delta, cls);
  }

  /** Start of an episode: clears the history. */
  reset(): void {
    this.history?.reset();
  }

  /** The reward to return: its sign when clipping (0 stays 0). */
  reward(r: number): number {
    return this.clipRewards ? Math.sign(r) + 0 : r;
  }

  /** The observation to return from `step` for a preprocessed frame of `shape`; fills `info`. */
  step(frame: Float32Array, shape: readonly number[], info: EnvInfo): Tensor {
    info["gym_obs"] = tensor(frame, { shape: [...shape] });
    let data = frame;
    if (this.history) {
      data = this.history.apply(frame);
      info["delta_obs"] = tensor(data, { shape: [...shape] });
    }
    return this.finish(data, shape);
  }

  /** The observation to return from `reset` (no history step). */
  first(frame: Float32Array, shape: readonly number[]): Tensor {
    return this.finish(frame, shape);
  }

  private finish(data: Float32Array, shape: readonly number[]): Tensor {
    const s = this.addChannelDim && shape.length === 2 ? [1, ...shape] : [...shape];
    let obs = tensor(data, { shape: s });
    if (this.encoder) obs = this.encoder(obs);
    return obs.unsqueeze(0);
  }
}
