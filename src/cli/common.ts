/** Small pieces shared by the example commands: the backend choice, seeding, percentages. */
import { getBackend, listBackends, setBackend } from "../backend/backend.js";
import { loadWasmBackend } from "../backend/index.js";
import { manualSeed } from "../tensor/random.js";
import type { CliIO } from "./progress.js";

/** Activates the requested backend (wasm falls back to js where WebAssembly is missing); "auto" keeps the library's default. */
export function useBackend(name: string, io: CliIO): string {
  if (name === "auto") return getBackend().name;
  if (name === "wasm") {
    try {
      if (!listBackends().includes("wasm")) loadWasmBackend();
      setBackend("wasm");
      return "wasm";
    } catch (e) {
      io.err.write(`wasm backend unavailable (${(e as Error).message}); using js\n`);
    }
  }
  setBackend("js");
  return "js";
}

/** Seeds the global generator (the reference's torch.manual_seed). */
export function seedAll(seed: number): void {
  manualSeed(seed);
}

/** Formats a fraction as a percentage with two decimals. */
export function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}
