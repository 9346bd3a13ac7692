import { describe, expect, it } from "vitest";
import { compileModuleSync, instantiate } from "../../../src/backend/wasm/loader.js";
import { type WasmExports, wasmExportTable } from "../../../src/backend/wasm/generated/exports.js";

// Type level: the table's parameter counts are the generated interface's (tsc checks this file).
type Arity<F> = F extends (...args: infer P) => unknown ? P["length"] : "memory";
const table: { readonly [K in keyof WasmExports]: Arity<WasmExports[K]> } = wasmExportTable;

describe("generated wasm export types (src/backend/wasm/generated/exports.ts)", () => {
  it("list every export of both modules, with its kind", () => {
    const listed = Object.entries(table)
      .map(([name, v]) => `${name}:${v === "memory" ? "memory" : "function"}`)
      .sort();
    for (const shared of [true, false]) {
      const actual = WebAssembly.Module.exports(compileModuleSync(shared))
        .map((e) => `${e.name}:${e.kind}`)
        .sort();
      expect(actual).toEqual(listed);
    }
    expect(listed.length).toBe(48);
  });

  it("give each function the parameter count the compiled function has", () => {
    const ex = instantiate(compileModuleSync(false), new WebAssembly.Memory({ initial: 1 })) as unknown as Record<string, unknown>;
    for (const [name, v] of Object.entries(table)) {
      if (v === "memory") expect(ex[name]).toBeInstanceOf(WebAssembly.Memory);
      else expect([name, (ex[name] as (...a: number[]) => unknown).length]).toEqual([name, v]);
    }
    // two known signatures: the LIF step's 21 arguments, the f32 spike product's 6
    expect(table.lifStep).toBe(21);
    expect(table.spikeMatmulF32U8).toBe(6);
  });
});
