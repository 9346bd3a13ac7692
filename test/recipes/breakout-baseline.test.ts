/** The random-baseline recipe: windows and their running mean, episodes, abort + resume. */
import { describe, expect, it } from "vitest";
import { breakoutRandomBaseline } from "../../src/recipes/breakout-baseline.js";
import { MemoryCheckpointStore, decodeCheckpoint } from "../../src/recipes/common.js";
import type { RecipeEvent } from "../../src/recipes/types.js";

const cfg = breakoutRandomBaseline.config({ nSteps: 700, printInterval: 100, seed: 3, maxSteps: 150 });

describe("breakout-random-baseline recipe", () => {
  it("logs each window's reward with the mean of all windows so far and emits every episode", async () => {
    const events: RecipeEvent[] = [];
    const r = await breakoutRandomBaseline.run(cfg, { onProgress: (e) => events.push(e) });
    expect(r.steps).toBe(700);
    expect(r.windowRewards).toHaveLength(7);
    const logs = events.flatMap((e) => (e.type === "log" ? [e.message] : []));
    expect(logs).toHaveLength(7);
    let sum = 0;
    logs.forEach((l, i) => {
      const m = /^Step (\d+): reward (\d+) over the last 100 steps, average ([\d.]+)$/.exec(l)!;
      expect(Number(m[1])).toBe(100 * (i + 1));
      sum += Number(m[2]);
      expect(Number(m[3])).toBeCloseTo(sum / (i + 1), 2);
    });
    const eps = events.flatMap((e) => (e.type === "episode" ? [e] : []));
    // maxSteps 150 ends every episode by 150 steps at the latest: at least 4 in 700 steps
    expect(eps.length).toBeGreaterThanOrEqual(4);
    expect(eps.map((e) => e.index)).toEqual(eps.map((_, i) => i + 1));
    expect(eps.every((e) => e.steps <= 150 && e.total === 0)).toBe(true);
    expect(r.episodes.map((e) => e.steps)).toEqual(eps.map((e) => e.steps));
    expect(r.meanLength).toBeCloseTo(eps.reduce((a, e) => a + e.steps, 0) / eps.length, 10);
    const again = await breakoutRandomBaseline.run(cfg);
    expect(again.episodes).toEqual(r.episodes);
    const other = await breakoutRandomBaseline.run(breakoutRandomBaseline.config({ ...cfg, seed: 4 }));
    expect(other.windowRewards.concat(other.episodes.map((e) => e.steps))).not.toEqual(r.windowRewards.concat(r.episodes.map((e) => e.steps)));
  });

  it("abort + resume (mid-episode) logs and returns what an uninterrupted run does", async () => {
    const logs = (events: RecipeEvent[]): string[] => events.flatMap((e) => (e.type === "log" ? [e.message] : e.type === "episode" ? [`episode ${e.index} ${e.steps} ${e.reward}`] : []));
    const refEvents: RecipeEvent[] = [];
    const ref = await breakoutRandomBaseline.run(cfg, { onProgress: (e) => refEvents.push(e) });
    const store = new MemoryCheckpointStore();
    const ac = new AbortController();
    const events: RecipeEvent[] = [];
    let n = 0;
    const first = await breakoutRandomBaseline.run(cfg, {
      checkpoint: store,
      signal: ac.signal,
      snapshots: { every: 1, names: ["frame"] },
      onProgress: (e) => {
        if (e.type === "snapshot" && ++n === 237) ac.abort();
        if (e.type !== "snapshot") events.push(e);
      },
    });
    expect(first).toMatchObject({ aborted: true, steps: 237 });
    expect(decodeCheckpoint(store.bytes!).network.length).toBe(0); // no network
    const second = await breakoutRandomBaseline.run(cfg, { checkpoint: store, onProgress: (e) => events.push(e) });
    expect(second.aborted).toBe(false);
    expect(second.episodes).toEqual(ref.episodes);
    expect(second.windowRewards).toEqual(ref.windowRewards);
    expect(logs(events)).toEqual(logs(refEvents));
  });
});
