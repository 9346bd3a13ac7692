/**
 * Manual 3.2.2, a learning rule on a feature: PostPre on the Weight feature of a
 * MulticompartmentConnection, nu = (1e-4, 1e-2); the Bias has no rule and stays static. Both
 * layers record traces, as PostPre needs. (BindsNET imports it from learning.MCC_learning;
 * here the feature's rule is the one PostPre, also exported as MCCPostPre.)
 *
 *   npx tsx examples/manual/mcc-learning.ts
 */
import { pathToFileURL } from "node:url";
import { PostPre } from "../../src/learning/index.js";
import { Bias, Input, LIFNodes, MulticompartmentConnection, Network, Weight } from "../../src/network/index.js";
import "../../src/tensor/methods.js";
import { rand } from "../../src/tensor/random.js";

export function main(opts: { nSource?: number; nTarget?: number; time?: number; beforeRun?: (weights: Weight, bias: Bias) => void } = {}): { network: Network; weights: Weight; bias: Bias } {
  const nS = opts.nSource ?? 100;
  const nT = opts.nTarget ?? 1000;
  // Neurons involved in certain learning rules must record synaptic traces.
  const sourceLayer = new Input({ n: nS, traces: true });
  const targetLayer = new LIFNodes({ n: nT, traces: true });

  // Create the 'pipeline' of features that spikes will pass through.
  const weights = new Weight({ name: "weight_feature", value: rand([nS, nT]), learningRule: PostPre, nu: [1e-4, 1e-2] });
  const bias = new Bias({ name: "bias_feature", value: rand([nS, nT]) });

  // Connect the two layers.
  const connection = new MulticompartmentConnection({ source: sourceLayer, target: targetLayer, pipeline: [weights, bias] });

  const network = new Network();
  network.addLayer(sourceLayer, "A");
  network.addLayer(targetLayer, "B");
  network.addConnection(connection, "A", "B");
  opts.beforeRun?.(weights, bias);
  const time = opts.time ?? 50;
  network.run({ inputs: { A: rand([time, nS]).lt(0.2) }, time });
  console.log(`learned weight mean ${weights.value.mean().item().toFixed(4)}, bias mean ${bias.value.mean().item().toFixed(4)}`);
  return { network, weights, bias };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
