import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { fromNested, loadScenario, listScenarioDirs, parseManifest, truncateScenario, row } from "../../../tools/parity/trace.js";
import { ShapeError, ValueError } from "../../../src/errors.js";

const FIX = join(import.meta.dirname, "../../fixtures/parity");

describe("fromNested", () => {
  it("flattens nested lists row-major into the dtype's array", () => {
    const a = fromNested([[1, 2, 3], [4, 5, 6]], [2, 3], "float32");
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const b = fromNested([[0, 1], [1, 0]], [2, 2], "uint8");
    expect(b.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(b.data)).toEqual([0, 1, 1, 0]);
  });
  it("rounds float32 values once (0.1 becomes its float32 neighbour)", () => {
    expect(fromNested([0.1], [1], "float32").data[0]).toBe(Math.fround(0.1));
  });
  it("rejects a ragged or mis-shaped list, naming the array, the dim and both lengths", () => {
    expect(() => fromNested([[1, 2], [3]], [2, 2], "float32", "step.Y.v")).toThrow(ShapeError);
    expect(() => fromNested([[1, 2], [3]], [2, 2], "float32", "step.Y.v")).toThrow(/step\.Y\.v dim 1 expected length 2.*got length 1/);
    expect(() => fromNested([[1, "x"]], [1, 2], "float32", "a")).toThrow(/expected a number, got "x"/);
  });
});

describe("parseManifest", () => {
  it("reads the run schedule and defaults", () => {
    const m = parseManifest({ scenario: "s", T: 5, arrays: {}, runs: [{ start: 0, steps: 5, reset_before: true }] });
    expect(m.runs).toEqual([{ start: 0, steps: 5, resetBefore: true }]);
    expect(m.batchSize).toBe(1);
    expect(m.learning).toBe(true);
    expect(m.oneStep).toBe(false);
  });
  it("rejects a manifest without T or with a bad T", () => {
    expect(() => parseManifest({ scenario: "s", arrays: {} })).toThrow(ValueError);
    expect(() => parseManifest({ scenario: "s", T: 0, arrays: {} })).toThrow(/T expected a positive integer, got 0/);
  });
});

describe("loadScenario", () => {
  it("loads every array the manifest lists with its shape", () => {
    const sc = loadScenario(join(FIX, "lif_recurrent_inh"));
    expect(sc.name).toBe("lif_recurrent_inh");
    expect(sc.manifest.T).toBe(100);
    expect(sc.arrays["step.Y.v"].shape).toEqual([100, 10]);
    expect(sc.arrays["step.Y.v"].data.length).toBe(1000);
    expect(sc.arrays["input.X"].dtype).toBe("uint8");
    // the reference LIF starts at rest and decays toward it: v is never below reset - inhibition
    expect(Math.max(...sc.arrays["step.Y.v"].data)).toBeLessThan(-52);
  });
  it("lists the 23 shared scenario folders", () => {
    expect(listScenarioDirs(FIX)).toHaveLength(23);
  });
  it("errors on a folder without manifest.json", () => {
    expect(() => loadScenario(join(FIX, "nope"))).toThrow(/expected to hold manifest\.json/);
    expect(() => listScenarioDirs(join(FIX, "nope"))).toThrow(ValueError);
  });
});

describe("truncateScenario", () => {
  const sc = loadScenario(join(FIX, "if_mcp"));
  it("keeps the first T rows of per-step arrays and the last kept step as final", () => {
    const t = truncateScenario(sc, 30);
    expect(t.manifest.T).toBe(30);
    expect(t.arrays["input.X"].shape).toEqual([30, 20]);
    expect(t.arrays["step.I.v"].data).toEqual(sc.arrays["step.I.v"].data.slice(0, 300));
    expect(t.arrays["final.X->M.w"].data).toEqual(row(sc.arrays["step.X->M.w"], 29).data);
    expect(t.arrays["final.X->I.w"]).toBe(sc.arrays["final.X->I.w"]); // static: unchanged
  });
  it("drops final weights that end-of-run normalisation changed", () => {
    const a = truncateScenario(loadScenario(join(FIX, "adaptive_lif_learn")), 10);
    expect(a.arrays["final.X->Y.w"]).toBeUndefined();
    expect(a.arrays["final.Y->Y.w"]).toBeDefined();
  });
  it("rejects a T out of range and multi-run scenarios", () => {
    expect(() => truncateScenario(sc, 101)).toThrow(/T expected an integer in \[1, 100\], got 101/);
    expect(() => truncateScenario(loadScenario(join(FIX, "multi_run_norm")), 10)).toThrow(/3 run\(\) calls/);
  });
});
