/**
 * The 23 scenario types at other seeds and lengths: test/fixtures/parity-seeds, written by
 * scripts/parity/gen_traces.py (new inputs, weights, random parameters, rewards and run()
 * masks drawn the way the reference drew them; expected arrays from the shared bit-exact
 * float32 oracle, shared/parity/check_traces.py). Every type must pass, none may be skipped.
 */
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { loadLibrary } from "../../../tools/parity/library.js";
import { runParity, runScenario } from "../../../tools/parity/runner.js";
import { loadScenario } from "../../../tools/parity/trace.js";
import { formatResult } from "../../../tools/parity/compare.js";

const FIX = join(import.meta.dirname, "../../fixtures/parity-seeds");
const SHARED = join(import.meta.dirname, "../../fixtures/parity");

describe("parity at other seeds and lengths (test/fixtures/parity-seeds)", async () => {
  const lib = await loadLibrary();
  const results = await runParity(FIX, { lib });

  it("holds all 23 scenario types, each at a seed and T other than the shared set's", () => {
    expect(results).toHaveLength(23);
    for (const r of results) {
      const own = loadScenario(join(FIX, r.name)).manifest;
      const shared = loadScenario(join(SHARED, r.name)).manifest;
      expect(own.scenario, r.name).toBe(shared.scenario);
      expect(own.seed, r.name).not.toBe(shared.seed);
      expect(own.T, r.name).not.toBe(shared.T);
      expect(own.T, r.name).toBeGreaterThanOrEqual(30);
      expect(own.params, r.name).toEqual(shared.params);
    }
  });

  it.each(results.map((r) => [r.name, r] as const))("%s passes (spikes exact, floats within tolerance)", (_name, r) => {
    expect(r.status, formatResult(r)).toBe("pass");
    expect(r.arrays.length).toBeGreaterThan(3);
    for (const a of r.arrays) expect(a.ok, `${r.name} ${a.key}`).toBe(true);
  });

  it("every float array agrees bit for bit, as on the shared traces (docs/parity.md)", () => {
    for (const r of results) {
      for (const a of r.arrays) {
        if (a.kind === "float") expect(a.maxAbsErr, `${r.name} ${a.key}`).toBe(0);
        else expect(a.mismatches, `${r.name} ${a.key}`).toBe(0);
      }
    }
  });

  it("the long runs are long: lif_recurrent_inh and izhikevich at T=300", () => {
    for (const name of ["lif_recurrent_inh", "izhikevich"]) {
      const sc = loadScenario(join(FIX, name));
      expect(sc.manifest.T).toBe(300);
      expect(sc.arrays["step.Y.s"].shape[0]).toBe(300);
    }
  });

  it("multi_run_norm's run() schedule is scaled to its T and covers every step", () => {
    const m = loadScenario(join(FIX, "multi_run_norm")).manifest;
    expect(m.runs).toEqual([
      { start: 0, steps: 20, resetBefore: false },
      { start: 20, steps: 20, resetBefore: true },
      { start: 40, steps: 21, resetBefore: false },
    ]);
    expect(m.T).toBe(61);
  });

  it("a changed weight in a generated trace is caught", async () => {
    const sc = loadScenario(join(FIX, "izhikevich"));
    sc.arrays["step.Y.v"].data[1234] += 0.01;
    const r = await runScenario(sc, { lib });
    expect(r.status).toBe("fail");
    const v = r.arrays.find((a) => a.key === "step.Y.v");
    expect(v?.ok).toBe(false);
    expect(v?.maxAbsErr).toBeCloseTo(0.01, 4);
  });
});
