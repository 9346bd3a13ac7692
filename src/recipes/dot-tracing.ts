/**
 * BindsNET's examples/dotTracing/dot_tracing.py as a recipe: a spiking network steers a dot
 * towards a moving target on a grid ({@link DotSimulator}).
 *
 * Network: Input(dim×dim) → LIF(neurons) [U[0, 1) weights, wmin 0, wmax 1] with a recurrent
 * LIF→LIF connection learning by PostPre (nu 0.1, norm 0.5) → LIF(5, or 9 with `diag`,
 * refrac 0) learning by MSTDPET (nu 0.1, wmin 0, wmax 1, norm 50). Each environment step
 * feeds `poisson(grid · 500 Hz)` for `granularity` ms with the step's reward; the next action
 * is drawn from softmax(spike counts of the output) of that run (the first action of an
 * episode is uniform). `trnEps` training episodes, then `tstEps` with learning off.
 *
 * The abort signal is checked after every environment step; a checkpoint holds the network,
 * the simulator's dots, direction and generator, the encoding/action generator, the next
 * action and the episode's tallies, so a resumed run ends with the uninterrupted run's network
 * bytes. `checkpointEvery` counts environment steps.
 *
 * Browser-safe: the CSV files (grids, rewards, intercepts under `fpath`) are written only
 * through `context.writer` (Node: `csvFileWriter()` from bindsnet/environment/node); without
 * one, `write` writes nothing.
 */
import { poisson } from "../encoding/encodings.js";
import { type BoundHandling, type Dot, DotSimulator, type DotWriter, type FitFunction } from "../environment/dot-simulator.js";
import { MSTDPET } from "../learning/mstdpet.js";
import { PostPre } from "../learning/post-pre.js";
import { Monitor } from "../network/monitors.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { LIFNodes } from "../network/nodes/lif.js";
import { Connection } from "../network/topology/connection.js";
import { softmaxSample } from "../pipeline/action.js";
import { Generator, type GeneratorState, manualSeed } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { type RecipeWith, meanOf } from "./breakout.js";
import { RecipeRun, loadCheckpointNetwork, makeConfig } from "./common.js";
import type { RecipeContext } from "./types.js";

export interface DotTracingConfig {
  /** Environment steps per episode. */
  steps: number;
  /** Seeds the network (global generator), the encodings and actions (seed + 1) and the simulator (seed + 2). */
  seed: number;
  /** Grid height and width. */
  dim: number;
  /** Simulation time per environment step (ms). */
  granularity: number;
  /** Hidden neurons. */
  neurons: number;
  dt: number;
  trnEps: number;
  tstEps: number;
  /** Length of a dot's tail. */
  decay: number;
  /** Distractor dots. */
  herrs: number;
  /** Diagonal moves (9 actions instead of 5). */
  diag: boolean;
  /** Probability of a new target direction each step. */
  randr: number;
  boundh: BoundHandling;
  fitFunc: FitFunction;
  allowStay: boolean;
  /** Log the grid as a table every step. */
  pandas: boolean;
  mute: boolean;
  /** Write grids, rewards and intercepts as CSV under `fpath` (through `context.writer`). */
  write: boolean;
  fpath: string;
  /** Episodes per grid CSV file. */
  fcycle: number;
  /** Steps between "Iteration" log lines. */
  printInterval: number;
}

export interface DotEpisode {
  phase: "train" | "test";
  reward: number;
  intercepts: number;
  steps: number;
}

export interface DotTracingResult {
  episodes: DotEpisode[];
  meanReward: { train: number | null; test: number | null };
}

/** A dot-tracing run's context: optionally, where the CSV text goes (file path, text to append). */
export interface DotTracingContext extends RecipeContext {
  writer?: DotWriter;
}

const NAME = "dot-tracing";
const defaults: DotTracingConfig = {
  steps: 100,
  seed: 0,
  dim: 28,
  granularity: 100,
  neurons: 100,
  dt: 1.0,
  trnEps: 1000,
  tstEps: 100,
  decay: 4,
  herrs: 0,
  diag: false,
  randr: 0.15,
  boundh: "bounce",
  fitFunc: "dir",
  allowStay: false,
  pandas: false,
  mute: false,
  write: true,
  fpath: "out",
  fcycle: 100,
  printInterval: 10,
};

interface DotState {
  ts: number;
  dot: Dot;
  targets: Dot[];
  distractors: Dot[];
  direction: number;
}

