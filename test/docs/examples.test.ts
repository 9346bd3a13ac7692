/**
 * The `@example` blocks of the main public classes' doc comments run, and print what their
 * comments say (checked here line by line).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";

const root = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "bindsnet-examples-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** [file, symbol, what the example prints] */
const CASES: [string, string, string[]][] = [
  ["src/tensor/tensor.ts", "class Tensor", ["[4,5,6] [2,3] 21"]],
  ["src/network/network.ts", "class Network", ["[100,1,5]"]],
  ["src/network/nodes/lif.ts", "class LIFNodes", ["100 [1,100]"]],
  ["src/network/topology/connection.ts", "class Connection", ["[100,10] [100,10]"]],
  ["src/network/monitors.ts", "class Monitor ", ["[20,1,5] float32"]],
  ["src/learning/post-pre.ts", "class PostPre", ["true"]],
  ["src/encoding/encodings.ts", "function poisson(", ["[250,3] uint8"]],
];

/** The ```ts block of the `@example` in the doc comment right above `symbol`. */
function exampleOf(file: string, symbol: string): string {
  const src = readFileSync(join(root, file), "utf8");
  const at = src.indexOf(`export ${symbol}`);
  if (at < 0) throw new Error(`${file}: no export ${symbol}`);
  const doc = src.slice(src.lastIndexOf("/**", at), at);
  const m = /@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/.exec(doc);
  if (!m) throw new Error(`${file}: ${symbol} has no @example`);
  return m[1]!.split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n");
}

describe("doc-comment examples", () => {
  it.each(CASES)("%s %s", async (file, symbol, output) => {
    const code = exampleOf(file, symbol).replace(/from "bindsnet"/g, `from ${JSON.stringify(pathToFileURL(join(root, "src/index.ts")).href)}`);
    const path = join(dir, `${symbol.replace(/\W/g, "")}.ts`);
    writeFileSync(path, `${code}\nexport {};\n`);
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void printed.push(a.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(" ")));
    try {
      await import(pathToFileURL(path).href);
    } finally {
      spy.mockRestore();
    }
    expect(printed).toEqual(output);
  });
});
