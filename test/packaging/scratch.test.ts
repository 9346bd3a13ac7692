/**
 * The packed package, used from a scratch project outside the repository: `npm pack`, unpack
 * into <tmp>/node_modules/bindsnet (its runtime dependencies linked from this checkout, so no
 * registry is needed), then
 * - import it from ESM (root, `bindsnet/node`, `bindsnet/datasets` under the node condition)
 *   and require it from CommonJS, and run a seeded simulation;
 * - bundle the README tour for the browser with esbuild and with Vite (and, with Vite, a page
 *   importing every browser entry);
 * - type-check a strict user file against the packed types (nodenext and bundler resolution).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { builtinModules } from "node:module";

const root = resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
let dir = "";

function run(args: string[], input?: string): { out: string; err: string; status: number | null } {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", input, timeout: 60_000 });
  return { out: r.stdout.trim(), err: r.stderr.trim(), status: r.status };
}

/** The runtime dependencies (and theirs), linked from this checkout's node_modules. */
function linkDeps(names: string[], seen = new Set<string>()): void {
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const from = join(root, "node_modules", name);
    const to = join(dir, "node_modules", name);
    mkdirSync(join(to, ".."), { recursive: true });
    symlinkSync(from, to, "dir");
    const deps = (JSON.parse(readFileSync(join(from, "package.json"), "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {};
    linkDeps(Object.keys(deps), seen);
  }
}

const TOUR_SIM = `
manualSeed(7);
const net = new Network({ dt: 1 });
const a = new Input({ n: 20 });
const b = new LIFNodes({ n: 30 });
net.addLayer(a, "A");
net.addLayer(b, "B");
net.addConnection(new Connection({ source: a, target: b, w: full([20, 30], 0.3) }), "A", "B");
const m = new Monitor({ obj: b, stateVars: ["s"], time: 100 });
net.addMonitor(m, "B");
net.run({ inputs: { A: bernoulli(full([100, 20], 0.2)).to("uint8") }, time: 100 });
let n = 0; for (const x of m.get("s").toFlatArray()) if (x) n++;
`;

beforeAll(() => {
  // dist/ as `npm pack` would build it (prepare: skips a current dist/)
  execFileSync(process.execPath, [join(root, "scripts/prepare.mjs")], { cwd: root, stdio: "ignore" });
  dir = mkdtempSync(join(tmpdir(), "bindsnet-scratch-"));
  const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root, encoding: "utf8" })) as { filename: string }[];
  const tgz = join(dir, packed[0]!.filename);
  mkdirSync(join(dir, "node_modules/bindsnet"), { recursive: true });
  execFileSync("tar", ["xzf", tgz, "-C", join(dir, "node_modules/bindsnet"), "--strip-components=1"]);
  linkDeps(Object.keys(pkg.dependencies));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the packed package in a scratch project", () => {
  it("ships one copy of the wasm kernels and no dangling source map", () => {
    const files = execFileSync("find", ["node_modules/bindsnet", "-type", "f"], { cwd: dir, encoding: "utf8" }).split("\n");
    expect(files.filter((f) => /binary\.(js|ts)$/.test(f))).toEqual(["node_modules/bindsnet/dist/backend/wasm/generated/binary.js"]);
    expect(files.filter((f) => f.endsWith(".wasm"))).toEqual([]);
    for (const map of files.filter((f) => f.endsWith(".js.map")).slice(0, 400)) {
      const m = JSON.parse(readFileSync(join(dir, map), "utf8")) as { sources: string[] };
      for (const s of m.sources) expect(existsSync(resolve(dir, map, "..", s)), `${map} -> ${s}`).toBe(true);
    }
  });

  it("imports from ESM (root, bindsnet/node, datasets' node condition) and runs", () => {
    const r = run(["--input-type=module", "-e", `
      import { Network, Input, LIFNodes, Connection, Monitor, bernoulli, full, manualSeed, getBackend } from "bindsnet";
      import { writeFileAtomic, MNIST } from "bindsnet/node";
      import * as ds from "bindsnet/datasets";
      ${TOUR_SIM}
      console.log(JSON.stringify({ n, backend: getBackend().name, node: typeof writeFileAtomic, mnist: typeof MNIST, dsMnist: typeof ds.MNIST, parseIdx: typeof ds.parseIdx }));
    `]);
    expect(r.err).toBe("");
    const o = JSON.parse(r.out) as Record<string, unknown>;
    expect(o).toMatchObject({ backend: "wasm", node: "function", mnist: "function", dsMnist: "function", parseIdx: "function" });
    expect(o.n).toBeGreaterThan(0);
    esmSpikes = o.n as number;
  });

  let esmSpikes = -1;

  it("requires from CommonJS (require(esm), Node >= 20.19) with the same spikes", () => {
    const [maj, min] = process.versions.node.split(".").map(Number) as [number, number];
    expect(maj > 20 || (maj === 20 && min >= 19), `Node ${process.versions.node}: the test machine is below 20.19`).toBe(true);
    const r = run(["--input-type=commonjs", "-e", `
      const { Network, Input, LIFNodes, Connection, Monitor, bernoulli, full, manualSeed } = require("bindsnet");
      ${TOUR_SIM}
      console.log(JSON.stringify({ n }));
    `]);
    // Node 20 warns that require(esm) is experimental; nothing else may be printed
    expect(r.err.split("\n").filter((l) => l && !/ExperimentalWarning|--trace-warnings|Support for loading ES Module in require/.test(l))).toEqual([]);
    expect((JSON.parse(r.out) as { n: number }).n).toBe(esmSpikes);
  });

  const tour = (): string => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    return /## A short tour\s+```ts\n([\s\S]*?)```/.exec(readme)![1]! + "\nconsole.log(s.shape, v.shape);\n";
  };
  const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

  it("bundles the README tour for the browser with esbuild (<= 90 KB gzip)", async () => {
    const { build } = await import("esbuild");
    writeFileSync(join(dir, "tour.ts"), tour());
    const r = await build({ entryPoints: [join(dir, "tour.ts")], absWorkingDir: dir, bundle: true, platform: "browser", format: "esm", minify: true, write: false, metafile: true, logLevel: "silent" });
    const imports = Object.values(r.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => nodeBuiltins.has(p))).toEqual([]);
    expect(Object.keys(r.metafile.inputs).some((p) => p.includes("node_modules/bindsnet/dist/"))).toBe(true);
    expect(gzipSync(r.outputFiles[0]!.text).length).toBeLessThanOrEqual(90 * 1024);
  }, 30_000);

  it("bundles the README tour, and a page importing every browser entry, with Vite", async () => {
    const { build } = await import("vite");
    const exportsMap = JSON.parse(readFileSync(join(dir, "node_modules/bindsnet/package.json"), "utf8")) as { exports: Record<string, unknown> };
    const browserEntries = Object.keys(exportsMap.exports).filter((k) => !["./node", "./parity", "./environment/node", "./package.json"].includes(k));
    mkdirSync(join(dir, "web"), { recursive: true });
    writeFileSync(join(dir, "web/tour.ts"), tour());
    writeFileSync(join(dir, "web/index.html"), `<!doctype html><script type="module" src="./tour.ts"></script>`);
    writeFileSync(
      join(dir, "web/all.ts"),
      browserEntries.map((k, i) => `import * as m${i} from "${k === "." ? "bindsnet" : `bindsnet/${k.slice(2)}`}";`).join("\n") +
        `\nconsole.log(${browserEntries.map((_k, i) => `Object.keys(m${i}).length`).join(", ")});\n`,
    );
    writeFileSync(join(dir, "web/all.html"), `<!doctype html><script type="module" src="./all.ts"></script>`);
    await build({
      root: join(dir, "web"),
      logLevel: "silent",
      configFile: false,
      build: { outDir: join(dir, "web-dist"), minify: true, rollupOptions: { input: { tour: join(dir, "web/index.html"), all: join(dir, "web/all.html") } } },
    });
    const js = readdirSync(join(dir, "web-dist/assets")).filter((f) => f.endsWith(".js"));
    expect(js.length).toBeGreaterThanOrEqual(2);
    const code = js.map((f) => readFileSync(join(dir, "web-dist/assets", f), "utf8")).join("\n");
    expect(code).toContain('"AGFzbQ'); // the wasm kernels' bytes (base64 of "\\0asm")
    expect(code).not.toMatch(/from\s*["']node:|require\(["'](node:)?(fs|path|zlib|crypto|module)["']\)/);
  }, 90_000);

  it("type-checks a strict user file against the packed types (nodenext and bundler resolution)", () => {
    writeFileSync(join(dir, "user.ts"), `
      import { Network, Input, LIFNodes, Connection, Monitor, PostPre, encoding, tensor, Tensor, serializeNetwork, deserializeNetwork, type NetworkOptions } from "bindsnet";
      import { parseIdx } from "bindsnet/datasets";
      const opts: NetworkOptions = { dt: 1 };
      const net = new Network(opts);
      const a = new Input({ n: 4 });
      const b = new LIFNodes({ n: 2, traces: true });
      net.addLayer(a, "A"); net.addLayer(b, "B");
      net.addConnection(new Connection({ source: a, target: b, updateRule: PostPre, nu: [1e-4, 1e-2] }), "A", "B");
      const m = new Monitor({ obj: b, stateVars: ["s"], time: 10 });
      net.addMonitor(m, "B");
      const x: Tensor = encoding.poisson(tensor([10, 20, 30, 40]), 10);
      net.run({ inputs: { A: x }, time: 10 });
      const bytes: Uint8Array = serializeNetwork(net);
      const again: Network = deserializeNetwork<Network>(bytes, { Network });
      void again; void parseIdx;
      // @ts-expect-error: options are closed
      new LIFNodes({ n: 2, thresh_typo: 1 });
    `);
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    for (const [module, resolution] of [["nodenext", "nodenext"], ["esnext", "bundler"]]) {
      // no @types/node: the browser-facing types must not need Node's
      const compilerOptions = { noEmit: true, strict: true, exactOptionalPropertyTypes: true, target: "es2022", module, moduleResolution: resolution, lib: ["es2022", "dom"], types: [] };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["user.ts"] }));
      const r = run([tsc, "-p", "tsconfig.json"]);
      expect(`${resolution}: ${r.out}${r.err}`).toBe(`${resolution}: `);
    }
  }, 60_000);
});
