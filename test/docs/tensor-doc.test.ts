/**
 * Runs every row of docs/tensor.md's torch → bindsnet tables: the "bindsnet" cell is
 * evaluated after the setup block (its imports bound to the root entry) and its result
 * (a tensor as nested arrays, or a plain value) compared with the "gives" cell.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as bindsnet from "../../src/index.js";
import { Tensor } from "../../src/index.js";

const md = readFileSync(resolve(__dirname, "../../docs/tensor.md"), "utf8");
const setupBlock = /```ts setup\n([\s\S]*?)```/.exec(md)![1]!;
const imported = /import \{([^}]*)\} from "bindsnet";/.exec(setupBlock)![1]!.split(",").map((s) => s.trim()).filter(Boolean);
const setup = setupBlock.replace(/^import .*$/m, "");

const rows = md
  .split("\n")
  .filter((l) => /^\| `/.test(l))
  .map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()))
  .map(([torch, ours, gives]) => ({ torch: torch!, ours: ours!.replace(/^`|`$/g, ""), gives: gives!.replace(/^`|`$/g, "") }));

function plain(v: unknown): unknown {
  if (v instanceof Tensor) return v.toArray();
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

describe("docs/tensor.md", () => {
  it("has the tables and the setup block", () => {
    expect(rows.length).toBeGreaterThan(40);
    for (const name of imported) expect(name in bindsnet, name).toBe(true);
  });

  it.each(rows)("$torch → $ours", ({ ours, gives }) => {
    const lib = bindsnet as unknown as Record<string, unknown>;
    const f = new Function(...imported, `${setup}\nreturn (${ours});`) as (...a: unknown[]) => unknown;
    const got = plain(f(...imported.map((n) => lib[n])));
    const want = JSON.parse(gives) as unknown;
    if (typeof want === "number") expect(got).toBeCloseTo(want, 5);
    else if (Array.isArray(want) && typeof (want.flat(3) as unknown[])[0] === "number") {
      expect((got as unknown[]).flat(3).length).toBe(want.flat(3).length);
      (got as number[][]).flat(3).forEach((g, i) => expect(g).toBeCloseTo(want.flat(3)[i] as number, 5));
      expect(JSON.stringify(got).replace(/[\d.e-]+/g, "0")).toBe(JSON.stringify(want).replace(/[\d.e-]+/g, "0"));
    } else expect(got).toEqual(want);
  });
});
