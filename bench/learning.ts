/**
 * Learning-rule benchmark: `npx tsx bench/learning.ts`.
 *
 * One PostPre step (depression at presynaptic spikes, potentiation at postsynaptic spikes,
 * batch 1, no bounds) on Connections of 784x400 and 5000x5000 with 2% of each layer spiking
 * and 30% non-zero traces: our event-driven update (`connection.update`, which touches only
 * the rows and columns of spiking neurons), our dense form of the same update (every weight
 * visited, for scale), and the reference's dense form on PyTorch with one thread
 * (bench/peers/torch_learning.py run with /usr/bin/python3; n/a without it). Results are
 * recorded in docs/benchmarks.md ("Learning").
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PostPre } from "../src/learning/index.js";
import { Connection, Input, LIFNodes } from "../src/network/index.js";
import type { DenseSynapseView } from "../src/network/synapse-view.js";

function bench(fn: () => void, minTimeMs = 500, minReps = 5): number {
  for (let i = 0; i < 2; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minReps || performance.now() - start < minTimeMs) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]! * 1000;
}

let seed = 12345;
function rnd(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}

function setup(nPre: number, nPost: number, p = 0.02): { c: Connection; dense: () => void } {
  const X = new Input({ n: nPre, traces: true });
  const Y = new LIFNodes({ n: nPost, traces: true });
  for (const l of [X, Y]) {
    l.computeDecays(1);
    l.setBatchSize(1);
    const s = l.s.data;
    const x = l.x.data;
    for (let i = 0; i < l.n; i++) {
      s[i] = rnd() < p ? 1 : 0;
      x[i] = rnd() < 0.3 ? rnd() : 0;
    }
  }
  const c = new Connection({ source: X, target: Y, updateRule: PostPre, nu: [1e-4, 1e-2] });
  c.update({ learning: true }); // creates the rule
  const view = c.synapseView() as DenseSynapseView;
  const dense = (): void => {
    const w = view.weights();
    view.addCorrelation(w, X.s.data, Y.x.data, 1, { scale: 1e-4, sign: -1, reduction: "sum", scaleSide: "post" });
    view.addCorrelation(w, X.x.data, Y.s.data, 1, { scale: 1e-2, reduction: "sum", scaleSide: "post" });
  };
  return { c, dense };
}

function torchPeer(): Record<string, number> | null {
  const py = "/usr/bin/python3";
  if (!existsSync(py)) return null;
  const script = fileURLToPath(new URL("./peers/torch_learning.py", import.meta.url));
  const r = spawnSync(py, [script], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as Record<string, number>;
  } catch {
    return null;
  }
}

const fmt = (us: number): string => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);

const rows: [string, number, number][] = [];
for (const [nPre, nPost] of [[784, 400], [5000, 5000]] as const) {
  const { c, dense } = setup(nPre, nPost);
  const ev = bench(() => c.update({ learning: true }));
  const de = bench(dense, 300, 3);
  rows.push([`postpre ${nPre}x${nPost}`, ev, de]);
}
const peer = torchPeer();
console.log("| case | bindsnet event-driven | bindsnet dense form | PyTorch dense (1 thread) | event / torch |");
console.log("|---|---:|---:|---:|---:|");
for (const [name, ev, de] of rows) {
  const t = peer?.[name];
  console.log(`| ${name} 2% | ${fmt(ev)} | ${fmt(de)} | ${t === undefined ? "n/a" : fmt(t)} | ${t === undefined ? "n/a" : (ev / t).toFixed(3)} |`);
}
