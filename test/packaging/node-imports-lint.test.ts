// The lint rule that keeps browser entries bundleable fires: a Node built-in (node:fs, or a
// bare fs/path/zlib) imported by browser-safe code is an error; src/node, src/cli and the
// named Node-only files may import them. And the guide's entry-point table names every
// subpath package.json exports.
import { ESLint } from "eslint";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });
const RULE = "no-restricted-imports";

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe("no Node built-ins in browser-safe code", () => {
  it.each([
    ['import { readFileSync } from "node:fs";', "src/network/probe.ts"],
    ['import { join } from "path";', "src/tensor/probe.ts"],
    ['import { gunzipSync } from "zlib";', "src/datasets/probe.ts"],
    ['import * as c from "node:crypto";', "src/analysis/probe.ts"],
    ['import { createRequire } from "module";', "src/index.ts"],
  ])("rejects %s in %s", async (imp, file) => {
    expect(await ruleIds(`${imp}\nexport const x = 1;\n`, file)).toContain(RULE);
  });

  it.each([
    ['import { readFileSync } from "node:fs";', "src/node/probe.ts"],
    ['import { readFileSync } from "node:fs";', "src/cli/probe.ts"],
    ['import { readFileSync } from "node:fs";', "src/datasets/mnist.ts"],
    ['import { Tensor } from "../tensor/tensor.js";', "src/network/probe.ts"],
  ])("accepts %s in %s", async (imp, file) => {
    expect(await ruleIds(`${imp}\nexport const x = 1;\n`, file)).not.toContain(RULE);
  });
});

describe("docs/guide.md's entry-point table", () => {
  it("names every subpath package.json exports", () => {
    const guide = readFileSync("docs/guide.md", "utf8");
    const table = guide.slice(guide.indexOf("| entry point |"), guide.indexOf("## Part I"));
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json").map((k) => (k === "." ? "bindsnet" : `bindsnet/${k.slice(2)}`));
    expect(subpaths.length).toBeGreaterThan(15);
    for (const s of subpaths) expect(table, s).toContain(`\`${s}\``);
  });
});
