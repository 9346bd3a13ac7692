/** The dot-tracing recipe: config checks, determinism, abort within an episode + resume, the CSV sink. */
import { describe, expect, it } from "vitest";
import { MemoryCheckpointStore, decodeCheckpoint } from "../../src/recipes/common.js";
import { dotTracing, type DotTracingConfig } from "../../src/recipes/dot-tracing.js";
import { getRecipe } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/types.js";

const tiny: Partial<DotTracingConfig> = { trnEps: 2, tstEps: 1, steps: 6, granularity: 8, neurons: 10, dim: 10, seed: 4, fcycle: 2, printInterval: 3 };

/** A writer that keeps the CSV text in memory. */
function memoryWriter(): { files: Map<string, string>; writer: (f: string, t: string) => void } {
  const files = new Map<string, string>();
  return { files, writer: (f, t) => files.set(f, (files.get(f) ?? "") + t) };
}

async function full(cfg: Partial<DotTracingConfig> = tiny) {
  const store = new MemoryCheckpointStore();
  const events: RecipeEvent[] = [];
  const w = memoryWriter();
  const result = await dotTracing.run(dotTracing.config(cfg), { checkpoint: store, writer: w.writer, onProgress: (e) => events.push(e) });
  return { bytes: decodeCheckpoint(store.bytes!).network, result, events, files: w.files };
}

describe("dot-tracing recipe", () => {
  it("has the CLI's defaults and checks its config", () => {
    expect(getRecipe("dot-tracing")).toBe(dotTracing);
    expect(dotTracing.defaults).toMatchObject({ steps: 100, dim: 28, granularity: 100, neurons: 100, trnEps: 1000, tstEps: 100, decay: 4, randr: 0.15, boundh: "bounce", fitFunc: "dir", allowStay: false, write: true, fpath: "out", fcycle: 100, printInterval: 10 });
    expect(() => dotTracing.config({ boundh: "wrap" as never })).toThrow(/boundh is "wrap", expected one of stay, bounce, trans/);
    expect(() => dotTracing.config({ randr: 2 })).toThrow(/randr is 2, expected a value <= 1/);
    expect(() => dotTracing.config({ trn_eps: 1 } as never)).toThrow(/did you mean trnEps\?/);
  });

  it("trains then tests, emits episodes with intercepts and Iteration logs, writes CSVs through the sink, and is deterministic", async () => {
    const a = await full();
    expect(a.result.aborted).toBe(false);
    expect(a.result.episodes.map((e) => [e.phase, e.steps])).toEqual([["train", 6], ["train", 6], ["test", 6]]);
    const eps = a.events.filter((e) => e.type === "episode");
    expect(eps.map((e) => e.type === "episode" && [e.phase, e.index, e.total, typeof e.info?.intercepts])).toEqual([["train", 1, 2, "number"], ["train", 2, 2, "number"], ["test", 1, 1, "number"]]);
    expect(a.events.filter((e) => e.type === "log" && /^Iteration: (3|6), reward: -?[\d.]+, accumulated reward: -?[\d.]+$/.test(e.message))).toHaveLength(6);
    expect(a.files.get("out/rewards_s4.csv")!.trim().split("\n").map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["episode,phase", "0,train", "1,train", "2,test"]);
    // fcycle 2: episodes 0-1 in grids_s4_0.csv, episode 2 in grids_s4_1.csv; one line per row per step
    expect(a.files.get("out/grids_s4_0.csv")!.trim().split("\n")).toHaveLength(2 * 6 * 10);
    expect(a.files.get("out/grids_s4_1.csv")!.trim().split("\n")).toHaveLength(6 * 10);
    const b = await full();
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(b.result.episodes).toEqual(a.result.episodes);
    expect(b.files).toEqual(a.files);
    const c = await full({ ...tiny, seed: 5 });
    expect(Buffer.from(c.bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  it("writes nothing without a writer or with write off", async () => {
    const r = await dotTracing.run(dotTracing.config({ ...tiny, trnEps: 1, tstEps: 0 }));
    expect(r.episodes).toHaveLength(1);
    const w = memoryWriter();
    await dotTracing.run(dotTracing.config({ ...tiny, trnEps: 1, tstEps: 0, write: false }), { writer: w.writer });
    expect(w.files.size).toBe(0);
  });

  for (const stopAt of [2, 4, 6, 9, 12, 15, 16]) {
    it(`abort after step ${stopAt} + resume gives the uninterrupted network bytes, episodes and CSV text`, async () => {
      const ref = await full();
      const store = new MemoryCheckpointStore();
      const w = memoryWriter();
      const ac = new AbortController();
      let steps = 0;
      const first = await dotTracing.run(dotTracing.config(tiny), {
        checkpoint: store,
        writer: w.writer,
        signal: ac.signal,
        snapshots: { every: 1, names: ["frame"] },
        onProgress: (e) => {
          if (e.type === "snapshot" && ++steps === stopAt) ac.abort();
        },
      });
      expect(first.aborted).toBe(true);
      expect(first.episodes).toHaveLength(Math.floor(stopAt / 6));
      const events: RecipeEvent[] = [];
      const second = await dotTracing.run(dotTracing.config(tiny), { checkpoint: store, writer: w.writer, onProgress: (e) => events.push(e) });
      expect(second.aborted).toBe(false);
      expect(events[0]).toMatchObject({ type: "start", resumed: true });
      expect(second.episodes).toEqual(ref.result.episodes);
      expect(w.files).toEqual(ref.files);
      expect(Buffer.from(decodeCheckpoint(store.bytes!).network).equals(Buffer.from(ref.bytes))).toBe(true);
    });
  }
});
