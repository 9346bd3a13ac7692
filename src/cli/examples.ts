/** Registers every example command. */
import type { DCVariant } from "../recipes/diehl-and-cook.js";
import { dcCommand, dcOptions } from "./mnist-stdp.js";
import { recipeOptions, runRecipeCommand } from "./run-recipe.js";
import { register } from "./registry.js";
import { stdpCommands } from "./mnist-conv.js";
import { reservoirCommand, reservoirOptions } from "./reservoir.js";
import { breakoutCommands } from "./breakout.js";
import { dotTracingCommand } from "./dot-tracing.js";

const dc = (name: DCVariant, script: string): void => {
  const spec = dcCommand(name);
  register({ name, script, summary: spec.recipe.summary, options: [...dcOptions(name), ...recipeOptions(name)], run: (o, io, c, given) => runRecipeCommand(dcCommand(name), o, given, io, c) });
};

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
