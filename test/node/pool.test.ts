import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { RecipePool, defaultPoolSize } from "../../src/node/pool.js";
import type { RecipeEvent } from "../../src/recipes/types.js";
import { toy } from "../fixtures/sweep-recipes.js";

const registry = fileURLToPath(new URL("../fixtures/sweep-recipes.ts", import.meta.url));

describe("RecipePool", () => {
  const pool = new RecipePool({ size: 2, registry });
  afterAll(() => pool.destroy());

  it("defaults to cores minus one, at least one", () => {
    expect(defaultPoolSize(8)).toBe(7);
    expect(defaultPoolSize(2)).toBe(1);
    expect(defaultPoolSize(1)).toBe(1);
  });

  it("runs tasks in worker threads with the same results as a sequential run", async () => {
    const configs = [0, 1, 2, 3, 4].map((seed) => ({ seed, steps: 20, gain: 1 + seed / 2 }));
    const par = await Promise.all(configs.map((config) => pool.run({ recipe: "toy", config })));
    for (let i = 0; i < configs.length; i++) {
      const seq = await toy.run(toy.config(configs[i]!));
      expect(par[i]!.result.score).toBe(seq.score);
      expect(par[i]!.result.sum).toBe(seq.sum);
      expect(Array.from(par[i]!.result.network as Uint8Array)).toEqual(Array.from(seq.network));
      expect(par[i]!.seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it("forwards progress events in order", async () => {
    const events: RecipeEvent[] = [];
    await pool.run({ recipe: "toy", config: { steps: 4 } }, { onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual(["phase", "sample", "sample", "sample", "sample"]);
    expect(events.filter((e) => e.type === "sample").map((e) => (e as { index: number }).index)).toEqual([1, 2, 3, 4]);
  });

  it("aborts a running recipe at its next step", async () => {
    const ac = new AbortController();
    let seen = 0;
    const res = await pool.run(
      { recipe: "toy", config: { steps: 1000, delayMs: 5 } },
      {
        signal: ac.signal,
        onProgress: (e) => {
          if (e.type === "sample" && ++seen === 3) ac.abort();
        },
      },
    );
    expect(res.result.aborted).toBe(true);
    expect(seen).toBeLessThan(50);
  });

  it("rejects with the recipe's error, bad config and unknown recipes", async () => {
    await expect(pool.run({ recipe: "toy", config: { crash: true } })).rejects.toThrow("toy: crash requested");
    await expect(pool.run({ recipe: "toy", config: { stepz: 3 } })).rejects.toThrow(/unknown config field stepz; did you mean steps\?/);
    await expect(pool.run({ recipe: "nope", config: {} })).rejects.toThrow(/recipe is "nope"/);
    expect(() => new RecipePool({ size: 0 })).toThrow("RecipePool: size is 0, expected a positive integer");
    expect(() => new RecipePool({ sise: 2 } as never)).toThrow(/unknown option sise; did you mean size\?/);
  });
});
