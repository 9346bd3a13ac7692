import { describe, expect, it } from "vitest";
import { commands, main, mainUsage } from "../../src/cli/index.js";
import { captureIO, tinyMnist, tmp } from "../examples/tiny-mnist.js";

describe("bindsnet command", () => {
  it("has every example of the reference's examples/mnist, breakout and dotTracing", () => {
    const mnist = ["batch-eth-mnist", "conv-mnist", "conv1d-mnist", "conv3d-mnist", "eth-mnist", "loc1d-mnist", "loc2d-mnist", "loc3d-mnist", "main-job", "mcc-reservoir", "reservoir", "som-lm-snns", "supervised-mnist"];
    const rl = ["breakout", "breakout-random-baseline", "breakout-random-network", "breakout-stdp", "dot-tracing"];
    expect(commands().map((c) => c.name).sort()).toEqual([...mnist, ...rl, "evaluate"].sort());
  });

  it("prints usage and exits 2 without an example, 0 with --help", async () => {
    const io = captureIO();
    expect(await main([], io)).toBe(2);
    expect(io.errText()).toContain("Usage: bindsnet <example>");
    const io2 = captureIO();
    expect(await main(["eth-mnist", "--help"], io2)).toBe(0);
    expect(io2.lines.join("\n")).toMatch(/--n-neurons <int> +excitatory neurons \(default 100\)/);
    expect(io2.lines.join("\n")).toMatch(/--inh <float> .*\(default 120\)/);
    expect(mainUsage()).toMatch(/eth-mnist/);
  });

  it("rejects an unknown example, an unknown flag and a negative count with usage and exit 2", async () => {
    const io = captureIO();
    expect(await main(["eth-mnst"], io)).toBe(2);
    expect(io.errText()).toMatch(/bindsnet: unknown example "eth-mnst"; did you mean eth-mnist\?/);
    expect(io.errText()).toMatch(/Sweeps:\n  sweep /);
    const io2 = captureIO();
    expect(await main(["eth-mnist", "--n-train", "10", "--bogus"], io2)).toBe(2);
    expect(io2.errText()).toMatch(/bindsnet eth-mnist: unknown option --bogus/);
    expect(io2.errText()).toMatch(/Usage: bindsnet eth-mnist \[options\]/);
    const io3 = captureIO();
    expect(await main(["conv-mnist", "--n-train", "-5"], io3)).toBe(2);
    expect(io3.errText()).toMatch(/bindsnet conv-mnist: --n-train is -5, expected a value >= 0/);
  });

  it("reports a missing data set as a usage error (exit 2)", async () => {
    const io = captureIO();
    const empty = tmp("bindsnet-nodata-");
    expect(await main(["eth-mnist", "--data-dir", empty, "--n-train", "1"], io)).toBe(2);
    expect(io.errText()).toMatch(/eth-mnist: MNIST data set not found: MNIST: MNIST training files not found/);
  });

  it("reports --resume without a checkpoint as a usage error", async () => {
    const io = captureIO();
    const data = tinyMnist(4, 2);
    expect(await main(["eth-mnist", "--data-dir", data, "--checkpoint-dir", tmp("bindsnet-none-"), "--resume"], io)).toBe(2);
    expect(io.errText()).toMatch(/eth-mnist: --resume given but .* holds no checkpoint/);
  });

  it("states in every example's --help how long its defaults take", async () => {
    for (const c of commands()) {
      const io = captureIO();
      expect(await main([c.name, "--help"], io)).toBe(0);
      expect(io.lines.join("\n")).toMatch(/Run time with the defaults: .*(\d+ (min|h|s)|minutes|months)/);
    }
    const io = captureIO();
    await main(["conv3d-mnist", "--help"], io);
    expect(io.lines.join("\n")).toMatch(/about 130 h.*try --n-train 500/);
  });
});
