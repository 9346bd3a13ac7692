/**
 * BindsNET's `GymEnvironment(name, …)` without gymnasium: Node has no Gym or Atari ROMs
 * offline, so the constructor needs a user-supplied `env` (any object with Gym's
 * `reset()`/`step()`, e.g. an adapter to a Gym server or another simulator) and wraps it with
 * BindsNET's preprocessing, reward clipping, history and dims. Without `env` it throws and
 * names the built-in environments instead (BreakoutEnvironment gives Breakout's frames).
 *
 * Preprocessing by `name` (BindsNET's `preprocess`): "BreakoutDeterministic-v4" crops rows
 * 34–193 of the [210, 160, 3] RGB frame, converts to gray, resizes to 80×80 and binarises
 * (> 0 → 1); "SpaceInvaders-v0" converts to gray, resizes to 84 wide × 110 high, keeps rows
 * 26–103 and binarises; any other name passes the frame through as float32. Gray and resize
 * follow OpenCV on uint8 images: gray = (4899 R + 9617 G + 1868 B + 2¹³) >> 14, and
 * INTER_LINEAR with half-pixel centres rounded to the nearest integer (for Breakout's exact
 * halving, a 2×2 block averaged; a block summing to 1 rounds to black).
 */
import { checkOptions } from "../options.js";
import { BindsNetError, ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { type DiscreteSpace, type EnvInfo, Environment, type StepResult } from "./environment.js";
import { type ObservationOptions, ObservationProcessor } from "./frames.js";
import { checkChoice, checkInt, checkNumber } from "./options.js";

/** A frame from the wrapped environment: a Tensor, or flat data with its shape ([H, W] or [H, W, 3]). */
export type GymFrame = Tensor | { data: ArrayLike<number>; shape: readonly number[] };

/** What `GymEnvironment` needs from the environment it wraps (gymnasium's API, or the older 4-tuple). */
export interface GymLikeEnv {
  reset(opts?: { seed?: number }): GymFrame | [GymFrame, Record<string, unknown>];
  step(
    action: number,
  ): [GymFrame, number, boolean, boolean, Record<string, unknown>] | [GymFrame, number, boolean, Record<string, unknown>];
  /** The number of actions (or gymnasium's `action_space`). */
  actionSpace?: DiscreteSpace;
  action_space?: DiscreteSpace;
  render?(): unknown;
  close?(): void;
}

/** GymEnvironment's kwargs in camelCase, with its defaults, plus the wrapped `env`. */
export interface GymEnvironmentOptions extends ObservationOptions {
  /** Passed along to the wrapped environment's convention; stored ("rgb_array"). */
  renderMode?: "rgb_array" | "human";
  /** In (0, 1] (1.0); checked and stored, unused, as in BindsNET. */
  maxProb?: number;
  /** Passed to the wrapped environment's first `reset({ seed })` (BindsNET stored it unused). */
  seed?: number | null;
  /** The environment to wrap (required: there is no gymnasium here). */
  env?: GymLikeEnv;
}

const CLS = "GymEnvironment";
const BUILT_INS = "BreakoutEnvironment (Breakout's 80×80 binary frames), DotSimulator, CueRewardSimulator";

function frameParts(op: string, f: GymFrame): { data: ArrayLike<number>; shape: readonly number[] } {
  if (f === null || typeof f !== "object") throw new ValueError(`${op}: observation is ${fmtValue(f)}, expected a Tensor or { data, shape }`);
  if ("toFlatArray" in f && typeof f.toFlatArray === "function") return { data: f.toFlatArray(), shape: f.shape };
  const g = f as { data: ArrayLike<number>; shape: readonly number[] };
  if (!Array.isArray(g.shape) || g.data === undefined || typeof g.data.length !== "number") {
    throw new ValueError(`${op}: observation is ${fmtValue(f)}, expected a Tensor or { data, shape }`);
  }
  return g;
}

/** OpenCV's uint8 RGB → gray. */
function gray(op: string, data: ArrayLike<number>, shape: readonly number[]): { g: Float64Array; h: number; w: number } {
  if (shape.length === 2) return { g: Float64Array.from(data), h: shape[0]!, w: shape[1]! };
  if (shape.length !== 3 || shape[2] !== 3) throw new ShapeError(`${op}: observation has shape ${fmtShape(shape)}, expected [H, W, 3] (RGB) or [H, W]`);
  const [h, w] = shape as [number, number, number];
  const g = new Float64Array(h * w);
  for (let i = 0; i < h * w; i++) g[i] = (4899 * data[3 * i]! + 9617 * data[3 * i + 1]! + 1868 * data[3 * i + 2]! + 8192) >> 14;
  return { g, h, w };
}

/** OpenCV INTER_LINEAR resize (half-pixel centres, edge clamping) of an [h, w] image, rounded. */
export function resizeLinear(src: ArrayLike<number>, h: number, w: number, outH: number, outW: number): Float32Array {
  const coords = (n: number, outN: number): [Int32Array, Float64Array] => {
    const i0 = new Int32Array(outN);
    const f = new Float64Array(outN);
    for (let d = 0; d < outN; d++) {
      const s = (d + 0.5) * (n / outN) - 0.5;
      let x = Math.floor(s);
      let fx = s - x;
      if (x < 0) [x, fx] = [0, 0];
      if (x >= n - 1) [x, fx] = [n - 1, 0];
      i0[d] = x;
      f[d] = fx;
    }
    return [i0, f];
  };
  const [ry, fy] = coords(h, outH);
  const [rx, fx] = coords(w, outW);
  const out = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    const y0 = ry[y]!;
    const y1 = Math.min(y0 + 1, h - 1);
    for (let x = 0; x < outW; x++) {
      const x0 = rx[x]!;
      const x1 = Math.min(x0 + 1, w - 1);
      const top = src[y0 * w + x0]! * (1 - fx[x]!) + src[y0 * w + x1]! * fx[x]!;
      const bot = src[y1 * w + x0]! * (1 - fx[x]!) + src[y1 * w + x1]! * fx[x]!;
      out[y * outW + x] = Math.round(top * (1 - fy[y]!) + bot * fy[y]!);
    }
  }
  return out;
}

