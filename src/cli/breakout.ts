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
 */
import { join } from "node:path";
import { FileAnalyzer } from "../analysis/pipeline-analysis.js";
import { plotWeights } from "../analysis/weights.js";
import { bernoulli } from "../encoding/encodings.js";
import { BreakoutEnvironment } from "../environment/breakout.js";
import { Hebbian } from "../learning/hebbian.js";
import { MSTDP } from "../learning/mstdp.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { IzhikevichNodes } from "../network/nodes/izhikevich.js";
import { LIFNodes } from "../network/nodes/lif.js";
import { Connection } from "../network/topology/connection.js";
import { type ActionFunction, selectMultinomial, selectSoftmax } from "../pipeline/action.js";
import { EnvironmentPipeline, type EncodingFn } from "../pipeline/environment-pipeline.js";
import { Generator, rand } from "../tensor/random.js";
import type { OptionSpec, ParsedOptions } from "./args.js";
import { seedAll, useBackend } from "./common.js";
import { interrupted, type RunControl } from "./control.js";
import type { CliIO } from "./progress.js";
import type { ExampleCommand } from "./registry.js";

type O = Record<string, never>;

/** Options every reinforcement-learning example has (after its own). */
export function rlCommonOptions(): OptionSpec[] {
  return [
    { name: "plot-dir", type: "string", default: null, help: "write plots (SVG/PNG) into this folder" },
    { name: "backend", type: "string", default: "auto", choices: ["auto", "js", "wasm"], help: "compute backend (auto: the library's default)" },
    { name: "gpu", type: "bool", default: false, help: "accepted for compatibility (no GPU backend; ignored)" },
  ];
}

/** One finished episode. */
export interface EpisodeResult {
  reward: number;
  steps: number;
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
  return [
    { name: "n-steps", type: "int", default: 1000000, min: 1, aliases: ["n"], help: "environment steps in all (the reference's -n)" },
    { name: "seed", type: "int", default: 0, min: 0, help: "random seed (actions and environment)" },
    { name: "max-steps", type: "int", default: 10000, min: 1, help: "step limit of an episode" },
    { name: "print-interval", type: "int", default: 100, min: 1, help: "steps per reward line" },
    { name: "render", type: "bool", default: false, help: "render every step (returns the frame; no window here)" },
  ];
}

/** random_baseline.py: uniform random actions; per-window rewards, their running mean, episode lengths. */
export async function runRandomBaseline(opts: ParsedOptions, io: CliIO, control: RunControl): Promise<{ episodes: EpisodeResult[]; windowRewards: number[]; completed: boolean }> {
  const o = opts as O;
  const rng = new Generator(o.seed);
  const env = new BreakoutEnvironment({ rng, maxSteps: o.maxSteps });
  const nA = env.actionSpace.n;
  const win: number = o.printInterval;
  const windowRewards: number[] = [];
  const episodes: EpisodeResult[] = [];
  let windowSum = 0;
  let epReward = 0;
  let epSteps = 0;
  let t0 = performance.now();
  io.out(`breakout-random-baseline: ${o.nSteps} steps of uniformly random actions`);
  let completed = true;
  for (let i = 1; i <= o.nSteps; i++) {
    const [, reward, done] = env.step(rng.nextBelow(nA));
    if (o.render) env.render();
    windowSum += reward;
    epReward += reward;
    epSteps += 1;
    if (i % win === 0) {
      windowRewards.push(windowSum);
      // the mean over all windows so far (the reference divided by an off-by-one count)
      const mean = windowRewards.reduce((a, b) => a + b, 0) / windowRewards.length;
      io.out(`Step ${i}: reward ${fmtReward(windowSum)} over the last ${win} steps, average ${mean.toFixed(2)}`);
      windowSum = 0;
    }
    if (done) {
      const s = (performance.now() - t0) / 1000;
      const r = { reward: epReward, steps: epSteps, stepsPerSecond: s > 0 ? epSteps / s : 0 };
      episodes.push(r);
      io.out(`Episode ${episodes.length - 1} length: ${epSteps} steps, total reward: ${fmtReward(epReward)} (${r.stepsPerSecond.toFixed(1)} steps/s)`);
      env.reset();
      epReward = 0;
      epSteps = 0;
      t0 = performance.now();
      control.samplesThisRun++;
      if (interrupted(control)) {
        completed = false;
        break;
      }
    }
  }
  const lengths = episodes.map((e) => e.steps);
  const meanLen = lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 0;
  const meanRew = episodes.length ? episodes.reduce((a, e) => a + e.reward, 0) / episodes.length : 0;
  io.out(`Episodes: ${episodes.length}, mean length ${meanLen.toFixed(1)} steps, mean reward ${meanRew.toFixed(2)}`);
  io.out(`Episode lengths: ${lengths.join(", ")}`);
  if (o.plotDir) writeRlPlots(o.plotDir, io, { episodes: episodes.map((e) => e.reward), windows: windowRewards });
  return { episodes, windowRewards, completed };
}

