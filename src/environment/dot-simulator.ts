/**
 * BindsNET's `DotSimulator`: a network-controlled dot chases target dots on a grid, with
 * optional distractors and fading tails. Observations are float32 tensors [height, width]
 * with 1 at a dot's current cell and `1 − k/decay` at the cell it held k steps ago (summed
 * and capped at 1 where cells overlap).
 *
 * Step order (BindsNET's): count the step; with probability `randr` redraw the targets'
 * shared direction; move the network dot by `action`; score it against target 0's position
 * *before* the targets move; on an intercept with `teleport`, respawn the network dot; move
 * the targets (shared direction) and each distractor (its own fresh random direction).
 *
 * Directions: 0 stay, 1 up (row + speed), 2 right (col + speed), 3 down, 4 left, 5 up-right,
 * 6 down-right, 7 down-left, 8 up-left; 5 actions, or 9 with `diag`. A negative action means
 * "move in the targets' direction", `null` means "do not move".
 *
 * Rewards (intercept = network dot on target 0's cell): `bullseye` on an intercept when
 * `bullseye ≠ 0`; otherwise with Δr = target.r − dot.r, Δc = target.c − dot.c, d = hypot(Δr, Δc):
 * - `euc`: −d
 * - `disp`: −d, and `info.disp = [Δr, Δc]` (BindsNET returned the pair as the reward tensor)
 * - `rng`: ⌊−d / ringSize⌋ (Python's floor division of a negative)
 * - `dir`: Σ over the two axes of +1 if |Δ| shrank since the dot's previous cell, −1 if it grew
 *
 * Differences from the reference (bugs fixed) are listed in docs/environment.md.
 */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { type DiscreteSpace, type EnvInfo, Environment, type StepResult } from "./environment.js";
import { checkBool, checkChoice, checkInt, checkNumber, checkString, randint, resolveRng } from "./options.js";

export type BoundHandling = "stay" | "bounce" | "trans";
export type FitFunction = "euc" | "disp" | "rng" | "dir";
/** Receives text to append to a file (see `csvFileWriter` in dot-file-writer.ts for Node). */
export type DotWriter = (file: string, text: string) => void;

/** BindsNET's `DotSimulator` kwargs in camelCase, with its defaults. */
export interface DotSimulatorOptions {
  /** Grid rows (28). */
  height?: number;
  /** Grid columns (28). */
  width?: number;
  /** Tail length in steps (1: no tail). */
  decay?: number;
  /** Number of targets (1); target 0 is the one scored. */
  dots?: number;
  /** Number of distractors (0). */
  herrs?: number;
  /** Print the rendered grid as a text table on `render()` (false). */
  pandas?: boolean;
  /** Append the rendered grid as CSV on `render()` (false); needs `writer`. */
  write?: boolean;
  /** Silence `render()`'s text output (false). */
  mute?: boolean;
  /** Cells moved per step (1). */
  speed?: number;
  /** Probability of redrawing the targets' direction each step (1.0). */
  randr?: number;
  /** Whether "stay" (0) is a possible target direction (true). */
  allowStay?: boolean;
  /** Seed (0: a fresh non-deterministic seed, as BindsNET derives one from the clock). */
  seed?: number;
  /** Folder of the CSV file ("out"). */
  fpath?: string;
  /** CSV file name (`grids_s{seed}.csv`); the file written is `fpath/{stem}_0.csv`. */
  fname?: string;
  /** 9 actions with diagonals instead of 5 (false). */
  diag?: boolean;
  /** What happens at the edges ("stay": clamp, "trans": wrap around, "bounce": reflect). */
  boundHand?: BoundHandling;
  /** Reward function ("euc"). */
  fitFunc?: FitFunction;
  /** Ring width of the "rng" fit function (2). */
  ringSize?: number;
  /** Intercept reward (10.0; 0 disables it). */
  bullseye?: number;
  /** Respawn the network dot after an intercept (true). */
  teleport?: boolean;
  /** Generator to draw from (overrides `seed`). */
  rng?: Generator;
  /** Where `write` output goes (no default, so the core stays browser-safe). */
  writer?: DotWriter;
  /** Where `pandas` text goes (console.log). */
  log?: (line: string) => void;
}

