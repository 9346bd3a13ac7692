/** Smoke runs of the reinforcement-learning example commands (Breakout, dot tracing) with tiny settings. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { referenceArgv } from "../../src/cli/breakout.js";
import { main } from "../../src/cli/index.js";
import { captureIO, tmp } from "./tiny-mnist.js";

/** Runs a command; its checkpoint goes to a fresh folder unless the arguments name one. */
async function run(args: string[]): Promise<{ code: number; out: string; lines: string[]; err: string }> {
  const io = captureIO();
  const code = await main(args.includes("--checkpoint-dir") ? args : [...args, "--checkpoint-dir", tmp("bindsnet-rl-ck-")], io);
  return { code, out: io.lines.join("\n"), lines: io.lines, err: io.errText() };
}

/** The output without the wall-clock rates, for comparing two runs. */
const noRates = (s: string): string => s.replace(/[\d.]+ steps\/s/g, "R steps/s").replace(/Time: [\d.]+/g, "Time: T").replace(/^Checkpoints: .*$/m, "Checkpoints: C");

describe("breakout-random-baseline", () => {
  it("prints per-window rewards with their true running mean, and the episode lengths", async () => {
    const r = await run(["breakout-random-baseline", "--n", "600", "--print-interval", "100", "--seed", "3"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const windows = [...r.out.matchAll(/^Step (\d+): reward (\d+) over the last 100 steps, average ([\d.]+)$/gm)];
    expect(windows.map((m) => Number(m[1]))).toEqual([100, 200, 300, 400, 500, 600]);
    let sum = 0;
    windows.forEach((m, i) => {
      sum += Number(m[2]);
      expect(Number(m[3])).toBeCloseTo(sum / (i + 1), 2); // mean over i + 1 windows (the reference was off by one)
    });
    const eps = [...r.out.matchAll(/^Episode (\d+) length: (\d+) steps, total reward: (\d+) \([\d.]+ steps\/s\)$/gm)];
    expect(eps.length).toBeGreaterThan(0);
    const lengths = eps.map((m) => Number(m[2]));
    expect(r.out).toContain(`Episode lengths: ${lengths.join(", ")}`);
    expect(lengths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(600);
    // every reward counted in a window belongs to a step; windows and episodes agree in total
    const epRewards = eps.map((m) => Number(m[3])).reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThanOrEqual(epRewards);
  });

  it("is reproducible for a seed and differs between seeds", async () => {
    const a = await run(["breakout-random-baseline", "--n-steps", "400", "--seed", "5"]);
    const b = await run(["breakout-random-baseline", "--n_steps", "400", "--seed", "5"]);
    const c = await run(["breakout-random-baseline", "--n-steps", "400", "--seed", "6"]);
    expect(noRates(a.out)).toBe(noRates(b.out));
    expect(noRates(a.out)).not.toBe(noRates(c.out));
  });
});

describe("network agents", () => {
  it("breakout-random-network plays its episodes through the EnvironmentPipeline and prints Iteration lines", async () => {
    const r = await run(["breakout-random-network", "--n", "2", "--max-steps", "12", "--time", "5", "--print-interval", "6"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Hebbian on hidden→output/);
    // a served ball needs more than 12 steps to fall past the paddle: both episodes hit the limit
    expect(r.lines.filter((l) => /^Episode [01] total reward: \d+ \(12 steps, [\d.]+ steps\/s\)$/.test(l))).toHaveLength(2);
    expect(r.lines.filter((l) => /^Iteration: (6|12) \(Time: [\d.]+\)$/.test(l))).toHaveLength(4);
    expect(r.out).toMatch(/^Mean reward: [\d.]+ over 2 episodes$/m);
  });

  it("breakout (Izhikevich, no learning) prints 'Episode i total reward'", async () => {
    const r = await run(["breakout", "--n-episodes", "1", "--max-steps", "10", "--time", "5", "--n-neurons", "20"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Izhikevich\(20\) → Izhikevich\(4\), no learning/);
    expect(r.out).toMatch(/^Episode 0 total reward: \d+ \(10 steps, [\d.]+ steps\/s\)$/m);
  });

  it("breakout-stdp trains, then tests with learning off, and writes plots", async () => {
    const plots = tmp("bindsnet-rl-plots-");
    const r = await run(["breakout-stdp", "--n-episodes", "2", "--n-test", "1", "--max-steps", "8", "--time", "5", "--plot-dir", plots, "--plot-interval", "4"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const i = r.lines.indexOf("Training:");
    const j = r.lines.indexOf("Testing:");
    expect(i).toBeGreaterThan(0);
    expect(j).toBeGreaterThan(i);
    expect(r.lines.slice(i + 1, j).filter((l) => /^Episode [01] total reward: \d+ \(8 steps/.test(l))).toHaveLength(2);
    expect(r.lines.slice(j + 1).filter((l) => /^Episode 0 total reward: \d+ \(8 steps/.test(l))).toHaveLength(1);
    expect(r.out).toMatch(/Mean reward: [\d.]+ over 2 episodes \(training\), [\d.]+ over 1 test episodes/);
    for (const f of ["rewards-train.svg", "rewards-test.svg", "hidden-output-weights.png"]) expect(existsSync(join(plots, f))).toBe(true);
    expect(readdirSync(join(plots, "pipeline")).length).toBeGreaterThan(0);
  });
});

describe("dot-tracing", () => {
  it("trains and tests, printing iterations and episode rewards, and writes the CSVs", async () => {
    const out = tmp("bindsnet-dots-");
    const r = await run(["dot-tracing", "--trn-eps", "2", "--tst-eps", "1", "--steps", "10", "--granularity", "10", "--neurons", "20", "--dim", "12", "--fpath", out, "--seed", "4"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/LIF\(5, MSTDPET\)/);
    expect(r.lines.filter((l) => /^Iteration: 10, reward: -?[\d.]+, accumulated reward: -?[\d.]+$/.test(l))).toHaveLength(3);
    const eps = r.lines.filter((l) => /^Episode \d \((train|test)\) total reward: -?[\d.]+, intercepts: \d+ \(10 steps, [\d.]+ steps\/s\)$/.test(l));
    expect(eps.map((l) => /\((train|test)\)/.exec(l)![1])).toEqual(["train", "train", "test"]);
    const rewards = readFileSync(join(out, "rewards_s4.csv"), "utf8").trim().split("\n");
    expect(rewards[0]).toBe("episode,phase,total_reward");
    expect(rewards.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["0,train", "1,train", "2,test"]);
    expect(readFileSync(join(out, "intercepts_s4.csv"), "utf8").trim().split("\n")).toHaveLength(4);
    // one CSV line per grid row per step: 3 episodes × 10 steps × 12 rows
    expect(readFileSync(join(out, "grids_s4_0.csv"), "utf8").trim().split("\n")).toHaveLength(360);
  });

  it("reads boolean options as booleans: --diag gives 9 actions, --no-write writes nothing, --diag=False is false, --diag=maybe a usage error", async () => {
    const out = tmp("bindsnet-dots-");
    const r = await run(["dot-tracing", "--trn-eps", "1", "--tst-eps", "0", "--steps", "4", "--granularity", "5", "--neurons", "10", "--dim", "10", "--diag", "--no-write", "--fpath", out, "--print-interval", "100"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/LIF\(9, MSTDPET\)/);
    expect(readdirSync(out)).toEqual([]);
    const off = await run(["dot-tracing", "--trn-eps", "1", "--tst-eps", "0", "--steps", "2", "--granularity", "5", "--neurons", "10", "--dim", "10", "--diag=False", "--no-write", "--fpath", out, "--print-interval", "100"]);
    expect(off.code).toBe(0);
    expect(off.out).toMatch(/LIF\(5, MSTDPET\)/);
    const bad = await run(["dot-tracing", "--diag=maybe"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--diag is "maybe", expected true or false/);
  });

  it("the thin scripts translate the reference's spellings (-n, --diag False)", () => {
    expect(referenceArgv(["-n", "5", "--diag", "False", "--write", "True", "--mute", "--steps", "3"], ["diag", "write", "mute"])).toEqual(["--n", "5", "--diag=false", "--write=true", "--mute", "--steps", "3"]);
    expect(referenceArgv(["--allow_stay", "0"], ["allow-stay"])).toEqual(["--allow-stay=false"]);
  });
});

describe("bad options", () => {
  it("exit with code 2 and the usage", async () => {
    for (const args of [["breakout-stdp", "--n-episodes", "-1"], ["breakout", "--bogus"], ["dot-tracing", "--boundh", "wrap"], ["breakout-random-baseline", "--n", "x"]]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`--${args[1]!.slice(2)}`));
      expect(r.err).toMatch(/Usage: bindsnet /);
    }
  });
});
