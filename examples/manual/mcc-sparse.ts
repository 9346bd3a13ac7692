/**
 * Manual 3.1.2, sparse feature values: `sparse: true` stores a feature's value sparse (CSR per
 * batch row). Example 1 gives the batch dimension in the value ([2, 100, 1000]); example 2
 * gives a [100, 1000] value and `batchSize: 2`. Either way each batch row has its own copy.
 * The manual's values are dense U[0, 1) tensors; a density option makes them sparse, which is
 * what sparse storage is for (see bench/mcc.ts for memory and time).
 *
 *   npx tsx examples/manual/mcc-sparse.ts
 */
import { pathToFileURL } from "node:url";
import { Bias, Input, LIFNodes, MulticompartmentConnection, Network, Weight } from "../../src/network/index.js";
import "../../src/tensor/methods.js";
import { rand } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";

export interface SparseExample {
  network: Network;
  example1: MulticompartmentConnection;
  example2: MulticompartmentConnection;
}

export function main(opts: { nSource?: number; nTarget?: number; density?: number; time?: number } = {}): SparseExample {
  const nS = opts.nSource ?? 100;
  const nT = opts.nTarget ?? 1000;
  const density = opts.density ?? 1;
  const values = (shape: number[]): Tensor => (density >= 1 ? rand(shape) : rand(shape).mul(rand(shape).lt(density)));

  // Example 1: batch dimension included in the value tensor (first axis); batch size 2.
  const weights1 = new Weight({ name: "weight_feature", value: values([2, nS, nT]), sparse: true });
  const bias1 = new Bias({ name: "bias_feature", value: values([2, nS, nT]), sparse: true });

  // Example 2: batch dimension given by batchSize (no batch axis in the value).
  const weights2 = new Weight({ name: "weight_feature", value: values([nS, nT]), sparse: true, batchSize: 2 });
  const bias2 = new Bias({ name: "bias_feature", value: values([nS, nT]), sparse: true, batchSize: 2 });

  const network = new Network({ batchSize: 2 });
  const A = new Input({ n: nS });
  const B = new LIFNodes({ n: nT });
  const C = new LIFNodes({ n: nT });
  network.addLayer(A, "A");
  network.addLayer(B, "B");
  network.addLayer(C, "C");
  const example1 = new MulticompartmentConnection({ source: A, target: B, pipeline: [weights1, bias1] });
  const example2 = new MulticompartmentConnection({ source: A, target: C, pipeline: [weights2, bias2] });
  network.addConnection(example1, "A", "B");
  network.addConnection(example2, "A", "C");
  const time = opts.time ?? 10;
  network.run({ inputs: { A: rand([time, 2, nS]).lt(0.1) }, time });
  console.log(`sparse features: example 1 ${example1.memoryBytes()} B, example 2 ${example2.memoryBytes()} B (dense float32 would be ${2 * 2 * nS * nT * 4} B)`);
  return { network, example1, example2 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main({ density: 0.05 });
