/**
 * Memory over a long synchronous training loop, the manual's loop (issue 13): per sample a fresh
 * `poisson` train drawn by user code from a synthetic MNIST-like image (15 % of the 784 pixels
 * lit, up to 128 Hz), `network.run({ inputs: { X: train }, time: 250 })`, then
 * `resetStateVariables()`; learning on. Prints, at the first sample and at every fifth of the
 * loop: resident memory (RSS), the V8 heap, the wasm memory's size, the bytes its heap has
 * handed out (and in how many blocks), the bytes the network's arena holds, and samples/s.
 * The loop never yields (no await), so no finalizer can run in it.
 *
 * Run: `npx tsx bench/memory.ts [--net dc|postpre] [--samples 4000] [--neurons 100]
 *       [--backend wasm|js]`  (4000 samples of 250 steps = 1e6 steps)
 */
import { loadavg } from "node:os";
import { setBackend } from "../src/backend/backend.js";
import { loadWasmBackend } from "../src/backend/index.js";
import { poisson } from "../src/encoding/encodings.js";
import { PostPre } from "../src/learning/index.js";
import { DiehlAndCook2015 } from "../src/models/index.js";
import { Connection, Input, LIFNodes, Network, storageBytes } from "../src/network/index.js";
import { Generator, manualSeed, rand } from "../src/tensor/random.js";
import { Tensor } from "../src/tensor/tensor.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

const T = 250;
const kind = arg("net", "dc");
const samples = Number(arg("samples", "4000"));
const n = Number(arg("neurons", "100"));
const backend = arg("backend", "wasm");
const wasm = backend === "wasm" ? loadWasmBackend() : null;
setBackend(backend);
manualSeed(0);

function build(): Network {
  if (kind === "dc") return new DiehlAndCook2015({ nInpt: 784, nNeurons: n, norm: 78.4, inptShape: [1, 28, 28] });
  const net = new Network();
  const X = new Input({ n: 784, shape: [1, 28, 28], traces: true });
  const Y = new LIFNodes({ n, traces: true });
  net.addLayer(X, "X");
  net.addLayer(Y, "Y");
  net.addConnection(new Connection({ source: X, target: Y, w: rand([784, n]).mul(0.3), updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1, norm: 78.4 }), "X", "Y");
  return net;
}

const g = new Generator(3);
const image = (): Tensor => {
  const d = new Float32Array(784);
  for (let i = 0; i < 784; i++) d[i] = g.nextFloat32() < 0.15 ? 128 * g.nextFloat32() : 0;
  return new Tensor(d, [1, 28, 28], "float32");
};

const MiB = (b: number): string => (b / 2 ** 20).toFixed(1);
const net = build();
console.log(`# memory over ${samples} samples x ${T} steps (${kind === "dc" ? "DiehlAndCook2015" : "Input+LIF, Connection+PostPre"}, ${n} neurons, ${backend}, fresh poisson per sample); ${new Date().toISOString()}; node ${process.version}; load average ${loadavg().map((v) => v.toFixed(2)).join(" ")}`);
console.log("| sample | steps | RSS (MiB) | V8 heap used (MiB) | wasm memory (MiB) | wasm in use (MiB) | blocks | network arena (MiB) | js fallbacks | samples/s since last row |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
const marks = new Set([1, ...[1, 2, 3, 4, 5].map((k) => Math.round((k * samples) / 5))]);
let t0 = performance.now();
let last = 0;
for (let k = 1; k <= samples; k++) {
  net.run({ inputs: { X: poisson(image(), T) }, time: T });
  net.resetStateVariables();
  if (marks.has(k)) {
    const m = process.memoryUsage();
    const h = wasm?.heap;
    const rate = ((k - last) * 1000) / (performance.now() - t0);
    const blocks = (h as { blocks?: number } | undefined)?.blocks;
    console.log(`| ${k} | ${k * T} | ${MiB(m.rss)} | ${MiB(m.heapUsed)} | ${h ? MiB(h.bytesReserved) : "-"} | ${h ? MiB(h.bytesInUse) : "-"} | ${blocks ?? "-"} | ${MiB(storageBytes(net))} | ${h ? h.fallbacks : "-"} | ${rate.toFixed(0)} |`);
    t0 = performance.now();
    last = k;
  }
}
const before = wasm?.heap.bytesInUse ?? 0;
const freed = net.dispose();
console.log(`# dispose(): ${MiB(freed)} MiB freed; wasm in use ${MiB(before)} -> ${MiB(wasm?.heap.bytesInUse ?? 0)} MiB; load average ${loadavg().map((v) => v.toFixed(2)).join(" ")}`);
