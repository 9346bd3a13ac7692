// Runs before every test file. Files share a worker's module graph (vitest.config.ts: isolate
// false), so the global state a file may change is put back to what a fresh process starts
// with: the registered backends, the default backend (wasm where it runs, or BINDSNET_BACKEND)
// and a fresh global generator. A file that sets the backend to js must not leave the next file on js.
import { beforeAll } from "vitest";
import { getBackend, listBackends, setBackend, unregisterBackend } from "../src/backend/index.js";
import { Generator, setDefaultGenerator } from "../src/tensor/random.js";

const g = globalThis as { __bindsnetDefaultBackend?: string; __bindsnetBackends?: string[] };
// the first file of a worker sees a fresh process: its first getBackend() makes the default choice
g.__bindsnetDefaultBackend ??= getBackend().name;
g.__bindsnetBackends ??= listBackends();
const initial = g.__bindsnetDefaultBackend;
const known = new Set(g.__bindsnetBackends);

beforeAll(() => {
  // backends an earlier file registered (test arenas) are forgotten
  for (const name of listBackends()) if (!known.has(name)) unregisterBackend(name);
  setBackend(initial);
  setDefaultGenerator(new Generator());
});
