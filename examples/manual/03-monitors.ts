/**
 * Manual "Specifying monitors": a Monitor on a layer's spikes and voltages, a NetworkMonitor
 * on everything, and a sparse spike monitor (less memory than dense below ~4% density in the
 * reference; here indices take 2 bytes per spike, so it pays far beyond that).
 *
 *   npx tsx examples/manual/03-monitors.ts
 */
import { pathToFileURL } from "node:url";
import { Connection, Input, LIFNodes, Monitor, Network, NetworkMonitor } from "../../src/network/index.js";
import { bernoulli } from "../../src/tensor/random.js";
import { full } from "../../src/tensor/creation.js";

export function main(opts: { time?: number; nSource?: number; nTarget?: number } = {}): Network {
  const time = opts.time ?? 500;
  const network = new Network();
  const sourceLayer = new Input({ n: opts.nSource ?? 100 });
  const targetLayer = new LIFNodes({ n: opts.nTarget ?? 1000 });
  const connection = new Connection({ source: sourceLayer, target: targetLayer });

  // Create a monitor: record spikes and voltages; `time` keeps the last `time` steps.
  const monitor = new Monitor({ obj: targetLayer, stateVars: ["s", "v"], time });

  network.addLayer(sourceLayer, "A");
  network.addLayer(targetLayer, "B");
  network.addConnection(connection, "A", "B");
  network.addMonitor(monitor, "B");

  // Record from many components at once.
  const networkMonitor = new NetworkMonitor({ network, layers: ["A", "B"], connections: [["A", "B"]], stateVars: ["s", "v"], time });
  network.addMonitor(networkMonitor, "network");

  // Spikes stored sparsely.
  const sparse = new Monitor({ obj: sourceLayer, stateVars: ["s"], time, sparse: true });
  network.addMonitor(sparse, "A sparse");

  const input = bernoulli(full([time, sourceLayer.n], 0.02)).to("uint8");
  network.run({ inputs: { A: input }, time });

  console.log(`monitor B: s [${monitor.get("s").shape.join(", ")}], v [${monitor.get("v").shape.join(", ")}]`);
  const all = networkMonitor.get();
  console.log(`network monitor: ${Object.keys(all).map((k) => `${k}: ${Object.keys(all[k]!).join(",")}`).join("; ")}`);
  const dense = time * sourceLayer.n;
  console.log(`sparse spike monitor of A: ${sparse.memoryBytes()} bytes vs ${dense} dense`);
  return network;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
