/**
 * Manual 3.1.1 and "Creating and adding layers": a Network, a layer of 100 LIF neurons with
 * shape [10, 10], added under a name and read back from `network.layers`.
 *
 *   npx tsx examples/manual/01-creating-a-network.ts
 */
import { pathToFileURL } from "node:url";
import { LIFNodes, Network } from "../../src/network/index.js";

export function main(): Network {
  // Optional options: dt, batchSize, learning, rewardFn.
  const network = new Network();

  // Create a layer of 100 LIF neurons with shape [10, 10].
  const layer = new LIFNodes({ n: 100, shape: [10, 10] });
  network.addLayer(layer, "LIF population");

  const l = network.layers["LIF population"]!;
  console.log(`layer "LIF population": ${l.constructor.name}, n=${l.n}, shape=[${l.shape.join(", ")}], state v: [${(l as LIFNodes).v.shape.join(", ")}]`);
  return network;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
