/**
 * Peers benchmark (issue 9): BindsNET's benchmark workload, ours side by side with Brian2 in
 * one run. Poisson input at 15 Hz (dt = 1 ms: each input spikes with probability 0.015 per
 * step) -> LIFNodes through an all-to-all dense Connection, input n = output n, 1000 steps,
 * steady-state time (after discarded warm-up runs, at least 3 and 0.5 s; the network keeps
 * running between runs).
 *
 * Ours: the js and wasm backends (median of `--reps` runs, 3x as many for n <= 1000).
 * Brian2: ../shared/peers/brian2_poisson_lif.py from the repo root (or `--brian PATH`) under Debian's
 * /usr/bin/python3 with the `cython` and `cpp_standalone` targets; the script prints `run2`,
 * its steady-state time of 1000 steps (for cpp_standalone: the C++ program's own run time,
 * compilation excluded). A target that cannot run prints why and reads "n/a".
 *
 * Memory (with `--memory`, in a child process per backend so that peaks do not mix): bytes per
 * synapse of dense (Connection) and sparse (SparseConnection, CSR) weights, and the peak
 * resident memory (resourceUsage().maxRSS) of the n = 5000 benchmark.
 *
 * Diehl & Cook training throughput (`--dc`): images/s on js and wasm, each backend in its own
 * child process, alternating rounds; two paths: the reference's loop (`network.run` of a
 * Connection + PostPre network, 250 steps per image, state reset, normalisation per image) and
 * the library's DiehlAndCook2015 model through `Network.run` (what the recipes run), the latter
 * also against the recorded figures of the removed FastRunner loop (`RECORDED_FASTRUNNER`).
 * Random "images": 15 % of the 784 pixels lit at up to 128 Hz, Poisson per step.
 *
 * Run: `npx tsx bench/peers.ts [--sizes 100,500,1000,2000,5000] [--reps 5] [--no-brian]
 *       [--brian-targets cython,cpp_standalone] [--memory] [--dc [--dc-sizes 100,400]
 *       [--dc-rounds 3] [--dc-images 12] [--dc-warmup 12]]`
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Network } from "../src/network/network.js";
import { diehlCookNetwork } from "./dc-network.js";
import { Input, LIFNodes } from "../src/network/nodes/index.js";
import { Connection } from "../src/network/topology/connection.js";
import { tensor } from "../src/tensor/creation.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { Generator, manualSeed } from "../src/tensor/random.js";
import { setBackend } from "../src/backend/backend.js";
import { loadWasmBackend } from "../src/backend/index.js";
import { DiehlAndCook2015 } from "../src/models/index.js";

/** Reference (BindsNET, PyTorch CPU) seconds per 1000 steps on this machine kind (issue 9). */
const REFERENCE: Record<number, number> = { 100: 0.064, 500: 0.104, 1000: 0.184, 2000: 1.6, 5000: 21 };
const STEPS = 1000;
const RATE_HZ = 15;
const DT_MS = 1;
const PYTHON = "/usr/bin/python3";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const sizes = arg("sizes", "100,500,1000,2000,5000").split(",").map(Number);
const reps = Number(arg("reps", "5"));
const brianScript = arg("brian", fileURLToPath(new URL("../../shared/peers/brian2_poisson_lif.py", import.meta.url)));
const brianTargets = flag("no-brian") ? [] : arg("brian-targets", "cython,cpp_standalone").split(",");
const ourBackends = arg("backends", "js,wasm").split(",").filter((b) => b !== "" && b !== "none");

/** Bernoulli(rate·dt) spike trains [T, n] (the Poisson process sampled per step). */
function poissonInput(T: number, n: number, seed: number): Tensor {
  const g = new Generator(seed);
  const p = (RATE_HZ * DT_MS) / 1000;
  const d = new Uint8Array(T * n);
  for (let i = 0; i < d.length; i++) d[i] = g.nextFloat32() < p ? 1 : 0;
  return tensor(d, { dtype: "bool", shape: [T, n] });
}

function build(n: number): Network {
  manualSeed(0);
  const net = new Network({ dt: DT_MS });
  net.addLayer(new Input({ n }), "X");
  net.addLayer(new LIFNodes({ n }), "Y");
  net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y! }), "X", "Y");
  return net;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

interface OurResult { median: number; min: number; runs: number }

/** Steady-state seconds per 1000 steps of our simulator on one backend. */
function timeOurs(backend: string, n: number, nReps: number): OurResult {
  setBackend(backend);
  const net = build(n);
  const x = poissonInput(STEPS, n, 1234 + n);
  // warm-up: at least 3 runs and 0.5 s (JIT tiers finish compiling; scratch buffers exist)
  const w0 = performance.now();
  for (let k = 0; k < 3 || performance.now() - w0 < 500; k++) net.run({ inputs: { X: x }, time: STEPS });
  const times: number[] = [];
  for (let r = 0; r < nReps; r++) {
    const t0 = performance.now();
    net.run({ inputs: { X: x }, time: STEPS });
    times.push((performance.now() - t0) / 1000);
  }
  setBackend("js");
  return { median: median(times), min: Math.min(...times), runs: times.length };
}

