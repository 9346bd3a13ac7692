/**
 * The runner's driving, recording and comparison, exercised with a tiny stand-in simulator
 * (mock-lib.ts, written from check_traces.py) so that these tests do not depend on the real
 * library's state; parity.test.ts runs the real library.
 */
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import * as mock from "./mock-lib.js";
import { Library } from "../../../tools/parity/library.js";
import { runScenario, splitKey, BUILDERS } from "../../../tools/parity/runner.js";
import { loadScenario, truncateScenario, type Scenario } from "../../../tools/parity/trace.js";
import { formatResult } from "../../../tools/parity/compare.js";

const FIX = join(import.meta.dirname, "../../fixtures/parity");
// only the stand-in classes: the real library may be partly there and must not mix in
const mockLib = async (): Promise<Library> => new Library({ ...(mock as unknown as Record<string, unknown>) });

function clone(sc: Scenario): Scenario {
  const arrays = Object.fromEntries(Object.entries(sc.arrays).map(([k, a]) => [k, { ...a, data: a.data.slice() }]));
  return { ...sc, arrays };
}

describe("runScenario (stand-in simulator)", () => {
  it("reproduces lif_recurrent_inh and one_step bit for bit", async () => {
    const lib = await mockLib();
    for (const name of ["lif_recurrent_inh", "one_step"]) {
      const r = await runScenario(loadScenario(join(FIX, name)), { lib });
      expect(r.status, formatResult(r)).toBe("pass");
      expect(r.arrays.every((a) => a.maxAbsErr === 0)).toBe(true);
      expect(r.arrays.length).toBeGreaterThanOrEqual(8);
    }
  });

  it("reports a flipped spike and a perturbed float as a failure", async () => {
    const lib = await mockLib();
    const sc = clone(loadScenario(join(FIX, "lif_recurrent_inh")));
    const s = sc.arrays["step.Y.s"].data;
    s[57] = s[57] ? 0 : 1;
    sc.arrays["step.Y.v"].data[123] += 2e-4;
    const r = await runScenario(sc, { lib });
    expect(r.status).toBe("fail");
    const byKey = Object.fromEntries(r.arrays.map((a) => [a.key, a]));
    expect(byKey["step.Y.s"]).toMatchObject({ mismatches: 1, ok: false });
    expect(byKey["step.Y.v"].ok).toBe(false);
    expect(byKey["step.Y.v"].maxAbsErr).toBeCloseTo(2e-4, 5);
    expect(byKey["step.Y.refrac_count"].ok).toBe(true);
    expect(formatResult(r)).toMatch(/^lif_recurrent_inh: FAIL.*step\.Y\.s: 1 spike mismatches !/);
  });

  it("a perturbation within tolerance still passes", async () => {
    const lib = await mockLib();
    const sc = clone(loadScenario(join(FIX, "one_step")));
    sc.arrays["step.A.v"].data[5] += 5e-5;
    expect((await runScenario(sc, { lib })).status).toBe("pass");
  });

  it("has no hard-coded length: a trace cut to T=37 passes", async () => {
    const lib = await mockLib();
    const sc = truncateScenario(loadScenario(join(FIX, "lif_recurrent_inh")), 37);
    const r = await runScenario(sc, { lib });
    expect(r.status, formatResult(r)).toBe("pass");
    expect(r.arrays.find((a) => a.key === "step.Y.v")).toBeDefined();
  });

  it("skips a scenario whose classes are not exported, naming the class", async () => {
    const lib = await mockLib();
    const r = await runScenario(loadScenario(join(FIX, "izhikevich")), { lib });
    expect(r).toMatchObject({ status: "skipped", reason: "IzhikevichNodes" });
    const c = await runScenario(loadScenario(join(FIX, "conv2d")), { lib });
    expect(c).toMatchObject({ status: "skipped", reason: "Conv2dConnection" });
  });

  it("reports an unknown scenario type as skipped and a broken trace as an error", async () => {
    const lib = await mockLib();
    const sc = clone(loadScenario(join(FIX, "one_step")));
    expect(await runScenario({ ...sc, manifest: { ...sc.manifest, scenario: "warp_drive" } }, { lib })).toMatchObject({
      status: "skipped",
      reason: 'a builder for scenario type "warp_drive"',
    });
    const noInit = clone(sc);
    delete noInit.arrays["init.A->B.w"];
    const r = await runScenario(noInit, { lib });
    expect(r.status).toBe("error");
    expect(r.reason).toMatch(/trace lacks "init\.A->B\.w"/);
  });
});

describe("BUILDERS / splitKey", () => {
  it("has a builder for each of the 23 scenario types", () => {
    expect(Object.keys(BUILDERS)).toHaveLength(23);
  });
  it("splits keys with connection names", () => {
    expect(splitKey("step.X->Y.p_plus")).toEqual({ kind: "step", owner: "X->Y", v: "p_plus" });
    expect(splitKey("step.Y.refrac_count")).toEqual({ kind: "step", owner: "Y", v: "refrac_count" });
  });
});
