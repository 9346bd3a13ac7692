/**
 * BindsNET's examples/breakout: a random agent, a random spiking network, an Izhikevich
 * network without learning and an MSTDP network, each playing Breakout.
 *
 * The reference plays Atari Breakout through gymnasium (`GymEnvironment("BreakoutDeterministic-v4")`),
 * which does not exist offline; these commands play {@link BreakoutEnvironment}, the project's
 * TypeScript Breakout with the same 80×80 binary observations and the same four actions
 * (0 NOOP, 1 FIRE, 2 RIGHT, 3 LEFT), clipped rewards (1 per broken brick) and 5 lives.
 *
 * Fixes of the reference scripts (also in docs/examples.md):
 * - random_baseline's running average used an off-by-one mean; here it is the mean of all
 *   per-100-step rewards so far.
 * - random_network_baseline's `select_multinomial` sliced the batch axis and chose action 0
 *   whenever the output spiked; the library's `selectMultinomial` sums each population.
 * - `--seed` seeds everything (network, encodings, actions, environment).
 * - No windows: rendering returns the frame; plots go to `--plot-dir` only.
 *
 * The games themselves are recipes (src/recipes/breakout.ts, breakout-baseline.ts): these
 * commands map their flags onto the recipes' configs and print the events, so they have
 * checkpoints (`--checkpoint-dir`, `--resume`) and stop within a step on Ctrl-C. For them
 * `--checkpoint-every` counts environment steps.
 */
import { join } from "node:path";
import { FileAnalyzer } from "../analysis/pipeline-analysis.js";
import { plotWeights } from "../analysis/weights.js";
import { type BreakoutBaselineConfig, type BreakoutBaselineResult, breakoutRandomBaseline } from "../recipes/breakout-baseline.js";
import { type BreakoutConfig, type BreakoutResult, type BreakoutVariant, type EpisodeSummary, breakout, breakoutRandomNetwork, breakoutReadout, breakoutStdp } from "../recipes/breakout.js";
import type { Connection } from "../network/topology/connection.js";
import type { RecipeEvent } from "../recipes/types.js";
import type { OptionSpec } from "./args.js";
import type { CliIO } from "./progress.js";
import type { ExampleCommand } from "./registry.js";
import { type RecipeCommandSpec, recipeOptions, runRecipeCommand } from "./run-recipe.js";

/**
 * The recipe options of a reinforcement-learning command: no MNIST folder, and
 * `--checkpoint-every` in environment steps (default `every`).
 */
export function rlRecipeOptions(example: string, every = 1000): OptionSpec[] {
  return recipeOptions(example)
    .filter((s) => s.name !== "data-dir")
    .map((s) => (s.name === "checkpoint-every" ? { ...s, default: every, help: "environment steps between checkpoints (0: only on interruption and at the end)" } : s));
}

/** One finished episode, as printed. */
export interface EpisodeResult extends EpisodeSummary {
  /** Environment steps per second of wall time. */
  stepsPerSecond: number;
}

/** `Episode 3 total reward: 2 (187 steps, 52.1 steps/s)`. */
export function episodeLine(label: string, i: number, r: EpisodeResult): string {
  return `${label}${i} total reward: ${fmtReward(r.reward)} (${r.steps} steps, ${r.stepsPerSecond.toFixed(1)} steps/s)`;
}

function fmtReward(r: number): string {
  return Number.isInteger(r) ? String(r) : r.toFixed(2);
}

/** Wall-clock steps per second between episode events (a command's printing state). */
export function episodeClock(): { start(): void; rate(steps: number): number } {
  let t0 = performance.now();
  return {
    start: () => void (t0 = performance.now()),
    rate(steps) {
      const now = performance.now();
      const s = (now - t0) / 1000;
      t0 = now;
      return s > 0 ? steps / s : 0;
    },
  };
}

/** Writes the reward curve (and optionally a weight matrix) into `dir`; returns the files. */
export function writeRlPlots(dir: string, io: CliIO, rewards: Record<string, readonly number[]>, weights?: { name: string; w: Connection }): string[] {
  const files: string[] = [];
  const a = new FileAnalyzer({ directory: dir });
  for (const [tag, list] of Object.entries(rewards)) {
    if (list.length === 0) continue;
    a.plotReward(list, { tag: `rewards-${tag}`, rewardWindow: Math.min(10, list.length) });
    files.push(join(dir, `rewards-${tag}.svg`));
  }
  a.finalizeStep();
  if (weights) {
    const f = join(dir, `${weights.name}.png`);
    const w = weights.w.w;
    const hi = Math.max(1e-6, ...Array.from(w.contiguousData(), Number));
    plotWeights(w, { file: f, wmin: 0, wmax: hi });
    files.push(f);
  }
  io.out(`Plots written: ${files.join(", ")}`);
  return files;
}