interface State {
  /** Episodes finished (both phases). */
  episode: number;
  episodes: DotEpisode[];
  /** The simulator's and the encoding/action generators. */
  rng: { env: GeneratorState; gen: GeneratorState } | null;
  current: { reward: number; intercepts: number; steps: number; action: number; env: DotState } | null;
}

const copyDot = (d: Dot): Dot => ({ r: d.r, c: d.c, trail: d.trail.map(([r, c]) => [r, c] as [number, number]) });

function build(c: DotTracingConfig, nActions: number): Network {
  const net = new Network({ dt: c.dt });
  const X = new Input({ n: c.dim * c.dim, shape: [c.dim, c.dim], traces: true });
  const H = new LIFNodes({ n: c.neurons, traces: true });
  const Y = new LIFNodes({ n: nActions, refrac: 0, traces: true });
  net.addLayer(X, "Input").addLayer(H, "Hidden").addLayer(Y, "Output");
  net.addConnection(new Connection({ source: X, target: H, wmin: 0, wmax: 1 }), "Input", "Hidden");
  net.addConnection(new Connection({ source: H, target: H, wmin: 0, wmax: 1, updateRule: PostPre, nu: 0.1, norm: 0.5 }), "Hidden", "Hidden");
  net.addConnection(new Connection({ source: H, target: Y, wmin: 0, wmax: 1, updateRule: MSTDPET, nu: 0.1, norm: 50 }), "Hidden", "Output");
  net.addMonitor(new Monitor({ obj: Y, stateVars: ["s"], time: Math.trunc(c.granularity / c.dt) }), "Output spikes");
  return net;
}

