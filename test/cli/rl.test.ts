/**
 * The Breakout and dot-tracing commands on the recipe runner: checkpoints, --resume, and a
 * real Ctrl-C that stops a running episode within a step, exits 130 and resumes to the
 * network an uninterrupted run ends with.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { decodeCheckpoint } from "../../src/recipes/common.js";
import { captureIO, tmp } from "../examples/tiny-mnist.js";
import { bundleCli } from "./bundle.js";

const ckBytes = (dir: string): Uint8Array => new Uint8Array(readFileSync(join(dir, "checkpoint.bnck")));
const netBytes = (dir: string): Buffer => Buffer.from(decodeCheckpoint(ckBytes(dir)).network);

async function run(args: string[]): Promise<{ code: number; lines: string[]; err: string }> {
  const io = captureIO();
  const code = await main(args, io);
  return { code, lines: io.lines, err: io.errText() };
}

describe("reinforcement-learning commands on the recipe runner", () => {
  it("dot-tracing: --stop-after 1 (episode) exits 130 with a checkpoint; --resume ends like an uninterrupted run", async () => {
    const args = ["dot-tracing", "--trn-eps", "2", "--tst-eps", "1", "--steps", "5", "--granularity", "5", "--neurons", "8", "--dim", "8", "--no-write", "--seed", "2", "--backend", "js"];
    const ref = tmp("bindsnet-rl-ref-");
    const a = await run([...args, "--checkpoint-dir", ref]);
    expect(a.code).toBe(0);
    const ck = tmp("bindsnet-rl-ck-");
    const b = await run([...args, "--checkpoint-dir", ck, "--stop-after", "1"]);
    expect(b.code).toBe(130);
    expect(b.lines.filter((l) => l.startsWith("Episode "))).toHaveLength(1);
    expect(b.lines.at(-1)).toMatch(/^Interrupted: checkpoint saved in .*checkpoint\.bnck \(train phase, sample 5\); continue with --resume$/);
    // starting afresh over it is refused; options given with --resume must match
    expect((await run([...args, "--checkpoint-dir", ck])).err).toMatch(/already holds a checkpoint; continue it with --resume/);
    expect((await run(["dot-tracing", "--checkpoint-dir", ck, "--resume", "--neurons", "9"])).err).toMatch(/--resume with options that differ from the checkpoint's: --neurons 9 \(checkpoint: 8\)/);
    const c = await run(["dot-tracing", "--checkpoint-dir", ck, "--resume", "--backend", "js"]);
    expect(c.code).toBe(0);
    const eps = (lines: string[]): string[] => lines.filter((l) => l.startsWith("Episode ")).map((l) => l.replace(/[\d.]+ steps\/s/, ""));
    expect([...eps(b.lines), ...eps(c.lines)]).toEqual(eps(a.lines));
    expect(c.lines.at(-1)).toBe(a.lines.at(-1)); // Mean reward: ...
    expect(netBytes(ck).equals(netBytes(ref))).toBe(true);
  });

  describe("under a real Ctrl-C", () => {
    let cli = "";
    beforeAll(async () => {
      cli = await bundleCli();
    }, 60_000);

    it("breakout-stdp stops inside an episode within a few seconds, exits 130, and resumes to the uninterrupted network", async () => {
      // one long episode (a ball is lost about every 50 steps: 5 lives take a few hundred steps of ~10 ms)
      const args = ["breakout-stdp", "--n-episodes", "1", "--n-test", "0", "--max-steps", "400", "--time", "40", "--n-neurons", "16", "--seed", "1", "--checkpoint-every", "0", "--backend", "js"];
      const ck = tmp("bindsnet-rl-sig-");
      const child: ChildProcess = spawn(process.execPath, [cli, ...args, "--checkpoint-dir", ck], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
      const done = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      const t0 = Date.now();
      while (!out.includes("Checkpoints:")) {
        if (Date.now() - t0 > 20_000) throw new Error("the child did not start");
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, 300));
      const t1 = Date.now();
      child.kill("SIGINT");
      const code = await done;
      expect(code).toBe(130);
      expect(Date.now() - t1).toBeLessThan(3000);
      expect(out).toMatch(/Interrupted: checkpoint saved in .*\(train phase, sample \d+\); continue with --resume/);
      expect(out).not.toMatch(/^Episode 0 total reward/m); // stopped inside the episode
      const state = decodeCheckpoint<{ current: { steps: number } | null }>(ckBytes(ck)).header.state;
      expect(state.current!.steps).toBeGreaterThan(0);
      const resumed = await run(["breakout-stdp", "--checkpoint-dir", ck, "--resume", "--backend", "js"]);
      expect(resumed.code).toBe(0);
      const ref = tmp("bindsnet-rl-sigref-");
      const whole = await run([...args, "--checkpoint-dir", ref]);
      expect(whole.code).toBe(0);
      const line = (lines: string[]): string => lines.find((l) => l.startsWith("Episode 0 "))!.replace(/[\d.]+ steps\/s/, "");
      expect(line(resumed.lines)).toBe(line(whole.lines));
      expect(netBytes(ck).equals(netBytes(ref))).toBe(true);
    }, 60_000);
  });
});
