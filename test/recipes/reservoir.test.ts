/** src/recipes/reservoir.ts: the reservoir and MCC reservoir recipes (a fixed LIF reservoir and a trained linear readout). */
import { beforeAll, describe, expect, it } from "vitest";
import { NodeDataSource } from "../../src/node/data-source.js";
import { mccReservoir, reservoir } from "../../src/recipes/reservoir.js";
import type { RecipeEvent } from "../../src/recipes/types.js";
import { tinyMnist } from "../examples/tiny-mnist.js";

let data: NodeDataSource;
beforeAll(() => {
  data = new NodeDataSource(tinyMnist(8, 4));
});

const tiny = { examples: 8, nTest: 4, time: 10, nNeurons: 30, nEpochs: 20, lr: 0.05 };

describe("reservoir recipes", () => {
  it("have the reference defaults and check their config", () => {
    expect(reservoir.defaults).toEqual({ seed: 0, nNeurons: 500, nEpochs: 100, examples: 500, nTest: 500, time: 250, dt: 1, intensity: 64, lr: 1e-4, momentum: 0.9 });
    expect(mccReservoir.defaults).toEqual(reservoir.defaults);
    expect(() => reservoir.config({ nNeurons: 0 })).toThrow(/recipe reservoir: nNeurons is 0, expected a value >= 1/);
  });

  it.each([["reservoir", reservoir], ["mcc-reservoir", mccReservoir]] as const)("%s: one readout accuracy per epoch, a test accuracy, the same numbers for the same seed", async (_n, r) => {
    const events: string[] = [];
    const a = await r.run(r.config(tiny), { data, onProgress: (e: RecipeEvent) => void events.push(e.type) });
    expect(a.aborted).toBe(false);
    expect(a.readoutAccuracy.length).toBe(20);
    expect(a.readoutAccuracy.every((x: number) => x >= 0 && x <= 1)).toBe(true);
    expect(a.readoutAccuracy[19]).toBeGreaterThanOrEqual(a.readoutAccuracy[0]!); // the readout learns its training responses
    expect(a.nTest).toBe(4);
    expect(a.testAccuracy! * 4).toBe(Math.round(a.testAccuracy! * 4));
    expect(events).toContain("done");
    const b = await r.run(r.config(tiny), { data });
    expect(b.readoutAccuracy).toEqual(a.readoutAccuracy);
    expect(b.testAccuracy).toBe(a.testAccuracy);
  });
});
