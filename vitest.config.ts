import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // Test files share a worker's module cache: importing the library (and compiling the wasm
    // module) once per worker instead of once per file halves the suite's wall time.
    // test/setup.ts puts the default backend and a fresh global generator back before each
    // file; `npx vitest run --isolate` runs every file in a fresh module graph.
    isolate: false,
    setupFiles: ["test/setup.ts"],
  },
});
