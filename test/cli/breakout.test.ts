/** src/cli/breakout.ts: the Breakout commands' flags, lines, plots and the reference argv translation. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { breakoutCommand, breakoutCommands, episodeClock, episodeLine, randomBaselineCommand, referenceArgv, rlRecipeOptions, writeRlPlots } from "../../src/cli/breakout.js";
import { Input } from "../../src/network/nodes/input.js";
import { Connection } from "../../src/network/topology/connection.js";
import { t32 } from "../helpers/layers.js";
import { captureIO } from "../examples/tiny-mnist.js";
import { expectFlagsMatchRecipe } from "./spec-check.js";

const dir = mkdtempSync(join(tmpdir(), "bindsnet-cli-breakout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Breakout commands", () => {
  it("map their flags onto the recipes with their defaults; -n is the episode (or step) count", () => {
    const [baseline, ...nets] = breakoutCommands;
    expect(breakoutCommands.map((c) => c.name)).toEqual(["breakout-random-baseline", "breakout-random-network", "breakout", "breakout-stdp"]);
    expectFlagsMatchRecipe(baseline!.options, randomBaselineCommand() as never);
    expect(expectFlagsMatchRecipe(baseline!.options, randomBaselineCommand() as never, ["-n", "500"]).nSteps).toBe(500);
    for (const c of nets) {
      const spec = breakoutCommand(c.name as never);
      expectFlagsMatchRecipe(c.options, spec as never);
      expect(expectFlagsMatchRecipe(c.options, spec as never, ["-n", "3"]).nEpisodes).toBe(3);
    }
    expect(nets[2]!.options.map((o) => o.name)).toContain("n-test");
    expect(nets[0]!.options.map((o) => o.name)).not.toContain("n-test");
  });

  it("rlRecipeOptions drops --data-dir and counts --checkpoint-every in environment steps", () => {
    const o = rlRecipeOptions("breakout", 250);
    expect(o.map((s) => s.name)).not.toContain("data-dir");
    const every = o.find((s) => s.name === "checkpoint-every")!;
    expect(every.default).toBe(250);
    expect(every.help).toMatch(/environment steps/);
    expect(breakoutCommands[0]!.options.find((s) => s.name === "checkpoint-every")!.default).toBe(100000);
  });

  it("episodeLine prints integer rewards as integers, others with two decimals; episodeClock measures steps/s", () => {
    expect(episodeLine("Episode ", 3, { reward: 2, steps: 187, stepsPerSecond: 52.14 })).toBe("Episode 3 total reward: 2 (187 steps, 52.1 steps/s)");
    expect(episodeLine("Test ", 0, { reward: 0.5, steps: 10, stepsPerSecond: 1 })).toBe("Test 0 total reward: 0.50 (10 steps, 1.0 steps/s)");
    const clock = episodeClock();
    clock.start();
    const t = performance.now();
    while (performance.now() - t < 20);
    const r = clock.rate(100);
    expect(r).toBeGreaterThan(0);
    expect(r).toBeLessThan(100 / 0.019);
  });

  it("referenceArgv translates -n and Python-style boolean values", () => {
    expect(referenceArgv(["-n", "5", "--diag", "False", "--write", "1", "--dim", "28", "--mute"], ["diag", "write", "mute"])).toEqual(["--n", "5", "--diag=false", "--write=true", "--dim", "28", "--mute"]);
    expect(referenceArgv(["--fit_func", "dir"], [])).toEqual(["--fit_func", "dir"]);
  });

  it("writeRlPlots writes one reward curve per non-empty list and the weights as a PNG", () => {
    const io = captureIO();
    const c = new Connection({ source: new Input({ n: 3 }), target: new Input({ n: 2 }), w: t32([0, 0.5, 1, 0.25, 0.75, 0.1], [3, 2]) });
    const files = writeRlPlots(dir, io, { train: [0, 1, 2, 1], test: [] }, { name: "w", w: c });
    expect(files).toEqual([join(dir, "rewards-train.svg"), join(dir, "w.png")]);
    expect(existsSync(join(dir, "rewards-test.svg"))).toBe(false);
    expect(readFileSync(files[0]!, "utf8")).toMatch(/^<svg|<\?xml/);
    expect(Array.from(readFileSync(files[1]!).subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    expect(io.lines).toEqual([`Plots written: ${files.join(", ")}`]);
  });
});
