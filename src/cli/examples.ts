/** Registers every example command. */
import { commonOptions } from "./common.js";
import { type DCVariant, dcOptions, runDiehlAndCook } from "./mnist-stdp.js";
import { register } from "./registry.js";
import { convExamples } from "./mnist-conv.js";
import { runStdpExample } from "./stdp-example.js";
import { reservoirOptions, runReservoir } from "./reservoir.js";
import { breakoutCommands } from "./breakout.js";
import { dotTracingCommand } from "./dot-tracing.js";

const dc = (name: DCVariant, script: string, summary: string): void =>
  register({ name, script, summary, options: [...dcOptions(name), ...commonOptions(name)], run: (o, io, c) => runDiehlAndCook(name, o, io, c) });

dc("eth-mnist", "examples/mnist/eth_mnist.py", "Diehl & Cook (2015) unsupervised STDP on MNIST: train, assign labels, test.");
dc("batch-eth-mnist", "examples/mnist/batch_eth_mnist.py", "Diehl & Cook on MNIST with mini-batches (Network.run over [T, B, ...] inputs).");
dc("supervised-mnist", "examples/mnist/supervised_mnist.py", "Diehl & Cook with n-clamp neurons of the label's group forced to spike while training.");

// The main job: eth-mnist with Diehl & Cook's protocol: 350 ms presentations at 64 Hz, silent
// samples re-presented brighter, labels from a pass with learning off.
const mainJobDefaults: Record<string, number> = { "label-samples": 10000, "min-spikes": 5, time: 350, intensity: 64 };
register({
  name: "main-job",
  script: "examples/mnist/eth_mnist.py with Diehl & Cook's retry and labelling pass",
  summary: "Diehl & Cook on the embedded MNIST: one epoch of 60,000 training images (350 ms at 64 Hz; samples with < 5 spikes re-presented brighter), labels from 10,000 training images with learning off, test on the 10,000 test images.",
  // Diehl & Cook's presentation (350 ms at up to 63.75 Hz, here 64) instead of eth_mnist's 250 ms at 128 Hz
  options: [...dcOptions("eth-mnist").map((o) => ({ ...o, default: mainJobDefaults[o.name] ?? o.default })), ...commonOptions("main-job")],
  run: (o, io, c) => runDiehlAndCook("eth-mnist", o, io, c),
});

for (const d of convExamples) register({ name: d.name, script: d.script, summary: d.summary, options: [...d.options, ...commonOptions(d.name)], run: (o, io, c) => runStdpExample(d.spec, o, io, c) });
register({ name: "reservoir", script: "examples/mnist/reservoir.py", summary: "Random recurrent LIF reservoir on MNIST with a sigmoid readout on the spike raster.", options: [...reservoirOptions(), ...commonOptions("reservoir")], run: (o, io, c) => runReservoir(false, o, io, c) });
register({ name: "mcc-reservoir", script: "examples/mnist/MCC_reservoir.py", summary: "The reservoir built on MulticompartmentConnections (Probability + Weight features), readout on spike counts.", options: [...reservoirOptions(), ...commonOptions("mcc-reservoir")], run: (o, io, c) => runReservoir(true, o, io, c) });
for (const c of breakoutCommands) register(c);
register(dotTracingCommand);
