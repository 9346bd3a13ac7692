/**
 * The wasm kernel wrappers' own cost: 1e6 calls of `lifStep` (n = 100, number parameters, state
 * in wasm memory) and of `spikeMatmul` (784 x 100, float32 weights, 3 spikes of 784), each
 * timed through the wrapper and through the raw module export with the same addresses; the
 * difference is what the wrapper adds per call (argument checks, addresses, `done`). Then
 * Diehl & Cook training with 100 excitatory neurons (bench/dc-network.ts, wasm backend, 250
 * steps per image, 784 Bernoulli inputs), the workload these wrappers were profiled on:
 * images per second, the fastest of 60 presentations of one image after one to warm up.
 *
 * Run: `npx tsx bench/wasm-wrappers.ts [--calls 1000000] [--rounds 3] [--before DIR]`.
 * `--before DIR` names a checkout of an earlier version (a directory holding its `src/`, with
 * the generated wasm binary, and `bench/dc-network.ts`): rounds then alternate this tree and
 * that one, each in a fresh process, and a table compares them (recorded in
 * docs/benchmarks.md with `uptime`'s load average).
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : dflt;
};
const calls = Number(opt("--calls", "1000000"));
const rounds = Number(opt("--rounds", "3"));
const before = opt("--before", "");
const child = opt("--child", "");
const here = resolve(fileURLToPath(import.meta.url), "../..");

interface Result {
  lif: number;
  lifRaw: number;
  matmul: number;
  matmulRaw: number;
  dc: number;
}

/**
 * Nanoseconds per call of `f` (a wrapper) and `g` (the raw export): `n` calls of each, in 20
 * blocks that alternate f and g, each measure the fastest block (the one least disturbed by
 * other processes on a loaded machine; f and g see the same conditions).
 */
function pair(f: () => void, g: () => void, n: number): [number, number] {
  for (let i = 0; i < 20000; i++) {
    f();
    g();
  }
  const per = Math.ceil(n / 20);
  let bf = Infinity;
  let bg = Infinity;
  for (let b = 0; b < 20; b++) {
    let t = process.hrtime.bigint();
    for (let i = 0; i < per; i++) f();
    bf = Math.min(bf, Number(process.hrtime.bigint() - t) / per);
    t = process.hrtime.bigint();
    for (let i = 0; i < per; i++) g();
    bg = Math.min(bg, Number(process.hrtime.bigint() - t) / per);
  }
  return [bf, bg];
}

/** Times the wrappers of the tree at `root` (its own wasm backend, js kernels and heap). */
async function measure(root: string): Promise<Result> {
  const mod = (await import(pathToFileURL(resolve(root, "src/backend/wasm/index.ts")).href)) as typeof import("../src/backend/wasm/index.js");
  const be = mod.loadWasmBackend();
  const k = be.kernels;
  const ex = be.exports;
  const f32 = (n: number): Float32Array => be.alloc("float32", n) as Float32Array;
  const u8 = (n: number): Uint8Array => be.alloc("uint8", n) as Uint8Array;

  // lifStep, n = 100, batch 1, Diehl & Cook-like scalar parameters (float32 values).
  const n = 100;
  const v = f32(n).fill(-65);
  const rc = f32(n);
  const s = u8(n);
  const x = f32(n).fill(0.5);
  const fr = Math.fround;
  const p = { decay: fr(Math.exp(-1 / 100)), rest: -65, reset: -65, thresh: -52, refrac: 5, dt: 1, lbound: null };
  const lif = (): void => k.lifStep(v, rc, s, x, null, 1, n, p);
  const lifRaw = (): void =>
    ex.lifStep(v.byteOffset, rc.byteOffset, s.byteOffset, x.byteOffset, 0, 1, n, 0, p.decay, 0, p.rest, 0, p.reset, 0, p.thresh, 0, p.refrac, fr(p.dt), 0, 0, 0);

  // spikeMatmul, 784 x 100, batch 1, 3 spikes.
  const nPre = 784;
  const nPost = 100;
  const out = f32(nPost);
  const w = f32(nPre * nPost);
  for (let i = 0; i < w.length; i++) w[i] = fr(((i * 2654435761) >>> 0) / 2 ** 32);
  const sp = u8(nPre);
  sp[10] = sp[400] = sp[700] = 1;
  const matmul = (): void => k.spikeMatmul(out, sp, w, 1, nPre, nPost);
  const matmulRaw = (): void => ex.spikeMatmulF32U8(out.byteOffset, sp.byteOffset, w.byteOffset, 1, nPre, nPost);

  const fallback0 = be.stats.fallback;
  const [lifW, lifR] = pair(lif, lifRaw, calls);
  const [mmW, mmR] = pair(matmul, matmulRaw, calls);
  const r = { lif: lifW, lifRaw: lifR, matmul: mmW, matmulRaw: mmR, dc: 0 };
  if (be.stats.fallback !== fallback0) throw new Error("bench/wasm-wrappers: a timed call fell back to the js kernel");
  r.dc = await dcImagesPerSecond(root);
  return r;
}

