/** src/cli/mnist-conv.ts: the conv / local / SOM MNIST commands' flags → the recipes' configs. */
import { describe, expect, it } from "vitest";
import { stdpCommands } from "../../src/cli/mnist-conv.js";
import { expectFlagsMatchRecipe } from "./spec-check.js";

describe("convolutional and locally connected MNIST commands", () => {
  it("are the reference's seven scripts", () => {
    expect(stdpCommands.map((c) => [c.name, c.script])).toEqual([
      ["conv-mnist", "examples/mnist/conv_mnist.py"],
      ["conv1d-mnist", "examples/mnist/conv1d_MNIST.py"],
      ["conv3d-mnist", "examples/mnist/conv3d_MNIST.py"],
      ["loc1d-mnist", "examples/mnist/loc1d_mnist.py"],
      ["loc2d-mnist", "examples/mnist/loc2d_mnist.py"],
      ["loc3d-mnist", "examples/mnist/loc3d_mnist.py"],
      ["som-lm-snns", "examples/mnist/SOM_LM-SNNs.py"],
    ]);
  });

  it.each(stdpCommands.map((c) => [c.name, c] as const))("%s: one flag per config field with its default, plus compatibility flags", (_n, c) => {
    expectFlagsMatchRecipe(c.options, c.spec as never);
    const fields = Object.keys(c.spec.recipe.defaults);
    const flags = c.options.map((o) => o.name.replace(/-([a-z])/g, (_m, ch: string) => ch.toUpperCase()));
    expect(flags.filter((f) => !fields.includes(f)).every((f) => c.spec.cliOnly!.includes(f))).toBe(true);
    expect(fields.every((f) => flags.includes(f))).toBe(true);
  });

  it("describes a run with its size", () => {
    const c = stdpCommands[0]!;
    const d = c.spec.recipe.defaults as unknown as Record<string, number>;
    expect(c.spec.describe({ ...c.spec.recipe.defaults, nTrain: 7, nTest: 3, nEpochs: 1 }, "js")).toBe(`conv-mnist: ${d.nFilters} filters, 7 training samples × 1 epoch(s), 3 test samples, time ${d.time} ms, Network.run`);
  });
});
