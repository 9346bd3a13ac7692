/**
 * Every browser entry of package.json's `exports` bundles with esbuild for the browser
 * (platform=browser) with no Node built-in in the bundle, and the README's tour fits the size
 * budget (90 KB gzip). Bundles the TypeScript sources the entries are built from.
 */
import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { builtinModules } from "node:module";
import { spawnSync } from "node:child_process";

const root = resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };

/** Entries that are Node-only by design (files, folders, the parity tool). */
const NODE_ONLY = new Set(["./node", "./parity", "./environment/node", "./package.json"]);

/** The browser ("default") target of an export, as the src/ file it is built from. */
function browserSource(target: unknown): string {
  let t = target;
  while (t && typeof t === "object") t = (t as Record<string, unknown>).default;
  if (typeof t !== "string") throw new Error(`no default target in ${JSON.stringify(target)}`);
  return join(root, t.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
}

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

async function bundle(entry: string, minify = false): Promise<{ code: string; inputs: string[]; imports: string[] }> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    minify,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(r.metafile.inputs);
  const imports = Object.values(r.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
  return { code: r.outputFiles[0]!.text, inputs, imports };
}

describe("browser bundles", () => {
  const entries = Object.entries(pkg.exports).filter(([k]) => !NODE_ONLY.has(k));

  it("lists the browser entries (every export but the Node-only ones)", () => {
    expect(entries.map(([k]) => k)).toEqual(expect.arrayContaining([".", "./tensor", "./network", "./datasets", "./analysis", "./models", "./pipeline", "./preprocessing"]));
    expect(entries.length).toBeGreaterThanOrEqual(15);
  });

  it.each(entries)("%s bundles for platform=browser without a Node built-in", async (_name, target) => {
    const { imports, code } = await bundle(browserSource(target));
    expect(imports.filter((p) => nodeBuiltins.has(p))).toEqual([]);
    expect(code).not.toMatch(/\bfrom\s*["']node:/);
    expect(code).not.toMatch(/\brequire\(["'](node:)?(fs|path|zlib|crypto|module)["']\)/);
  }, 30_000);

  it("a Node import in an entry fails the bundle (the check can fail)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bindsnet-bundle-"));
    try {
      const f = join(dir, "bad.ts");
      writeFileSync(f, `import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n`);
      await expect(bundle(f)).rejects.toThrow(/node:fs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the README tour bundles to at most 90 KB gzip", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const tour = /## A short tour\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(tour).toContain("network.run");
    const dir = mkdtempSync(join(tmpdir(), "bindsnet-tour-"));
    try {
      const f = join(dir, "tour.ts");
      const src = join(root, "src/index.ts").replace(/\\/g, "/");
      writeFileSync(f, tour!.replace(/from "bindsnet"/g, `from ${JSON.stringify(src)}`) + "\nconsole.log(s.shape, v.shape);\n");
      const { code, imports } = await bundle(f, true);
      expect(imports.filter((p) => nodeBuiltins.has(p))).toEqual([]);
      const gz = gzipSync(code).length;
      console.log(`README tour: ${(code.length / 1024).toFixed(1)} KB minified, ${(gz / 1024).toFixed(1)} KB gzip`);
      expect(gz).toBeLessThanOrEqual(90 * 1024);
      // and the bundle runs (a tree-shaken side effect, e.g. Tensor's methods, would fail here)
      writeFileSync(join(dir, "tour.mjs"), code);
      const run = spawnSync(process.execPath, [join(dir, "tour.mjs")], { encoding: "utf8", timeout: 20_000 });
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe("[ 500, 1, 1000 ] [ 500, 1, 1000 ]");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
