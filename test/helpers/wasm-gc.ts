/**
 * Shared set-up of the memory tests: a `gc()` that runs V8's collector now (for tests of what
 * is freed when), and the wasm backend active for the file's tests (js again afterwards).
 */
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll } from "vitest";
import { setBackend } from "../../src/backend/backend.js";
import { type WasmBackend, loadWasmBackend } from "../../src/backend/index.js";

v8.setFlagsFromString("--expose-gc");
/** Runs V8's garbage collector now. */
export const gc = vm.runInNewContext("gc") as () => void;

/** Activates the wasm backend for the calling file's tests; returns a getter for it. */
export function useWasmBackend(): () => WasmBackend {
  let wasm: WasmBackend | null = null;
  beforeAll(() => {
    wasm = loadWasmBackend();
    setBackend("wasm");
  });
  afterAll(() => setBackend("js"));
  return () => wasm!;
}
