/**
 * The shared reference traces (test/fixtures/parity, a copy of shared/parity/reference) run
 * through the real library. The six scenario types of the core issue must pass; every other
 * type must pass too as soon as its classes exist (until then it is reported as skipped).
 * Other seeds need the Python oracle to produce traces; other lengths are checked here by
 * cutting the traces short.
 */
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { loadLibrary } from "../../../tools/parity/library.js";
import { runParity, runScenario } from "../../../tools/parity/runner.js";
import { loadScenario, truncateScenario } from "../../../tools/parity/trace.js";
import { formatResult } from "../../../tools/parity/compare.js";

const FIX = join(import.meta.dirname, "../../fixtures/parity");
const CORE = ["lif_recurrent_inh", "izhikevich", "if_mcp", "current_lif_boosted", "one_step", "adaptive_lif_nolearn"];

describe("parity with the reference traces", async () => {
  const lib = await loadLibrary();
  const results = await runParity(FIX, { lib });

  it.each(CORE)("%s passes (spikes exact, floats within tolerance)", (name) => {
    const r = results.find((x) => x.name === name)!;
    expect(r.status, formatResult(r)).toBe("pass");
    expect(r.arrays.length).toBeGreaterThan(4);
  });

  it("every scenario type that can be built passes; the rest name the class they need", () => {
    for (const r of results) {
      if (r.status === "skipped") expect(r.reason, r.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      else expect(r.status, formatResult(r)).toBe("pass");
    }
    expect(results).toHaveLength(23);
  });

  it.each(CORE)("%s passes on a shorter run (T=41): nothing depends on T", async (name) => {
    const r = await runScenario(truncateScenario(loadScenario(join(FIX, name)), 41), { lib });
    expect(r.status, formatResult(r)).toBe("pass");
  });

  it("a flipped spike in a real run is a failure", async () => {
    const sc = loadScenario(join(FIX, "if_mcp"));
    sc.arrays["step.M.s"].data[300] ^= 1;
    const r = await runScenario(sc, { lib });
    expect(r.status).toBe("fail");
    expect(r.arrays.find((a) => a.key === "step.M.s")?.mismatches).toBe(1);
  });
});
