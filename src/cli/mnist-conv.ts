/**
 * The commands of conv_mnist, conv1d_MNIST, conv3d_MNIST, loc1d/2d/3d_mnist and SOM_LM-SNNs:
 * their flags (defaults from the recipes of src/recipes/conv-mnist.ts) and printing.
 *
 * Fixes of the reference scripts: plots only with `--plot-dir` (the reference pauses on a
 * Matplotlib window every sample); SOM's option is spelled --update-inhibition-weights (the
 * reference's --update_inhibation_weights is accepted).
 */
import { conv1dMnist, conv3dMnist, convMnist, loc1dMnist, loc2dMnist, loc3dMnist, somLmSnns } from "../recipes/conv-mnist.js";
import type { StdpBaseConfig, StdpResult } from "../recipes/stdp-mnist.js";
import type { Recipe } from "../recipes/types.js";
import type { OptionSpec } from "./args.js";
import { pct } from "./common.js";
import { writePlots } from "./plots.js";
import type { RecipeCommandSpec } from "./run-recipe.js";

/** Help and type of every config field (defaults come from the recipe). */
const FIELDS: Record<string, Omit<OptionSpec, "name" | "default">> = {
  seed: { type: "int", help: "random seed" },
  nNeurons: { type: "int", min: 1, help: "output neurons (a square grid)" },
  nEpochs: { type: "int", min: 0, help: "training epochs" },
  nTest: { type: "int", min: 0, help: "test samples" },
  nTrain: { type: "int", min: 0, help: "training samples per epoch" },
  kernelSize: { type: "int", min: 1, help: "convolution kernel size" },
  stride: { type: "int", min: 1, help: "convolution stride" },
  nFilters: { type: "int", min: 1, help: "filters" },
  padding: { type: "int", min: 0, help: "zero padding" },
  thetaPlus: { type: "float", help: "adaptive threshold increment" },
  time: { type: "int", min: 1, help: "simulation time per sample (ms)" },
  dt: { type: "float", min: 0.001, help: "simulation step (ms)" },
  intensity: { type: "float", min: 0, help: "maximum Poisson rate (Hz)" },
  updateInterval: { type: "int", min: 1, help: "samples between label assignments (running accuracy)" },
  updateInhibitionWeights: { type: "int", min: 1, aliases: ["update-inhibation-weights"], help: "every this many samples the recurrent weights decrease by 0.5 (by 50 every ten times as many)" },
  inh: { type: "float", help: "inhibition between filters at one position" },
  train: { type: "bool", negatedBy: "test", help: "learn during training" },
};

const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flags of a recipe's config fields, plus compatibility flags the reference scripts have. */
function optionsOf(recipe: Recipe<StdpBaseConfig, StdpResult>, compat: string[]): OptionSpec[] {
  const d = recipe.defaults as unknown as Record<string, number | boolean>;
  const o: OptionSpec[] = Object.keys(d).map((k) => ({ name: kebab(k), default: d[k]!, ...FIELDS[k]! }));
  const help: Record<string, OptionSpec> = {
    "batch-size": { name: "batch-size", type: "int", default: 1, min: 1, help: "accepted for compatibility (samples run one at a time)" },
    "n-workers": { name: "n-workers", type: "int", default: -1, min: -1, help: "accepted for compatibility" },
    "progress-interval": { name: "progress-interval", type: "int", default: 10, min: 1, help: "accepted for compatibility" },
    "plot-interval": { name: "plot-interval", type: "int", default: 250, min: 1, help: "accepted for compatibility (plots are written at the end with --plot-dir)" },
  };
  return [...o, ...compat.map((c) => help[c]!)];
}

export interface StdpCommand {
  name: string;
  script: string;
  options: OptionSpec[];
  spec: RecipeCommandSpec<StdpBaseConfig, StdpResult>;
}

function command(recipe: Recipe<StdpBaseConfig, StdpResult>, script: string, compat: string[], plotConv?: string): StdpCommand {
  return {
    name: recipe.name,
    script,
    options: optionsOf(recipe, compat),
    spec: {
      recipe,
      cliOnly: ["batchSize", "nWorkers", "progressInterval", "plotInterval"],
      describe: (c) => {
        const n = (c as unknown as { nNeurons?: number; nFilters?: number }).nNeurons ?? (c as unknown as { nFilters: number }).nFilters;
        return `${recipe.name}: ${n} ${"nNeurons" in c ? "output neurons" : "filters"}, ${c.nTrain} training samples × ${c.nEpochs} epoch(s), ${c.nTest} test samples, time ${c.time} ms, Network.run`;
      },
      async report(r, _c, io, opts, network) {
        const acc = r.trainAccuracy;
        if (acc.length > 0) io.out(`Training accuracy (last window, all activity): ${pct(acc[acc.length - 1]!)}`);
        io.out(`Training: ${r.samples.train} samples in ${r.seconds.train.toFixed(1)} s (${r.samplesPerSecond.toFixed(1)} samples/s)`);
        if (r.testAccuracy !== null) io.out(`Test accuracy (${r.samples.test} samples, all activity): ${pct(r.testAccuracy)}`);
        if (opts.plotDir) await writePlots(opts.plotDir as string, io, { network: network(), ...(plotConv ? { weights: { conv: plotConv } } : {}), accuracy: { all: acc, proportion: acc } });
      },
    },
  };
}

const as = <C extends StdpBaseConfig>(r: Recipe<C, StdpResult>): Recipe<StdpBaseConfig, StdpResult> => r as unknown as Recipe<StdpBaseConfig, StdpResult>;
const convCompat = ["batch-size", "progress-interval"];
const locCompat = ["progress-interval"];

export const stdpCommands: StdpCommand[] = [
  command(as(convMnist), "examples/mnist/conv_mnist.py", convCompat, "X->Y"),
  command(as(conv1dMnist), "examples/mnist/conv1d_MNIST.py", convCompat),
  command(as(conv3dMnist), "examples/mnist/conv3d_MNIST.py", convCompat),
  command(as(loc1dMnist), "examples/mnist/loc1d_mnist.py", locCompat),
  command(as(loc2dMnist), "examples/mnist/loc2d_mnist.py", locCompat),
  command(as(loc3dMnist), "examples/mnist/loc3d_mnist.py", locCompat),
  command(as(somLmSnns), "examples/mnist/SOM_LM-SNNs.py", ["n-workers", "progress-interval", "plot-interval"]),
];
