/** src/cli/examples.ts: every example command registered once, with its options and run time. */
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";
import { registerExamples } from "../../src/cli/examples.js";
import { commands } from "../../src/cli/registry.js";

describe("registerExamples", () => {
  it("is idempotent and gives every command a script, a summary, an estimate and the recipe options", () => {
    registerExamples();
    const n = commands().length;
    registerExamples();
    expect(commands().length).toBe(n);
    expect(n).toBe(19);
    for (const c of commands()) {
      expect(c.script, c.name).toMatch(c.name === "evaluate" ? /^\(none: / : /^examples\/\S+\.py/);
      expect(c.summary.length, c.name).toBeGreaterThan(10);
      expect(c.estimate, c.name).toMatch(/\d/);
      const names = c.options.map((o) => o.name);
      expect(new Set(names).size, `${c.name} options are unique`).toBe(names.length);
      if (c.name !== "evaluate") expect(names, c.name).toEqual(expect.arrayContaining(["checkpoint-dir", "resume", "backend"]));
      parseArgs(`bindsnet ${c.name}`, c.options, []); // the defaults parse
    }
  });
});
