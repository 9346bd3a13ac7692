/** src/cli/dot-tracing.ts: dot_tracing.py's flags → the dot-tracing recipe's config, and its episode lines. */
import { describe, expect, it } from "vitest";
import { dotTracingCommand, dotTracingOptions, dotTracingSpec } from "../../src/cli/dot-tracing.js";
import { CliError, parseArgs } from "../../src/cli/args.js";
import { dotTracing } from "../../src/recipes/dot-tracing.js";
import { captureIO } from "../examples/tiny-mnist.js";
import { expectFlagsMatchRecipe } from "./spec-check.js";

describe("dot-tracing command", () => {
  it("maps every flag onto the recipe's config with its default; choices are checked", () => {
    const spec = dotTracingSpec();
    expect(spec.recipe).toBe(dotTracing);
    expectFlagsMatchRecipe(dotTracingOptions(), spec as never);
    const c = expectFlagsMatchRecipe(dotTracingOptions(), spec as never, ["--dim", "12", "--diag", "--fit-func", "dir"]);
    expect([c.dim, c.diag, c.fitFunc]).toEqual([12, true, "dir"]);
    expect(() => parseArgs("bindsnet dot-tracing", dotTracingOptions(), ["--boundh", "wrap"])).toThrow(CliError);
    expect(dotTracingCommand.options.map((o) => o.name)).not.toContain("data-dir");
  });

  it("numbers test episodes after the training ones and prints phases", () => {
    const spec = dotTracingSpec();
    const io = captureIO();
    expect(spec.describe({ ...dotTracing.defaults, trnEps: 3, diag: true }, "js")).toMatch(/^dot-tracing: Input \d+x\d+ → LIF\(\d+, recurrent PostPre\) → LIF\(9, MSTDPET\).* 3 training \+ \d+ test episodes/);
    spec.onEvent!({ type: "phase", phase: "test" } as never, io, {});
    spec.onEvent!({ type: "episode", phase: "test", index: 2, reward: 1.5, steps: 10, info: { intercepts: 4 } } as never, io, {});
    expect(io.lines[0]).toBe("Testing:");
    expect(io.lines[1]).toMatch(/^Episode 4 \(test\) total reward: 1\.50, intercepts: 4 \(10 steps, [\d.]+ steps\/s\)$/);
  });
});
