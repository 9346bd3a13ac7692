/**
 * Batched PostPre cost (issue 13): a dense 784 → 100 Connection learning with PostPre through
 * `Network.run`, Poisson input (15 % of inputs lit at up to 128 Hz), 250 steps per sample, at
 * batch 1 and batch B: CPU ms per sample and the ratio (batch B per sample / batch 1).
 *
 * Run: `npx tsx bench/batch-postpre.ts [--batch 16] [--runs 6] [--backend wasm|js]`
 */
import { loadavg } from "node:os";
import { setBackend } from "../src/backend/backend.js";
import { loadWasmBackend } from "../src/backend/index.js";
import { PostPre } from "../src/learning/post-pre.js";
import { Network } from "../src/network/network.js";
import { Input, LIFNodes } from "../src/network/nodes/index.js";
import { Connection } from "../src/network/topology/connection.js";
import { Generator, manualSeed } from "../src/tensor/random.js";
import { Tensor } from "../src/tensor/tensor.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}
const T = 250;
const backend = arg("backend", "wasm");
if (backend === "wasm") loadWasmBackend();
setBackend(backend);

function build(): Network {
  manualSeed(0);
  const net = new Network();
  net.addLayer(new Input({ n: 784, traces: true }), "X");
  net.addLayer(new LIFNodes({ n: 100, traces: true }), "Y");
  net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1, norm: 78.4 }), "X", "Y");
  return net;
}

function train(B: number, g: Generator): Tensor {
  const d = new Uint8Array(T * B * 784);
  for (let b = 0; b < B; b++) {
    const rates = Float64Array.from({ length: 784 }, () => (g.nextFloat32() < 0.15 ? 128 * g.nextFloat32() : 0));
    for (let t = 0; t < T; t++) for (let i = 0; i < 784; i++) d[(t * B + b) * 784 + i] = g.nextFloat32() < rates[i]! / 1000 ? 1 : 0;
  }
  return new Tensor(d, [T, B, 784], "uint8");
}

/** CPU ms per sample (median of `runs` runs after one warm-up). */
function perSample(B: number, runs: number): number {
  const net = build();
  const g = new Generator(5);
  const xs = Array.from({ length: runs + 1 }, () => train(B, g));
  const ms: number[] = [];
  for (const [k, x] of xs.entries()) {
    const c0 = process.cpuUsage();
    net.run({ inputs: { X: x }, time: T });
    net.resetStateVariables();
    const c = process.cpuUsage(c0);
    if (k > 0) ms.push((c.user + c.system) / 1000 / B);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

const B = Number(arg("batch", "16"));
const runs = Number(arg("runs", "6"));
console.log(`# PostPre 784 -> 100 (dense Connection, Network.run, ${T} steps), ${backend}; ${new Date().toISOString()}; load average ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
const one = perSample(1, runs * 2);
const many = perSample(B, runs);
console.log("| batch | CPU ms per sample | per sample vs batch 1 |");
console.log("|---:|---:|---:|");
console.log(`| 1 | ${one.toFixed(2)} | 1.00x |`);
console.log(`| ${B} | ${many.toFixed(2)} | ${(many / one).toFixed(2)}x |`);
console.log(`# load average at the end ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
