/**
 * A sweep's output folder: results.jsonl (one line per finished trial, appended as trials
 * finish, read back on resume), networks/<id>.safetensors, and at the end summary.md,
 * summary.csv and plots/<param>.svg. A trial id is recorded at most once.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sweepPlots } from "../../sweep/plot.js";
import type { SweepSpec } from "../../sweep/spec.js";
import { type TrialRecord, parseResults, summarize, summaryCsv, summaryMarkdown } from "../../sweep/table.js";

export class SweepResults {
  readonly file: string;
  private readonly records: Map<string, TrialRecord>;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, "results.jsonl");
    const text = existsSync(this.file) ? readFileSync(this.file, "utf8") : "";
    this.records = parseResults(text);
    // a line torn by a crash ends here, so the next record starts on a line of its own
    if (text !== "" && !text.endsWith("\n")) appendFileSync(this.file, "\n");
  }

  /** Whether the trial already has a final record (ok, or failed after its retries). */
  has(id: string): boolean {
    return this.records.has(id);
  }

  get(id: string): TrialRecord | undefined {
    return this.records.get(id);
  }

  /** Every record, in the order they were written. */
  all(): TrialRecord[] {
    return [...this.records.values()];
  }

  /**
   * Records a finished trial (and writes its network, when given); false (nothing written)
   * when the id is already recorded, so a trial never counts twice.
   */
  add(record: TrialRecord, network?: Uint8Array): boolean {
    if (this.records.has(record.id)) return false;
    const rec = { ...record };
    if (network !== undefined && network.length > 0) {
      mkdirSync(join(this.dir, "networks"), { recursive: true });
      rec.network = `networks/${rec.id}.safetensors`;
      writeFileSync(join(this.dir, rec.network), network);
    }
    appendFileSync(this.file, `${JSON.stringify(rec)}\n`);
    this.records.set(rec.id, rec);
    return true;
  }

  /** Writes summary.md, summary.csv and plots/<param>.svg; returns the markdown table. */
  finish(spec: Pick<SweepSpec, "metric" | "goal">, ids?: ReadonlySet<string>): string {
    const recs = this.all().filter((r) => ids === undefined || ids.has(r.id));
    const rows = summarize(recs, spec);
    const md = summaryMarkdown(rows, spec.metric);
    writeFileSync(join(this.dir, "summary.md"), `${md}\n`);
    writeFileSync(join(this.dir, "summary.csv"), summaryCsv(rows, spec.metric));
    const plots = sweepPlots(recs, spec.metric);
    if (Object.keys(plots).length > 0) mkdirSync(join(this.dir, "plots"), { recursive: true });
    for (const [p, svg] of Object.entries(plots)) writeFileSync(join(this.dir, "plots", `${p.replace(/[^\w.-]/g, "_")}.svg`), svg);
    return md;
  }
}
