/**
 * A small Breakout written in TypeScript that produces the observations BindsNET's
 * `GymEnvironment("BreakoutDeterministic-v4")` feeds a network: 80×80 binary frames (Atari's
 * rows 34–193 halved; the score and top wall are cropped away), actions as Atari's minimal
 * Breakout set (0 NOOP, 1 FIRE, 2 RIGHT, 3 LEFT), 5 lives, and `done` when the last life is
 * lost. Not an Atari emulator: the layout follows the Atari screen at half resolution, the
 * physics is a simple cell-stepping ball.
 *
 * Frame (rows × cols of the 80×80 grid, all drawn as 1):
 * - side walls: cols 0–3 and 76–79, every row;
 * - bricks: 6 rows × 18, brick (k, j) at rows 12 + 3k … 14 + 3k, cols 4 + 4j … 7 + 4j; raw
 *   points 7, 7, 4, 4, 1, 1 from the top row down (Atari's), `clipRewards` makes each 1;
 * - paddle: rows 77–78, 8 cols wide, moved `paddleSpeed` cols by RIGHT/LEFT, inside the walls;
 * - ball: 1 col × 2 rows, served by FIRE at row 32 in a random column, moving down and
 *   diagonally; each step it moves `ballSpeed` one-cell diagonal sub-steps, reflecting off
 *   the walls and the top, reversing vertically off a brick it hits (the brick is removed)
 *   and off the paddle (leaving left from the paddle's left half, right from its right half).
 *   A ball that passes the paddle is lost with a life; the next FIRE serves a new one.
 *
 * The episode also ends when every brick is gone (Atari draws a second wall) or after
 * `maxSteps` steps. Observations go through GymEnvironment's post-processing (frames.ts):
 * `step` returns [1, 1, 80, 80] by default.
 */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { type DiscreteSpace, type EnvInfo, Environment, type StepResult } from "./environment.js";
import { type ObservationOptions, ObservationProcessor } from "./frames.js";
import { checkInt, randint, resolveRng } from "./options.js";

export const BREAKOUT_SIZE = 80;
export const BREAKOUT_ACTIONS = ["NOOP", "FIRE", "RIGHT", "LEFT"] as const;
const WALL = 4; // wall width in cells: the field is cols 4 … 75
const FIELD_L = WALL;
const FIELD_R = BREAKOUT_SIZE - WALL - 1;
const BRICK_TOP = 12;
const BRICK_H = 3;
const BRICK_W = 4;
const BRICK_ROWS = 6;
const BRICK_COLS = 18;
const PADDLE_ROW = 77;
const PADDLE_W = 8;
const SERVE_ROW = 32;
const POINTS = [7, 7, 4, 4, 1, 1];

/** Options of {@link BreakoutEnvironment}. */
export interface BreakoutOptions extends ObservationOptions {
  /** Seed of the serve positions and directions (0). */
  seed?: number;
  /** Generator to draw from (overrides `seed`). */
  rng?: Generator;
  /** Lives per episode (5, as Atari). */
  lives?: number;
  /** Cells the paddle moves per RIGHT/LEFT (4). */
  paddleSpeed?: number;
  /** One-cell ball moves per step (2). */
  ballSpeed?: number;
  /** Step limit of an episode (10000). */
  maxSteps?: number;
}

/** The ball: top-left cell and direction (±1 per sub-step on each axis). */
export interface Ball {
  r: number;
  c: number;
  vr: number;
  vc: number;
}

const CLS = "BreakoutEnvironment";

/** A Breakout-like game with BindsNET's Breakout observations (see the module comment). */
export class BreakoutEnvironment extends Environment {
  readonly actionSpace: DiscreteSpace = { n: 4 };
  readonly rng: Generator;
  readonly maxLives: number;
  readonly paddleSpeed: number;
  readonly ballSpeed: number;
  readonly maxSteps: number;
  readonly processor: ObservationProcessor;
  /** Brick present flags, row-major [6 × 18]. */
  readonly bricks = new Uint8Array(BRICK_ROWS * BRICK_COLS);
  /** Leftmost column of the paddle. */
  paddle = 0;
  /** The ball in play, or null until FIRE. */
  ball: Ball | null = null;
  lives = 0;
  /** Raw points this episode. */
  score = 0;
  /** Steps this episode. */
  steps = 0;
  private readonly frameData = new Float32Array(BREAKOUT_SIZE * BREAKOUT_SIZE);

  constructor(opts: BreakoutOptions = {}) {
    super();
    checkOptions(CLS, opts, ["clipRewards", "historyLength", "delta", "addChannelDim", "encoder", "seed", "rng", "lives", "paddleSpeed", "ballSpeed", "maxSteps"]);
    opts ??= {};
    this.rng = resolveRng(CLS, opts.seed ?? 0, opts.rng);
    this.maxLives = checkInt(CLS, "lives", opts.lives ?? 5, 1);
    this.paddleSpeed = checkInt(CLS, "paddleSpeed", opts.paddleSpeed ?? 4, 1, FIELD_R - FIELD_L);
    this.ballSpeed = checkInt(CLS, "ballSpeed", opts.ballSpeed ?? 2, 1, 8);
    this.maxSteps = checkInt(CLS, "maxSteps", opts.maxSteps ?? 10000, 1);
    this.processor = new ObservationProcessor(CLS, opts);
    this.reset();
  }

