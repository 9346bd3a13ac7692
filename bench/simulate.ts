/**
 * Simulation benchmark (BindsNET's benchmark/benchmark.py setting): Poisson input at 15 Hz
 * (dt = 1 ms, so each input spikes with probability 0.015 per step) into LIFNodes through an
 * all-to-all dense Connection, input n = output n, 1000 steps per run.
 *
 * Timed: `network.run({ inputs, time: 1000 })` only, in steady state: the input spike trains
 * are drawn beforehand, one warm-up run is discarded, then the median of `--reps` runs is
 * reported with the fastest (the network keeps running, it is not reset between runs; sizes up
 * to 1000 run 3x more repetitions, they are cheap). On a shared machine the minimum is the
 * better estimate of what the code costs, the median of what a user sees. Prints a markdown
 * table with the ratio (reference / ours, by the median) to the reference implementation's
 * times on this machine kind.
 *
 * Run: `npm run bench:simulate -- [--backend js|wasm|both] [--sizes 100,500] [--reps 3]`
 */
import { Network } from "../src/network/network.js";
import { Input, LIFNodes } from "../src/network/nodes/index.js";
import { Connection } from "../src/network/topology/connection.js";
import { tensor } from "../src/tensor/creation.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { Generator, manualSeed } from "../src/tensor/random.js";
import { setBackend, getBackend } from "../src/backend/backend.js";

/** Reference (BindsNET 0.3.3, PyTorch CPU) seconds per 1000 steps on this machine kind. */
const REFERENCE: Record<number, number> = { 100: 0.064, 500: 0.104, 1000: 0.184, 2000: 1.6, 5000: 21 };
const STEPS = 1000;
const RATE_HZ = 15;
const DT_MS = 1;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

const sizes = arg("sizes", "100,500,1000,2000,5000").split(",").map(Number);
const reps = Number(arg("reps", "3"));
const which = arg("backend", "both");

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
  net.addConnection(new Connection({ source: net.layers.X, target: net.layers.Y }), "X", "Y");
  return net;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function backends(): Promise<string[]> {
  const out = ["js"];
  if (which === "js") return out;
  try {
    const wasm = await import("../src/backend/index.js");
    wasm.loadWasmBackend();
    out.push("wasm");
  } catch (e) {
    console.error(`wasm backend unavailable: ${(e as Error).message}`);
  }
  return which === "wasm" ? out.filter((b) => b === "wasm") : out;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  console.log(`Poisson ${RATE_HZ} Hz -> LIFNodes, dense all-to-all, ${STEPS} steps, dt=${DT_MS} ms; median and min of ${reps} runs (${3 * reps} for n <= 1000) after 1 warm-up`);
  console.log("| n | backend | s / 1000 steps (median) | min | steps/s (median) | reference (s) | speedup |");
  console.log("|---:|---|---:|---:|---:|---:|---:|");
  for (const b of await backends()) {
    setBackend(b);
    for (const n of sizes) {
      const net = build(n);
      const x = poissonInput(STEPS, n, 1234 + n);
      net.run({ inputs: { X: x }, time: STEPS }); // warm-up (JIT, allocation of scratch buffers)
      const times: number[] = [];
      let spikesOut = 0;
      const nReps = n <= 1000 ? 3 * reps : reps;
      for (let r = 0; r < nReps; r++) {
        const t0 = performance.now();
        net.run({ inputs: { X: x }, time: STEPS });
        times.push((performance.now() - t0) / 1000);
        spikesOut += (net.layers.Y.s.contiguousData() as Uint8Array).reduce((a, v) => a + v, 0);
      }
      const t = median(times);
      const tMin = Math.min(...times);
      const ref = REFERENCE[n];
      const row = `| ${n} | ${getBackend().name} | ${t.toFixed(4)} | ${tMin.toFixed(4)} | ${Math.round(STEPS / t).toLocaleString("en-US")} | ${ref ?? "-"} | ${ref ? (ref / t).toFixed(1) + "x" : "-"} |`;
      rows.push(row);
      console.log(row);
      void spikesOut;
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
