#!/usr/bin/env node
// `npm install` in a checkout (and `npx bindsnet` from one) runs `prepare`. Rebuilding dist/
// (the AssemblyScript kernels, then tsc) takes a minute or two, so: skip it when dist/ is
// newer than every source it is built from, and otherwise say what is happening first.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (/\.(ts|mjs|json)$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const stamp = join(root, "dist/index.js");
const wasm = join(root, "dist/backend/wasm/generated/binary.js");
const wasmTypes = join(root, "dist/backend/wasm/generated/exports.d.ts");
const sources = Math.max(newest(join(root, "src")), newest(join(root, "assembly")), statSync(join(root, "tsconfig.json")).mtimeMs, statSync(join(root, "tsconfig.build.json")).mtimeMs);
if (existsSync(stamp) && existsSync(wasm) && existsSync(wasmTypes) && statSync(stamp).mtimeMs >= sources && !process.argv.includes("--force")) {
  console.error("bindsnet prepare: dist/ is up to date (npm run build rebuilds it)");
  process.exit(0);
}
console.error("bindsnet prepare: building dist/ (WebAssembly kernels, then TypeScript; about 1-2 minutes)...");
const t0 = Date.now();
const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
if (r.status !== 0) process.exit(r.status ?? 1);
console.error(`bindsnet prepare: dist/ built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