/** A dot's position and its recent cells, newest first (at most `decay` of them). */
export interface Dot {
  r: number;
  c: number;
  trail: [number, number][];
}

/** `[Δrow, Δcol]` of each direction code per unit speed. */
export const DOT_DIRECTIONS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
  [1, 1],
  [-1, 1],
  [-1, -1],
  [1, -1],
];

function directionCode(dr: number, dc: number): number {
  return DOT_DIRECTIONS.findIndex(([a, b]) => a === dr && b === dc);
}

const CLS = "DotSimulator";

/** BindsNET's `DotSimulator` (see the module comment). */
export class DotSimulator extends Environment {
  readonly t: number;
  readonly height: number;
  readonly width: number;
  readonly decay: number;
  readonly dots: number;
  readonly herrs: number;
  readonly pandas: boolean;
  readonly write: boolean;
  readonly mute: boolean;
  readonly speed: number;
  readonly randr: number;
  readonly allowStay: boolean;
  readonly seed: number;
  readonly fpath: string;
  readonly diag: boolean;
  readonly boundHand: BoundHandling;
  readonly fitFunc: FitFunction;
  readonly ringSize: number;
  readonly bullseye: number;
  readonly teleport: boolean;
  readonly actionSpace: DiscreteSpace;
  readonly rng: Generator;
  /** Timesteps taken in this episode. */
  ts = 0;
  /** The network-controlled dot. */
  dot: Dot = { r: 0, c: 0, trail: [] };
  /** The targets (target 0 is scored). */
  targets: Dot[] = [];
  /** The distractors. */
  distractors: Dot[] = [];
  /** The targets' shared direction code. */
  direction = 0;
  private readonly writer: DotWriter | undefined;
  private readonly log: (line: string) => void;
  private readonly grid: Float32Array;
  private stem: string;
  private fileIndex = 0;

  /**
   * @param t - episode length: `done` once `t` steps were taken.
   * @param opts - BindsNET's kwargs (see {@link DotSimulatorOptions}).
   */
  constructor(t: number, opts: DotSimulatorOptions = {}) {
    super();
    checkOptions(CLS, opts, ["height", "width", "decay", "dots", "herrs", "pandas", "write", "mute", "speed", "randr", "allowStay", "seed", "fpath", "fname", "diag", "boundHand", "fitFunc", "ringSize", "bullseye", "teleport", "rng", "writer", "log"]);
    opts ??= {};
    this.t = checkInt(CLS, "t", t, 1);
    this.height = checkInt(CLS, "height", opts.height ?? 28, 1);
    this.width = checkInt(CLS, "width", opts.width ?? 28, 1);
    this.decay = checkInt(CLS, "decay", opts.decay ?? 1, 1);
    this.dots = checkInt(CLS, "dots", opts.dots ?? 1, 1);
    this.herrs = checkInt(CLS, "herrs", opts.herrs ?? 0, 0);
    this.pandas = checkBool(CLS, "pandas", opts.pandas ?? false);
    this.write = checkBool(CLS, "write", opts.write ?? false);
    this.mute = checkBool(CLS, "mute", opts.mute ?? false);
    this.speed = checkInt(CLS, "speed", opts.speed ?? 1, 1);
    this.randr = checkNumber(CLS, "randr", opts.randr ?? 1.0, 0, 1);
    this.allowStay = checkBool(CLS, "allowStay", opts.allowStay ?? true);
    this.diag = checkBool(CLS, "diag", opts.diag ?? false);
    this.boundHand = checkChoice(CLS, "boundHand", opts.boundHand ?? "stay", ["stay", "bounce", "trans"] as const);
    this.fitFunc = checkChoice(CLS, "fitFunc", opts.fitFunc ?? "euc", ["euc", "disp", "rng", "dir"] as const);
    this.ringSize = checkNumber(CLS, "ringSize", opts.ringSize ?? 2, 0, Infinity, true);
    this.bullseye = checkNumber(CLS, "bullseye", opts.bullseye ?? 10.0);
    this.teleport = checkBool(CLS, "teleport", opts.teleport ?? true);
    this.rng = resolveRng(CLS, opts.seed ?? 0, opts.rng, true);
    this.seed = this.rng.initialSeed();
    this.fpath = checkString(CLS, "fpath", opts.fpath ?? "out");
    const fname = checkString(CLS, "fname", opts.fname ?? `grids_s${this.seed}.csv`);
    this.stem = fname.endsWith(".csv") ? fname.slice(0, -4) : fname;
    if (opts.writer !== undefined && typeof opts.writer !== "function") {
      throw new ValueError(`${CLS}: writer is ${fmtValue(opts.writer)}, expected a function (file, text) => void`);
    }
    if (this.write && opts.writer === undefined) {
      throw new ValueError(`${CLS}: writer is undefined, expected a function (file, text) => void when write is true (csvFileWriter() from bindsnet/environment/node writes files with node:fs)`);
    }
    this.writer = opts.writer;
    this.log = opts.log ?? ((line: string) => console.log(line));
    this.actionSpace = { n: this.diag ? 9 : 5 };
    this.grid = new Float32Array(this.height * this.width);
    this.reset();
  }

