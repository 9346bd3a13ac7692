/**
 * Every parity scenario with a learning rule, through the runner and the real library: on the
 * shared reference traces (test/fixtures/parity) and cut short (other lengths). All must match
 * bit for bit (max error 0), which is stricter than the runner's tolerance. Other seeds and
 * lengths of every scenario type are in test/parity/seeds.test.ts. The convolution and local
 * scenarios pass within the runner's tolerance (the reference sums conv2d's weight update
 * through BLAS, whose order the conv view does not copy).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatResult } from "../../tools/parity/compare.js";
import { loadLibrary } from "../../tools/parity/library.js";
import { runParity, runScenario } from "../../tools/parity/runner.js";
import { loadScenario, truncateScenario } from "../../tools/parity/trace.js";

const FIX = join(import.meta.dirname, "../fixtures/parity");
const RULES = [
  "postpre_stdp", "adaptive_lif_learn", "adaptive_lif_nolearn", "batch_postpre", "clamp_inject", "lif_options",
  "hebbian", "weight_dependent_postpre", "mstdp_reward", "mstdpet_reward", "rmax", "multi_run_norm",
];
const LATER = ["conv1d", "conv2d", "local2d"];

type Result = Awaited<ReturnType<typeof runScenario>>;

function expectExact(r: Result): void {
  expect(r.status, formatResult(r)).toBe("pass");
  expect(r.arrays.length).toBeGreaterThan(5);
  for (const a of r.arrays) {
    expect(a.mismatches, `${r.name} ${a.key}`).toBe(0);
    expect(a.maxAbsErr, `${r.name} ${a.key}`).toBe(0);
  }
}

describe("learning parity", async () => {
  const lib = await loadLibrary();
  const shared = await runParity(FIX, { lib, only: [...RULES, ...LATER] });

  it.each(RULES)("%s reproduces the reference trace bit for bit", (name) => {
    const r = shared.find((x) => x.name === name)!;
    expectExact(r);
  });

  it("the rule-state arrays (p_plus, p_minus, eligibility, eligibility_trace) are compared, not skipped", () => {
    const keys = shared.flatMap((r) => r.arrays.map((a) => `${r.name}:${a.key}`));
    for (const k of ["mstdp_reward:step.X->Y.eligibility", "mstdpet_reward:step.X->Y.eligibility_trace", "mstdpet_reward:step.X->Y.p_plus", "rmax:step.X->Y.eligibility_trace", "batch_postpre:step.X->Y.w"]) {
      expect(keys).toContain(k);
    }
  });

  it.each(["postpre_stdp", "mstdp_reward", "mstdpet_reward", "rmax", "batch_postpre"])("%s passes cut short (T=23)", async (name) => {
    const r = await runScenario(truncateScenario(loadScenario(join(FIX, name)), 23), { lib });
    expectExact(r);
  });

  it.each(LATER)("%s passes on the shared trace", (name) => {
    const r = shared.find((x) => x.name === name)!;
    expect(r.status, formatResult(r)).toBe("pass");
  });
});