// ---------------------------------------------------------------------------------------
// The network agents (random_network_baseline.py, breakout.py, breakout_stdp.py)

/** Bernoulli encoding of the frames (the reference's `encoding=bernoulli`). */
const bernoulliEncoding: EncodingFn = (datum, time, opts) => bernoulli(datum, time, opts);

function networkOptions(nEpisodes: number, extra: OptionSpec[] = []): OptionSpec[] {
  return [
    { name: "n-episodes", type: "int", default: nEpisodes, min: 0, aliases: ["n"], help: "episodes to play (training episodes where the agent learns)" },
    ...extra,
    { name: "seed", type: "int", default: 0, min: 0, help: "random seed (network, encodings, actions, environment)" },
    { name: "n-neurons", type: "int", default: 100, min: 1, help: "hidden neurons" },
    { name: "dt", type: "float", default: 1.0, min: 0.001, help: "simulation step (ms)" },
    { name: "time", type: "float", default: 100, min: 0.001, help: "simulation time per environment step (ms)" },
    { name: "max-steps", type: "int", default: 10000, min: 1, help: "step limit of an episode" },
    { name: "plot-interval", type: "int", default: 10, min: 1, help: "steps between pipeline plots (with --plot-dir)" },
    { name: "render-interval", type: "int", default: 10, min: 1, help: "steps between env.render() calls (no window here)" },
    { name: "print-interval", type: "int", default: 0, min: 0, help: "steps between the pipeline's \"Iteration\" lines (0: off)" },
  ];
}

interface Agent {
  network: Network;
  /** The connection whose weights are plotted. */
  readout: Connection;
  action: ActionFunction<EnvironmentPipeline>;
}

/** random_network_baseline.py: Input 80×80 → LIF(n, refrac 0) [w 0.1·U, wmax 0.02, norm 0.01·6400] → LIF(4) [Hebbian, norm 50]. */
function randomNetwork(o: O): Agent {
  const net = new Network({ dt: o.dt });
  const X = new Input({ n: 6400, shape: [80, 80], traces: true });
  const H = new LIFNodes({ n: o.nNeurons, refrac: 0, traces: true });
  const Y = new LIFNodes({ n: 4, refrac: 0, traces: true });
  net.addLayer(X, "Input Layer").addLayer(H, "Hidden Layer").addLayer(Y, "Output Layer");
  const w = rand([6400, o.nNeurons]);
  const d = w.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] = Math.fround(0.1 * d[i]!);
  net.addConnection(new Connection({ source: X, target: H, w, wmax: 0.02, norm: 0.01 * 6400 }), "Input Layer", "Hidden Layer");
  const readout = new Connection({ source: H, target: Y, updateRule: Hebbian, nu: [1e-2, 1e-2], norm: 50 });
  net.addConnection(readout, "Hidden Layer", "Output Layer");
  return { network: net, readout, action: selectMultinomial };
}

