/**
 * DiehlAndCook2015 built from MulticompartmentConnection + Weight features + MCC PostPre
 * (scenarios diehlcook_learn and diehlcook_nolearn of the shared reference traces): every
 * spike, voltage, trace, theta and weight bit-exact, on the full run and on a shorter one.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadLibrary } from "../../../tools/parity/library.js";
import { runScenario } from "../../../tools/parity/runner.js";
import { loadScenario, truncateScenario } from "../../../tools/parity/trace.js";
import { formatResult } from "../../../tools/parity/compare.js";
import { MulticompartmentConnection, type MulticompartmentConnectionOptions } from "../../../src/network/topology/multicompartment-connection.js";

const FIX = join(import.meta.dirname, "../../fixtures/parity");

describe("MCC parity with the reference traces", async () => {
  const lib = await loadLibrary();

  it.each(["diehlcook_learn", "diehlcook_nolearn"])("%s is bit-exact (spikes and every float array)", async (name) => {
    const r = await runScenario(loadScenario(join(FIX, name)), { lib });
    expect(r.status, formatResult(r)).toBe("pass");
    expect(r.arrays.some((a) => a.key === "step.X->Ae.w")).toBe(true);
    expect(r.arrays.some((a) => a.key === "final.X->Ae.w")).toBe(true);
    for (const a of r.arrays) {
      expect(a.mismatches, a.key).toBe(0);
      if (a.kind === "float") expect(a.maxAbsErr, a.key).toBe(0);
    }
  });

  it("diehlcook_learn passes on a shorter run (T=41: end-of-run normalisation at another step)", async () => {
    const r = await runScenario(truncateScenario(loadScenario(join(FIX, "diehlcook_learn")), 41), { lib });
    expect(r.status, formatResult(r)).toBe("pass");
  });

  it("the materialised data flow (materialize: true) gives the same bits", async () => {
    class Materialized extends MulticompartmentConnection {
      constructor(opts: MulticompartmentConnectionOptions) {
        super({ ...opts, materialize: true });
      }
    }
    const lib2 = await loadLibrary([{ MulticompartmentConnection: Materialized }]);
    const r = await runScenario(loadScenario(join(FIX, "diehlcook_learn")), { lib: lib2 });
    expect(r.status, formatResult(r)).toBe("pass");
    for (const a of r.arrays) if (a.kind === "float") expect(a.maxAbsErr, a.key).toBe(0);
  });
});
