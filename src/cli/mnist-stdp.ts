/**
 * The Diehl & Cook commands (BindsNET's eth_mnist.py, batch_eth_mnist.py, supervised_mnist.py
 * and the main job): their flags, mapped onto the recipes of src/recipes/diehl-and-cook.ts,
 * and the lines they print.
 *
 * Fixes of the reference scripts (periphery.md §13): `--train` is the default (the
 * reference's shared `dest` made "test" the effective default); exactly nTrain samples are
 * used (not nTrain + 1); plots are off unless `--plot-dir` is given; test accuracy is printed
 * as a percentage; batch_eth_mnist runs (the reference does not compile).
 */
import { type DCConfig, type DCResult, type DCVariant, batchEthMnist, dcDefaults, ethMnist, mainJob, supervisedMnist } from "../recipes/diehl-and-cook.js";
import type { Recipe } from "../recipes/types.js";
import type { OptionSpec } from "./args.js";
import { pct } from "./common.js";
import { writePlots } from "./plots.js";
import type { RecipeCommandSpec } from "./run-recipe.js";

/** Options of the commands, with the recipes' defaults. */
export function dcOptions(variant: DCVariant): OptionSpec[] {
  const d = dcDefaults[variant];
  const o: OptionSpec[] = [
    { name: "seed", type: "int", default: d.seed, help: "random seed" },
    { name: "n-neurons", type: "int", default: d.nNeurons, min: 1, help: "excitatory neurons" },
    { name: "n-epochs", type: "int", default: d.nEpochs, min: 0, help: "training epochs" },
    { name: "n-test", type: "int", default: d.nTest, min: 0, help: "test samples" },
    { name: "n-train", type: "int", default: d.nTrain, min: 0, help: "training samples per epoch" },
    { name: "n-workers", type: "int", default: -1, min: -1, help: "accepted for compatibility (data loading is synchronous)" },
    { name: "exc", type: "float", default: d.exc, help: "excitatory → inhibitory weight" },
    { name: "inh", type: "float", default: d.inh, help: "inhibitory → excitatory weight" },
    { name: "theta-plus", type: "float", default: d.thetaPlus, help: "adaptive threshold increment" },
    { name: "nu-pre", type: "float", default: d.nuPre, min: 0, help: "PostPre learning rate on a presynaptic spike (nu[0])" },
    { name: "nu-post", type: "float", default: d.nuPost, min: 0, help: "PostPre learning rate on a postsynaptic spike (nu[1])" },
    { name: "time", type: "int", default: d.time, min: 1, help: "simulation time per sample (ms)" },
    { name: "dt", type: "float", default: d.dt, min: 0.001, help: "simulation step (ms)" },
    { name: "intensity", type: "float", default: d.intensity, min: 0, help: "maximum Poisson rate (Hz)" },
    { name: "progress-interval", type: "int", default: 10, min: 1, help: "accepted for compatibility (the progress bar updates continuously)" },
    { name: "update-interval", type: "int", default: d.updateInterval, min: 1, help: "samples between label assignments" },
    { name: "min-spikes", type: "int", default: d.minSpikes, min: 0, help: "Diehl & Cook's retry: while the excitatory layer fires fewer spikes than this, present the sample again with 32 Hz more intensity (up to 5 times; 0: off, as eth_mnist.py)" },
    { name: "label-samples", type: "int", default: d.labelSamples, min: 0, help: "after training, assign labels from this many training samples with learning off (0: keep the running assignment)" },
    { name: "train", type: "bool", default: d.train, negatedBy: "test", help: "learn during the training pass" },
    { name: "workers", type: "int", default: d.workers, min: 0, help: "worker threads for the label and test phases (0: cores minus one when that leaves at least one; 1: inline); results do not depend on it" },
  ];
  if (variant === "batch-eth-mnist") {
    o.push(
      { name: "batch-size", type: "int", default: d.batchSize, min: 1, help: "samples simulated together" },
      { name: "n-updates", type: "int", default: d.nUpdates, min: 1, help: "label assignments per epoch" },
      { name: "w-dtype", type: "string", default: d.wDtype, choices: ["float32", "float16"], help: "weight storage" },
      { name: "sparse", type: "bool", default: d.sparse, help: "store the fixed weights sparse" },
    );
  }
  if (variant === "supervised-mnist") o.push({ name: "n-clamp", type: "int", default: d.nClamp, min: 0, help: "neurons of the label's group forced to spike during training" });
  return o;
}

const avg = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0) / a.length;

/** The flags → config mapping and printing of one variant. */
export function dcCommand(variant: DCVariant): RecipeCommandSpec<DCConfig, DCResult> {
  const recipes: Record<DCVariant, Recipe<DCConfig, DCResult>> = { "eth-mnist": ethMnist, "batch-eth-mnist": batchEthMnist, "supervised-mnist": supervisedMnist, "main-job": mainJob };
  const history = { all: [] as number[], proportion: [] as number[] };
  return {
    recipe: recipes[variant],
    cliOnly: ["nWorkers", "progressInterval"],
    describe: (c, backend) =>
      `${variant}: ${c.nNeurons} excitatory neurons, ${c.nTrain} training samples × ${c.nEpochs} epoch(s), ${c.nTest} test samples, time ${c.time} ms${c.batchSize > 1 ? `, batches of ${c.batchSize}` : ""}, backend ${backend}, Network.run`,
    onEvent(e, io, opts) {
      if (e.type !== "accuracy" || e.phase !== "train") return;
      const h = e.scheme === "all" ? history.all : history.proportion;
      h.push(e.value);
      if (io.err.isTTY && !opts.plotDir) return;
      const label = e.scheme === "all" ? "All activity" : "Proportion weighting";
      io.out(`${label} accuracy: ${(100 * e.value).toFixed(2)} (last), ${(100 * avg(h)).toFixed(2)} (average), ${(100 * Math.max(...h)).toFixed(2)} (best)`);
    },
    async report(r, _c, io, opts, network) {
      const al = r.trainAccuracy.all;
      const pl = r.trainAccuracy.proportion;
      if (al.length > 0) io.out(`Training accuracy (last window): all activity ${pct(al[al.length - 1]!)}, proportion weighting ${pct(pl[pl.length - 1]!)}`);
      if (r.samples.train > 0) io.out(`Training: ${r.samples.train} samples in ${r.seconds.train.toFixed(1)} s (${r.samplesPerSecond.train.toFixed(1)} samples/s)`);
      if (r.testAccuracy !== null) {
        io.out(`Test accuracy (${r.samples.test} samples): all activity ${pct(r.testAccuracy.all)}, proportion weighting ${pct(r.testAccuracy.proportion)}`);
        io.out(`Testing: ${r.samples.test} samples in ${r.seconds.test.toFixed(1)} s (${r.samplesPerSecond.test.toFixed(1)} samples/s)`);
      }
      if (opts.plotDir) await writePlots(opts.plotDir as string, io, { network: network(), weights: "X->Ae", assignments: r.assignments, accuracy: r.trainAccuracy, weightShape: [28, 28] });
    },
  };
}
