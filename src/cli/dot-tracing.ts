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
 *
 * The run itself is the dot-tracing recipe (src/recipes/dot-tracing.ts): this command maps
 * the flags onto its config, gives it the CSV writer (node:fs) and prints its events, so it
 * has checkpoints (`--checkpoint-dir`, `--resume`; `--checkpoint-every` counts environment
 * steps) and stops within a step on Ctrl-C.
 */
import { csvFileWriter } from "../environment/dot-file-writer.js";
import type { Connection } from "../network/topology/connection.js";
import { type DotTracingConfig, type DotTracingResult, dotTracing } from "../recipes/dot-tracing.js";
import type { OptionSpec } from "./args.js";
import { episodeClock, rlRecipeOptions, writeRlPlots } from "./breakout.js";
import type { ExampleCommand } from "./registry.js";
import { type RecipeCommandSpec, runRecipeCommand } from "./run-recipe.js";

/** dot_tracing.py's options with its code defaults (the recipe's). */
export function dotTracingOptions(): OptionSpec[] {
  const d = dotTracing.defaults;
  return [
    { name: "steps", type: "int", default: d.steps, min: 1, help: "environment steps per episode" },
    { name: "seed", type: "int", default: d.seed, min: 0, help: "random seed (network, encodings, actions, environment)" },
    { name: "dim", type: "int", default: d.dim, min: 1, help: "grid height and width" },
    { name: "granularity", type: "float", default: d.granularity, min: 0.001, help: "simulation time per environment step (ms)" },
    { name: "neurons", type: "int", default: d.neurons, min: 1, help: "hidden neurons" },
    { name: "dt", type: "float", default: d.dt, min: 0.001, help: "simulation step (ms)" },
    { name: "trn-eps", type: "int", default: d.trnEps, min: 0, help: "training episodes" },
    { name: "tst-eps", type: "int", default: d.tstEps, min: 0, help: "test episodes (learning off)" },
    { name: "decay", type: "int", default: d.decay, min: 1, help: "length of a dot's tail" },
    { name: "herrs", type: "int", default: d.herrs, min: 0, help: "distractor dots" },
    { name: "diag", type: "bool", default: d.diag, help: "allow diagonal moves (9 actions instead of 5)" },
    { name: "randr", type: "float", default: d.randr, min: 0, help: "probability of a new target direction each step" },
    { name: "boundh", type: "string", default: d.boundh, choices: ["stay", "bounce", "trans"], help: "edge handling" },
    { name: "fit-func", type: "string", default: d.fitFunc, choices: ["euc", "disp", "rng", "dir"], help: "reward function" },
    { name: "allow-stay", type: "bool", default: d.allowStay, help: "let the target stay in place" },
    { name: "pandas", type: "bool", default: d.pandas, help: "print the grid as a table every step" },
    { name: "mute", type: "bool", default: d.mute, help: "no grid printing" },
    { name: "write", type: "bool", default: d.write, help: "write grids, rewards and intercepts as CSV under --fpath" },
    { name: "fpath", type: "string", default: d.fpath, help: "folder of the CSV files" },
    { name: "fcycle", type: "int", default: d.fcycle, min: 1, help: "episodes per grid CSV file" },
    { name: "print-interval", type: "int", default: d.printInterval, min: 1, help: "steps between \"Iteration\" lines" },
  ];
}

/** The flags → config mapping and printing of dot-tracing. */
export function dotTracingSpec(): RecipeCommandSpec<DotTracingConfig, DotTracingResult> {
  const clock = episodeClock();
  let trnEps = 0;
  const fmt = (x: number | null): string => (x === null ? "-" : x.toFixed(2));
  return {
    recipe: dotTracing,
    describe: (c, backend) => {
      trnEps = c.trnEps;
      return `dot-tracing: Input ${c.dim}x${c.dim} → LIF(${c.neurons}, recurrent PostPre) → LIF(${c.diag ? 9 : 5}, MSTDPET), Poisson 500 Hz for ${c.granularity} ms per step, ${c.trnEps} training + ${c.tstEps} test episodes of ${c.steps} steps, backend ${backend}`;
    },
    context: (opts) => (opts.write ? { writer: csvFileWriter() } : {}),
    onEvent(e, io) {
      if (e.type === "start") clock.start();
      if (e.type === "phase") io.out(e.phase === "train" ? "Training:" : "Testing:");
      if (e.type !== "episode") return;
      const i = (e.phase === "test" ? trnEps : 0) + e.index - 1;
      io.out(`Episode ${i} (${e.phase}) total reward: ${e.reward.toFixed(2)}, intercepts: ${e.info?.intercepts ?? 0} (${e.steps} steps, ${clock.rate(e.steps).toFixed(1)} steps/s)`);
    },
    report(r, _c, io, opts, network) {
      io.out(`Mean reward: ${fmt(r.meanReward.train)} (training), ${fmt(r.meanReward.test)} (test)`);
      if (opts.plotDir) {
        const list = (p: string): number[] => r.episodes.filter((x) => x.phase === p).map((x) => x.reward);
        writeRlPlots(opts.plotDir as string, io, { train: list("train"), test: list("test") }, { name: "hidden-output-weights", w: network().connections.get("Hidden", "Output") as Connection });
      }
    },
  };
}

export const dotTracingCommand: ExampleCommand = {
  name: "dot-tracing",
  script: "examples/dotTracing/dot_tracing.py",
  summary: dotTracing.summary,
  options: [...dotTracingOptions(), ...rlRecipeOptions("dot-tracing")],
  run: (o, io, c, given) => runRecipeCommand(dotTracingSpec(), o, given, io, c),
};