// ---------------------------------------------------------------------------------------
// random_baseline.py

function randomBaselineOptions(): OptionSpec[] {
  const d = breakoutRandomBaseline.defaults;
  return [
    { name: "n-steps", type: "int", default: d.nSteps, min: 1, aliases: ["n"], help: "environment steps in all (the reference's -n)" },
    { name: "seed", type: "int", default: d.seed, min: 0, help: "random seed (actions and environment)" },
    { name: "max-steps", type: "int", default: d.maxSteps, min: 1, help: "step limit of an episode" },
    { name: "print-interval", type: "int", default: d.printInterval, min: 1, help: "steps per reward line" },
    { name: "render", type: "bool", default: d.render, help: "render every step (returns the frame; no window here)" },
  ];
}

/** random_baseline.py on the breakout-random-baseline recipe: per-window rewards, their running mean, episode lengths. */
export function randomBaselineCommand(): RecipeCommandSpec<BreakoutBaselineConfig, BreakoutBaselineResult> {
  const clock = episodeClock();
  return {
    recipe: breakoutRandomBaseline,
    describe: (c) => `breakout-random-baseline: ${c.nSteps} steps of uniformly random actions`,
    onEvent(e: RecipeEvent, io) {
      if (e.type === "start") clock.start();
      if (e.type !== "episode") return;
      io.out(`Episode ${e.index - 1} length: ${e.steps} steps, total reward: ${fmtReward(e.reward)} (${clock.rate(e.steps).toFixed(1)} steps/s)`);
    },
    report(r, _c, io, opts) {
      const lengths = r.episodes.map((e) => e.steps);
      io.out(`Episodes: ${r.episodes.length}, mean length ${(r.meanLength ?? 0).toFixed(1)} steps, mean reward ${(r.meanReward ?? 0).toFixed(2)}`);
      io.out(`Episode lengths: ${lengths.join(", ")}`);
      if (opts.plotDir) writeRlPlots(opts.plotDir as string, io, { episodes: r.episodes.map((e) => e.reward), windows: r.windowRewards });
    },
  };
}

// ---------------------------------------------------------------------------------------
// The network agents (random_network_baseline.py, breakout.py, breakout_stdp.py)

const RECIPES = { "breakout-random-network": breakoutRandomNetwork, breakout, "breakout-stdp": breakoutStdp } as const;

function networkOptions(variant: BreakoutVariant): OptionSpec[] {
  const d = RECIPES[variant].defaults;
  return [
    { name: "n-episodes", type: "int", default: d.nEpisodes, min: 0, aliases: ["n"], help: "episodes to play (training episodes where the agent learns)" },
    ...(variant === "breakout-stdp" ? [{ name: "n-test", type: "int", default: d.nTest, min: 0, help: "test episodes (learning off)" } as OptionSpec] : []),
    { name: "seed", type: "int", default: d.seed, min: 0, help: "random seed (network, encodings, actions, environment)" },
    { name: "n-neurons", type: "int", default: d.nNeurons, min: 1, help: "hidden neurons" },
    { name: "dt", type: "float", default: d.dt, min: 0.001, help: "simulation step (ms)" },
    { name: "time", type: "float", default: d.time, min: 0.001, help: "simulation time per environment step (ms)" },
    { name: "max-steps", type: "int", default: d.maxSteps, min: 1, help: "step limit of an episode" },
    { name: "plot-interval", type: "int", default: d.plotInterval, min: 1, help: "steps between pipeline plots (with --plot-dir)" },
    { name: "render-interval", type: "int", default: d.renderInterval, min: 1, help: "steps between env.render() calls (no window here)" },
    { name: "print-interval", type: "int", default: d.printInterval, min: 0, help: "steps between the pipeline's \"Iteration\" lines (0: off)" },
  ];
}

