/**
 * Every parity scenario with a learning rule, through the runner and the real library: on the
 * shared reference traces (test/fixtures/parity), cut short (other lengths), and on a second
 * seed and length (test/fixtures/parity-learning, made by scripts/gen-learning-parity.py with
 * the shared float32 re-implementation). All must match bit for bit (max error 0), which is
 * stricter than the runner's tolerance. Convolution and local scenarios join as soon as their
 * connection classes are exported (within the runner's tolerance: the reference sums conv2d's
 * weight update through BLAS, whose order the conv view does not copy).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatResult } from "../../src/parity/compare.js";
import { loadLibrary } from "../../src/parity/library.js";
import { runParity, runScenario } from "../../src/parity/runner.js";
import { loadScenario, truncateScenario } from "../../src/parity/trace.js";

const FIX = join(import.meta.dirname, "../fixtures/parity");
const SEEDS = join(import.meta.dirname, "../fixtures/parity-learning");
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
  const seeds = await runParity(SEEDS, { lib });

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

  it.each(RULES)("%s reproduces a second seed and length (seed 2027) bit for bit", (name) => {
    const r = seeds.find((x) => x.name === name)!;
    expect(r, `fixture ${name}`).toBeDefined();
    expectExact(r);
  });

  it.each(["postpre_stdp", "mstdp_reward", "mstdpet_reward", "rmax", "batch_postpre"])("%s passes cut short (T=23)", async (name) => {
    const r = await runScenario(truncateScenario(loadScenario(join(FIX, name)), 23), { lib });
    expectExact(r);
  });

  it.each(LATER)("%s passes on the shared trace and on seed 2027 once its connection class exists", (name) => {
    for (const r of [shared.find((x) => x.name === name)!, seeds.find((x) => x.name === name)!]) {
      if (r.status === "skipped") expect(r.reason).toMatch(/Connection|LocalConnection/);
      else expect(r.status, formatResult(r)).toBe("pass");
    }
  });
});