/** Diehl & Cook training throughput (images/s) of the tree at `root`, wasm backend, 100 neurons. */
async function dcImagesPerSecond(root: string): Promise<number> {
  const imp = async <T>(file: string): Promise<T> => (await import(pathToFileURL(resolve(root, file)).href)) as T;
  const { setBackend } = await imp<typeof import("../src/backend/backend.js")>("src/backend/backend.ts");
  const { tensor } = await imp<typeof import("../src/tensor/creation.js")>("src/tensor/creation.ts");
  const { diehlCookNetwork } = await imp<typeof import("./dc-network.js")>("bench/dc-network.ts");
  setBackend("wasm");
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const net = diehlCookNetwork(100, rnd);
  const rates = Array.from({ length: 784 }, () => (rnd() < 0.15 ? 128 * rnd() : 0));
  const d = new Uint8Array(250 * 784);
  for (let t = 0; t < 250; t++) for (let i = 0; i < 784; i++) d[t * 784 + i] = rnd() < rates[i]! / 1000 ? 1 : 0;
  const x = tensor(d, { dtype: "bool", shape: [250, 784] });
  let best = Infinity;
  for (let k = 0; k < 61; k++) {
    const t0 = performance.now();
    net.run({ inputs: { X: x }, time: 250 });
    net.resetStateVariables();
    if (k > 0) best = Math.min(best, performance.now() - t0);
  }
  return 1000 / best;
}

if (child) {
  process.stdout.write(JSON.stringify(await measure(child)) + "\n");
} else {
  const trees = before ? [["before", resolve(before)], ["after", here]] : [["this tree", here]];
  const results = new Map<string, Result[]>(trees.map(([name]) => [name!, []]));
  const loads: string[] = [loadavg()[0]!.toFixed(2)];
  for (let r = 0; r < rounds; r++) {
    for (const [name, root] of trees) {
      const c = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", root!, "--calls", String(calls)], { encoding: "utf8" });
      if (c.status !== 0) throw new Error(`bench/wasm-wrappers: the run for ${name} failed:\n${c.stderr}`);
      const res = JSON.parse(c.stdout.trim().split("\n").pop()!) as Result;
      results.get(name!)!.push(res);
      console.error(`round ${r + 1} ${name}: ${JSON.stringify(res)}`);
    }
    loads.push(loadavg()[0]!.toFixed(2));
  }
  const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(1)).join(", ");
  console.log(`${calls} calls per measure, ${rounds} rounds alternated; 1-min load average ${loads.join(" / ")}`);
  console.log(`\n| ns per call | ${trees.map(([name]) => name).join(" | ")} |`);
  console.log(`|---|${trees.map(() => "---:").join("|")}|`);
  const rows: [string, keyof Result][] = [
    ["lifStep n = 100, wrapper", "lif"],
    ["lifStep n = 100, raw export", "lifRaw"],
    ["spikeMatmul 784 x 100 (3 spikes), wrapper", "matmul"],
    ["spikeMatmul 784 x 100 (3 spikes), raw export", "matmulRaw"],
  ];
  const dcRow = `| Diehl & Cook, 100 neurons, wasm (images/s) | ${trees.map(([name]) => fmt(results.get(name!)!.map((x) => x.dc))).join(" | ")} |`;
  for (const [label, key] of rows) console.log(`| ${label} | ${trees.map(([name]) => fmt(results.get(name!)!.map((x) => x[key]))).join(" | ")} |`);
  console.log(`| lifStep, wrapper minus raw | ${trees.map(([name]) => fmt(results.get(name!)!.map((x) => x.lif - x.lifRaw))).join(" | ")} |`);
  console.log(`| spikeMatmul, wrapper minus raw | ${trees.map(([name]) => fmt(results.get(name!)!.map((x) => x.matmul - x.matmulRaw))).join(" | ")} |`);
  console.log(dcRow);
}
