/**
 * The reservoir.py and MCC_reservoir.py commands: flags mapped onto the recipes of
 * src/recipes/reservoir.ts. Plots are off unless `--plot-dir` is given (none are written
 * for the reservoirs).
 */
import { type ReservoirConfig, type ReservoirResult, mccReservoir, reservoir } from "../recipes/reservoir.js";
import type { OptionSpec } from "./args.js";
import { pct } from "./common.js";
import type { RecipeCommandSpec } from "./run-recipe.js";

export function reservoirOptions(): OptionSpec[] {
  const d = reservoir.defaults;
  return [
    { name: "seed", type: "int", default: d.seed, help: "random seed" },
    { name: "n-neurons", type: "int", default: d.nNeurons, min: 1, help: "reservoir neurons" },
    { name: "n-epochs", type: "int", default: d.nEpochs, min: 0, help: "readout training epochs" },
    { name: "examples", type: "int", default: d.examples, min: 1, help: "training images for the readout" },
    { name: "n-test", type: "int", default: d.nTest, min: 0, help: "test images" },
    { name: "n-workers", type: "int", default: -1, min: -1, help: "accepted for compatibility" },
    { name: "time", type: "int", default: d.time, min: 1, help: "simulation time per image (ms)" },
    { name: "dt", type: "float", default: d.dt, min: 0.001, help: "simulation step (ms)" },
    { name: "intensity", type: "float", default: d.intensity, min: 0, help: "maximum Poisson rate (Hz)" },
    { name: "lr", type: "float", default: d.lr, min: 0, help: "readout learning rate" },
    { name: "momentum", type: "float", default: d.momentum, min: 0, help: "readout momentum" },
  ];
}

export function reservoirCommand(mcc: boolean): RecipeCommandSpec<ReservoirConfig, ReservoirResult> {
  return {
    recipe: mcc ? mccReservoir : reservoir,
    cliOnly: ["nWorkers"],
    describe: (c, backend) => `${mcc ? "mcc-reservoir" : "reservoir"}: backend ${backend}, time ${c.time} ms`,
    report(r, _c, io) {
      if (r.testAccuracy !== null) io.out(`Accuracy of the model on ${r.nTest} test images: ${pct(r.testAccuracy)}`);
    },
  };
}
