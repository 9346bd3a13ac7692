/**
 * BindsNET's examples/dotTracing/dot_tracing.py: a spiking network steers a dot towards a
 * moving target on a grid ({@link DotSimulator}).
 *
 * Network: Input(dim×dim) → LIF(neurons) [U[0, 1) weights, wmin 0, wmax 1] with a recurrent
 * LIF→LIF connection learning by PostPre (nu 0.1, norm 0.5) → LIF(5, or 9 with `--diag`,
 * refrac 0) learning by MSTDPET (nu 0.1, wmin 0, wmax 1, norm 50). Each environment step
 * feeds `poisson(grid · 500 Hz)` for `granularity` ms with the step's reward; the next
 * action is drawn from softmax(spike counts of the output) of that run (the first action of an
 * episode is uniform). `--trn-eps` training episodes, then `--tst-eps` with learning off.
 *
 * Fixes of the reference: its `type=bool` options were True for any non-empty string
 * (`--diag False` turned diagonals on); here booleans are flags (`--diag`, `--no-diag`,
 * `--diag=false`; the thin script examples/dotTracing/dot_tracing.ts also translates the
 * reference's `--diag False` spelling). `--seed` seeds the network, the encodings, the
 * actions and the environment (unused by the reference). Plots (the reference drew spike
 * rasters every step, always) are written only with `--plot-dir`, once at the end.
 */
import { join } from "node:path";
import { poisson } from "../encoding/encodings.js";
import { csvFileWriter } from "../environment/dot-file-writer.js";
import { type BoundHandling, DotSimulator, type FitFunction } from "../environment/dot-simulator.js";
import { MSTDPET } from "../learning/mstdpet.js";
import { PostPre } from "../learning/post-pre.js";
import { Monitor } from "../network/monitors.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { LIFNodes } from "../network/nodes/lif.js";
import { Connection } from "../network/topology/connection.js";
import { softmaxSample } from "../pipeline/action.js";
import { Generator } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import type { OptionSpec, ParsedOptions } from "./args.js";
import { rlCommonOptions, writeRlPlots } from "./breakout.js";
import { seedAll, useBackend } from "./common.js";
import { interrupted, type RunControl } from "./control.js";
import type { CliIO } from "./progress.js";
import type { ExampleCommand } from "./registry.js";

type O = Record<string, never>;

/** dot_tracing.py's options with its code defaults. */
export function dotTracingOptions(): OptionSpec[] {
  return [
    { name: "steps", type: "int", default: 100, min: 1, help: "environment steps per episode" },
    { name: "seed", type: "int", default: 0, min: 0, help: "random seed (network, encodings, actions, environment)" },
    { name: "dim", type: "int", default: 28, min: 1, help: "grid height and width" },
    { name: "granularity", type: "float", default: 100, min: 0.001, help: "simulation time per environment step (ms)" },
    { name: "neurons", type: "int", default: 100, min: 1, help: "hidden neurons" },
    { name: "dt", type: "float", default: 1.0, min: 0.001, help: "simulation step (ms)" },
    { name: "trn-eps", type: "int", default: 1000, min: 0, help: "training episodes" },
    { name: "tst-eps", type: "int", default: 100, min: 0, help: "test episodes (learning off)" },
    { name: "decay", type: "int", default: 4, min: 1, help: "length of a dot's tail" },
    { name: "herrs", type: "int", default: 0, min: 0, help: "distractor dots" },
    { name: "diag", type: "bool", default: false, help: "allow diagonal moves (9 actions instead of 5)" },
    { name: "randr", type: "float", default: 0.15, min: 0, help: "probability of a new target direction each step" },
    { name: "boundh", type: "string", default: "bounce", choices: ["stay", "bounce", "trans"], help: "edge handling" },
    { name: "fit-func", type: "string", default: "dir", choices: ["euc", "disp", "rng", "dir"], help: "reward function" },
    { name: "allow-stay", type: "bool", default: false, help: "let the target stay in place" },
    { name: "pandas", type: "bool", default: false, help: "print the grid as a table every step" },
    { name: "mute", type: "bool", default: false, help: "no grid printing" },
    { name: "write", type: "bool", default: true, help: "write grids, rewards and intercepts as CSV under --fpath" },
    { name: "fpath", type: "string", default: "out", help: "folder of the CSV files" },
    { name: "fcycle", type: "int", default: 100, min: 1, help: "episodes per grid CSV file" },
    { name: "print-interval", type: "int", default: 10, min: 1, help: "steps between \"Iteration\" lines" },
  ];
}

export interface DotEpisode {
  phase: "train" | "test";
  reward: number;
  intercepts: number;
  steps: number;
  stepsPerSecond: number;
}

