/** src/cli/reservoir.ts: the reservoir commands' flags → the recipes' configs. */
import { describe, expect, it } from "vitest";
import { reservoirCommand, reservoirOptions } from "../../src/cli/reservoir.js";
import { mccReservoir, reservoir } from "../../src/recipes/reservoir.js";
import { captureIO } from "../examples/tiny-mnist.js";
import { expectFlagsMatchRecipe } from "./spec-check.js";

describe("reservoir commands", () => {
  it("map their flags onto reservoir / mcc-reservoir with the recipes' defaults", () => {
    expect(reservoirCommand(false).recipe).toBe(reservoir);
    expect(reservoirCommand(true).recipe).toBe(mccReservoir);
    for (const mcc of [false, true]) expectFlagsMatchRecipe(reservoirOptions(), reservoirCommand(mcc) as never);
    const c = expectFlagsMatchRecipe(reservoirOptions(), reservoirCommand(false) as never, ["--n-neurons", "50", "--lr", "0.1"]);
    expect([c.nNeurons, c.lr]).toEqual([50, 0.1]);
  });

  it("describes the run and reports the test accuracy as a percentage", async () => {
    const spec = reservoirCommand(true);
    expect(spec.describe({ ...mccReservoir.defaults, time: 250 }, "wasm")).toBe("mcc-reservoir: backend wasm, time 250 ms");
    const io = captureIO();
    await spec.report({ testAccuracy: 0.8765, nTest: 20 } as never, mccReservoir.defaults, io, {}, () => null as never);
    expect(io.lines).toEqual(["Accuracy of the model on 20 test images: 87.65%"]);
  });
});
