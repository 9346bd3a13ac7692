/**
 * The parity runner under the wasm backend: every reference scenario that the js backend
 * passes must pass with all tensors in wasm memory and the wasm kernels, with the same
 * tolerances (spikes exact, floats 1e-4, Izhikevich 1e-3). The kernels are bit-identical to
 * js (kernels.test.ts), so in practice the recorded arrays are identical too, which the
 * second test checks directly against a js run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { loadWasmBackend } from "../../src/backend/wasm/index.js";
import { loadLibrary } from "../../tools/parity/library.js";
import { runParity } from "../../tools/parity/runner.js";
import { formatResult, type ScenarioResult } from "../../tools/parity/compare.js";

const FIX = join(import.meta.dirname, "../fixtures/parity");

describe("parity scenarios on the wasm backend", () => {
  const wasm = loadWasmBackend();
  let js: ScenarioResult[] = [];
  let onWasm: ScenarioResult[] = [];
  let wasmAllocs = 0;
  let calls = { wasm: 0, fallback: 0 };

  beforeAll(async () => {
    const lib = await loadLibrary();
    setBackend("js");
    js = await runParity(FIX, { lib });
    const before = wasm.heap.bytesInUse;
    const s0 = { ...wasm.stats };
    setBackend("wasm");
    onWasm = await runParity(FIX, { lib });
    wasmAllocs = wasm.heap.bytesInUse - before;
    calls = { wasm: wasm.stats.wasm - s0.wasm, fallback: wasm.stats.fallback - s0.fallback };
  }, 120_000); // two full parity runs
  afterAll(() => setBackend("js"));

  it("runs with tensors in wasm memory and the wasm kernels", () => {
    expect(getBackend().name).toBe("wasm");
    expect(wasmAllocs).toBeGreaterThan(0);
    console.log(`parity on wasm: ${calls.wasm} wasm kernel calls, ${calls.fallback} js fallbacks`);
    expect(calls.wasm).toBeGreaterThan(1000);
    expect(calls.fallback).toBeLessThan(calls.wasm / 10);
    expect(onWasm).toHaveLength(js.length);
    expect(onWasm.length).toBeGreaterThan(0);
  });

  it("passes every scenario the js backend passes, with the same errors", () => {
    for (const r of js) {
      const w = onWasm.find((x) => x.name === r.name)!;
      expect(w.status, formatResult(w)).toBe(r.status);
      for (const a of r.arrays) {
        const b = w.arrays.find((x) => x.key === a.key)!;
        expect(b.ok, `${r.name} ${a.key}`).toBe(a.ok);
        expect(b.mismatches, `${r.name} ${a.key}`).toBe(a.mismatches);
        expect(b.maxAbsErr, `${r.name} ${a.key}`).toBe(a.maxAbsErr);
      }
    }
    expect(onWasm.filter((r) => r.status === "pass").length).toBeGreaterThanOrEqual(6);
  });

  it("fails no scenario that can be built", () => {
    for (const r of onWasm) {
      if (r.status !== "skipped") expect(r.status, formatResult(r)).toBe("pass");
    }
  });
});
