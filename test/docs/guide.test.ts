/**
 * The user guide's examples run: every ```ts runnable block of docs/guide.md is written to a
 * temporary module, with `from "bindsnet"` pointed at src/index.ts and `from "bindsnet/x"` at
 * the source of what Node resolves through the package's "exports" map, and imported. A block
 * followed by a ```text output block must print exactly those lines (console.log).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../src/backend/backend.js";
import { manualSeed } from "../../src/tensor/random.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const guide = readFileSync(join(root, "docs/guide.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };

export interface Block {
  /** Nearest heading above the block. */
  heading: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** Expected console.log lines, when a ```text output block follows. */
  output: string[] | null;
}

/** The runnable blocks of a markdown text, with their headings and expected output. */
export function extractBlocks(md: string): Block[] {
  const lines = md.split("\n");
  const blocks: Block[] = [];
  let heading = "(top)";
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const h = /^#+\s+(.*)$/.exec(l);
    if (h) heading = h[1]!;
    if (!/^```ts runnable\s*$/.test(l)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    let output: string[] | null = null;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === "") j++;
    if (j < lines.length && /^```text output\s*$/.test(lines[j]!)) {
      output = [];
      for (j++; j < lines.length && !/^```\s*$/.test(lines[j]!); j++) output.push(lines[j]!);
      i = j;
    }
    blocks.push({ heading, line: start + 1, code: body.join("\n"), output });
  }
  return blocks;
}

/** Points package imports at the source tree; an unknown subpath is an error. */
export function rewriteImports(code: string): string {
  return code.replace(/from\s+"bindsnet(\/[a-z-]+)?"/g, (_m, sub: string | undefined) => {
    const key = sub ? `.${sub}` : ".";
    if (!(key in pkg.exports)) throw new Error(`guide imports "bindsnet${sub ?? ""}", which package.json does not export`);
    // the file Node resolves (the "node" condition first, as Node does), in the source tree
    let t: unknown = pkg.exports[key];
    while (t && typeof t === "object") t = (t as Record<string, unknown>).node ?? (t as Record<string, unknown>).default;
    const file = join(root, String(t).replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
    return `from ${JSON.stringify(pathToFileURL(file).href)}`;
  });
}

const blocks = extractBlocks(guide);
const dir = mkdtempSync(join(tmpdir(), "bindsnet-guide-"));

describe("docs/guide.md", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    setBackend("js");
    manualSeed(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has runnable examples, every one importing only exported entry points", () => {
    expect(blocks.length).toBeGreaterThan(15);
    for (const b of blocks) expect(() => rewriteImports(b.code)).not.toThrow();
  });

  it("the extractor pairs a block with the output block that follows it", () => {
    const md = "# A\n```ts runnable\nconsole.log(1);\n```\n\n```text output\n1\n```\n## B\n```ts\nnot run\n```\n```ts runnable\nx\n```\n";
    const got = extractBlocks(md);
    expect(got).toEqual([
      { heading: "A", line: 2, code: "console.log(1);", output: ["1"] },
      { heading: "B", line: 13, code: "x", output: null },
    ]);
    expect(() => rewriteImports('import { x } from "bindsnet/nope";')).toThrow(/bindsnet\/nope/);
  });

  blocks.forEach((b, k) => {
    it(`block ${k + 1} (line ${b.line}, "${b.heading}") runs${b.output ? " and prints its output" : ""}`, async () => {
      const file = join(dir, `block-${k + 1}.ts`);
      writeFileSync(file, rewriteImports(b.code) + "\nexport {};\n");
      const printed: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
      await import(pathToFileURL(file).href);
      if (b.output) expect(printed).toEqual(b.output);
    });
  });
});
