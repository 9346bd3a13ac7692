/**
 * The seeded simulation the browser test runs in Node, in a page and in a Web Worker: the
 * README tour (100 Bernoulli inputs into 1,000 LIF neurons for 500 steps) on the wasm backend,
 * then the network saved to bytes. Imports only the root entry, so it bundles for browsers.
 */
import { Connection, Input, LIFNodes, Monitor, Network, bernoulli, full, getBackend, initBackend, manualSeed, serializeNetwork, deserializeNetwork } from "../../src/index.js";

export interface SimResult {
  backend: string;
  spikes: number;
  /** Spikes of a further 50 steps from the network reloaded from its bytes. */
  spikesAfterReload: number;
  /** FNV-1a hash of the saved network's bytes. */
  bytesHash: string;
  bytesLength: number;
  /** What `network.save(path)` said (a browser has no file system); "" when it saved. */
  saveError: string;
}

function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

function count(t: { toFlatArray(): number[] }): number {
  let n = 0;
  for (const x of t.toFlatArray()) if (x) n++;
  return n;
}

export async function simulate(opts: { trySave?: boolean } = {}): Promise<SimResult> {
  await initBackend("wasm");
  manualSeed(1234);
  const time = 500;
  const network = new Network({ dt: 1.0 });
  const source = new Input({ n: 100 });
  const target = new LIFNodes({ n: 1000, traces: true });
  network.addLayer(source, "A");
  network.addLayer(target, "B");
  const w = full([source.n, target.n], 0.05).add(full([source.n, target.n], 0.1).mul(bernoulli(full([source.n, target.n], 0.5))));
  network.addConnection(new Connection({ source, target, w }), "A", "B");
  const monitor = new Monitor({ obj: target, stateVars: ["s"], time });
  network.addMonitor(monitor, "B");
  const spikes = bernoulli(full([time, source.n], 0.1)).to("uint8");
  network.run({ inputs: { A: spikes }, time });
  const total = count(monitor.get("s"));

  const bytes = serializeNetwork(network);
  const again = deserializeNetwork<Network>(bytes);
  const more = bernoulli(full([50, source.n], 0.1)).to("uint8");
  const mon2 = again.monitors.B as Monitor;
  mon2.resetStateVariables();
  again.run({ inputs: { A: more }, time: 50 });

  let saveError = "";
  if (opts.trySave) {
    try {
      network.save("net.safetensors");
    } catch (e) {
      saveError = `${(e as Error).name}: ${(e as Error).message}`;
    }
  }
  return { backend: getBackend().name, spikes: total, spikesAfterReload: count(mon2.get("s")), bytesHash: fnv1a(bytes), bytesLength: bytes.length, saveError };
}
