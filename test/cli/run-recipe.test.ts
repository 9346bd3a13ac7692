/** src/cli/run-recipe.ts: the options every recipe command has, and the refusals before a run (full runs: signals.test.ts, rl.test.ts). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError, parseArgs } from "../../src/cli/args.js";
import { makeControl } from "../../src/cli/control.js";
import { dcCommand, dcOptions } from "../../src/cli/mnist-stdp.js";
import { CHECKPOINT_FILE, recipeOptions, runRecipeCommand } from "../../src/cli/run-recipe.js";
import { captureIO } from "../examples/tiny-mnist.js";

const root = mkdtempSync(join(tmpdir(), "bindsnet-cli-run-recipe-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const opts = (argv: string[]): ReturnType<typeof parseArgs> => parseArgs("bindsnet eth-mnist", [...dcOptions("eth-mnist"), ...recipeOptions("eth-mnist")], argv);
const run = (argv: string[]): Promise<number> => runRecipeCommand(dcCommand("eth-mnist"), opts(argv), new Set(), captureIO(), makeControl());

describe("recipeOptions", () => {
  it("gives the checkpoint, plot, backend and dashboard flags with their defaults", () => {
    expect(CHECKPOINT_FILE).toBe("checkpoint.bnck");
    const o = parseArgs("x", recipeOptions("eth-mnist"), []);
    expect(o).toEqual({
      dataDir: null, plotDir: null, checkpointDir: join("checkpoints", "eth-mnist"), checkpointEvery: 1000, checkpoint: true, resume: false, force: false, backend: "auto", gpu: false, dashboard: null, dashboardWait: false,
    });
    expect(parseArgs("x", recipeOptions("e"), ["--dashboard"]).dashboard).toBe(0); // alone: a free port
    expect(parseArgs("x", recipeOptions("e"), ["--dashboard", "8080"]).dashboard).toBe(8080);
    expect(() => parseArgs("x", recipeOptions("e"), ["--backend", "gpu"])).toThrow(CliError);
  });
});

describe("runRecipeCommand refuses before running", () => {
  it("--resume without a checkpoint, with a file that is not one, and a fresh run over an existing checkpoint", async () => {
    const empty = mkdtempSync(join(root, "empty-"));
    await expect(run(["--checkpoint-dir", empty, "--resume"])).rejects.toThrow(new CliError(`eth-mnist: --resume given but ${empty} holds no checkpoint (checkpoint.bnck), expected the --checkpoint-dir of an earlier run`));
    const junk = mkdtempSync(join(root, "junk-"));
    writeFileSync(join(junk, CHECKPOINT_FILE), "not a checkpoint");
    await expect(run(["--checkpoint-dir", junk, "--resume"])).rejects.toThrow(new RegExp(`^eth-mnist: ${join(junk, CHECKPOINT_FILE).replace(/[/\\.]/g, "\\$&")} is not a checkpoint \\(`));
    await expect(run(["--checkpoint-dir", junk])).rejects.toThrow(new CliError(`eth-mnist: ${join(junk, CHECKPOINT_FILE)} already holds a checkpoint; continue it with --resume, or overwrite it with --force`));
  });

  it("a config the recipe rejects is a usage error naming the recipe", async () => {
    const o = { ...opts(["--checkpoint-dir", mkdtempSync(join(root, "bad-"))]), nNeurons: 0 };
    await expect(runRecipeCommand(dcCommand("eth-mnist"), o, new Set(), captureIO(), makeControl())).rejects.toThrow(/^eth-mnist: .*nNeurons/);
    await expect(runRecipeCommand(dcCommand("eth-mnist"), o, new Set(), captureIO(), makeControl())).rejects.toBeInstanceOf(CliError);
  });
});
