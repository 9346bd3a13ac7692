/**
 * RecipeContext.between (the playground's pause and step): awaited after every sample with the
 * network's bytes at hand; while it is pending the run does not go on; it does not change
 * the result.
 */
import { describe, expect, it } from "vitest";
import { deserializeNetwork } from "../../src/index.js";
import type { Network } from "../../src/network/network.js";
import { twoLayer } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/types.js";

describe("RecipeContext.between", () => {
  it("holds the run while pending, gives the network's bytes, and leaves the result unchanged", async () => {
    const config = twoLayer.config({ nSource: 20, nTarget: 30, time: 40, samples: 4 });
    const plain = await twoLayer.run(config);

    const samples: number[] = [];
    const sizes: number[] = [];
    let release: (() => void) | null = null;
    let calls = 0;
    const run = twoLayer.run(config, {
      onProgress: (e: RecipeEvent) => {
        if (e.type === "sample") samples.push(e.index);
      },
      between: (network) => {
        calls++;
        const bytes = network()!;
        sizes.push(bytes.length);
        expect(deserializeNetwork<Network>(bytes).layers.B!.n).toBe(30);
        if (calls === 2) return new Promise<void>((ok) => (release = ok));
      },
    });
    while (release === null) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(samples).toEqual([1, 2]); // held after the second sample
    (release as () => void)();
    const held = await run;
    expect(samples).toEqual([1, 2, 3, 4]);
    expect(calls).toBe(4);
    expect(sizes.every((s) => s > 1000)).toBe(true);
    expect(held).toEqual(plain);
  });
});