/** breakout.py: Input 80·80 → Izhikevich(n) → Izhikevich(4), U[0, 1) weights, no learning. */
function izhikevichNetwork(o: O): Agent {
  const net = new Network({ dt: o.dt, learning: false });
  const X = new Input({ n: 6400, shape: [80, 80] });
  const H = new IzhikevichNodes({ n: o.nNeurons });
  const Y = new IzhikevichNodes({ n: 4 });
  net.addLayer(X, "Input Layer").addLayer(H, "Hidden Layer").addLayer(Y, "Output Layer");
  net.addConnection(new Connection({ source: X, target: H, w: rand([6400, o.nNeurons]) }), "Input Layer", "Hidden Layer");
  const readout = new Connection({ source: H, target: Y, w: rand([o.nNeurons, 4]) });
  net.addConnection(readout, "Hidden Layer", "Output Layer");
  return { network: net, readout, action: selectSoftmax };
}

/** breakout_stdp.py: Input 80×80 → LIF(n) [wmax 0.1] → LIF(4, refrac 0) [MSTDP nu 0.1, wmax 1, norm 0.5·n]. */
function stdpNetwork(o: O): Agent {
  const net = new Network({ dt: o.dt });
  const X = new Input({ n: 6400, shape: [80, 80], traces: true });
  const H = new LIFNodes({ n: o.nNeurons, traces: true });
  const Y = new LIFNodes({ n: 4, refrac: 0, traces: true });
  net.addLayer(X, "Input Layer").addLayer(H, "Hidden Layer").addLayer(Y, "Output Layer");
  net.addConnection(new Connection({ source: X, target: H, wmin: 0, wmax: 1e-1 }), "Input Layer", "Hidden Layer");
  const readout = new Connection({ source: H, target: Y, wmin: 0, wmax: 1, updateRule: MSTDP, nu: 1e-1, norm: 0.5 * H.n });
  net.addConnection(readout, "Hidden Layer", "Output Layer");
  return { network: net, readout, action: selectSoftmax };
}

/** Plays `count` episodes with the pipeline, printing one line per episode. */
export function playEpisodes(p: EnvironmentPipeline, count: number, label: string, io: CliIO, control: RunControl): { results: EpisodeResult[]; completed: boolean } {
  const results: EpisodeResult[] = [];
  for (let i = 0; i < count; i++) {
    p.resetStateVariables();
    const t0 = performance.now();
    let total = 0;
    let steps = 0;
    for (let done = false; !done; ) {
      const batch = p.envStep();
      p.step(batch);
      total += batch[1];
      steps += 1;
      done = batch[2];
    }
    const s = (performance.now() - t0) / 1000;
    const r = { reward: total, steps, stepsPerSecond: s > 0 ? steps / s : 0 };
    results.push(r);
    io.out(episodeLine(label, i, r));
    control.samplesThisRun++;
    if (interrupted(control)) return { results, completed: false };
  }
  return { results, completed: true };
}

type Variant = "breakout-random-network" | "breakout" | "breakout-stdp";

