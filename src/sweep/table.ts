/**
 * The results table of a sweep: one record per finished trial (the lines of results.jsonl),
 * the numbers pulled out of a recipe's result, and the summary over seeds (markdown / CSV).
 * Pure: no Node imports.
 */
import { canonicalJson } from "./hash.js";
import type { SweepSpec } from "./spec.js";

/** One finished trial: a line of results.jsonl. */
export interface TrialRecord {
  id: string;
  params: Record<string, unknown>;
  seed: number | null;
  /** Every finite number of the recipe's result, by dotted path ("accuracy", "test.all"). */
  metrics: Record<string, number>;
  /** Wall time of the successful attempt (of the last one when failed). */
  seconds: number;
  status: "ok" | "failed";
  /** Attempts made (1 when the first one succeeded). */
  attempts: number;
  error?: string;
  /** Where the trial's final network went (safetensors), relative to the sweep folder. */
  network?: string;
  /** Which worker ran it (queue mode: host:pid). */
  worker?: string;
}

/**
 * The finite numbers of a result, flattened to dotted paths (booleans and strings, arrays,
 * typed arrays and byte blobs are left out: a table holds scalars).
 */
export function metricsOf(result: unknown, prefix = "", out: Record<string, number> = {}, depth = 0): Record<string, number> {
  if (result === null || typeof result !== "object" || ArrayBuffer.isView(result) || Array.isArray(result) || depth > 4) return out;
  for (const [k, v] of Object.entries(result as Record<string, unknown>)) {
    const key = prefix === "" ? k : `${prefix}.${k}`;
    if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
    else if (v !== null && typeof v === "object") metricsOf(v, key, out, depth + 1);
  }
  return out;
}

/** The first `Uint8Array` field of a result that holds a network (`network`, `safetensors`, ...), if any. */
export function networkBytesOf(result: unknown): { key: string; bytes: Uint8Array } | null {
  if (result === null || typeof result !== "object") return null;
  for (const key of ["safetensors", "network", "weights", "model"]) {
    const v = (result as Record<string, unknown>)[key];
    if (v instanceof Uint8Array) return { key, bytes: v };
  }
  return null;
}

/** Parses results.jsonl text; a torn last line (a crash while writing) is skipped. Later lines win. */
export function parseResults(text: string): Map<string, TrialRecord> {
  const byId = new Map<string, TrialRecord>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let rec: TrialRecord;
    try {
      rec = JSON.parse(line) as TrialRecord;
    } catch {
      continue;
    }
    if (typeof rec?.id === "string") byId.set(rec.id, rec);
  }
  return byId;
}

/** One row of the summary: a configuration (swept params) over its seeds. */
export interface SummaryRow {
  params: Record<string, unknown>;
  n: number;
  failed: number;
  mean: number | null;
  std: number | null;
  seconds: number;
}

/** Groups records by their params, mean ± sample std of the metric over seeds, best first. */
export function summarize(records: Iterable<TrialRecord>, spec: Pick<SweepSpec, "metric" | "goal">): SummaryRow[] {
  const groups = new Map<string, TrialRecord[]>();
  for (const r of records) {
    const key = canonicalJson(r.params);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const rows: SummaryRow[] = [];
  for (const recs of groups.values()) {
    const vals = recs.filter((r) => r.status === "ok" && r.metrics[spec.metric] !== undefined).map((r) => r.metrics[spec.metric]!);
    const mean = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
    const std = mean !== null && vals.length > 1 ? Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (vals.length - 1)) : mean === null ? null : 0;
    rows.push({ params: recs[0]!.params, n: vals.length, failed: recs.filter((r) => r.status === "failed").length, mean, std, seconds: recs.reduce((a, r) => a + r.seconds, 0) });
  }
  const sign = spec.goal === "max" ? -1 : 1;
  return rows.sort((a, b) => (a.mean === null ? 1 : b.mean === null ? -1 : sign * (a.mean - b.mean)));
}

function fmt(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  return typeof v === "string" ? v : JSON.stringify(v);
}

function columns(rows: SummaryRow[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r.params)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

/** The summary as a markdown table (also what the CLI prints). */
export function summaryMarkdown(rows: SummaryRow[], metric: string): string {
  const cols = columns(rows);
  const head = [...cols, `${metric} (mean)`, "std", "seeds", "failed", "seconds"];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) {
    lines.push(`| ${[...cols.map((c) => fmt(r.params[c])), r.mean === null ? "-" : fmt(r.mean), r.std === null ? "-" : fmt(r.std), String(r.n), String(r.failed), r.seconds.toFixed(1)].join(" | ")} |`);
  }
  return lines.join("\n");
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The summary as CSV (full precision). */
export function summaryCsv(rows: SummaryRow[], metric: string): string {
  const cols = columns(rows);
  const lines = [[...cols, `${metric}_mean`, `${metric}_std`, "seeds", "failed", "seconds"].map(csvCell).join(",")];
  for (const r of rows) lines.push([...cols.map((c) => r.params[c]), r.mean, r.std, r.n, r.failed, r.seconds].map(csvCell).join(","));
  return `${lines.join("\n")}\n`;
}
