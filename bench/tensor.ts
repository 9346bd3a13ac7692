/**
 * Tensor kernel benchmark: `npx tsx bench/tensor.ts` (or `npm run bench:tensor`).
 *
 * Prints, side by side with PyTorch on one thread (bench/peers/torch_tensor.py, run with
 * /usr/bin/python3 if it has torch; otherwise the column reads n/a), the median time per call of:
 * dense vs event-driven spike propagation (batch 1), a fused LIF update, and conv2d of one
 * 28x28 image with 25 5x5 filters. Results are recorded in docs/benchmarks.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { kernels } from "../src/backend/backend.js";
import { tensor } from "../src/tensor/creation.js";
import { conv2d } from "../src/tensor/conv.js";

/** Median microseconds per call, timing chunks of calls that last >= 1 ms each. */
function bench(fn: () => void, minTimeMs = 200, minReps = 5): number {
  for (let i = 0; i < 3; i++) fn();
  let k = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1) {
    fn();
    k++;
  }
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minReps || performance.now() - start < minTimeMs) {
    const t = performance.now();
    for (let i = 0; i < k; i++) fn();
    samples.push((performance.now() - t) / k);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]! * 1000;
}

/** Seeded uniform [0, 1) values (same stream every run). */
function uniform(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32;
  }
  return out;
}

function torchPeer(): Record<string, number> | null {
  const py = "/usr/bin/python3";
  if (!existsSync(py)) return null;
  const script = fileURLToPath(new URL("./peers/torch_tensor.py", import.meta.url));
  const r = spawnSync(py, [script], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as Record<string, number>;
  } catch {
    return null;
  }
}

interface Row {
  name: string;
  ours: number;
  label?: string;
}

function main(): void {
  const rows: Row[] = [];
  const k = kernels();

  for (const [nPre, nPost] of [[784, 400], [1000, 1000], [5000, 5000]] as const) {
    const w = uniform(nPre * nPost, 1);
    const out = new Float32Array(nPost);
    for (const p of [0.01, 0.05, 0.2]) {
      const u = uniform(nPre, 2);
      const s = u.map((x) => (x < p ? 1 : 0));
      const key = `prop ${nPre}x${nPost} ${Math.round(p * 100)}%`;
      const big = nPre * nPost > 1e7;
      rows.push({ name: `${key} dense`, ours: bench(() => k.gemm(out, s, w, 1, nPre, nPost), big ? 300 : 200, big ? 3 : 5) });
      rows.push({ name: `${key} event`, ours: bench(() => k.spikeMatmul(out, s, w, 1, nPre, nPost)) });
    }
  }

  // Fused LIF step with BindsNET's defaults (thresh -52, rest = reset -65, refrac 5, tc_decay 100).
  const lif = (k as unknown as Record<string, unknown>).lifStep as
    | ((v: Float32Array, rc: Float32Array, s: Uint8Array, x: Float32Array | null, summed: Float32Array | null, batch: number, n: number, p: object) => void)
    | undefined;
  const decay = Math.fround(Math.exp(-1 / 100));
  const params = { decay, rest: -65, reset: -65, thresh: -52, refrac: 5, dt: 1, lbound: null };
  for (const n of [1e3, 1e4, 1e5, 1e6]) {
    const v = new Float32Array(n).fill(-65);
    const rc = new Float32Array(n);
    const s = new Uint8Array(n);
    const x = uniform(n, 3).map((a) => a * 20);
    if (lif) {
      rows.push({ name: `lif ${n}`, ours: bench(() => lif(v, rc, s, x, null, 1, n, params)) });
    } else {
      const fr = Math.fround;
      rows.push({
        name: `lif ${n}`,
        label: " (bench-local loop)",
        ours: bench(() => {
          for (let i = 0; i < n; i++) {
            let vv = fr(fr(decay * fr(v[i]! + 65)) - 65);
            const c = rc[i]!;
            vv = fr(vv + (c > 0 ? 0 : x[i]!));
            const spk = vv >= -52;
            s[i] = spk ? 1 : 0;
            rc[i] = spk ? 5 : fr(c - 1);
            v[i] = spk ? -65 : vv;
          }
        }),
      });
    }
  }

  const img = tensor(uniform(28 * 28, 4), { shape: [1, 1, 28, 28] });
  const wc = tensor(uniform(25 * 25, 5), { shape: [25, 1, 5, 5] });
  rows.push({ name: "conv2d 1x1x28x28 25x5x5", ours: bench(() => conv2d(img, wc)) });

  const peer = torchPeer();
  const fmt = (us: number): string => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
  console.log(`bench/tensor.ts — node ${process.version}, ${new Date().toISOString().slice(0, 10)}; PyTorch: ${peer ? "/usr/bin/python3, torch.set_num_threads(1)" : "n/a"}`);
  console.log("");
  console.log("| case | bindsnet (js) | PyTorch 1 thread | js / torch |");
  console.log("|---|---:|---:|---:|");
  for (const r of rows) {
    const t = peer?.[r.name];
    const name = r.name + (r.label ?? "");
    console.log(`| ${name} | ${fmt(r.ours)} | ${t === undefined ? "n/a" : fmt(t)} | ${t === undefined ? "n/a" : (r.ours / t).toFixed(2)} |`);
  }
}

main();
