/**
 * Diehl & Cook (eth-mnist) training speed in headless Chromium (the playground's Web Worker,
 * wasm backend, from the Vite build) against Node (same recipe, config and machine), in one
 * run, alternating Node and Chromium rounds. Prints a Markdown table and the load average.
 *
 *   npx tsx bench/browser.ts [nTrain=300] [rounds=2]
 */
import { loadavg } from "node:os";
import { rmSync } from "node:fs";
import { initBackend } from "../src/backend/index.js";
import { NodeDataSource } from "../src/node/data-source.js";
import { ethMnist, type DCResult } from "../src/recipes/index.js";
import { buildPlayground, launch, serveStatic } from "../test/web/harness.js";

const nTrain = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 2);
const config = { nNeurons: 100, time: 250, nTrain, nTest: 0, seed: 0, updateInterval: 250 };

const dir = await buildPlayground();
const { url, server } = await serveStatic(dir);
const browser = await launch();
await initBackend("wasm");
const data = new NodeDataSource();
await data.mnist("train");
const load0 = loadavg();

async function nodeRun(): Promise<number> {
  const r = await ethMnist.run(ethMnist.config(config), { data });
  return r.samplesPerSecond.train;
}

async function browserRun(pictures: number): Promise<number> {
  const page = await browser.newPage();
  const q = new URLSearchParams(Object.entries(config).map(([k, v]) => [k, String(v)]));
  await page.goto(`${url}?recipe=eth-mnist&${q}&every=${pictures}&autostart=1`);
  await page.waitForFunction(() => window.__playground?.state === "done" || window.__playground?.state === "error", null, { timeout: 600_000, polling: 200 });
  const s = await page.evaluate(() => window.__playground);
  await page.close();
  if (s.state === "error") throw new Error(s.error ?? "page error");
  return (s.result as unknown as DCResult).samplesPerSecond.train;
}

const rows: [string, number][] = [];
for (let r = 0; r < rounds; r++) {
  rows.push(["Node (wasm)", await nodeRun()]);
  rows.push(["Chromium Worker (wasm), no pictures", await browserRun(0)]);
  rows.push(["Chromium Worker (wasm), pictures every 10 samples", await browserRun(10)]);
}
const load1 = loadavg();
await browser.close();
server.close();
rmSync(dir, { recursive: true, force: true });

const mean = (name: string): number => {
  const v = rows.filter(([n]) => n === name).map(([, x]) => x);
  return v.reduce((a, b) => a + b, 0) / v.length;
};
const node = mean("Node (wasm)");
console.log(`# eth-mnist training, ${config.nNeurons} neurons, time ${config.time}, ${nTrain} samples per run, ${rounds} alternating rounds; ${new Date().toISOString()}; load average before ${load0.map((v) => v.toFixed(2)).join(" ")}, after ${load1.map((v) => v.toFixed(2)).join(" ")}`);
console.log("| where | samples/s (each round) | mean | vs Node |");
console.log("|---|---|---:|---:|");
for (const name of [...new Set(rows.map(([n]) => n))]) {
  const v = rows.filter(([n]) => n === name).map(([, x]) => x.toFixed(1));
  console.log(`| ${name} | ${v.join(", ")} | ${mean(name).toFixed(1)} | ${(mean(name) / node).toFixed(2)}x |`);
}
