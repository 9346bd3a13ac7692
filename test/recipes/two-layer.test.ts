import { describe, expect, it } from "vitest";
import { MemoryCheckpointStore, decodeCheckpoint, getRecipe, recipes, twoLayer } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/index.js";
import { main as manualExample } from "../../examples/manual/04-running-simulations.js";
import { manualSeed } from "../../src/tensor/random.js";

const small = { time: 50, nSource: 20, nTarget: 30, rate: 0.2, samples: 4 };

describe("recipe registry", () => {
  it("maps names to recipes and suggests the nearest name for an unknown one", () => {
    expect(recipes["two-layer"]).toBe(twoLayer);
    expect(getRecipe("two-layer")).toBe(twoLayer);
    expect(() => getRecipe("two-layr")).toThrow(/getRecipe: unknown recipe "two-layr"; did you mean two-layer\?/);
    expect(() => getRecipe("zzzzzzzzzz")).toThrow(/expected one of .*two-layer/);
  });
});

describe("two-layer recipe", () => {
  it("fills defaults and rejects unknown, mistyped and out-of-range fields", () => {
    expect(twoLayer.config({ time: 10 })).toEqual({ ...twoLayer.defaults, time: 10 });
    expect(twoLayer.defaults).toMatchObject({ time: 500, nSource: 100, nTarget: 1000 });
    expect(() => twoLayer.config({ n_target: 5 } as never)).toThrow(/recipe two-layer: unknown config field n_target; did you mean nTarget\?/);
    expect(() => twoLayer.config({ time: "5" } as never)).toThrow(/two-layer: time is "5", expected a number/);
    expect(() => twoLayer.config({ rate: 2 })).toThrow(/two-layer: rate is 2, expected a value <= 1/);
    expect(() => twoLayer.config({ samples: 1.5 })).toThrow(/samples is 1.5, expected an integer/);
  });

  it("counts the same spikes as the manual's script for the same seed", async () => {
    manualSeed(3);
    const ref = manualExample({ time: 100, nSource: 40, nTarget: 60, quiet: true });
    const count = (t: { toFlatArray(): number[] }): number => t.toFlatArray().reduce((a, b) => a + b, 0);
    const r = await twoLayer.run(twoLayer.config({ seed: 3, time: 100, nSource: 40, nTarget: 60 }));
    expect(r.spikes.A).toEqual([count(ref.spikes.A)]);
    expect(r.spikes.B).toEqual([count(ref.spikes.B)]);
    expect(r.total.B).toBeGreaterThan(0);
    expect(r.aborted).toBe(false);
  });

  it("is deterministic for a seed and differs across seeds", async () => {
    const a = await twoLayer.run(twoLayer.config({ ...small, seed: 1 }));
    const b = await twoLayer.run(twoLayer.config({ ...small, seed: 1 }));
    const c = await twoLayer.run(twoLayer.config({ ...small, seed: 2 }));
    expect(a.spikes).toEqual(b.spikes);
    expect(a.spikes.A).toHaveLength(4);
    expect(a.spikes.A).not.toEqual(c.spikes.A);
  });

  it("emits start, phase, one sample event per run, snapshots on request and done", async () => {
    const ev: RecipeEvent[] = [];
    await twoLayer.run(twoLayer.config(small), { onProgress: (e) => ev.push(e), snapshots: { every: 2, names: ["voltages"] } });
    expect(ev.map((e) => e.type)).toEqual(["start", "phase", "sample", "snapshot", "sample", "sample", "snapshot", "sample", "done"]);
    const snap = ev.find((e) => e.type === "snapshot");
    expect(snap).toMatchObject({ name: "voltages", shape: [30] });
  });

  it("stops at a sample boundary on abort with a checkpoint, and the resumed run ends with the same network", async () => {
    const full = new MemoryCheckpointStore();
    const r0 = await twoLayer.run(twoLayer.config(small), { checkpoint: full });
    const store = new MemoryCheckpointStore();
    const ac = new AbortController();
    const r1 = await twoLayer.run(twoLayer.config(small), { checkpoint: store, signal: ac.signal, onProgress: (e) => e.type === "sample" && e.index === 2 && ac.abort() });
    expect(r1.aborted).toBe(true);
    expect(r1.spikes.B).toHaveLength(2);
    expect(decodeCheckpoint(store.bytes!).header.state).toMatchObject({ index: 2 });
    const r2 = await twoLayer.run(twoLayer.config(small), { checkpoint: store });
    expect(r2.spikes).toEqual(r0.spikes);
    expect(store.bytes).toEqual(full.bytes);
  });

  it("refuses to resume a checkpoint made with another config, naming the field", async () => {
    const store = new MemoryCheckpointStore();
    await twoLayer.run(twoLayer.config({ ...small, samples: 1 }), { checkpoint: store });
    await expect(twoLayer.run(twoLayer.config({ ...small, samples: 1, rate: 0.3 }), { checkpoint: store })).rejects.toThrow(/config differs from the checkpoint's: rate \(checkpoint 0.2, given 0.3\)/);
  });
});
