/**
 * Manual 3.1.2, MulticompartmentConnection: a pipeline of a Weight and a Bias feature between
 * an Input layer of 100 neurons and 1000 LIF neurons. Spikes are multiplied by the weights,
 * then the bias is added (to every synapse), then summed over the source neurons. (The
 * manual's snippet passes `weight` where it built `weights`; the intended list is used here.)
 *
 *   npx tsx examples/manual/mcc-weight-bias.ts
 */
import { pathToFileURL } from "node:url";
import { Bias, Input, LIFNodes, MulticompartmentConnection, Network, Weight } from "../../src/network/index.js";
import "../../src/tensor/methods.js";
import { rand } from "../../src/tensor/random.js";

export function main(opts: { nSource?: number; nTarget?: number; time?: number } = {}): { network: Network; connection: MulticompartmentConnection } {
  const nS = opts.nSource ?? 100;
  const nT = opts.nTarget ?? 1000;
  // Create two populations of neurons, one to act as the "source" population, and the other,
  // the "target" population.
  const sourceLayer = new Input({ n: nS });
  const targetLayer = new LIFNodes({ n: nT });

  // Create the 'pipeline' of features that spikes will pass through.
  const weights = new Weight({ name: "weight_feature", value: rand([nS, nT]) });
  const bias = new Bias({ name: "bias_feature", value: rand([nS, nT]) });

  // Connect the two layers.
  const connection = new MulticompartmentConnection({ source: sourceLayer, target: targetLayer, pipeline: [weights, bias] });

  const network = new Network();
  network.addLayer(sourceLayer, "A");
  network.addLayer(targetLayer, "B");
  network.addConnection(connection, "A", "B");
  const time = opts.time ?? 20;
  network.run({ inputs: { A: rand([time, nS]).lt(0.1) }, time });
  console.log(`A->B pipeline: ${connection.pipeline.map((f) => f.name).join(" -> ")}; B spikes: ${targetLayer.s.sum().item()}`);
  return { network, connection };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
