/** src/network/features/index.ts: every feature class of the folder is exported and known to save/load. */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as features from "../../../src/network/features/index.js";
import { AbstractFeature } from "../../../src/network/features/abstract-feature.js";
import { networkClasses } from "../../../src/network/io/registry.js";

describe("network/features index", () => {
  it("re-exports every feature class of every module in the folder, and networkClasses() knows each", async () => {
    const dir = new URL("../../../src/network/features/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    const table = networkClasses();
    const seen: string[] = [];
    for (const f of files) {
      const mod = (await import(new URL(f, dir).href)) as Record<string, unknown>;
      for (const [name, v] of Object.entries(mod)) {
        if (typeof v !== "function" || !(v.prototype instanceof AbstractFeature || v === AbstractFeature)) continue;
        seen.push(name);
        expect((features as Record<string, unknown>)[name], `${f}: ${name} exported by the index`).toBe(v);
        expect(table[name], `${name} in networkClasses()`).toBe(v);
      }
    }
    expect(seen.sort()).toEqual(
      ["AbstractFeature", "AbstractSubFeature", "AdaptationBase", "AdaptationBaseOtherSynaps", "AdaptationBaseSynapsHistory", "Bias", "Degradation", "Intensity", "Mask", "MeanField", "Normalization", "Probability", "Updating", "Weight"].sort(),
    );
  });
});
