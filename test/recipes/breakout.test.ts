/** The Breakout recipes: config checks, determinism for a seed, abort mid-episode + resume, events. */
import { describe, expect, it } from "vitest";
import { breakoutStdp, breakoutRandomNetwork, breakout } from "../../src/recipes/breakout.js";
import { MemoryCheckpointStore, decodeCheckpoint } from "../../src/recipes/common.js";
import { getRecipe } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/types.js";

const tiny = { nEpisodes: 2, nTest: 1, maxSteps: 12, time: 4, nNeurons: 12, seed: 3 };

async function full(recipe = breakoutStdp, cfg: Record<string, unknown> = tiny): Promise<{ bytes: Uint8Array; result: Awaited<ReturnType<typeof breakoutStdp.run>>; events: RecipeEvent[] }> {
  const store = new MemoryCheckpointStore();
  const events: RecipeEvent[] = [];
  const result = await recipe.run(recipe.config(cfg), { checkpoint: store, onProgress: (e) => events.push(e), snapshots: { every: 5, names: ["frame", "weights"] } });
  return { bytes: decodeCheckpoint(store.bytes!).network, result, events };
}

describe("breakout recipes", () => {
  it("are registered with the CLI's defaults and check their config", () => {
    expect(getRecipe("breakout-stdp")).toBe(breakoutStdp);
    expect(breakoutStdp.defaults).toMatchObject({ nEpisodes: 100, nTest: 100, nNeurons: 100, time: 100, dt: 1, maxSteps: 10000, plotInterval: 1, renderInterval: 10, printInterval: 0 });
    expect(breakoutRandomNetwork.defaults).toMatchObject({ nEpisodes: 1000000, nTest: 0, printInterval: 100, plotInterval: 10 });
    expect(breakout.defaults.nTest).toBe(0);
    expect(() => breakoutStdp.config({ nEpisode: 3 } as never)).toThrow(/unknown config field nEpisode; did you mean nEpisodes\?/);
    expect(() => breakoutStdp.config({ nNeurons: 0 })).toThrow(/nNeurons is 0, expected a value >= 1/);
    expect(() => breakoutStdp.config({ maxSteps: 2.5 })).toThrow(/maxSteps is 2.5, expected an integer/);
  });

  it("plays training then test episodes, emits events and frame/weight snapshots, and is deterministic for a seed", async () => {
    const a = await full();
    expect(a.result.aborted).toBe(false);
    expect(a.result.train.map((e) => e.steps)).toEqual([12, 12]);
    expect(a.result.test.map((e) => e.steps)).toEqual([12]);
    expect(a.result.steps).toBe(36);
    const eps = a.events.filter((e) => e.type === "episode");
    expect(eps.map((e) => [e.phase, e.index, e.total, e.steps])).toEqual([["train", 1, 2, 12], ["train", 2, 2, 12], ["test", 1, 1, 12]]);
    const phases = a.events.filter((e) => e.type === "phase").map((e) => (e.type === "phase" ? e.phase : ""));
    expect(phases).toEqual(["train", "test"]);
    const snaps = a.events.filter((e) => e.type === "snapshot");
    const frames = snaps.filter((e) => e.type === "snapshot" && e.name === "frame");
    expect(frames).toHaveLength(7); // steps 5, 10, ..., 35
    const f = frames[0]!.type === "snapshot" ? frames[0]! : null;
    expect(f!.shape).toEqual([80, 80]);
    expect(f!.data.length).toBe(6400);
    expect(f!.data[0]).toBe(1); // the left wall
    expect(f!.data.reduce((x, y) => x + y, 0)).toBeGreaterThan(640); // walls, bricks, paddle
    const w = snaps.find((e) => e.type === "snapshot" && e.name === "weights");
    expect(w!.type === "snapshot" && w!.shape).toEqual([12, 4]);
    expect(a.events.at(-1)!.type).toBe("done");
    const b = await full();
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(b.result.train).toEqual(a.result.train);
    const c = await full(breakoutStdp, { ...tiny, seed: 4 });
    expect(Buffer.from(c.bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  for (const [recipe, stopAt] of [[breakoutStdp, 7], [breakoutStdp, 12], [breakoutStdp, 24], [breakoutStdp, 30], [breakoutRandomNetwork, 17], [breakout, 5]] as const) {
    it(`${recipe.name}: abort after step ${stopAt} + resume gives the uninterrupted network bytes`, async () => {
      const cfg = { ...tiny, nTest: recipe === breakoutStdp ? 1 : 0 };
      const ref = await full(recipe, cfg);
      const store = new MemoryCheckpointStore();
      const ac = new AbortController();
      let steps = 0;
      const first = await recipe.run(recipe.config(cfg), {
        checkpoint: store,
        signal: ac.signal,
        snapshots: { every: 1, names: ["frame"] },
        onProgress: (e) => {
          if (e.type === "snapshot" && ++steps === stopAt) ac.abort();
        },
      });
      expect(first.aborted).toBe(true);
      expect(first.steps).toBe(stopAt); // stopped at the step it was asked (12, 24: between episodes; else inside one)
      const events: RecipeEvent[] = [];
      const second = await recipe.run(recipe.config(cfg), { checkpoint: store, onProgress: (e) => events.push(e) });
      expect(second.aborted).toBe(false);
      expect(events[0]).toMatchObject({ type: "start", resumed: true });
      expect(second.train).toEqual(ref.result.train);
      expect(second.test).toEqual(ref.result.test);
      expect(Buffer.from(decodeCheckpoint(store.bytes!).network).equals(Buffer.from(ref.bytes))).toBe(true);
    });
  }
});