  /** The CSV file `render()` appends to when `write` is on: `fpath/{stem}_{index}.csv`. */
  get fileName(): string {
    return `${this.fpath}/${this.stem}_${this.fileIndex}.csv`;
  }

  private get minChoice(): number {
    return this.allowStay ? 0 : 1;
  }

  private randomDirection(): number {
    return randint(this.rng, this.minChoice, this.actionSpace.n - 1);
  }

  private spawn(): Dot {
    const h = this.height;
    const w = this.width;
    const r = randint(this.rng, Math.floor(h / 5), Math.floor((4 * h) / 5));
    const c = randint(this.rng, Math.floor(w / 5), Math.floor((4 * w) / 5));
    return { r, c, trail: [[r, c]] }; // ⌊4n/5⌋ < n, so the cell is inside
  }

  /**
   * Starts a new episode: places the network dot, the targets and the distractors uniformly in
   * the middle three fifths of the grid and draws the targets' direction. `seed` re-seeds the
   * generator first (BindsNET re-seeded with the constructor's seed on every reset, which made
   * every episode identical; pass `env.seed` to get that behaviour).
   */
  reset(seed?: number): Tensor {
    if (seed !== undefined) this.rng.manualSeed(checkInt(`${CLS}.reset`, "seed", seed, 0));
    this.ts = 0;
    this.dot = this.spawn();
    this.targets = Array.from({ length: this.dots }, () => this.spawn());
    this.distractors = Array.from({ length: this.herrs }, () => this.spawn());
    this.direction = this.randomDirection();
    this.draw();
    return this.observation();
  }

  /**
   * Places the dots and the targets' direction by hand (for scripted scenarios and tests);
   * trails restart at the given cells. Returns the new observation.
   */
  setState(state: { dot?: [number, number]; targets?: [number, number][]; distractors?: [number, number][]; direction?: number }): Tensor {
    const op = `${CLS}.setState`;
    const place = (name: string, p: [number, number]): Dot => {
      if (!Array.isArray(p) || p.length !== 2) throw new ValueError(`${op}: ${name} is ${fmtValue(p)}, expected [row, col]`);
      const r = checkInt(op, `${name} row`, p[0], 0, this.height - 1);
      const c = checkInt(op, `${name} col`, p[1], 0, this.width - 1);
      return { r, c, trail: [[r, c]] };
    };
    if (state.dot) this.dot = place("dot", state.dot);
    if (state.targets) {
      if (state.targets.length !== this.dots) throw new ValueError(`${op}: targets has ${state.targets.length} entries, expected dots=${this.dots}`);
      this.targets = state.targets.map((p, i) => place(`targets[${i}]`, p));
    }
    if (state.distractors) {
      if (state.distractors.length !== this.herrs) throw new ValueError(`${op}: distractors has ${state.distractors.length} entries, expected herrs=${this.herrs}`);
      this.distractors = state.distractors.map((p, i) => place(`distractors[${i}]`, p));
    }
    if (state.direction !== undefined) this.direction = checkInt(op, "direction", state.direction, 0, this.actionSpace.n - 1);
    this.draw();
    return this.observation();
  }

