/**
 * MulticompartmentConnection benchmark, reproducing the manual's two tables on our
 * implementation:
 *
 * 1. Sparse vs dense feature values (manual 3.1.2, `examples/benchmark/sparse_vs_dense_tensors.py`):
 *    a Weight feature [nPre, nPost] with 0.5% … 9.5% non-zeros, stored dense (float32) or
 *    sparse (CSR: float32 value + int32 column per entry, int32 row pointers). Memory: the bytes
 *    the feature value holds. Time: `network.run` of Input(nPre) → LIFNodes(nPost) through the
 *    connection, input spikes Bernoulli(p) per step (drawn beforehand).
 * 2. float16 vs float32 weights (manual 3.1.5, `examples/benchmark/lowering_precision.py`):
 *    the same network with a dense Weight stored as halves or floats; 4 runs each, as the
 *    manual prints them.
 *
 * Also times the reference's data flow (`materialize: true`: the [B, nPre, nPost] tensor built
 * every step) once, to show what the streamed compute saves. Every time is the median of
 * `--reps` runs after one warm-up run.
 *
 * Run: `npx tsx bench/mcc.ts [--n 1000] [--steps 200] [--p 0.05] [--reps 3]`
 */
import { Input, LIFNodes } from "../src/network/nodes/index.js";
import { Network } from "../src/network/network.js";
import { Weight } from "../src/network/features/index.js";
import { MulticompartmentConnection } from "../src/network/topology/multicompartment-connection.js";
import { Generator } from "../src/tensor/random.js";
import { Tensor } from "../src/tensor/tensor.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

const N = Number(arg("n", "1000"));
const STEPS = Number(arg("steps", "200"));
const P = Number(arg("p", "0.05"));
const REPS = Number(arg("reps", "3"));

function spikesInput(T: number, n: number, p: number, seed: number): Tensor {
  const g = new Generator(seed);
  const d = new Uint8Array(T * n);
  for (let k = 0; k < d.length; k++) d[k] = g.nextUint32() / 2 ** 32 < p ? 1 : 0;
  return new Tensor(d, [T, n], "uint8");
}

function weights(n: number, density: number, seed: number): Tensor {
  const g = new Generator(seed);
  const d = new Float32Array(n * n);
  for (let k = 0; k < d.length; k++) if (g.nextUint32() / 2 ** 32 < density) d[k] = Math.fround(g.nextUint32() / 2 ** 32);
  return new Tensor(d, [n, n], "float32");
}

interface Built {
  net: Network;
  conn: MulticompartmentConnection;
}

function build(w: Tensor, opts: { sparse?: boolean; valueDtype?: "float32" | "float16"; materialize?: boolean }): Built {
  const net = new Network();
  const X = new Input({ n: N });
  const Y = new LIFNodes({ n: N });
  net.addLayer(X, "X");
  net.addLayer(Y, "Y");
  const f = new Weight({ name: "weight", value: w, sparse: opts.sparse ?? false, valueDtype: opts.valueDtype ?? "float32" });
  const conn = new MulticompartmentConnection({ source: X, target: Y, pipeline: [f], materialize: opts.materialize ?? false });
  net.addConnection(conn, "X", "Y");
  return { net, conn };
}

function timeRuns(b: Built, input: Tensor, steps: number, reps: number): number[] {
  b.net.run({ inputs: { X: input }, time: steps });
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    b.net.run({ inputs: { X: input }, time: steps });
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(3);

const input = spikesInput(STEPS, N, P, 7);
console.log(`MulticompartmentConnection, Weight feature ${N}x${N}, ${STEPS} steps, input spike probability ${P}, median of ${REPS} runs (s)\n`);

console.log("### Sparse vs dense feature values\n");
console.log("| % non-zeros | sparse MB | dense MB | sparse/dense memory % | sparse time (s) | dense time (s) | sparse/dense time |");
console.log("|---:|---:|---:|---:|---:|---:|---:|");
for (let pct = 0.5; pct <= 9.5 + 1e-9; pct += 0.5) {
  const w = weights(N, pct / 100, Math.round(pct * 10));
  const sp = build(w, { sparse: true });
  const de = build(w, { sparse: false });
  const ts = median(timeRuns(sp, input, STEPS, REPS));
  const td = median(timeRuns(de, input, STEPS, REPS));
  // same inputs, same bits: check the last step's input to Y agrees
  const a = sp.conn.compute(sp.net.layers.X!.s).contiguousData();
  const b = de.conn.compute(de.net.layers.X!.s).contiguousData();
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) throw new Error(`sparse and dense differ at ${j}: ${a[j]} vs ${b[j]}`);
  const ms = sp.conn.memoryBytes();
  const md = de.conn.memoryBytes();
  console.log(`| ${pct.toFixed(1)} | ${mb(ms)} | ${mb(md)} | ${((100 * ms) / md).toFixed(0)} | ${ts.toFixed(3)} | ${td.toFixed(3)} | ${(ts / td).toFixed(2)} |`);
}

{
  const w = weights(N, 0.05, 3);
  const steps = Math.max(5, Math.floor(STEPS / 20));
  const de = build(w, { sparse: false });
  const mat = build(w, { materialize: true });
  const td = median(timeRuns(de, input, steps, REPS));
  const tm = median(timeRuns(mat, input, steps, REPS));
  console.log(`\nReference data flow (materialised [1, ${N}, ${N}] per step) vs streamed, dense 5%: ${(tm / steps * 1000).toFixed(2)} ms vs ${(td / steps * 1000).toFixed(3)} ms per step (${(tm / td).toFixed(0)}x)`);
}

console.log("\n### float16 vs float32 weights (dense, U[0, 1))\n");
const wFull = weights(N, 1, 11);
for (const dt of ["float32", "float16"] as const) {
  const b = build(wFull, { valueDtype: dt });
  const times = timeRuns(b, input, STEPS, 4);
  console.log(`precision: ${dt}`);
  console.log("Time (sec) | weight memory (MB)");
  for (const t of times) console.log(`${t.toFixed(4)}    | ${mb(b.conn.memoryBytes())}`);
  console.log(`Average time: ${(times.reduce((x, y) => x + y, 0) / times.length).toFixed(4)}`);
  console.log(`Average memory: ${mb(b.conn.memoryBytes())}\n`);
}
