/**
 * Compiles and instantiates the kernel module from the bytes embedded in `generated/binary.ts`
 * (written by scripts/build-wasm.mjs). No file system, fetch or bundler support is needed, so
 * the same code loads in Node, browsers and workers.
 */
import { wasmPlainBase64, wasmSharedSplice } from "./generated/binary.js";
import type { WasmExports } from "./generated/exports.js";

/**
 * The functions the kernel module exports (addresses are byte offsets into the memory): an
 * interface generated from the compiled module by scripts/build-wasm.mjs, so a renamed or
 * re-typed export in assembly/ fails the type check of the wrappers that call it.
 */
export type { WasmExports };

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The module's bytes: the variant that imports a shared memory or a plain one. Only the plain
 * one is embedded; the shared one differs in its memory import alone, and the build embeds
 * the splice that makes it (checked there against the module asc compiled).
 */
export function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const plain = decodeBase64(wasmPlainBase64);
  if (!shared) return plain;
  const { at, cut, insert } = wasmSharedSplice;
  const out = new Uint8Array(plain.length - cut + insert.length);
  out.set(plain.subarray(0, at));
  out.set(insert, at);
  out.set(plain.subarray(at + cut), at + insert.length);
  return out;
}

const compiled = new Map<boolean, WebAssembly.Module>();

/**
 * Compiles synchronously. Node and workers allow this for any size; a browser's main thread
 * refuses modules over 4 KB, so browsers should call `compileModule` first.
 */
export function compileModuleSync(shared: boolean): WebAssembly.Module {
  let m = compiled.get(shared);
  if (!m) compiled.set(shared, (m = new WebAssembly.Module(moduleBytes(shared))));
  return m;
}

/** Compiles asynchronously and caches the result for `compileModuleSync`. */
export async function compileModule(shared: boolean): Promise<WebAssembly.Module> {
  let m = compiled.get(shared);
  if (!m) compiled.set(shared, (m = await WebAssembly.compile(moduleBytes(shared))));
  return m;
}

/** Instantiates a compiled module over `memory` (instantiation of a compiled module is cheap). */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): WasmExports {
  const abort = (): never => {
    throw new Error("wasm kernel aborted");
  };
  const instance = new WebAssembly.Instance(module, { env: { memory, abort } });
  return instance.exports as unknown as WasmExports;
}

// The smallest module that uses a v128 instruction: (func (result v128) v128.const i32x4 0 0 0 0).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 11,
]);

/** Whether this engine runs WebAssembly with 128-bit SIMD (every current browser and Node >= 16). */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