  /** Maps a coordinate that left [0, n) back in: returns the coordinate and whether it crossed. */
  private bound(x: number, n: number): [number, boolean] {
    if (x >= 0 && x < n) return [x, false];
    if (this.boundHand === "stay") return [x < 0 ? 0 : n - 1, true];
    if (this.boundHand === "trans") return [((x % n) + n) % n, true];
    // bounce: mirror at the outer edge of the border cell (BindsNET's n − 1 − x mod n for one
    // crossing), periodic over 2n so any speed stays inside.
    const m = ((x % (2 * n)) + 2 * n) % (2 * n);
    return [m < n ? m : 2 * n - 1 - m, true];
  }

  /** Moves `dot` one step in direction `code`; returns which axes crossed a bound. */
  private move(dot: Dot, code: number): [boolean, boolean] {
    const [dr, dc] = DOT_DIRECTIONS[code]!;
    const [r, rowCross] = this.bound(dot.r + dr * this.speed, this.height);
    const [c, colCross] = this.bound(dot.c + dc * this.speed, this.width);
    dot.r = r;
    dot.c = c;
    dot.trail.unshift([r, c]);
    if (dot.trail.length > this.decay) dot.trail.length = this.decay;
    return [rowCross, colCross];
  }

  private checkAction(action: number | null): number | null {
    if (action === null) return null;
    if (typeof action !== "number" || !Number.isInteger(action) || action >= this.actionSpace.n) {
      throw new ValueError(
        `${CLS}.step: action is ${fmtValue(action)}, expected null, a negative integer (follow the targets) or an integer in [0, ${this.actionSpace.n - 1}]`,
      );
    }
    return action;
  }

  /**
   * Takes one step (see the module comment). Returns `[obs [height, width], reward, done,
   * info]` with `info = { intercept, direction, ts }` plus `disp: [Δr, Δc]` for `fitFunc: "disp"`.
   */
  step(action: number | null): StepResult {
    const a = this.checkAction(action);
    this.ts += 1;
    if (this.rng.nextFloat64() < this.randr) this.direction = this.randomDirection();
    const prev: [number, number] = [this.dot.r, this.dot.c];
    if (a !== null) this.move(this.dot, a < 0 ? this.direction : a);
    const target = this.targets[0]!;
    const dr = target.r - this.dot.r;
    const dc = target.c - this.dot.c;
    const intercept = dr === 0 && dc === 0;
    const info: EnvInfo = { intercept, ts: this.ts };
    const reward = this.score(dr, dc, prev, target, info, intercept);
    if (intercept && this.teleport) this.dot = this.spawn();
    this.moveTargets();
    for (const d of this.distractors) this.move(d, this.randomDirection());
    info["direction"] = this.direction;
    this.draw();
    return [this.observation(), reward, this.ts >= this.t, info];
  }

  private score(dr: number, dc: number, prev: [number, number], target: Dot, info: EnvInfo, intercept: boolean): number {
    const d = Math.hypot(dr, dc);
    if (this.fitFunc === "disp") info["disp"] = [dr, dc];
    if (intercept && this.bullseye !== 0) return this.bullseye;
    switch (this.fitFunc) {
      case "euc":
      case "disp":
        return d === 0 ? 0 : -d;
      case "rng":
        return d === 0 ? 0 : Math.floor(-d / this.ringSize);
      case "dir": {
        const axis = (before: number, after: number): number => Math.sign(Math.abs(before) - Math.abs(after));
        return axis(target.r - prev[0], dr) + axis(target.c - prev[1], dc);
      }
    }
  }

  /**
   * Moves every target in the shared direction. With "bounce", an axis on which any target
   * crossed a bound has its direction component flipped (both at a corner: BindsNET's code
   * table summed two offsets there, reached code 9 and failed an assertion).
   */
  private moveTargets(): void {
    let flipR = false;
    let flipC = false;
    for (const t of this.targets) {
      const [rc, cc] = this.move(t, this.direction);
      flipR ||= rc;
      flipC ||= cc;
    }
    if (this.boundHand === "bounce" && (flipR || flipC)) {
      const [dr, dc] = DOT_DIRECTIONS[this.direction]!;
      this.direction = directionCode(flipR ? -dr : dr, flipC ? -dc : dc);
    }
  }

