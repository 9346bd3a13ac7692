/** Registers every example command. */
import { commonOptions } from "./common.js";
import type { DCVariant } from "../recipes/diehl-and-cook.js";
import { dcCommand, dcOptions } from "./mnist-stdp.js";
import { recipeOptions, runRecipeCommand } from "./run-recipe.js";
import { register } from "./registry.js";
import { stdpCommands } from "./mnist-conv.js";
import { reservoirOptions, runReservoir } from "./reservoir.js";
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
register({ name: "reservoir", script: "examples/mnist/reservoir.py", summary: "Random recurrent LIF reservoir on MNIST with a sigmoid readout on the spike raster.", options: [...reservoirOptions(), ...commonOptions("reservoir")], run: (o, io, c) => runReservoir(false, o, io, c) });
register({ name: "mcc-reservoir", script: "examples/mnist/MCC_reservoir.py", summary: "The reservoir built on MulticompartmentConnections (Probability + Weight features), readout on spike counts.", options: [...reservoirOptions(), ...commonOptions("mcc-reservoir")], run: (o, io, c) => runReservoir(true, o, io, c) });
for (const c of breakoutCommands) register(c);
register(dotTracingCommand);
