/**
 * SparseConnection vs Connection, 5000 × 5000, at 1%, 5% and 10% connectivity: Poisson input at
 * 15 Hz (p = 0.015 per step) into LIFNodes, PostPre learning on (traces on both layers,
 * bounds [0, 1]). Both connections hold the same weights (the dense one has zeros where the
 * sparse one has no synapse). Timed: `network.run` of `--steps` steps after a warm-up of 5, and
 * `computeInto` alone on the same spikes; bytes per synapse count the weight storage (dense:
 * 4·n², sparse: values + column indices + row pointers) per existing synapse.
 *
 * Run: `npx tsx bench/topology.ts [--steps 40] [--n 5000]`
 */
import { Network } from "../src/network/network.js";
import { Input, LIFNodes } from "../src/network/nodes/index.js";
import { Connection } from "../src/network/topology/connection.js";
import { SparseConnection } from "../src/network/topology/sparse-connection.js";
import { PostPre } from "../src/learning/index.js";
import { Generator } from "../src/tensor/random.js";
import { Tensor } from "../src/tensor/tensor.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

const N = Number(arg("n", "5000"));
const STEPS = Number(arg("steps", "40"));
const P_IN = 0.015;

function build(W: Float32Array, sparse: boolean): { net: Network; c: Connection | SparseConnection } {
  const net = new Network();
  const X = new Input({ n: N, traces: true });
  const Y = new LIFNodes({ n: N, traces: true });
  net.addLayer(X, "X");
  net.addLayer(Y, "Y");
  const opts = { source: X, target: Y, w: new Tensor(W, [N, N], "float32"), updateRule: PostPre, nu: [1e-4, 1e-2], wmin: 0, wmax: 1 };
  const c = sparse ? new SparseConnection(opts) : new Connection(opts);
  net.addConnection(c, "X", "Y");
  return { net, c };
}

function timeRun(net: Network, data: Tensor, steps: number): number {
  const t0 = performance.now();
  net.run({ inputs: { X: data }, time: steps });
  return (performance.now() - t0) / steps;
}

function timeCompute(c: Connection | SparseConnection, s: Tensor, reps: number): number {
  const out = new Float32Array(N);
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) c.computeInto(out, s);
  return (performance.now() - t0) / reps;
}

const g = new Generator(1);
const data = new Tensor(Uint8Array.from({ length: (STEPS + 5) * N }, () => (g.nextFloat32() < P_IN ? 1 : 0)), [STEPS + 5, N], "uint8");
const warm = new Tensor(data.data.subarray(0, 5 * N), [5, N], "uint8");
const rest = new Tensor(data.data.subarray(5 * N), [STEPS, N], "uint8");
const spikes = new Tensor(data.data.subarray(0, N), [1, N], "uint8");

console.log(`| connectivity | Connection ms/step (run, PostPre) | SparseConnection ms/step | speed-up | Connection compute ms | Sparse compute ms | dense bytes/synapse | sparse bytes/synapse |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const p of [0.01, 0.05, 0.1]) {
  const W = new Float32Array(N * N);
  // weights scaled so that the target fires now and then at every connectivity
  const scale = 0.25 / (p * N * P_IN);
  for (let i = 0; i < W.length; i++) if (g.nextFloat32() < p) W[i] = Math.min(1, g.nextFloat32() * scale);
  const res: number[] = [];
  const comp: number[] = [];
  let nnz = 0;
  for (const sparse of [false, true]) {
    const { net, c } = build(W, sparse);
    if (c instanceof SparseConnection) nnz = c.nnz;
    timeRun(net, warm, 5);
    res.push(timeRun(net, rest, STEPS));
    comp.push(timeCompute(c, spikes, 20));
  }
  const denseBytes = (4 * N * N) / nnz;
  const sparseBytes = (8 * nnz + 4 * (N + 1)) / nnz;
  console.log(`| ${p * 100}% | ${res[0]!.toFixed(2)} | ${res[1]!.toFixed(2)} | ${(res[0]! / res[1]!).toFixed(1)}x | ${comp[0]!.toFixed(3)} | ${comp[1]!.toFixed(3)} | ${denseBytes.toFixed(0)} | ${sparseBytes.toFixed(2)} |`);
}
