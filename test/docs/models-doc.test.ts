/**
 * docs/models.md's examples run: each ```ts runnable block, its `bindsnet` imports pointed at
 * the source tree, is imported as a module and must print the ```text output block after it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";

const root = resolve(__dirname, "../..");
const md = readFileSync(join(root, "docs/models.md"), "utf8");
const blocks = [...md.matchAll(/```ts runnable\n([\s\S]*?)```\s*```text output\n([\s\S]*?)```/g)].map((m) => ({ code: m[1]!, output: m[2]!.trimEnd().split("\n") }));
const dir = mkdtempSync(join(tmpdir(), "bindsnet-models-doc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/models.md", () => {
  it("has runnable examples with their output", () => expect(blocks.length).toBe(2));

  blocks.forEach((b, k) => {
    it(`example ${k + 1} prints its output`, async () => {
      const code = b.code.replace(/from "bindsnet(\/models)?"/g, (_m, sub: string | undefined) => `from ${JSON.stringify(pathToFileURL(join(root, sub ? "src/models/index.ts" : "src/index.ts")).href)}`);
      const file = join(dir, `example-${k + 1}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      const printed: string[] = [];
      const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void printed.push(a.join(" ")));
      try {
        await import(pathToFileURL(file).href);
      } finally {
        spy.mockRestore();
      }
      expect(printed).toEqual(b.output);
    });
  });
});
