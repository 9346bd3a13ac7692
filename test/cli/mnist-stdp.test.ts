/** src/cli/mnist-stdp.ts: the Diehl & Cook commands' flags → the recipes' configs, and their description line. */
import { describe, expect, it } from "vitest";
import { CliError, parseArgs } from "../../src/cli/args.js";
import { dcCommand, dcOptions } from "../../src/cli/mnist-stdp.js";
import { dcDefaults } from "../../src/recipes/diehl-and-cook.js";
import { expectFlagsMatchRecipe } from "./spec-check.js";

const VARIANTS = ["eth-mnist", "batch-eth-mnist", "supervised-mnist", "main-job"] as const;

describe("Diehl & Cook commands", () => {
  it.each(VARIANTS)("%s: every flag is a config field with the recipe's default", (v) => {
    const spec = dcCommand(v);
    expect(spec.recipe.name).toBe(v);
    const c = expectFlagsMatchRecipe(dcOptions(v), spec as never);
    expect(c.nNeurons).toBe(dcDefaults[v].nNeurons);
  });

  it("variant flags: batch size, weight dtype and sparse for batch-eth-mnist only; n-clamp for supervised-mnist only", () => {
    const names = (v: (typeof VARIANTS)[number]): string[] => dcOptions(v).map((o) => o.name);
    expect(names("batch-eth-mnist")).toEqual(expect.arrayContaining(["batch-size", "n-updates", "w-dtype", "sparse"]));
    expect(names("eth-mnist")).not.toContain("batch-size");
    expect(names("supervised-mnist")).toContain("n-clamp");
    expect(names("main-job")).not.toContain("n-clamp");
    expect(() => parseArgs("bindsnet batch-eth-mnist", dcOptions("batch-eth-mnist"), ["--w-dtype", "float64"])).toThrow(new CliError('bindsnet batch-eth-mnist: --w-dtype is "float64", expected one of float32, float16'));
  });

  it("flags reach the config: --test turns training off, --n-neurons and --inh are read", () => {
    const c = expectFlagsMatchRecipe(dcOptions("eth-mnist"), dcCommand("eth-mnist") as never, ["--test", "--n-neurons", "25", "--inh", "60"]);
    expect([c.train, c.nNeurons, c.inh]).toEqual([false, 25, 60]);
  });

  it("describes the run in one line", () => {
    const spec = dcCommand("batch-eth-mnist");
    const line = spec.describe({ ...dcDefaults["batch-eth-mnist"], nNeurons: 10, nTrain: 50, nEpochs: 2, nTest: 5 }, "js");
    expect(line).toBe("batch-eth-mnist: 10 excitatory neurons, 50 training samples × 2 epoch(s), 5 test samples, time 100 ms, batches of 32, backend js, Network.run");
  });
});
