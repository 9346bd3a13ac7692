import { describe, expect, it } from "vitest";
import { type TrialRecord, metricsOf, networkBytesOf, parseResults, summarize, summaryCsv, summaryMarkdown } from "../../src/sweep/table.js";

const rec = (id: string, params: Record<string, unknown>, seed: number, acc: number | null, status: "ok" | "failed" = "ok"): TrialRecord => ({
  id,
  params,
  seed,
  metrics: acc === null ? {} : { acc },
  seconds: 1.5,
  status,
  attempts: 1,
});

describe("sweep table", () => {
  it("flattens a result's finite numbers to dotted paths and leaves arrays and bytes out", () => {
    expect(metricsOf({ accuracy: 0.9, test: { all: 81, proportion: 82.5 }, curve: [1, 2], w: new Float32Array(3), nan: NaN, name: "x", aborted: false })).toEqual({ accuracy: 0.9, "test.all": 81, "test.proportion": 82.5 });
    const bytes = new Uint8Array([1, 2]);
    expect(networkBytesOf({ network: bytes })).toEqual({ key: "network", bytes });
    expect(networkBytesOf({ network: [1, 2] })).toBeNull();
  });

  it("summarizes over seeds: mean, sample std, failures, best first", () => {
    const rows = summarize([rec("a", { n: 10 }, 0, 0.5), rec("b", { n: 10 }, 1, 0.7), rec("c", { n: 20 }, 0, 0.9), rec("d", { n: 20 }, 1, null, "failed"), rec("e", { n: 30 }, 0, null, "failed")], { metric: "acc", goal: "max" });
    expect(rows.map((r) => [r.params.n, r.n, r.failed])).toEqual([[20, 1, 1], [10, 2, 0], [30, 0, 1]]);
    expect(rows[1]!.mean).toBeCloseTo(0.6, 12);
    expect(rows[1]!.std).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(rows[0]!.std).toBe(0);
    expect(rows[2]!.mean).toBeNull();
    expect(summarize([rec("a", { n: 1 }, 0, 3), rec("b", { n: 2 }, 0, 1)], { metric: "acc", goal: "min" }).map((r) => r.params.n)).toEqual([2, 1]);
    expect(summaryMarkdown(rows, "acc").split("\n")).toEqual([
      "| n | acc (mean) | std | seeds | failed | seconds |",
      "|---|---|---|---|---|---|",
      "| 20 | 0.9000 | 0 | 1 | 1 | 3.0 |",
      "| 10 | 0.6000 | 0.1414 | 2 | 0 | 3.0 |",
      "| 30 | - | - | 0 | 1 | 1.5 |",
    ]);
    expect(summaryCsv(summarize([rec("a", { label: 'a,"b"' }, 0, 1)], { metric: "acc", goal: "max" }), "acc")).toBe('label,acc_mean,acc_std,seeds,failed,seconds\n"a,""b""",1,0,1,0,1.5\n');
  });

  it("reads results.jsonl back, skipping a torn last line", () => {
    const text = `${JSON.stringify(rec("a", {}, 0, 1))}\n${JSON.stringify(rec("b", {}, 0, 2))}\n{"id":"c","par`;
    const m = parseResults(text);
    expect([...m.keys()]).toEqual(["a", "b"]);
    expect(m.get("b")!.metrics.acc).toBe(2);
  });
});