interface BrianResult { run2: number | null; why?: string; build?: number; firstRun?: number }

function runBrian(target: string, n: number): BrianResult {
  if (!existsSync(PYTHON)) return { run2: null, why: `${PYTHON} not found` };
  if (!existsSync(brianScript)) return { run2: null, why: `${brianScript} not found` };
  const r = spawnSync(PYTHON, ["-W", "ignore", brianScript, "--n", String(n), "--time", String(STEPS), "--target", target], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
    timeout: 30 * 60 * 1000,
  });
  if (r.error) return { run2: null, why: r.error.message };
  const line = r.stdout.trim().split("\n").reverse().find((l) => l.startsWith("{"));
  if (r.status !== 0 || line === undefined) {
    const err = (r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ");
    return { run2: null, why: `exit ${r.status}: ${err.slice(0, 300)}` };
  }
  const j = JSON.parse(line) as { run2: number; build: number; run: number };
  return { run2: j.run2, build: j.build, firstRun: j.run };
}

const fmt = (s: number | null | undefined): string => (s === null || s === undefined ? "n/a" : s < 0.01 ? s.toFixed(5) : s.toFixed(4));
const ratio = (a: number | null | undefined, b: number | null | undefined): string =>
  a === null || a === undefined || b === null || b === undefined ? "n/a" : `${(a / b).toFixed(1)}x`;

/** Memory figures (run in a child: `--memory-child BACKEND`). */
async function memoryChild(backend: string): Promise<void> {
  const n = 5000;
  const before = process.memoryUsage();
  if (backend === "wasm") loadWasmBackend();
  setBackend(backend);
  const { SparseConnection } = await import("../src/network/topology/sparse-connection.js");
  const net = build(n);
  const x = poissonInput(STEPS, n, 1234 + n);
  net.run({ inputs: { X: x }, time: STEPS });
  net.run({ inputs: { X: x }, time: STEPS });
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const after = process.memoryUsage();
  const conn = net.connections.get("X", "Y")!;
  const denseBytes = conn.w.numel() * 4;
  // sparse: the same all-to-all weights as CSR, and 10 % / 1 % connectivity
  const sparse: string[] = [];
  for (const p of [1, 0.1, 0.01]) {
    const src = new Input({ n: 1000 });
    const tgt = new LIFNodes({ n: 1000 });
    const g = new Generator(7);
    const d = new Float32Array(1000 * 1000);
    for (let i = 0; i < d.length; i++) d[i] = g.nextFloat32() < p ? g.nextFloat32() + 1e-3 : 0;
    const sc = new SparseConnection({ source: src, target: tgt, w: tensor(d, { shape: [1000, 1000] }) });
    const nnz = sc.w.numel();
    const bytes = nnz * 4 + sc.colIdx.byteLength + sc.rowPtr.byteLength;
    sparse.push(`${p * 100}%: ${(bytes / nnz).toFixed(2)} B/synapse (1000x1000, ${nnz} synapses; dense: ${(4e6 / nnz).toFixed(1)} B/synapse)`);
  }
  console.log(JSON.stringify({
    backend,
    n,
    denseBytesPerSynapse: denseBytes / (n * n),
    sparse,
    peakRssMiB: peakRss / 2 ** 20,
    rssMiB: after.rss / 2 ** 20,
    heapUsedMiB: after.heapUsed / 2 ** 20,
    externalMiB: (after.external + after.arrayBuffers) / 2 ** 20,
    rssBeforeMiB: before.rss / 2 ** 20,
  }));
}

// ---- Diehl & Cook training throughput ---------------------------------------------------
let dcSeed = 7;
const dcRnd = (): number => {
  dcSeed = (dcSeed * 16807) % 2147483647;
  return dcSeed / 2147483647;
};

/** Poisson spike trains [T, 784] (uint8) of a random image. */
function dcImage(T: number): Uint8Array {
  const rates = new Float64Array(784).map(() => (dcRnd() < 0.15 ? 128 * dcRnd() : 0));
  const d = new Uint8Array(T * 784);
  for (let t = 0; t < T; t++) for (let i = 0; i < 784; i++) d[t * 784 + i] = dcRnd() < rates[i]! / 1000 ? 1 : 0;
  return d;
}

/**
 * Images/s of `step` (wall clock and CPU time): medians over the images after the first
 * `dcWarmup` (warm-up: the paths run one after another in one process, and a path measured
 * during its JIT warm-up reads slower than one measured after another path warmed the shared
 * kernels, so each path gets the same warm-up). `prepare` (building the input tensor) runs
 * outside the timed window.
 */