export const dotTracing: RecipeWith<DotTracingConfig, DotTracingResult, DotTracingContext> = {
  name: NAME,
  summary: "A spiking network (recurrent PostPre hidden layer, MSTDPET output) chases a moving dot in DotSimulator.",
  defaults,
  config: (partial) =>
    makeConfig(NAME, defaults, partial, {
      steps: { int: true, min: 1 },
      seed: { int: true, min: 0 },
      dim: { int: true, min: 1 },
      granularity: { min: 0.001 },
      neurons: { int: true, min: 1 },
      dt: { min: 0.001 },
      trnEps: { int: true, min: 0 },
      tstEps: { int: true, min: 0 },
      decay: { int: true, min: 1 },
      herrs: { int: true, min: 0 },
      randr: { min: 0, max: 1 },
      boundh: { choices: ["stay", "bounce", "trans"] },
      fitFunc: { choices: ["euc", "disp", "rng", "dir"] },
      fcycle: { int: true, min: 1 },
      printInterval: { int: true, min: 1 },
    }),

  async run(config: DotTracingConfig, ctx: DotTracingContext = {}) {
    const c = dotTracing.config(config);
    const run = new RecipeRun<State>(NAME, { ...c }, ctx);
    const ck = await run.resume();
    const writer = c.write ? ctx.writer : undefined;
    const env = new DotSimulator(c.steps, {
      height: c.dim,
      width: c.dim,
      decay: c.decay,
      herrs: c.herrs,
      diag: c.diag,
      randr: c.randr,
      write: writer !== undefined,
      mute: c.mute,
      boundHand: c.boundh,
      fitFunc: c.fitFunc,
      allowStay: c.allowStay,
      pandas: c.pandas,
      fpath: c.fpath,
      fname: `grids_s${c.seed}.csv`,
      rng: new Generator(c.seed + 2),
      ...(writer ? { writer } : {}),
      log: (line) => run.log(line),
    });
    const nActions = env.actionSpace.n;
    const gen = new Generator(c.seed + 1);
    let net: Network;
    let st: State;
    if (ck) {
      net = loadCheckpointNetwork(ck.network);
      st = ck.header.state;
    } else {
      manualSeed(c.seed);
      net = build(c, nActions);
      st = { episode: 0, episodes: [], rng: null, current: null };
    }
    if (st.rng) {
      env.rng.setState(st.rng.env);
      gen.setState(st.rng.gen);
    }
    const cycles = Math.floor(Math.max(0, st.episode - (st.current ? 0 : 1)) / c.fcycle);
    if (cycles > 0) env.cycleOutFiles(cycles);
    const mon = net.monitors["Output spikes"] as Monitor;
    const readout = net.connections.get("Hidden", "Output") as Connection;
    const rates = new Float32Array(c.dim * c.dim);
    const rateTensor = new Tensor(rates, [c.dim, c.dim], "float32");
    const counts = new Float64Array(nActions);
    const csv = (name: string, text: string): void => writer?.(`${c.fpath}/${name}_s${c.seed}.csv`, text);
    if (!ck) {
      csv("rewards", "episode,phase,total_reward\n");
      csv("intercepts", "episode,phase,intercepts\n");
    }
    run.emit({ type: "start", recipe: NAME, config: { ...c }, resumed: ck !== null });
    const state = (): State => ({
      ...st,
      rng: { env: env.rng.getState(), gen: gen.getState() },
      current: st.current ? { ...st.current, env: { ts: env.ts, dot: copyDot(env.dot), targets: env.targets.map(copyDot), distractors: env.distractors.map(copyDot), direction: env.direction } } : null,
    });
    const finish = (aborted: boolean) => {
      const mean = (p: string): number | null => meanOf(st.episodes.filter((e) => e.phase === p).map((e) => e.reward));
      const result: DotTracingResult = { episodes: st.episodes, meanReward: { train: mean("train"), test: mean("test") } };
      run.emit({ type: "done", recipe: NAME, result: { ...result }, aborted });
      return { ...result, aborted };
    };

    const total = c.trnEps + c.tstEps;
    let announced = "";
    while (st.episode < total) {
      const e = st.episode;
      const phase = e < c.trnEps ? "train" : "test";
      if (announced !== phase) {
        if (phase === "test" && e === c.trnEps && st.current === null) net.train(false);
        run.emit({ type: "phase", recipe: NAME, phase, total: phase === "train" ? c.trnEps : c.tstEps });
        announced = phase;
      }
      if (run.aborted) {
        await run.save(net, state(), phase, e);
        return finish(true);
      }
      if (st.current === null) {
        if (e > 0 && e % c.fcycle === 0) env.cycleOutFiles();
        env.reset();
        net.resetStateVariables();
        st.current = { reward: 0, intercepts: 0, steps: 0, action: gen.nextBelow(nActions), env: { ts: 0, dot: env.dot, targets: [], distractors: [], direction: 0 } };
      } else {
        const s = st.current.env;
        env.ts = s.ts;
        env.dot = copyDot(s.dot);
        env.targets = s.targets.map(copyDot);
        env.distractors = s.distractors.map(copyDot);
        env.direction = s.direction;
      }
      const cur = st.current;
      for (let done = false; !done; ) {
        const [obs, r, d, info] = env.step(cur.action);
        done = d;
        cur.steps += 1;
        cur.reward += r;
        if (info["intercept"]) cur.intercepts += 1;
        if (c.write || c.pandas) env.render();
        const g = obs.contiguousData();
        for (let i = 0; i < rates.length; i++) rates[i] = Math.fround(Number(g[i]!) * 500);
        net.run({ inputs: { Input: poisson(rateTensor, c.granularity, { dt: c.dt, generator: gen }) }, time: c.granularity, reward: r });
        const s = mon.get("s").contiguousData();
        counts.fill(0);
        for (let i = 0; i < s.length; i++) counts[i % nActions]! += Number(s[i]!);
        cur.action = softmaxSample(counts, gen);
        if (cur.steps % c.printInterval === 0) run.log(`Iteration: ${cur.steps}, reward: ${r.toFixed(2)}, accumulated reward: ${cur.reward.toFixed(2)}`);
        const k = e * c.steps + cur.steps;
        if (run.wants("frame", k)) run.snapshot("frame", [c.dim, c.dim], g);
        if (run.wants("weights", k)) run.snapshot("weights", [c.neurons, nActions], readout.w.contiguousData());
        if (done) {
          const ep: DotEpisode = { phase, reward: cur.reward, intercepts: cur.intercepts, steps: cur.steps };
          st.episodes.push(ep);
          st.episode += 1;
          st.current = null;
          csv("rewards", `${e},${phase},${ep.reward}\n`);
          csv("intercepts", `${e},${phase},${ep.intercepts}\n`);
          const index = phase === "train" ? e + 1 : e - c.trnEps + 1;
          run.emit({ type: "episode", recipe: NAME, phase, index, total: phase === "train" ? c.trnEps : c.tstEps, reward: ep.reward, steps: ep.steps, info: { intercepts: ep.intercepts } });
        }
        if (await run.afterSample(net, state, phase, k)) return finish(true);
      }
    }
    await run.save(net, state(), "done", st.episode);
    return finish(false);
  },
};