/** The three network agents: the recipe's events printed as the scripts print them. */
export function breakoutCommand(variant: BreakoutVariant): RecipeCommandSpec<BreakoutConfig, BreakoutResult> {
  const clock = episodeClock();
  const izh = variant === "breakout";
  const learning = izh ? "no learning" : variant === "breakout-stdp" ? "MSTDP on hidden→output" : "Hebbian on hidden→output";
  const mean = (xs: EpisodeSummary[]): string => (xs.length ? (xs.reduce((a, e) => a + e.reward, 0) / xs.length).toFixed(2) : "-");
  return {
    recipe: RECIPES[variant],
    describe: (c, backend) =>
      `${variant}: Input 80x80 → ${izh ? "Izhikevich" : "LIF"}(${c.nNeurons}) → ${izh ? "Izhikevich" : "LIF"}(4), ${learning}, time ${c.time} per step, BreakoutEnvironment (TypeScript Breakout; no Atari offline), backend ${backend}`,
    context: (opts) => (opts.plotDir ? { pipelineAnalyzer: new FileAnalyzer({ directory: join(opts.plotDir as string, "pipeline") }) } : {}),
    onEvent(e: RecipeEvent, io) {
      if (e.type === "start") clock.start();
      if (e.type === "phase" && variant === "breakout-stdp") io.out(e.phase === "train" ? "Training:" : "Testing:");
      if (e.type !== "episode") return;
      io.out(episodeLine("Episode ", e.index - 1, { reward: e.reward, steps: e.steps, stepsPerSecond: clock.rate(e.steps) }));
    },
    report(r, _c, io, opts, network) {
      io.out(`Mean reward: ${mean(r.train)} over ${r.train.length} episodes${variant === "breakout-stdp" ? ` (training), ${mean(r.test)} over ${r.test.length} test episodes` : ""}`);
      if (opts.plotDir) writeRlPlots(opts.plotDir as string, io, { train: r.train.map((e) => e.reward), test: r.test.map((e) => e.reward) }, { name: "hidden-output-weights", w: breakoutReadout(network()) });
    },
  };
}

const SCRIPTS: Record<BreakoutVariant | "breakout-random-baseline", string> = {
  "breakout-random-baseline": "examples/breakout/random_baseline.py",
  "breakout-random-network": "examples/breakout/random_network_baseline.py",
  breakout: "examples/breakout/breakout.py",
  "breakout-stdp": "examples/breakout/breakout_stdp.py",
};

/** The Breakout commands, registered in examples.ts. */
export const breakoutCommands: ExampleCommand[] = [
  {
    name: "breakout-random-baseline",
    script: SCRIPTS["breakout-random-baseline"],
    summary: breakoutRandomBaseline.summary,
    // the baseline plays thousands of steps a second: checkpoint every 100,000
    options: [...randomBaselineOptions(), ...rlRecipeOptions("breakout-random-baseline", 100000)],
    run: (o, io, c, given) => runRecipeCommand(randomBaselineCommand(), o, given, io, c),
  },
  ...(["breakout-random-network", "breakout", "breakout-stdp"] as const).map(
    (v): ExampleCommand => ({
      name: v,
      script: SCRIPTS[v],
      summary: RECIPES[v].summary,
      options: [...networkOptions(v), ...rlRecipeOptions(v)],
      run: (o, io, c, given) => runRecipeCommand(breakoutCommand(v), o, given, io, c),
    }),
  ),
];

/**
 * Translates the reference scripts' argparse spellings for the thin scripts under examples/:
 * the short `-n` becomes `--n`, and a boolean option followed by a Python-style value
 * (`--diag False`, `--write True`) becomes `--diag=false` (the reference's `type=bool` made
 * any non-empty string True; here the value is read). `bools` are the kebab-case names of the
 * boolean options.
 */
export function referenceArgv(argv: readonly string[], bools: readonly string[] = []): string[] {
  const out: string[] = [];
  const boolSet = new Set(bools);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-n") {
      out.push("--n");
      continue;
    }
    const name = a.startsWith("--") && !a.includes("=") ? a.slice(2).replace(/_/g, "-") : null;
    const next = argv[i + 1];
    if (name !== null && boolSet.has(name) && next !== undefined && /^(true|false|1|0)$/i.test(next)) {
      out.push(`--${name}=${/^(true|1)$/i.test(next) ? "true" : "false"}`);
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}
