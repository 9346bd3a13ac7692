import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { RecipePool } from "../../src/node/pool.js";
import { type TrialEvent, runLocalSweep } from "../../src/node/sweep/local.js";
import { SweepResults } from "../../src/node/sweep/results.js";
import { MemoryCheckpointStore, decodeCheckpoint, getRecipe, twoLayer } from "../../src/recipes/index.js";
import { expandTrials, parseSweepSpec } from "../../src/sweep/spec.js";
import { metricsOf, parseResults } from "../../src/sweep/table.js";
import { getRecipe as getToy } from "../fixtures/sweep-recipes.js";

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "bindsnet-sweep-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// 12 tiny two-layer trials: 3 sizes × 2 rates × 2 seeds, 3 samples each (abort points)
const file = { recipe: "two-layer", base: { time: 40, nSource: 30, samples: 3 }, grid: { nTarget: [10, 20, 30], rate: [0.08, 0.15] }, seeds: [0, 1], metric: "total.B" };
const spec = parseSweepSpec(file, getRecipe);
const trials = expandTrials(spec, getRecipe);

describe("runLocalSweep", () => {
  const pool = new RecipePool({ size: 2 });
  afterAll(() => pool.destroy());

  it("gives the same results as running the trials one after another in this thread", async () => {
    const dir = tmp();
    const res = new SweepResults(dir);
    const out = await runLocalSweep(trials, pool, res, { retries: 0 });
    expect(out).toEqual({ ran: 12, skipped: 0, failed: 0, aborted: false });
    const lines = readFileSync(join(dir, "results.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(12);
    const byId = parseResults(lines.join("\n"));
    for (const t of trials) {
      const store = new MemoryCheckpointStore();
      const seq = await twoLayer.run(twoLayer.config(t.config), { checkpoint: store });
      const rec = byId.get(t.id)!;
      // the trial's final network, as safetensors: the same bytes as the sequential run's
      expect(rec.network).toBe(`networks/${t.id}.safetensors`);
      expect(Buffer.compare(readFileSync(join(dir, rec.network!)), decodeCheckpoint(store.bytes!).network)).toBe(0);
      expect(rec.status).toBe("ok");
      expect(rec.params).toEqual(t.params);
      expect(rec.seed).toBe(t.seed);
      expect(rec.metrics).toEqual(metricsOf(seq));
    }
    // more input spikes and more targets: more output spikes (the metric really varies)
    expect(new Set([...byId.values()].map((r) => r.metrics["total.B"])).size).toBeGreaterThan(4);
    const md = res.finish(spec);
    expect(md.split("\n")).toHaveLength(2 + 6);
    expect(readFileSync(join(dir, "summary.csv"), "utf8").split("\n")[0]).toBe("nTarget,rate,total.B_mean,total.B_std,seeds,failed,seconds");
    expect(readdirSync(join(dir, "plots")).sort()).toEqual(["nTarget.svg", "rate.svg"]);
    const svg = readFileSync(join(dir, "plots", "rate.svg"), "utf8");
    expect(svg).toMatch(/<svg[\s\S]*>total\.B vs rate<[\s\S]*<\/svg>\s*$/);
    // one dot per trial
    expect(svg.match(/<circle /g)).toHaveLength(12);
  });

  it("resumes an interrupted sweep without rerunning a finished trial", async () => {
    const dir = tmp();
    const ac = new AbortController();
    const first: string[] = [];
    const out1 = await runLocalSweep(trials, pool, new SweepResults(dir), {
      retries: 0,
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === "done") first.push(e.trial.id);
        if (first.length === 4) ac.abort();
      },
    });
    expect(out1.aborted).toBe(true);
    const recorded = [...parseResults(readFileSync(join(dir, "results.jsonl"), "utf8")).keys()];
    expect(recorded.sort()).toEqual([...first].sort());
    expect(recorded.length).toBeGreaterThanOrEqual(4);
    expect(recorded.length).toBeLessThan(12);

    // a crash while writing left a torn line: it is skipped and the next record starts a new line
    appendFileSync(join(dir, "results.jsonl"), '{"id":"torn","par');
    const started: string[] = [];
    const events: TrialEvent[] = [];
    const out2 = await runLocalSweep(trials, pool, new SweepResults(dir), {
      retries: 0,
      onEvent: (e) => {
        events.push(e);
        if (e.type === "start") started.push(e.trial.id);
      },
    });
    expect(out2).toEqual({ ran: 12 - recorded.length, skipped: recorded.length, failed: 0, aborted: false });
    expect(started.filter((id) => recorded.includes(id))).toEqual([]);
    expect(events.filter((e) => e.type === "skip").map((e) => e.trial.id).sort()).toEqual([...recorded].sort());
    const all = [...parseResults(readFileSync(join(dir, "results.jsonl"), "utf8")).keys()];
    expect(all).toHaveLength(12);
    expect(all.sort()).toEqual(trials.map((t) => t.id).sort());
  });
});

describe("runLocalSweep retries", () => {
  const registry = fileURLToPath(new URL("../fixtures/sweep-recipes.ts", import.meta.url));
  const pool = new RecipePool({ size: 1, registry });
  afterAll(() => pool.destroy());

  it("retries a crashed trial, then marks it failed with its error", async () => {
    const dir = tmp();
    const s = parseSweepSpec({ recipe: "toy", base: { crashOnceFile: join(dir, "crashed-once") }, grid: { crash: [false, true] }, metric: "score", retries: 2 }, getToy);
    const ts = expandTrials(s, getToy);
    const retries: number[] = [];
    const out = await runLocalSweep(ts, pool, new SweepResults(dir), { retries: s.retries, onEvent: (e) => e.type === "retry" && retries.push(e.attempt) });
    expect(out).toEqual({ ran: 2, skipped: 0, failed: 1, aborted: false });
    const recs = parseResults(readFileSync(join(dir, "results.jsonl"), "utf8"));
    const ok = recs.get(ts[0]!.id)!;
    const bad = recs.get(ts[1]!.id)!;
    // the first trial crashes once (it creates the marker file), the second every time
    expect(existsSync(join(dir, "crashed-once"))).toBe(true);
    expect([ok.status, bad.status]).toEqual(["ok", "failed"]);
    expect(ok.attempts + bad.attempts).toBe(2 + 3);
    expect(bad.error).toBe("toy: crash requested");
    expect(retries).toHaveLength(3);
    expect(Object.keys(ok.metrics).sort()).toEqual(["score", "sum"]);
    // the toy recipe returns its "network" bytes: written next to the results
    expect(readFileSync(join(dir, ok.network!)).length).toBe(16);
  });
});
