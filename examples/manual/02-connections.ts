/**
 * Manual "Creating and adding connections": an all-to-all Connection from an Input layer of
 * 100 neurons to 1000 LIF neurons, added between layers "A" and "B" and read back with
 * `network.connections.get("A", "B")`.
 *
 *   npx tsx examples/manual/02-connections.ts
 */
import { pathToFileURL } from "node:url";
import { Connection, Input, LIFNodes, Network } from "../../src/network/index.js";

export function main(opts: { nSource?: number; nTarget?: number } = {}): Network {
  const network = new Network();
  // Create two populations of neurons, one to act as the "source" population, and the other,
  // the "target" population.
  const sourceLayer = new Input({ n: opts.nSource ?? 100 });
  const targetLayer = new LIFNodes({ n: opts.nTarget ?? 1000 });

  // Connect the two layers (w defaults to U[0, 1)).
  const connection = new Connection({ source: sourceLayer, target: targetLayer });

  network.addLayer(sourceLayer, "A");
  network.addLayer(targetLayer, "B");
  network.addConnection(connection, "A", "B");

  const c = network.connections.get("A", "B")!;
  console.log(`connection A->B: w [${c.w.shape.join(", ")}], keys ${JSON.stringify(network.connections.keys())}`);
  return network;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
