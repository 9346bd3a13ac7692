/**
 * Diehl & Cook at scale, the way a user writes it (issue 13): `DiehlAndCook2015` from
 * src/models, learning on, and per sample `network.run({ inputs: { X: poisson(image, 250) },
 * time: 250 })` with a fresh Poisson train drawn from a synthetic MNIST-like image (15 % of
 * the 784 pixels lit, intensities up to 128 Hz, as bench/peers.ts --dc), then
 * `resetStateVariables()`. One process per size (so peaks do not mix). Prints samples/s
 * (wall and per CPU-second, after `--warmup` samples), the cost per sample relative to
 * neurons, and memory over time: RSS, the wasm memory's size and the bytes its heap has
 * handed out.
 *
 * Run: `npx tsx bench/dc-scale.ts [--sizes 400,1600,6400] [--samples 20] [--warmup 2]
 *       [--backend wasm|js] [--every 10]`
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { getBackend, setBackend } from "../src/backend/backend.js";
import { loadWasmBackend } from "../src/backend/index.js";
import { poisson } from "../src/encoding/encodings.js";
import { DiehlAndCook2015 } from "../src/models/index.js";
import { Generator, manualSeed } from "../src/tensor/random.js";
import { Tensor } from "../src/tensor/tensor.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

const T = 250;

function child(n: number, samples: number, warmup: number, backend: string, every: number): void {
  const wasm = backend === "wasm" ? loadWasmBackend() : null;
  setBackend(backend);
  manualSeed(0);
  const g = new Generator(3);
  const t0 = performance.now();
  const net = new DiehlAndCook2015({ nInpt: 784, nNeurons: n, norm: 78.4, inptShape: [1, 28, 28] });
  const build = performance.now() - t0;
  const image = (): Tensor => {
    const d = new Float32Array(784);
    for (let i = 0; i < 784; i++) d[i] = g.nextFloat32() < 0.15 ? 128 * g.nextFloat32() : 0;
    return new Tensor(d, [1, 28, 28], "float32");
  };
  let peak = 0;
  const mem = (): string => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    const h = wasm?.heap;
    return `rss ${(rss / 2 ** 20).toFixed(0)} MiB` + (h ? `, wasm memory ${(h.bytesReserved / 2 ** 20).toFixed(0)} MiB, in use ${(h.bytesInUse / 2 ** 20).toFixed(0)} MiB, blocks ${h.blocks}, js fallbacks ${h.fallbacks}` : "");
  };
  console.error(`n=${n}: built in ${(build / 1000).toFixed(1)} s; ${mem()}`);
  let wall = 0;
  let cpu = 0;
  for (let k = 0; k < warmup + samples; k++) {
    const x = poisson(image(), T);
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    net.run({ inputs: { X: x }, time: T });
    net.resetStateVariables();
    const c1 = process.cpuUsage(c0);
    if (k >= warmup) {
      wall += performance.now() - w0;
      cpu += (c1.user + c1.system) / 1000;
    }
    if ((k + 1) % every === 0 || k === warmup + samples - 1) console.error(`  sample ${k + 1}: ${mem()}`);
  }
  mem();
  console.log(JSON.stringify({ n, perSecond: (samples * 1000) / wall, perCpuSecond: (samples * 1000) / cpu, peakRssMiB: peak / 2 ** 20, maxRssMiB: process.resourceUsage().maxRSS / 1024, backend: getBackend().name }));
}

function main(): void {
  if (arg("child", "") !== "") {
    child(Number(arg("child", "100")), Number(arg("samples", "20")), Number(arg("warmup", "2")), arg("backend", "wasm"), Number(arg("every", "10")));
    return;
  }
  const sizes = arg("sizes", "400,1600,6400").split(",").map(Number);
  const backend = arg("backend", "wasm");
  console.log(`# D&C scale (DiehlAndCook2015 + Network.run + poisson per sample, learning on, ${T} steps, ${backend}); ${new Date().toISOString()}; node ${process.version}; load average ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
  console.log("| neurons | samples/s (wall) | samples per CPU-s | CPU ms per sample per 100 neurons | peak RSS (MiB) |");
  console.log("|---:|---:|---:|---:|---:|");
  for (const n of sizes) {
    const c = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", String(n), "--samples", arg("samples", "20"), "--warmup", arg("warmup", "2"), "--backend", backend, "--every", arg("every", "10")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
    const line = c.stdout.trim().split("\n").pop() ?? "";
    if (c.status !== 0 || !line.startsWith("{")) {
      console.log(`| ${n} | failed (status ${c.status}) | | | |`);
      continue;
    }
    const r = JSON.parse(line) as { perSecond: number; perCpuSecond: number; maxRssMiB: number };
    console.log(`| ${n} | ${r.perSecond.toFixed(1)} | ${r.perCpuSecond.toFixed(1)} | ${((1000 / r.perCpuSecond) / (n / 100)).toFixed(2)} | ${r.maxRssMiB.toFixed(0)} |`);
  }
  console.log(`# load average at the end ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
}

main();
