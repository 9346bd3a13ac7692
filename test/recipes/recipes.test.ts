/** Every MNIST recipe: abort + resume ends with the uninterrupted network bytes; config checks; the Diehl & Cook retry. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FileCheckpointStore } from "../../src/node/checkpoint-store.js";
import { NodeDataSource } from "../../src/node/data-source.js";
import { MemoryCheckpointStore, decodeCheckpoint, encodeCheckpoint, getRecipe, recipes } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/index.js";
import { tinyMnist, tmp } from "../examples/tiny-mnist.js";

let data: NodeDataSource;
beforeAll(() => {
  data = new NodeDataSource(tinyMnist(12, 3));
});

const tiny: Record<string, object> = {
  "eth-mnist": { nTrain: 6, nTest: 2, time: 15, nNeurons: 6, updateInterval: 3 },
  "main-job": { nTrain: 5, nTest: 2, labelSamples: 3, time: 15, nNeurons: 6, updateInterval: 3 },
  "batch-eth-mnist": { nTrain: 8, nTest: 2, time: 10, nNeurons: 6, batchSize: 2, nUpdates: 2 },
  "supervised-mnist": { nTrain: 6, nTest: 2, time: 15, nNeurons: 10, updateInterval: 3 },
  "conv1d-mnist": { nTrain: 5, nTest: 2, time: 8, updateInterval: 2, nFilters: 4 },
  "som-lm-snns": { nTrain: 5, nTest: 2, time: 15, nNeurons: 9, updateInterval: 2, updateInhibitionWeights: 2 },
  "loc1d-mnist": { nTrain: 4, nTest: 1, time: 5, updateInterval: 2, nFilters: 2 },
  reservoir: { examples: 5, nTest: 2, time: 10, nNeurons: 20, nEpochs: 3 },
  "mcc-reservoir": { examples: 5, nTest: 2, time: 10, nNeurons: 20, nEpochs: 3 },
};

describe("MNIST recipes", () => {
  for (const [name, cfg] of Object.entries(tiny)) {
    it(`${name}: an abort at sample 3 leaves a checkpoint that resumes to the uninterrupted network`, async () => {
      const r = getRecipe(name);
      const full = new MemoryCheckpointStore();
      const a = await r.run(r.config(cfg), { data, checkpoint: full });
      expect(a.aborted).toBe(false);
      const store = new MemoryCheckpointStore();
      const ac = new AbortController();
      const b = await r.run(r.config(cfg), { data, checkpoint: store, signal: ac.signal, onProgress: (e: RecipeEvent) => e.type === "sample" && e.index === 3 && ac.abort() });
      expect(b.aborted).toBe(true);
      expect(decodeCheckpoint(store.bytes!).header.state).not.toMatchObject({ phase: "done" });
      const c = await r.run(r.config(cfg), { data, checkpoint: store });
      expect(c.aborted).toBe(false);
      expect(decodeCheckpoint(store.bytes!).network).toEqual(decodeCheckpoint(full.bytes!).network);
      expect(JSON.stringify(c).replace(/"seconds":\{[^}]*\}|"samplesPerSecond":(\{[^}]*\}|[\d.e-]+)|"samples":\{[^}]*\}/g, "")).toBe(
        JSON.stringify(a).replace(/"seconds":\{[^}]*\}|"samplesPerSecond":(\{[^}]*\}|[\d.e-]+)|"samples":\{[^}]*\}/g, ""),
      );
    }, 60_000);
  }

  it("every registered recipe has defaults that pass its own config check", () => {
    for (const [name, r] of Object.entries(recipes)) {
      expect(r.name).toBe(name);
      expect(r.config()).toEqual(r.defaults);
    }
  });

  it("rejects a config field of another variant, and a run without a data source", async () => {
    expect(() => getRecipe("eth-mnist").config({ batchSize: 4 })).toThrow(/recipe eth-mnist: batchSize is 4, expected 1 \(batches: batch-eth-mnist\)/);
    expect(() => getRecipe("conv-mnist").config({ nNeurons: 4 })).toThrow(/recipe conv-mnist: unknown config field nNeurons/);
    await expect(getRecipe("eth-mnist").run({ ...getRecipe("eth-mnist").defaults, nTrain: 1 })).rejects.toThrow(/recipe eth-mnist: context.data is missing, expected a DataSource/);
  });

  it("Diehl & Cook's retry presents a silent sample again, 32 Hz brighter, at most 5 more times", async () => {
    const r = getRecipe("eth-mnist");
    const logs: string[] = [];
    await r.run(r.config({ nTrain: 2, nTest: 0, time: 5, nNeurons: 4, minSpikes: 1000 }), { data, onProgress: (e) => e.type === "log" && logs.push(e.message) });
    expect(logs).toHaveLength(10);
    expect(logs[0]).toMatch(/train sample 1: \d+ spikes < minSpikes 1000; presenting again at 160 Hz/);
    expect(logs[4]).toMatch(/presenting again at 288 Hz/);
  });
});

describe("FileCheckpointStore", () => {
  it("loads null when absent, replaces the file in one piece and leaves no temporary file", async () => {
    const dir = join(tmp("bindsnet-store-"), "sub");
    const s = new FileCheckpointStore(join(dir, "ck.bnck"));
    expect(await s.load()).toBeNull();
    const blob = encodeCheckpoint({ recipe: "x", config: { a: 1 }, state: { i: 2 }, rng: { seed: "1", state: "2" } as never }, new Uint8Array([1, 2, 3]));
    await s.save(blob);
    await s.save(blob);
    expect(await s.load()).toEqual(blob);
    expect(readdirSync(dir)).toEqual(["ck.bnck"]);
    expect(decodeCheckpoint((await s.load())!).header).toMatchObject({ recipe: "x", config: { a: 1 }, state: { i: 2 } });
    expect(existsSync(join(dir, "ck.bnck"))).toBe(true);
  });

  it("decodeCheckpoint names what is wrong with a blob", () => {
    expect(() => decodeCheckpoint(new Uint8Array(20))).toThrow(/decodeCheckpoint: checkpoint does not start with BNRCKPT1/);
    expect(() => decodeCheckpoint(new Uint8Array(3))).toThrow(/checkpoint has 3 bytes/);
  });
});
