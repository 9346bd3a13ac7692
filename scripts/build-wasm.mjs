#!/usr/bin/env node
// Compiles the AssemblyScript kernels in assembly/ into two WebAssembly modules (one that
// imports a shared memory, one that imports a plain memory; see docs/backends.md for why) and
// writes them, base64-encoded, into src/backend/wasm/generated/binary.ts (gitignored). The
// library loads the module from those bytes, so it needs no file system or fetch at runtime
// and runs unchanged in Node and in browsers. It also writes generated/exports.ts: the
// TypeScript interface of the module's exports, read from the declarations asc emits with
// `--bindings` (so the wrappers in src/backend/wasm/kernels/ type-check against the kernels
// as compiled: a renamed or re-typed export breaks tsc). Runs from `npm run build` (and so on
// `npm ci`); `--if-stale` (run by `npm run typecheck`) rebuilds only when a generated file is
// missing or older than assembly/ or this script.
import { mkdirSync, writeFileSync, readFileSync, existsSync, unlinkSync, readdirSync, statSync, utimesSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// `--after-tsc` (the last step of `npm run build`): dist/backend/wasm/generated/binary.js gets
// no source map. Its source is generated and gitignored (so never packed): a map would point
// at a file that is not there, and one with the sources inlined would ship the wasm twice.
if (process.argv.includes("--after-tsc")) {
  for (const name of ["binary", "exports"]) {
    const js = join(root, `dist/backend/wasm/generated/${name}.js`);
    const map = `${js}.map`;
    if (existsSync(map)) unlinkSync(map);
    if (existsSync(js)) writeFileSync(js, readFileSync(js, "utf8").replace(new RegExp(`\\n//# sourceMappingURL=${name}\\.js\\.map\\s*$`), "\n"));
  }
  process.exit(0);
}
const outDir = join(root, "src/backend/wasm/generated");
const outFile = join(outDir, "binary.ts");
const typesFile = join(outDir, "exports.ts");

if (process.argv.includes("--if-stale")) {
  const newest = (dir) => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  const sources = Math.max(newest(join(root, "assembly")), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  if ([outFile, typesFile].every((f) => existsSync(f) && statSync(f).mtimeMs >= sources)) process.exit(0);
  console.log("build-wasm: generated/ is missing or older than assembly/; rebuilding");
}

// (imported here, after the --if-stale check, which should cost next to nothing)
const { default: asc } = await import("assemblyscript/asc");

// --zeroFilledMemory: every memory the module is instantiated over is a fresh (zero) one (the
// heap's, the heapBase probe), so asc leaves zero-initialised static data (the kernels'
// scratch blocks, such as fsum.ts's) out of the binary instead of shipping it, twice,
// base64-encoded in the bundle. (The kernels clear or write their scratch before reading it
// in any case.)
// Memory limits, in 64 KiB pages. The shared module may be given any maximum up to 65536.
const common = ["assembly/index.ts", "-O3", "--noAssert", "--runtime", "stub", "--enable", "simd", "--importMemory", "--zeroFilledMemory", "--initialMemory", "1"];
const variants = {
  shared: [...common, "--enable", "threads", "--sharedMemory", "--maximumMemory", "65536"],
  plain: [...common],
};

async function compile(name, args) {
  let binary = null;
  let dts = null;
  let stderr = "";
  const { error } = await asc.main([...args, "--outFile", `${name}.wasm`, "--bindings", "raw"], {
    readFile: (f, base) => {
      const p = join(base, f);
      return existsSync(p) ? readFileSync(p, "utf8") : null;
    },
    writeFile: (f, contents) => {
      if (f.endsWith(".wasm")) binary = contents;
      else if (f.endsWith(".d.ts")) dts = contents;
    },
    listFiles: () => [],
    stdout: { write: (s) => process.stdout.write(s) },
    stderr: { write: (s) => { stderr += s; process.stderr.write(s); } },
    baseDir: root,
  });
  if (error || !binary || !dts) throw new Error(`build-wasm: asc failed for the ${name} module: ${error ?? "no binary or declarations"}\n${stderr}`);
  return { binary: Buffer.from(binary), exports: parseDeclarations(name, String(dts)) };
}

// asc's raw-bindings declarations: one JSDoc block per export, naming the source function and
// each parameter's AssemblyScript type, then `export function name(...): ...;` (or the memory).
// The kernels are called raw (numbers in, numbers out), so every wasm value type maps to number,
// bool included (asc's own glue would convert a boolean; the raw export takes an i32).
const NUMBER_TYPES = new Set(["i8", "i16", "i32", "u8", "u16", "u32", "isize", "usize", "f32", "f64", "bool"]);
function tsType(t, where) {
  if (NUMBER_TYPES.has(t)) return "number";
  if (t === "i64" || t === "u64") return "bigint";
  throw new Error(`build-wasm: ${where} has type ${t}, expected a wasm number type (a kernel export takes and returns plain numbers)`);
}
function parseDeclarations(variant, dts) {
  const found = [];
  for (const m of dts.matchAll(/\/\*\*([\s\S]*?)\*\/\s*export (function|const) (\w+)([^;]*);/g)) {
    const [, doc, what, name, rest] = m;
    if (what === "const") {
      if (!/:\s*WebAssembly\.Memory$/.test(rest.trim())) throw new Error(`build-wasm: export ${name} of the ${variant} module is ${rest.trim()}, expected a function or the memory`);
      found.push({ name, memory: true });
      continue;
    }
    const source = /^\s*\*\s*(\S+)\s*$/m.exec(doc)?.[1] ?? name;
    const params = [...doc.matchAll(/@param (\w+) `([^`]+)`/g)].map(([, p, t]) => ({ name: p, as: t, ts: tsType(t, `parameter ${p} of ${source}`) }));
    const ret = /@returns `([^`]+)`/.exec(doc)?.[1] ?? null;
    const declared = (rest.match(/\w+(?=\??:)/g) ?? []).slice(0, params.length);
    const sigParams = /^\(([^)]*)\)/.exec(rest.trim())?.[1] ?? "";
    const count = sigParams.trim() === "" ? 0 : sigParams.split(",").length;
    if (count !== params.length || declared.join() !== params.map((p) => p.name).join()) {
      throw new Error(`build-wasm: the declarations of ${source} (${variant} module) do not match its documented parameters: ${rest.trim()}`);
    }
    found.push({ name, source, params, ret, retTs: ret === null ? "void" : tsType(ret, `the result of ${source}`) });
  }
  if (found.length === 0) throw new Error(`build-wasm: no exports found in asc's declarations for the ${variant} module`);
  return found;
}

function exportsModule(list) {
  const members = list.map((e) => {
    if (e.memory) return `  /** The memory (the imported "env"."memory", exported again). */\n  readonly ${e.name}: WebAssembly.Memory;`;
    const as = `${e.source}(${e.params.map((p) => `${p.name}: ${p.as}`).join(", ")})${e.ret === null ? "" : `: ${e.ret}`}`;
    return `  /** ${as} */\n  ${e.name}(${e.params.map((p) => `${p.name}: ${p.ts}`).join(", ")}): ${e.retTs};`;
  });
  const table = list.map((e) => `  ${e.name}: ${e.memory ? '"memory"' : e.params.length},`);
  return `// Generated by scripts/build-wasm.mjs from assembly/ (asc's --bindings declarations): do not
// edit, do not commit.

/**
 * The functions (and the memory) the kernel module exports, as the wrappers call them: every
 * wasm number type is a number (addresses are byte offsets into the memory; a \`bool\` is 0 or 1).
 */
export interface WasmExports {
${members.join("\n")}
}

/** Every export of the module: a function's parameter count, or "memory". */
export const wasmExportTable = {
${table.join("\n")}
} as const satisfies Record<keyof WasmExports, number | "memory">;
`;
}

const out = {};
const exportLists = {};
for (const [name, args] of Object.entries(variants)) ({ binary: out[name], exports: exportLists[name] } = await compile(name, args));
if (JSON.stringify(exportLists.shared) !== JSON.stringify(exportLists.plain)) throw new Error("build-wasm: the shared and plain modules export different functions");

// The two modules differ only in the memory import (shared, with a maximum; or plain), so only
// the plain one is embedded, with the splice that turns it into the shared one: the bytes
// between their common prefix and common suffix (a few, in the import section). Embedding
// both doubled the payload and, once a module outgrew gzip's 32 KB window, the bundle's
// compressed size too.
let pre = 0;
while (pre < out.plain.length && pre < out.shared.length && out.plain[pre] === out.shared[pre]) pre++;
let suf = 0;
while (suf < out.plain.length - pre && suf < out.shared.length - pre && out.plain[out.plain.length - 1 - suf] === out.shared[out.shared.length - 1 - suf]) suf++;
const splice = { at: pre, cut: out.plain.length - pre - suf, insert: [...out.shared.subarray(pre, out.shared.length - suf)] };
const rebuilt = Buffer.concat([out.plain.subarray(0, splice.at), Buffer.from(splice.insert), out.plain.subarray(splice.at + splice.cut)]);
if (!rebuilt.equals(out.shared) || splice.insert.length > 64) throw new Error(`build-wasm: the shared module is not the plain one with a small splice (${splice.insert.length} bytes)`);
const hash = createHash("sha256").update(out.shared).update(out.plain).digest("hex").slice(0, 16);
const text = `// Generated by scripts/build-wasm.mjs from assembly/: do not edit, do not commit.
// Both modules import "env"."memory"; the shared one declares it shared (maximum 65536 pages).
export const wasmHash = ${JSON.stringify(hash)};
/** The module that imports a plain memory. */
export const wasmPlainBase64 =
  ${JSON.stringify(out.plain.toString("base64"))};
/** The module that imports a shared memory: the plain one with bytes [at, at + cut) replaced by insert. */
export const wasmSharedSplice = ${JSON.stringify(splice)};
`;
mkdirSync(outDir, { recursive: true });
// Unchanged files keep their contents (no rebuild for watchers) but get a fresh time (for --if-stale).
function put(file, contents) {
  if (!existsSync(file) || readFileSync(file, "utf8") !== contents) writeFileSync(file, contents);
  else utimesSync(file, new Date(), new Date());
}
put(outFile, text);
put(typesFile, exportsModule(exportLists.plain));
console.log(`build-wasm: ${out.plain.length} bytes (+ a ${splice.insert.length}-byte splice for shared memory) -> ${outFile.slice(root.length + 1)} (${hash}); ${exportLists.plain.length} exports -> ${typesFile.slice(root.length + 1)}`);
