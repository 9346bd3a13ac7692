/**
 * Comparison of a simulated run with a reference trace: spikes (uint8/bool arrays) must agree
 * exactly, floats to within an absolute tolerance (1e-4, Izhikevich 1e-3: the parity README).
 */
import type { NdArray } from "./trace.js";

/** What a run produced for one key: flat values (row-major) and, optionally, a shape. */
export interface Recorded {
  shape?: readonly number[];
  data: ArrayLike<number>;
}

/** Outcome for one array. */
export interface ArrayResult {
  key: string;
  kind: "spikes" | "float";
  /** number of differing elements (spikes) */
  mismatches: number;
  /** max |got - ref| (floats; Infinity for NaN or a missing value) */
  maxAbsErr: number;
  ok: boolean;
  /** why it failed when it is not a value difference: missing, size */
  problem?: string;
}

/** Outcome for one scenario. */
export interface ScenarioResult {
  name: string;
  status: "pass" | "fail" | "skipped" | "error";
  /** for skipped: what is missing; for error: the message */
  reason?: string;
  arrays: ArrayResult[];
  tolerance: number;
  seconds?: number;
}

/** Float tolerance of a scenario type (README: 1e-4, Izhikevich 1e-3). */
export function toleranceFor(scenario: string): number {
  return scenario === "izhikevich" ? 1e-3 : 1e-4;
}

/** Whether a reference array holds spikes / masks (compared exactly). */
function isSpikeArray(a: NdArray): boolean {
  return a.dtype === "uint8" || a.dtype === "bool";
}

/** The keys of a trace that a run must reproduce: step.*, run_end.*, final.*. */
function expectedKeys(ref: Record<string, NdArray>): string[] {
  return Object.keys(ref).filter((k) => /^(step|run_end|final)\./.test(k));
}

/**
 * Compares one recorded array with its reference. Shapes are compared by element count
 * only (the batch axis of a size-1 batch may or may not be present in a recording), since the
 * order of elements is row-major in both.
 */
export function compareArray(key: string, got: Recorded | undefined, ref: NdArray, tol: number): ArrayResult {
  const kind = isSpikeArray(ref) ? "spikes" : "float";
  const n = ref.data.length;
  if (!got) return { key, kind, mismatches: n, maxAbsErr: Infinity, ok: false, problem: "missing" };
  if (got.data.length !== n) {
    const gs = got.shape ? `[${got.shape.join(", ")}]` : `${got.data.length} elements`;
    return {
      key, kind, mismatches: n, maxAbsErr: Infinity, ok: false,
      problem: `size ${gs}, expected [${ref.shape.join(", ")}]`,
    };
  }
  let mismatches = 0;
  let maxAbsErr = 0;
  if (kind === "spikes") {
    for (let i = 0; i < n; i++) if ((got.data[i] !== 0) !== (ref.data[i] !== 0)) mismatches++;
    return { key, kind, mismatches, maxAbsErr: mismatches ? 1 : 0, ok: mismatches === 0 };
  }
  for (let i = 0; i < n; i++) {
    const g = got.data[i];
    const r = ref.data[i];
    if (Object.is(g, r) || g === r) continue; // covers +-Infinity agreeing
    const e = Math.abs(g - r);
    if (Number.isNaN(e)) {
      maxAbsErr = Infinity;
      mismatches++;
    } else {
      if (e > tol) mismatches++;
      if (e > maxAbsErr) maxAbsErr = e;
    }
  }
  return { key, kind, mismatches, maxAbsErr, ok: maxAbsErr <= tol };
}

/** Compares every expected array of a reference with the recording. */
export function compareRun(
  name: string,
  got: Record<string, Recorded>,
  ref: Record<string, NdArray>,
  tol: number,
): ScenarioResult {
  const arrays = expectedKeys(ref).map((k) => compareArray(k, got[k], ref[k], tol));
  return { name, status: arrays.every((a) => a.ok) ? "pass" : "fail", arrays, tolerance: tol };
}

function fmtErr(e: number): string {
  if (e === 0) return "0";
  if (!Number.isFinite(e)) return "inf";
  return e.toExponential(2);
}

/** One line per scenario: status, then per array the max abs error or spike mismatches. */
export function formatResult(r: ScenarioResult): string {
  const time = r.seconds === undefined ? "" : ` (${r.seconds.toFixed(2)} s)`;
  if (r.status === "skipped") return `${r.name}: skipped (needs ${r.reason ?? "?"})`;
  if (r.status === "error") return `${r.name}: ERROR ${r.reason ?? ""}${time}`;
  const parts = r.arrays.map((a) => {
    const mark = a.ok ? "" : " !";
    if (a.problem) return `${a.key}: ${a.problem}${mark}`;
    return a.kind === "spikes" ? `${a.key}: ${a.mismatches} spike mismatches${mark}` : `${a.key}: max|err| ${fmtErr(a.maxAbsErr)}${mark}`;
  });
  return `${r.name}: ${r.status === "pass" ? "ok" : "FAIL"}${time}; ${parts.join("; ")}`;
}

/** Summary line and the exit status: non-zero on any failure or error (and on skips with requireAll). */
export function summarize(results: readonly ScenarioResult[], requireAll = false): { line: string; exitCode: number } {
  const count = (s: ScenarioResult["status"]): number => results.filter((r) => r.status === s).length;
  const pass = count("pass");
  const fail = count("fail") + count("error");
  const skipped = count("skipped");
  const ran = pass + fail;
  const bad = fail > 0 || (requireAll && skipped > 0) || ran === 0;
  const line = `${pass}/${ran} scenarios passed, ${fail} failed, ${skipped} skipped${requireAll && skipped ? " (--require-all: skips fail)" : ""}`;
  return { line, exitCode: bad ? 1 : 0 };
}
