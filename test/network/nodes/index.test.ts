/** src/network/nodes/index.ts: every node model of the folder is exported, known to save/load, and at the package root. */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as root from "../../../src/index.js";
import { networkClasses } from "../../../src/network/io/registry.js";
import * as nodes from "../../../src/network/nodes/index.js";
import { Nodes } from "../../../src/network/nodes/nodes.js";

describe("network/nodes index", () => {
  it("re-exports every class of every module in the folder; each is a Nodes, in networkClasses() and at the root", async () => {
    const dir = new URL("../../../src/network/nodes/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(files.length).toBe(12);
    const table = networkClasses();
    let count = 0;
    for (const f of files) {
      const mod = (await import(new URL(f, dir).href)) as Record<string, unknown>;
      for (const [name, v] of Object.entries(mod)) {
        if (typeof v !== "function" || !/^[A-Z]/.test(name) || !(v.prototype instanceof Nodes || v === Nodes)) continue;
        count++;
        expect((nodes as Record<string, unknown>)[name], `${f}: ${name} exported by the index`).toBe(v);
        expect(table[name], `${name} in networkClasses()`).toBe(v);
        expect((root as Record<string, unknown>)[name], `${name} at the package root`).toBe(v);
      }
    }
    expect(count).toBe(13); // Nodes, AbstractInput and the 11 models
  });
});
