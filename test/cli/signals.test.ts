/**
 * Real signals on a child `bindsnet` process: Ctrl-C / SIGTERM stop at the next sample with a
 * checkpoint and exit 130; a second Ctrl-C exits at once; kill -9 at random moments of a
 * `--checkpoint-every 1` run never leaves a checkpoint that resumes to a different network.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeCheckpoint } from "../../src/recipes/common.js";
import { tinyMnist, tmp } from "../examples/tiny-mnist.js";
import { bundleCli } from "./bundle.js";

let cli = "";
let data = "";
beforeAll(async () => {
  cli = await bundleCli();
  data = tinyMnist(40, 2);
}, 60_000);

interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function start(args: string[]): { child: ChildProcess; done: Promise<Done>; out: () => string } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<Done>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, out, err })));
  return { child, done, out: () => out };
}

async function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out waiting for the child");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const networkBytes = (dir: string): Uint8Array => decodeCheckpoint(new Uint8Array(readFileSync(join(dir, "checkpoint.bnck")))).network;

describe("bindsnet under signals", () => {
  const slow = ["eth-mnist", "--n-train", "40", "--n-test", "0", "--time", "200", "--n-neurons", "20", "--checkpoint-every", "0", "--backend", "js"];

  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    it(`${sig} stops at the next sample, writes the checkpoint, says where and exits 130`, async () => {
      const ck = tmp("bindsnet-sig-");
      const p = start([...slow, "--data-dir", data, "--checkpoint-dir", ck]);
      await waitFor(() => p.out().includes("Checkpoints:"));
      await new Promise((r) => setTimeout(r, 150));
      const t0 = Date.now();
      p.child.kill(sig);
      const r = await p.done;
      const ms = Date.now() - t0;
      expect(r.code).toBe(130);
      expect(r.err).toMatch(/Interrupted: saving a checkpoint after this sample/);
      expect(r.out).toMatch(new RegExp(`Interrupted: checkpoint saved in ${join(ck, "checkpoint.bnck").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(train phase, sample \\d+\\); continue with --resume`));
      expect(existsSync(join(ck, "checkpoint.bnck"))).toBe(true);
      // a second or so even on a loaded machine (a sample here takes a few milliseconds)
      expect(ms).toBeLessThan(3000);
    }, 30_000);
  }

  it("a second Ctrl-C exits at once without waiting for the checkpoint", async () => {
    const ck = tmp("bindsnet-sig2-");
    // long samples (about a second each): both signals arrive while one sample runs
    const long = ["eth-mnist", "--n-train", "4", "--n-test", "0", "--time", "6000", "--n-neurons", "100", "--backend", "js"];
    const p = start([...long, "--data-dir", data, "--checkpoint-dir", ck]);
    await waitFor(() => p.out().includes("Checkpoints:"));
    await new Promise((r) => setTimeout(r, 100));
    p.child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 100));
    p.child.kill("SIGINT");
    const r = await p.done;
    expect(r.code).toBe(130);
    expect(r.out).not.toMatch(/checkpoint saved/);
    expect(existsSync(join(ck, "checkpoint.bnck"))).toBe(false);
  }, 30_000);

  it("refuses to overwrite a checkpoint without --force, and --resume refuses differing options, naming them", async () => {
    const ck = tmp("bindsnet-force-");
    const args = ["eth-mnist", "--data-dir", data, "--checkpoint-dir", ck, "--n-train", "3", "--n-test", "0", "--time", "5", "--n-neurons", "4", "--backend", "js"];
    expect((await start(args).done).code).toBe(0);
    const again = await start(args).done;
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/eth-mnist: .*checkpoint\.bnck already holds a checkpoint; continue it with --resume, or overwrite it with --force/);
    expect((await start([...args, "--force"]).done).code).toBe(0);
    const differ = await start(["eth-mnist", "--data-dir", data, "--checkpoint-dir", ck, "--resume", "--n-train", "4", "--time", "5"]).done;
    expect(differ.code).toBe(2);
    expect(differ.err).toMatch(/--resume with options that differ from the checkpoint's: --n-train 4 \(checkpoint: 3\)/);
    // options not given come from the checkpoint
    const same = await start(["eth-mnist", "--data-dir", data, "--checkpoint-dir", ck, "--resume", "--backend", "js"]).done;
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/eth-mnist: 4 excitatory neurons, 3 training samples/);
  }, 30_000);

  it("kill -9 at random moments of a --checkpoint-every 1 run: every resume refuses clearly or ends with the uninterrupted network", async () => {
    const run = ["eth-mnist", "--data-dir", data, "--n-train", "12", "--n-test", "2", "--time", "8", "--n-neurons", "5", "--update-interval", "4", "--checkpoint-every", "1", "--backend", "js"];
    const refDir = tmp("bindsnet-k9-ref-");
    const t0 = Date.now();
    expect((await start([...run, "--checkpoint-dir", refDir]).done).code).toBe(0);
    const runMs = Date.now() - t0;
    const ref = networkBytes(refDir);
    // a deterministic spread of kill moments over the whole run (startup included)
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const outcomes = { refused: 0, resumed: 0, finishedBeforeKill: 0 };
    for (let i = 0; i < 20; i++) {
      const dir = tmp("bindsnet-k9-");
      const p = start([...run, "--checkpoint-dir", dir]);
      await new Promise((r) => setTimeout(r, rand() * runMs));
      p.child.kill("SIGKILL");
      const k = await p.done;
      if (k.code === 0) {
        outcomes.finishedBeforeKill++;
        expect(networkBytes(dir)).toEqual(ref);
        continue;
      }
      expect(k.signal).toBe("SIGKILL");
      const r = await start([...run, "--checkpoint-dir", dir, "--resume"]).done;
      if (r.code === 2) {
        outcomes.refused++;
        expect(r.err).toMatch(/eth-mnist: --resume given but .* holds no checkpoint \(checkpoint\.bnck\)/);
        continue;
      }
      expect(r.err).toBe(r.err.replace(/Error/g, ""));
      expect(r.code).toBe(0);
      outcomes.resumed++;
      expect(networkBytes(dir)).toEqual(ref);
    }
    expect(outcomes.resumed).toBeGreaterThan(0);
    console.log(`kill -9: ${JSON.stringify(outcomes)} (uninterrupted run ${runMs} ms)`);
  }, 120_000);
});
