/** Registers every example command. */
import type { DCVariant } from "../recipes/diehl-and-cook.js";
import { dcCommand, dcOptions } from "./mnist-stdp.js";
import { recipeOptions, runRecipeCommand } from "./run-recipe.js";
import { commands, register } from "./registry.js";
import { stdpCommands } from "./mnist-conv.js";
import { reservoirCommand, reservoirOptions } from "./reservoir.js";
import { breakoutCommands } from "./breakout.js";
import { dotTracingCommand } from "./dot-tracing.js";
import { evaluateCommand } from "./evaluate.js";

const dc = (name: DCVariant, script: string): void => {
  const spec = dcCommand(name);
  register({ name, script, summary: spec.recipe.summary, options: [...dcOptions(name), ...recipeOptions(name)], run: (o, io, c, given) => runRecipeCommand(dcCommand(name), o, given, io, c) });
};

let registered = false;

/** Registers every example command once (called by the CLI entry; explicit, not an import side effect). */
export function registerExamples(): void {
  if (registered) return;
  registered = true;
  dc("eth-mnist", "examples/mnist/eth_mnist.py");
  dc("batch-eth-mnist", "examples/mnist/batch_eth_mnist.py");
  dc("supervised-mnist", "examples/mnist/supervised_mnist.py");
  // The main job: eth-mnist with Diehl & Cook's protocol: 350 ms presentations at 64 Hz, silent
  // samples re-presented brighter, labels from a pass with learning off.
  dc("main-job", "examples/mnist/eth_mnist.py with Diehl & Cook's retry and labelling pass");

  for (const d of stdpCommands) register({ name: d.name, script: d.script, summary: d.spec.recipe.summary, options: [...d.options, ...recipeOptions(d.name)], run: (o, io, c, given) => runRecipeCommand(d.spec, o, given, io, c) });
  for (const [name, script, mcc] of [["reservoir", "examples/mnist/reservoir.py", false], ["mcc-reservoir", "examples/mnist/MCC_reservoir.py", true]] as const) {
    const spec = reservoirCommand(mcc);
    register({ name, script, summary: spec.recipe.summary, options: [...reservoirOptions(), ...recipeOptions(name)], run: (o, io, c, given) => runRecipeCommand(reservoirCommand(mcc), o, given, io, c) });
  }
  for (const c of breakoutCommands) register(c);
  register(dotTracingCommand);
  register(evaluateCommand);

  // How long each example's defaults take, measured 2026-12-07 on this project's shared 2-core
  // machine at load average 10-15 (six jobs at once; wasm backend, every MNIST example through
  // Network.run), extrapolated from short runs. An idle machine is several times faster.
    const AT = "(measured at load 10-15 on a shared 2-core machine; an idle one is several times faster)";
  const estimates: Record<string, string> = {
    "main-job": "about 2 min on a 2-core machine (661 training samples/s over 60,000 samples, then 20,000 label and test samples)",
    evaluate: "about 4 min on one thread (label 10,000 + test 10,000 at about 90 samples/s, measured 2026-12-07 at load 4 on the shared 2-core machine); --workers N divides it by up to N on N idle cores",
    "eth-mnist": "about 2 min on a 2-core machine (689-713 samples/s over the first 5,000 of 70,000 samples)",
    "batch-eth-mnist": `about 1.3 h ${AT}`,
    "supervised-mnist": `about 1.1 h ${AT}`,
    "conv-mnist": `about 1.2 h (14 samples/s) ${AT}`,
    "conv1d-mnist": `about 30 min (36 samples/s) ${AT}`,
    "conv3d-mnist": `about 130 h, i.e. days (8 s per sample over 60,000 samples; the reference's defaults): try --n-train 500 (about 1 h) ${AT}`,
    "loc1d-mnist": `about 35 min (4 s per sample over 500 samples) ${AT}`,
    "loc2d-mnist": `about 2 h (3 s per sample over 2,500 samples): try --n-train 500 ${AT}`,
    "loc3d-mnist": `about 10 h (70 s per sample over 500 samples): try --n-train 50 --time 100 ${AT}`,
    "som-lm-snns": `about 50 min (24 samples/s over 70,000 samples) ${AT}`,
    reservoir: `a few minutes (1 s per image for 1,000 images, then the readout) ${AT}`,
    "mcc-reservoir": `a few minutes ${AT}`,
    "breakout-random-baseline": `about 10 s per 20,000 steps: the default 1,000,000 steps take about 8 min ${AT}`,
    breakout: `about 10 s per episode: the default 100 episodes take about 17 min ${AT}`,
    "breakout-random-network": `about 10 s per episode: the default 1,000,000 episodes would take months; pass -n 100 (about 17 min) ${AT}`,
    "breakout-stdp": `about 10 s per episode: 100 training + 100 test episodes take about 35 min ${AT}`,
    "dot-tracing": `about 4 s per episode: 1,000 training + 100 test episodes take about 75 min ${AT}`,
  };
  for (const c of commands()) c.estimate = estimates[c.name];
}