/** BindsNET's `GymEnvironment.preprocess` for the named game; returns the frame and its shape. */
export function preprocessFrame(name: string, frame: GymFrame): { data: Float32Array; shape: number[] } {
  const op = `${CLS}.preprocess`;
  const { data, shape } = frameParts(op, frame);
  if (name === "BreakoutDeterministic-v4") {
    if (shape[0] !== 210 || shape[1] !== 160) throw new ShapeError(`${op}: observation has shape ${fmtShape(shape)}, expected [210, 160, 3] for ${name}`);
    const { g } = gray(op, data, shape);
    const crop = g.slice(34 * 160, 194 * 160); // rows 34–193, all 160 cols
    const out = resizeLinear(crop, 160, 160, 80, 80).map((v) => (v > 0 ? 1 : 0));
    return { data: out, shape: [80, 80] };
  }
  if (name === "SpaceInvaders-v0") {
    const { g, h, w } = gray(op, data, shape);
    const small = resizeLinear(g, h, w, 110, 84);
    const out = small.slice(26 * 84, 104 * 84).map((v) => (v > 0 ? 1 : 0));
    return { data: out, shape: [78, 84] };
  }
  return { data: Float32Array.from(data), shape: [...shape] };
}

/** BindsNET's `GymEnvironment` over a user-supplied environment (see the module comment). */
export class GymEnvironment extends Environment {
  readonly name: string;
  readonly renderMode: "rgb_array" | "human";
  readonly maxProb: number;
  readonly seed: number | null;
  readonly env: GymLikeEnv;
  readonly actionSpace: DiscreteSpace;
  readonly processor: ObservationProcessor;
  private seeded = false;

  constructor(name: string, opts: GymEnvironmentOptions = {}) {
    super();
    checkOptions(CLS, opts, ["clipRewards", "historyLength", "delta", "addChannelDim", "encoder", "renderMode", "maxProb", "seed", "env"]);
    opts ??= {};
    if (typeof name !== "string") throw new ValueError(`${CLS}: name is ${fmtValue(name)}, expected a string`);
    this.name = name;
    const env = opts.env;
    if (env === undefined) {
      throw new BindsNetError(
        `${CLS}: env is undefined, expected an object with reset()/step() to wrap for ${JSON.stringify(name)}: ` +
          `gymnasium and Atari ROMs are not available in TypeScript; use a built-in environment (${BUILT_INS}) or pass { env }`,
      );
    }
    if (env === null || typeof env !== "object" || typeof env.step !== "function" || typeof env.reset !== "function") {
      throw new ValueError(`${CLS}: env is ${fmtValue(env)}, expected an object with reset() and step(action)`);
    }
    this.env = env;
    const space = env.actionSpace ?? env.action_space;
    if (!space || typeof space.n !== "number") throw new ValueError(`${CLS}: env.actionSpace is ${fmtValue(space)}, expected { n: number of actions }`);
    this.actionSpace = { n: checkInt(CLS, "env.actionSpace.n", space.n, 1) };
    this.renderMode = checkChoice(CLS, "renderMode", opts.renderMode ?? "rgb_array", ["rgb_array", "human"] as const);
    this.maxProb = checkNumber(CLS, "maxProb", opts.maxProb ?? 1.0, 0, 1, true);
    this.seed = opts.seed === undefined || opts.seed === null ? null : checkInt(CLS, "seed", opts.seed, 0);
    this.processor = new ObservationProcessor(CLS, opts);
  }

  /** Steps the wrapped environment; `done = terminated || truncated`; see frames.ts for the observation. */
  step(action: number): StepResult {
    const res = this.env.step(action);
    const [frame, reward, terminated] = res;
    const done = res.length === 5 ? terminated || res[3] : terminated;
    const rawInfo = res.length === 5 ? res[4] : res[3];
    const info: EnvInfo = { ...(rawInfo ?? {}) };
    const { data, shape } = preprocessFrame(this.name, frame);
    const obs = this.processor.step(data, shape, info);
    return [obs, this.processor.reward(reward), done, info];
  }

  /** Resets the wrapped environment (passing `seed` the first time) and clears the history. */
  reset(): Tensor {
    const r = this.seed !== null && !this.seeded ? this.env.reset({ seed: this.seed }) : this.env.reset();
    this.seeded = true;
    const frame = Array.isArray(r) ? r[0] : r;
    this.processor.reset();
    const { data, shape } = preprocessFrame(this.name, frame);
    return this.processor.first(data, shape);
  }

  render(): unknown {
    return this.env.render?.();
  }

  close(): void {
    this.env.close?.();
  }
}
