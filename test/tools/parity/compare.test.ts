import { describe, it, expect } from "vitest";
import { compareArray, compareRun, formatResult, summarize, toleranceFor, type ScenarioResult } from "../../../tools/parity/compare.js";
import type { NdArray } from "../../../tools/parity/trace.js";

const f32 = (shape: number[], v: number[]): NdArray => ({ shape, dtype: "float32", data: Float32Array.from(v) });
const u8 = (shape: number[], v: number[]): NdArray => ({ shape, dtype: "uint8", data: Uint8Array.from(v) });

describe("compareArray", () => {
  it("counts spike mismatches exactly", () => {
    const r = compareArray("step.Y.s", { data: [0, 1, 1, 0] }, u8([2, 2], [0, 1, 0, 0]), 1e-4);
    expect(r).toMatchObject({ kind: "spikes", mismatches: 1, ok: false });
    expect(compareArray("s", { data: [0, 1] }, u8([2], [0, 1]), 1e-4).ok).toBe(true);
  });
  it("takes the max abs error of floats against the tolerance", () => {
    const r = compareArray("v", { data: [1, 2.00005, 3] }, f32([3], [1, 2, 3]), 1e-4);
    expect(r.ok).toBe(true);
    expect(r.maxAbsErr).toBeCloseTo(5e-5, 8);
    const bad = compareArray("v", { data: [1, 2.0002, 3] }, f32([3], [1, 2, 3]), 1e-4);
    expect(bad.ok).toBe(false);
    expect(bad.mismatches).toBe(1);
  });
  it("treats NaN as an infinite error and a missing or mis-sized array as a failure", () => {
    expect(compareArray("v", { data: [NaN] }, f32([1], [0]), 1).maxAbsErr).toBe(Infinity);
    expect(compareArray("v", undefined, f32([1], [0]), 1)).toMatchObject({ ok: false, problem: "missing" });
    expect(compareArray("v", { data: [0, 0], shape: [2] }, f32([1, 3], [0, 0, 0]), 1).problem).toBe("size [2], expected [1, 3]");
  });
  it("accepts a recording with an extra batch axis of 1 (same elements)", () => {
    expect(compareArray("v", { data: [1, 2], shape: [1, 1, 2] }, f32([1, 2], [1, 2]), 0).ok).toBe(true);
  });
});

describe("compareRun / formatResult / summarize", () => {
  const ref = { "input.X": u8([1], [1]), "step.Y.s": u8([2], [1, 0]), "step.Y.v": f32([2], [1, 2]), "final.X->Y.w": f32([1], [3]) };
  it("compares only step.*, run_end.* and final.* keys", () => {
    const r = compareRun("t", { "step.Y.s": { data: [1, 0] }, "step.Y.v": { data: [1, 2] }, "final.X->Y.w": { data: [3] } }, ref, 1e-4);
    expect(r.status).toBe("pass");
    expect(r.arrays.map((a) => a.key)).toEqual(["step.Y.s", "step.Y.v", "final.X->Y.w"]);
    expect(formatResult(r)).toBe("t: ok; step.Y.s: 0 spike mismatches; step.Y.v: max|err| 0; final.X->Y.w: max|err| 0");
  });
  it("fails and marks the arrays that disagree", () => {
    const r = compareRun("t", { "step.Y.s": { data: [0, 0] }, "step.Y.v": { data: [1, 2.5] } }, ref, 1e-4);
    expect(r.status).toBe("fail");
    expect(formatResult(r)).toBe("t: FAIL; step.Y.s: 1 spike mismatches !; step.Y.v: max|err| 5.00e-1 !; final.X->Y.w: missing !");
  });
  it("exits non-zero on failures, and on skips only with requireAll", () => {
    const mk = (status: ScenarioResult["status"]): ScenarioResult => ({ name: status, status, arrays: [], tolerance: 0 });
    expect(summarize([mk("pass"), mk("skipped")]).exitCode).toBe(0);
    expect(summarize([mk("pass"), mk("skipped")], true).exitCode).toBe(1);
    expect(summarize([mk("pass"), mk("fail")])).toEqual({ line: "1/2 scenarios passed, 1 failed, 0 skipped", exitCode: 1 });
    expect(summarize([mk("error")]).exitCode).toBe(1);
    expect(summarize([mk("skipped")]).exitCode).toBe(1); // nothing ran
    expect(formatResult({ name: "c", status: "skipped", reason: "Conv2dConnection", arrays: [], tolerance: 0 })).toBe("c: skipped (needs Conv2dConnection)");
  });
  it("uses 1e-3 for Izhikevich and 1e-4 elsewhere", () => {
    expect(toleranceFor("izhikevich")).toBe(1e-3);
    expect(toleranceFor("lif_recurrent_inh")).toBe(1e-4);
  });
});
