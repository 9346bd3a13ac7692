import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as env from "../../src/environment/index.js";
import * as nodeEnv from "../../src/environment/node.js";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Every module reachable from `file` through relative imports, and the bare specifiers they import. */
function reach(file: string, seen = new Set<string>(), bare = new Set<string>()): { seen: Set<string>; bare: Set<string> } {
  if (seen.has(file)) return { seen, bare };
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/^(?:import|export)[^"';]*?from\s+"([^"]+)"/gm)) {
    const spec = m[1]!;
    if (spec.startsWith(".")) reach(join(dirname(file), spec.replace(/\.js$/, ".ts")), seen, bare);
    else bare.add(spec);
  }
  return { seen, bare };
}

describe("bindsnet/environment entry points", () => {
  it("export the environments, helpers and the interface", () => {
    for (const name of ["Environment", "DotSimulator", "runDotSimulator", "CueRewardSimulator", "BreakoutEnvironment", "GymEnvironment", "HistoryWrapper", "FrameHistory", "ObservationProcessor", "preprocessFrame", "resizeLinear"]) {
      expect(typeof (env as Record<string, unknown>)[name]).toBe("function");
    }
    expect(env.BREAKOUT_ACTIONS).toEqual(["NOOP", "FIRE", "RIGHT", "LEFT"]);
    expect(new env.BreakoutEnvironment({ seed: 1 })).toBeInstanceOf(env.Environment);
    expect(typeof nodeEnv.csvFileWriter).toBe("function");
    expect(nodeEnv.DotSimulator).toBe(env.DotSimulator);
  });

  it("keep the main entry free of node: imports (browser-safe); only node.ts reaches node:fs", () => {
    const { seen, bare } = reach(join(src, "environment/index.ts"));
    expect(seen.size).toBeGreaterThan(8);
    expect([...bare]).toEqual([]);
    expect([...reach(join(src, "environment/node.ts")).bare].sort()).toEqual(["node:fs", "node:path"]);
  });
});