/** Runs dot_tracing: training episodes, then test episodes with learning off. */
export async function runDotTracing(opts: ParsedOptions, io: CliIO, control: RunControl): Promise<{ episodes: DotEpisode[]; completed: boolean }> {
  const o = opts as O;
  useBackend(o.backend, io);
  seedAll(o.seed);
  const gen = new Generator(o.seed + 1);
  const dim: number = o.dim;
  const writer = o.write ? csvFileWriter() : undefined;
  const env = new DotSimulator(o.steps, {
    height: dim,
    width: dim,
    decay: o.decay,
    herrs: o.herrs,
    diag: o.diag,
    randr: o.randr,
    write: o.write,
    mute: o.mute,
    boundHand: o.boundh as BoundHandling,
    fitFunc: o.fitFunc as FitFunction,
    allowStay: o.allowStay,
    pandas: o.pandas,
    fpath: o.fpath,
    fname: `grids_s${o.seed}.csv`,
    rng: new Generator(o.seed + 2),
    ...(writer ? { writer } : {}),
    log: io.out,
  });
  const nActions = env.actionSpace.n;
  const net = new Network({ dt: o.dt });
  const X = new Input({ n: dim * dim, shape: [dim, dim], traces: true });
  const H = new LIFNodes({ n: o.neurons, traces: true });
  const Y = new LIFNodes({ n: nActions, refrac: 0, traces: true });
  net.addLayer(X, "Input").addLayer(H, "Hidden").addLayer(Y, "Output");
  net.addConnection(new Connection({ source: X, target: H, wmin: 0, wmax: 1 }), "Input", "Hidden");
  net.addConnection(new Connection({ source: H, target: H, wmin: 0, wmax: 1, updateRule: PostPre, nu: 0.1, norm: 0.5 }), "Hidden", "Hidden");
  const readout = new Connection({ source: H, target: Y, wmin: 0, wmax: 1, updateRule: MSTDPET, nu: 0.1, norm: 50 });
  net.addConnection(readout, "Hidden", "Output");
  const T = Math.trunc(o.granularity / o.dt);
  const mon = new Monitor({ obj: Y, stateVars: ["s"], time: T });
  net.addMonitor(mon, "Output spikes");
  const rates = new Float32Array(dim * dim);
  const rateTensor = new Tensor(rates, [dim, dim], "float32");
  const counts = new Float64Array(nActions);
  const csv = (name: string, text: string): void => writer?.(join(o.fpath, `${name}_s${o.seed}.csv`), text);
  if (o.write) {
    csv("rewards", "episode,phase,total_reward\n");
    csv("intercepts", "episode,phase,intercepts\n");
  }
  io.out(`dot-tracing: Input ${dim}x${dim} → LIF(${o.neurons}, recurrent PostPre) → LIF(${nActions}, MSTDPET), Poisson 500 Hz for ${o.granularity} ms per step, ${o.trnEps} training + ${o.tstEps} test episodes of ${o.steps} steps`);
  const episodes: DotEpisode[] = [];
  const total: number = o.trnEps + o.tstEps;
  for (let e = 0; e < total; e++) {
    const phase = e < o.trnEps ? "train" : "test";
    if (e === o.trnEps) {
      net.train(false);
      io.out("Testing:");
    } else if (e === 0) io.out("Training:");
    if (e > 0 && e % o.fcycle === 0) env.cycleOutFiles();
    env.reset();
    net.resetStateVariables();
    const t0 = performance.now();
    let action = gen.nextBelow(nActions); // no output yet: the first action is random
    let reward = 0;
    let intercepts = 0;
    let steps = 0;
    for (let done = false; !done; ) {
      const [obs, r, d, info] = env.step(action);
      done = d;
      steps += 1;
      reward += r;
      if (info.intercept) intercepts += 1;
      if (o.write || o.pandas) env.render();
      const g = obs.contiguousData();
      for (let i = 0; i < rates.length; i++) rates[i] = Math.fround(Number(g[i]!) * 500);
      net.run({ inputs: { Input: poisson(rateTensor, o.granularity, { dt: o.dt, generator: gen }) }, time: o.granularity, reward: r });
      const s = mon.get("s").contiguousData();
      counts.fill(0);
      for (let i = 0; i < s.length; i++) counts[i % nActions]! += Number(s[i]!);
      action = softmaxSample(counts, gen);
      if (steps % o.printInterval === 0) io.out(`Iteration: ${steps}, reward: ${r.toFixed(2)}, accumulated reward: ${reward.toFixed(2)}`);
    }
    const sec = (performance.now() - t0) / 1000;
    const ep: DotEpisode = { phase, reward, intercepts, steps, stepsPerSecond: sec > 0 ? steps / sec : 0 };
    episodes.push(ep);
    io.out(`Episode ${e} (${phase}) total reward: ${reward.toFixed(2)}, intercepts: ${intercepts} (${steps} steps, ${ep.stepsPerSecond.toFixed(1)} steps/s)`);
    if (o.write) {
      csv("rewards", `${e},${phase},${reward}\n`);
      csv("intercepts", `${e},${phase},${intercepts}\n`);
    }
    control.samplesThisRun++;
    if (interrupted(control)) return { episodes, completed: false };
  }
  const mean = (p: string): string => {
    const xs = episodes.filter((x) => x.phase === p);
    return xs.length ? (xs.reduce((a, x) => a + x.reward, 0) / xs.length).toFixed(2) : "-";
  };
  io.out(`Mean reward: ${mean("train")} (training), ${mean("test")} (test)`);
  if (o.plotDir) {
    const list = (p: string): number[] => episodes.filter((x) => x.phase === p).map((x) => x.reward);
    writeRlPlots(o.plotDir, io, { train: list("train"), test: list("test") }, { name: "hidden-output-weights", w: readout });
  }
  return { episodes, completed: true };
}

export const dotTracingCommand: ExampleCommand = {
  name: "dot-tracing",
  script: "examples/dotTracing/dot_tracing.py",
  summary: "A spiking network (recurrent PostPre hidden layer, MSTDPET output) chases a moving dot in DotSimulator.",
  options: [...dotTracingOptions(), ...rlCommonOptions()],
  run: (o, io, c) => runDotTracing(o, io, c),
};