  /** Bricks left. */
  get bricksLeft(): number {
    let n = 0;
    for (const b of this.bricks) n += b;
    return n;
  }

  /** New episode: full wall, all lives, centred paddle, no ball. `seed` re-seeds first. */
  reset(seed?: number): Tensor {
    if (seed !== undefined) this.rng.manualSeed(checkInt(`${CLS}.reset`, "seed", seed, 0));
    this.bricks.fill(1);
    this.paddle = (FIELD_L + FIELD_R + 1 - PADDLE_W) / 2;
    this.ball = null;
    this.lives = this.maxLives;
    this.score = 0;
    this.steps = 0;
    this.processor.reset();
    this.draw();
    return this.processor.first(this.frameData, [BREAKOUT_SIZE, BREAKOUT_SIZE]);
  }

  /**
   * Applies `action` (0 NOOP, 1 FIRE, 2 RIGHT, 3 LEFT) and advances the ball. Returns
   * `[obs, reward, done, info]`, `info = { lives, bricks, score, gym_obs, delta_obs? }`.
   */
  step(action: number): StepResult {
    if (typeof action !== "number" || !Number.isInteger(action) || action < 0 || action > 3) {
      throw new ValueError(`${CLS}.step: action is ${fmtValue(action)}, expected an integer in [0, 3] (0 NOOP, 1 FIRE, 2 RIGHT, 3 LEFT)`);
    }
    this.steps += 1;
    if (action === 2) this.paddle = Math.min(this.paddle + this.paddleSpeed, FIELD_R + 1 - PADDLE_W);
    if (action === 3) this.paddle = Math.max(this.paddle - this.paddleSpeed, FIELD_L);
    if (action === 1 && this.ball === null) {
      this.ball = { r: SERVE_ROW, c: randint(this.rng, FIELD_L, FIELD_R), vr: 1, vc: this.rng.nextBelow(2) === 0 ? -1 : 1 };
    }
    let points = 0;
    for (let k = 0; k < this.ballSpeed && this.ball !== null; k++) points += this.advance(this.ball);
    this.score += points;
    const bricks = this.bricksLeft;
    const done = this.lives === 0 || bricks === 0 || this.steps >= this.maxSteps;
    this.draw();
    const info: EnvInfo = { lives: this.lives, bricks, score: this.score };
    const obs = this.processor.step(this.frameData, [BREAKOUT_SIZE, BREAKOUT_SIZE], info);
    return [obs, this.processor.reward(points), done, info];
  }

  private brickAt(r: number, c: number): number {
    const k = Math.floor((r - BRICK_TOP) / BRICK_H);
    const j = Math.floor((c - FIELD_L) / BRICK_W);
    if (r < BRICK_TOP || k >= BRICK_ROWS || j < 0 || j >= BRICK_COLS) return -1;
    const i = k * BRICK_COLS + j;
    return this.bricks[i] ? i : -1;
  }

  /** One diagonal sub-step; returns the raw points scored. */
  private advance(b: Ball): number {
    if (b.c + b.vc < FIELD_L || b.c + b.vc > FIELD_R) b.vc = -b.vc;
    if (b.r + b.vr < 0) b.vr = -b.vr;
    const nr = b.r + b.vr;
    const nc = b.c + b.vc;
    const hit = [this.brickAt(nr, nc), this.brickAt(nr + 1, nc)].find((i) => i >= 0);
    if (hit !== undefined) {
      this.bricks[hit] = 0;
      b.vr = -b.vr;
      return POINTS[Math.floor(hit / BRICK_COLS)]!;
    }
    if (b.vr > 0 && b.r + 1 < PADDLE_ROW && nr + 1 >= PADDLE_ROW && nc >= this.paddle && nc < this.paddle + PADDLE_W) {
      b.vr = -1;
      b.vc = nc < this.paddle + PADDLE_W / 2 ? -1 : 1;
      return 0;
    }
    if (nr + 1 >= BREAKOUT_SIZE) {
      this.ball = null;
      this.lives -= 1;
      return 0;
    }
    b.r = nr;
    b.c = nc;
    return 0;
  }

  private draw(): void {
    const f = this.frameData;
    const S = BREAKOUT_SIZE;
    f.fill(0);
    for (let r = 0; r < S; r++) {
      for (let c = 0; c < WALL; c++) {
        f[r * S + c] = 1;
        f[r * S + S - 1 - c] = 1;
      }
    }
    for (let k = 0; k < BRICK_ROWS; k++) {
      for (let j = 0; j < BRICK_COLS; j++) {
        if (!this.bricks[k * BRICK_COLS + j]) continue;
        for (let r = 0; r < BRICK_H; r++) f.fill(1, (BRICK_TOP + k * BRICK_H + r) * S + FIELD_L + j * BRICK_W, (BRICK_TOP + k * BRICK_H + r) * S + FIELD_L + (j + 1) * BRICK_W);
      }
    }
    for (let r = PADDLE_ROW; r < PADDLE_ROW + 2; r++) f.fill(1, r * S + this.paddle, r * S + this.paddle + PADDLE_W);
    if (this.ball) {
      f[this.ball.r * S + this.ball.c] = 1;
      f[(this.ball.r + 1) * S + this.ball.c] = 1;
    }
  }

  /** The current 80×80 binary frame (before history and dims). */
  render(): Tensor {
    return tensor(this.frameData, { shape: [BREAKOUT_SIZE, BREAKOUT_SIZE] });
  }

  close(): void {}
}