/** The three network agents: build, wrap in an EnvironmentPipeline, play (train, then test for breakout-stdp). */
export async function runBreakoutNetwork(variant: Variant, opts: ParsedOptions, io: CliIO, control: RunControl): Promise<{ train: EpisodeResult[]; test: EpisodeResult[]; completed: boolean }> {
  const o = opts as O;
  useBackend(o.backend, io);
  seedAll(o.seed);
  const agent = variant === "breakout" ? izhikevichNetwork(o) : variant === "breakout-stdp" ? stdpNetwork(o) : randomNetwork(o);
  const env = new BreakoutEnvironment({ seed: o.seed, maxSteps: o.maxSteps });
  const plotDir: string | null = o.plotDir;
  const p = new EnvironmentPipeline(agent.network, env, {
    encoding: bernoulliEncoding,
    actionFunction: agent.action,
    output: "Output Layer",
    time: o.time,
    seed: o.seed + 1,
    renderInterval: o.renderInterval,
    printInterval: o.printInterval > 0 ? o.printInterval : null,
    plotInterval: plotDir ? o.plotInterval : null,
    plotConfig: plotDir ? { dataStep: true, dataLength: 100, obsStep: 1, rewardEps: 1 } : { dataStep: false },
    pipelineAnalyzer: plotDir ? new FileAnalyzer({ directory: join(plotDir, "pipeline") }) : null,
    log: io.out,
  });
  const learning = variant === "breakout" ? "no learning" : variant === "breakout-stdp" ? "MSTDP on hidden→output" : "Hebbian on hidden→output";
  io.out(`${variant}: Input 80x80 → ${variant === "breakout" ? "Izhikevich" : "LIF"}(${o.nNeurons}) → ${variant === "breakout" ? "Izhikevich" : "LIF"}(4), ${learning}, time ${o.time} per step, BreakoutEnvironment (TypeScript Breakout; no Atari offline)`);
  let test: EpisodeResult[] = [];
  if (variant === "breakout-stdp") io.out("Training:");
  const tr = playEpisodes(p, o.nEpisodes, "Episode ", io, control);
  let completed = tr.completed;
  if (variant === "breakout-stdp" && completed) {
    agent.network.train(false);
    io.out("Testing:");
    const te = playEpisodes(p, o.nTest, "Episode ", io, control);
    test = te.results;
    completed = te.completed;
  }
  const mean = (xs: EpisodeResult[]): string => (xs.length ? (xs.reduce((a, e) => a + e.reward, 0) / xs.length).toFixed(2) : "-");
  io.out(`Mean reward: ${mean(tr.results)} over ${tr.results.length} episodes${variant === "breakout-stdp" ? ` (training), ${mean(test)} over ${test.length} test episodes` : ""}`);
  if (plotDir) writeRlPlots(plotDir, io, { train: tr.results.map((e) => e.reward), test: test.map((e) => e.reward) }, { name: "hidden-output-weights", w: agent.readout });
  return { train: tr.results, test, completed };
}

/** The Breakout commands, registered in examples.ts. */
export const breakoutCommands: ExampleCommand[] = [
  {
    name: "breakout-random-baseline",
    script: "examples/breakout/random_baseline.py",
    summary: "Breakout with uniformly random actions: reward per 100 steps, its running mean, episode lengths.",
    options: [...randomBaselineOptions(), ...rlCommonOptions().filter((s) => s.name !== "backend")],
    run: (o, io, c) => runRandomBaseline(o, io, c),
  },
  {
    name: "breakout-random-network",
    script: "examples/breakout/random_network_baseline.py",
    summary: "Breakout played by Input 80x80 → LIF(100) → LIF(4) with Hebbian output weights, Bernoulli frames, multinomial actions.",
    options: [...networkOptions(1000000).map((s) => (s.name === "print-interval" ? { ...s, default: 100 } : s)), ...rlCommonOptions()],
    run: (o, io, c) => runBreakoutNetwork("breakout-random-network", o, io, c),
  },
  {
    name: "breakout",
    script: "examples/breakout/breakout.py",
    summary: "Breakout played by a fixed random Izhikevich network (100 → 4), softmax actions, no learning.",
    options: [...networkOptions(100).map((s) => (s.name === "plot-interval" ? { ...s, default: 1 } : s)), ...rlCommonOptions()],
    run: (o, io, c) => runBreakoutNetwork("breakout", o, io, c),
  },
  {
    name: "breakout-stdp",
    script: "examples/breakout/breakout_stdp.py",
    summary: "Breakout with reward-modulated STDP (MSTDP) on the hidden→output weights: training episodes, then test episodes with learning off.",
    options: [...networkOptions(100, [{ name: "n-test", type: "int", default: 100, min: 0, help: "test episodes (learning off)" }]).map((s) => (s.name === "plot-interval" ? { ...s, default: 1 } : s)), ...rlCommonOptions()],
    run: (o, io, c) => runBreakoutNetwork("breakout-stdp", o, io, c),
  },
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
