/**
 * Manual 3.1.3 "Running Simulations": the end-to-end two-layer example. 100 Bernoulli(0.1)
 * input neurons drive 1000 LIF neurons through Normal(0.05, 0.1) weights, with small
 * inhibitory recurrent weights in the output layer. Plots are deferred to the analysis
 * module; this prints spike counts and the voltage range instead (no voltage reaches the
 * -52 mV threshold in a recorded state: crossing it resets to -65 mV).
 *
 *   npx tsx examples/manual/04-running-simulations.ts
 */
import { pathToFileURL } from "node:url";
import { Connection, Input, LIFNodes, Monitor, Network } from "../../src/network/index.js";
import { eye, full } from "../../src/tensor/creation.js";
import { bernoulli, randn } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";

export interface Result {
  network: Network;
  spikes: { A: Tensor; B: Tensor };
  voltages: { B: Tensor };
}

export function main(opts: { time?: number; nSource?: number; nTarget?: number; quiet?: boolean } = {}): Result {
  // Simulation time.
  const time = opts.time ?? 500;

  // Create the network.
  const network = new Network();

  // Create and add input, output layers.
  const sourceLayer = new Input({ n: opts.nSource ?? 100 });
  const targetLayer = new LIFNodes({ n: opts.nTarget ?? 1000 });
  network.addLayer(sourceLayer, "A");
  network.addLayer(targetLayer, "B");

  // Create connection between input and output layers: Normal(0.05, 0.1) weights.
  const w = randn([sourceLayer.n, targetLayer.n]);
  w.data.forEach((v, i, d) => (d[i] = 0.05 + 0.1 * v));
  const forwardConnection = new Connection({ source: sourceLayer, target: targetLayer, w });
  network.addConnection(forwardConnection, "A", "B");

  // Create recurrent connection in output layer: small, inhibitory "competitive" weights.
  const r = eye(targetLayer.n);
  r.data.forEach((v, i, d) => (d[i] = 0.025 * (v - 1)));
  const recurrentConnection = new Connection({ source: targetLayer, target: targetLayer, w: r });
  network.addConnection(recurrentConnection, "B", "B");

  // Create and add input and output layer monitors.
  const sourceMonitor = new Monitor({ obj: sourceLayer, stateVars: ["s"], time });
  const targetMonitor = new Monitor({ obj: targetLayer, stateVars: ["s", "v"], time });
  network.addMonitor(sourceMonitor, "A");
  network.addMonitor(targetMonitor, "B");

  // Create input spike data, where each spike is distributed according to Bernoulli(0.1).
  const inputData = bernoulli(full([time, sourceLayer.n], 0.1)).to("uint8");

  // Simulate network on input data.
  network.run({ inputs: { A: inputData }, time });

  // Retrieve simulation spike, voltage data from monitors (plotting: see the analysis module).
  const spikes = { A: sourceMonitor.get("s"), B: targetMonitor.get("s") };
  const voltages = { B: targetMonitor.get("v") };
  if (!opts.quiet) {
    const count = (t: Tensor): number => t.toFlatArray().reduce((a, b) => a + b, 0);
    const v = voltages.B.data;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < v.length; i++) {
      lo = Math.min(lo, v[i]!);
      hi = Math.max(hi, v[i]!);
    }
    console.log(`spikes: A ${count(spikes.A)}, B ${count(spikes.B)} over ${time} steps`);
    console.log(`B voltage range: [${lo.toFixed(2)}, ${hi.toFixed(2)}] mV (shape [${voltages.B.shape.join(", ")}])`);
  }
  return { network, spikes, voltages };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