  private draw(): void {
    const g = this.grid;
    g.fill(0);
    const w = this.width;
    const paint = (dot: Dot): void => {
      dot.trail.forEach(([r, c], k) => {
        const i = r * w + c;
        g[i] = Math.min(g[i]! + 1 - k / this.decay, 1);
      });
    };
    paint(this.dot);
    for (const t of this.targets) paint(t);
    for (const d of this.distractors) paint(d);
  }

  private observation(): Tensor {
    return tensor(this.grid, { shape: [this.height, this.width] });
  }

  /**
   * Returns a copy of the grid with the network dot's cells doubled (BindsNET doubled them in
   * the live observation), appends it as CSV when `write` is on (one line per row:
   * `ts,row,v0,…,v{width−1}`), and prints it as a text table when `pandas` is on and `mute` off.
   */
  render(): Tensor {
    const out = Float32Array.from(this.grid);
    for (const [r, c] of this.dot.trail) out[r * this.width + c]! *= 2;
    const rows: string[] = [];
    for (let r = 0; r < this.height; r++) rows.push(Array.from(out.slice(r * this.width, (r + 1) * this.width)).join(","));
    if (this.write) this.writer!(this.fileName, rows.map((line, r) => `${this.ts},${r},${line}\n`).join(""));
    if (this.pandas && !this.mute) this.log(rows.map((line) => line.split(",").map((v) => Number(v).toFixed(2)).join(" ")).join("\n"));
    return tensor(out, { shape: [this.height, this.width] });
  }

  /** Switches `render()`'s CSV output to the next numbered file (`newInt < 0`) or to number `newInt`. */
  cycleOutFiles(newInt = -1): string {
    this.fileIndex = newInt < 0 ? this.fileIndex + 1 : checkInt(`${CLS}.cycleOutFiles`, "newInt", newInt, 0);
    return this.fileName;
  }

  /** Appends `suffix` to the file stem (`grids_s5` → `grids_s5{suffix}`). */
  addFileSuffix(suffix: string): string {
    this.stem += checkString(`${CLS}.addFileSuffix`, "suffix", suffix);
    return this.fileName;
  }

  /** Replaces the stem's ending `oldSuffix` by `newSuffix`. */
  changeFileSuffix(oldSuffix: string, newSuffix: string): string {
    const op = `${CLS}.changeFileSuffix`;
    checkString(op, "newSuffix", newSuffix);
    if (typeof oldSuffix !== "string" || !this.stem.endsWith(oldSuffix)) {
      throw new ValueError(`${op}: oldSuffix is ${fmtValue(oldSuffix)}, expected an ending of the file stem ${JSON.stringify(this.stem)}`);
    }
    this.stem = this.stem.slice(0, this.stem.length - oldSuffix.length) + newSuffix;
    return this.fileName;
  }

  /** Nothing to release (files are appended and closed on each write). */
  close(): void {}
}

/**
 * BindsNET's `driver()` done right: runs one episode of `env` with `policy` (default: step
 * toward target 0, greedily along the larger gap) and returns the summed reward and steps.
 */
export function runDotSimulator(env: DotSimulator, policy?: (env: DotSimulator) => number): { totalReward: number; steps: number; intercepts: number } {
  const greedy = (e: DotSimulator): number => {
    const t = e.targets[0]!;
    const dr = Math.sign(t.r - e.dot.r);
    const dc = Math.sign(t.c - e.dot.c);
    if (e.diag) return directionCode(dr, dc);
    if (Math.abs(t.r - e.dot.r) >= Math.abs(t.c - e.dot.c) && dr !== 0) return directionCode(dr, 0);
    return directionCode(0, dc);
  };
  const choose = policy ?? greedy;
  env.reset();
  let totalReward = 0;
  let steps = 0;
  let intercepts = 0;
  for (;;) {
    const [, reward, done, info] = env.step(choose(env));
    totalReward += reward;
    steps += 1;
    if (info["intercept"] === true) intercepts += 1;
    if (done) return { totalReward, steps, intercepts };
  }
}
