import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // Test files share a worker's module cache: importing the library (and compiling the wasm
    // module) once per worker instead of once per file halves the suite's wall time. Each file
    // still gets fresh state where it matters (tests reset the backend, seed and registries
    // they change); `npx vitest run --isolate` runs every file in a fresh module graph.
    isolate: false,
  },
});