function imagesPerSecond<X>(imgs: readonly Uint8Array[], prepare: (d: Uint8Array) => X, step: (x: X) => void): { wall: number; cpu: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  for (const [k, d] of imgs.entries()) {
    const x = prepare(d);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    step(x);
    const c1 = process.cpuUsage(c0);
    if (k >= dcWarmup) {
      times.push(performance.now() - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
  }
  return { wall: 1000 / median(times), cpu: 1000 / median(cpu) };
}

/** Warm-up images per path (`--dc-warmup`, default 12). */
let dcWarmup = 12;

/** One backend, one process: images/s of the three paths (median over images after the warm-up images). */
function dcChild(backend: string, nExc: number, nImages: number): void {
  dcWarmup = Number(arg("dc-warmup", "12"));
  if (backend === "wasm") loadWasmBackend();
  setBackend(backend);
  const T = 250;
  dcSeed = 7;
  const imgs = Array.from({ length: nImages + dcWarmup }, () => dcImage(T));
  const out: Record<string, number> = {};
  // reference loop
  {
    const net = diehlCookNetwork(nExc, dcRnd);
    const r = imagesPerSecond(imgs, (d) => tensor(d, { dtype: "bool", shape: [T, 784] }), (x) => {
      net.run({ inputs: { X: x }, time: T });
      net.resetStateVariables();
    });
    out.networkRun = r.wall;
    out.networkRunCpu = r.cpu;
  }
  // DiehlAndCook2015 through Network.run (what a line-by-line translation of eth_mnist.py runs)
  {
    manualSeed(0);
    const net = new DiehlAndCook2015({ nInpt: 784, nNeurons: nExc, norm: 78.4, inptShape: [1, 28, 28] });
    const r = imagesPerSecond(imgs, (d) => tensor(d, { dtype: "uint8", shape: [T, 1, 1, 28, 28] }), (x) => {
      net.run({ inputs: { X: x }, time: T });
      net.resetStateVariables();
    });
    out.modelRun = r.wall;
    out.modelRunCpu = r.cpu;
  }
  console.log(JSON.stringify(out));
}

/**
 * The removed FastRunner loop (a specialised Diehl & Cook loop, the same bits as Network.run)
 * on DiehlAndCook2015, wasm, images per CPU-second: this script's --dc-child figures of
 * 2026-12-07 19:56–19:59 UTC (load average 2.3–3.6; median of 3 rounds of 16 images after 2
 * warm-up images) and the steady state of 300 (n = 100) / 80 (n = 400) images at 20:38 UTC
 * (load 9; median of 3 alternating runs), see docs/benchmarks.md.
 */
const RECORDED_FASTRUNNER: Record<number, { early: number; steady: number }> = {
  100: { early: 661.8, steady: 495.4 },
  400: { early: 412.0, steady: 209.6 },
};

function dcMain(): void {
  const sizes = arg("dc-sizes", "100,400").split(",").map(Number);
  const rounds = Number(arg("dc-rounds", "3"));
  const nImages = Number(arg("dc-images", "12"));
  const warm = arg("dc-warmup", "12");
  const os = process.getBuiltinModule?.("node:os") as typeof import("node:os") | undefined;
  console.log(`# Diehl & Cook training, 250 steps/image, images/s (median over ${nImages} images after ${warm} warm-up images per path, per process); ${rounds} alternating rounds per backend; ${new Date().toISOString()}; load average ${os ? os.loadavg().map((v) => v.toFixed(1)).join(" ") : "?"}`);
  console.log("| n | path | js (images/s, median of rounds) | wasm (images/s) | wasm / js | js rounds | wasm rounds | js, CPU time (images/CPU-s) | wasm, CPU time | wasm / js (CPU) |");
  console.log("|---:|---|---:|---:|---:|---|---|---:|---:|---:|");
  const recorded: [number, number][] = [];
  for (const n of sizes) {
    const keys = ["networkRun", "modelRun", "networkRunCpu", "modelRunCpu"];
    const res: Record<string, Record<string, number[]>> = { js: Object.fromEntries(keys.map((k) => [k, []])), wasm: Object.fromEntries(keys.map((k) => [k, []])) };
    for (let r = 0; r < rounds; r++) {
      for (const b of ["js", "wasm"]) {
        const c = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--dc-child", b, "--dc-n", String(n), "--dc-images", String(nImages), "--dc-warmup", warm], { encoding: "utf8" });
        const line = c.stdout.trim().split("\n").pop() ?? "";
        if (c.status !== 0 || !line.startsWith("{")) {
          console.log(`dc ${b} n=${n}: failed: ${c.stderr.slice(-400)}`);
          continue;
        }
        const j = JSON.parse(line) as Record<string, number>;
        for (const k of keys) res[b]![k]!.push(j[k]!);
      }
    }
    for (const [k, label] of [["networkRun", "Network.run (reference loop)"], ["modelRun", "DiehlAndCook2015 + Network.run"]] as const) {
      const js = median(res.js![k]!);
      const wa = median(res.wasm![k]!);
      const jc = median(res.js![`${k}Cpu`]!);
      const wc = median(res.wasm![`${k}Cpu`]!);
      console.log(`| ${n} | ${label} | ${js.toFixed(1)} | ${wa.toFixed(1)} | ${(wa / js).toFixed(2)}x | ${res.js![k]!.map((v) => v.toFixed(1)).join(", ")} | ${res.wasm![k]!.map((v) => v.toFixed(1)).join(", ")} | ${jc.toFixed(1)} | ${wc.toFixed(1)} | ${(wc / jc).toFixed(2)}x |`);
    }
    recorded.push([n, median(res.wasm!.modelRunCpu!)]);
  }
  console.log("\n| n | DiehlAndCook2015 + Network.run, wasm (images/CPU-s) | recorded FastRunner, early / steady | FastRunner / Network.run (early, steady) |");
  console.log("|---:|---:|---:|---:|");
  for (const [n, v] of recorded) {
    const f = RECORDED_FASTRUNNER[n];
    console.log(f === undefined ? `| ${n} | ${v.toFixed(1)} | (none recorded) | |` : `| ${n} | ${v.toFixed(1)} | ${f.early} / ${f.steady} | ${(f.early / v).toFixed(2)}x, ${(f.steady / v).toFixed(2)}x |`);
  }
}

async function main(): Promise<void> {
  const child = arg("memory-child", "");
  if (child) return memoryChild(child);
  const dcc = arg("dc-child", "");
  if (dcc) return dcChild(dcc, Number(arg("dc-n", "100")), Number(arg("dc-images", "12")));
  if (flag("dc")) return dcMain();
  if (ourBackends.includes("wasm")) loadWasmBackend();
  const load0 = (await import("node:os")).loadavg();
  console.log(`# peers: Poisson ${RATE_HZ} Hz -> LIF, all-to-all, ${STEPS} steps, dt ${DT_MS} ms; ${new Date().toISOString()}; node ${process.version}; load average ${load0.map((v) => v.toFixed(1)).join(" ")}`);
  const ours = new Map<string, OurResult>();
  const brian = new Map<string, BrianResult>();
  for (const n of sizes) {
    for (const b of ourBackends) {
      const r = timeOurs(b, n, n <= 1000 ? 3 * reps : reps);
      ours.set(`${b}:${n}`, r);
      console.log(`ours ${b} n=${n}: median ${fmt(r.median)} s, min ${fmt(r.min)} s (${r.runs} runs)`);
    }
    for (const t of brianTargets) {
      const r = runBrian(t, n);
      brian.set(`${t}:${n}`, r);
      console.log(`brian2 ${t} n=${n}: ${r.run2 === null ? `n/a (${r.why})` : `${fmt(r.run2)} s steady state (build ${r.build?.toFixed(1)} s, first run incl. codegen ${r.firstRun?.toFixed(1)} s)`}`);
    }
  }
  const load1 = (await import("node:os")).loadavg();
  console.log("");
  const cols = [...ourBackends.map((b) => `ours ${b} (s)`), ...brianTargets.map((t) => `Brian2 ${t} (s)`), "reference (s)", ...brianTargets.map((t) => `${t} / best ours`), "reference / best ours"];
  console.log(`| n | ${cols.join(" | ")} |`);
  console.log(`|---:|${cols.map(() => "---:").join("|")}|`);
  for (const n of sizes) {
    const o = ourBackends.map((b) => ours.get(`${b}:${n}`)!.median);
    const best = o.length ? Math.min(...o) : null;
    const bs = brianTargets.map((t) => brian.get(`${t}:${n}`)!.run2);
    const ref = REFERENCE[n] ?? null;
    console.log(`| ${n} | ${[...o.map(fmt), ...bs.map(fmt), ref === null ? "-" : String(ref), ...bs.map((b) => ratio(b, best)), ratio(ref, best)].join(" | ")} |`);
  }
  console.log(`\nratios: Brian2 time / our best backend's median time (> 1: we are faster); load average at the end ${load1.map((v) => v.toFixed(1)).join(" ")}`);
  if (flag("memory")) {
    console.log("\n# memory (n = 5000, one child process per backend)");
    for (const b of ourBackends) {
      const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--memory-child", b], { encoding: "utf8" });
      console.log(r.status === 0 ? r.stdout.trim() : `memory ${b}: failed: ${r.stderr.slice(-500)}`);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
