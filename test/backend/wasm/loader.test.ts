import { describe, expect, it } from "vitest";
import { compileModule, compileModuleSync, instantiate, moduleBytes, wasmSimdSupported } from "../../../src/backend/wasm/loader.js";

describe("wasm loader", () => {
  it("detects SIMD support in this engine", () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  it("embeds two valid modules, one importing a shared memory", () => {
    for (const shared of [true, false]) {
      const bytes = moduleBytes(shared);
      expect([...bytes.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
      expect(WebAssembly.validate(bytes)).toBe(true);
      const imports = WebAssembly.Module.imports(compileModuleSync(shared));
      expect(imports).toContainEqual({ module: "env", name: "memory", kind: "memory" });
    }
  });

  it("compiles asynchronously to the cached module and exports the kernels", async () => {
    const m = await compileModule(false);
    expect(m).toBe(compileModuleSync(false));
    const names = WebAssembly.Module.exports(m).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["heapBase", "spikeMatmulF32U8", "spikeMatmulF32F32", "spikeMatmulF64U8", "spikeMatmulF64F64"]));
    const ex = instantiate(m, new WebAssembly.Memory({ initial: 1 }));
    expect(ex.heapBase()).toBeGreaterThan(0);
    expect(ex.heapBase()).toBeLessThan(65536);
  });

  it("refuses a memory of the wrong kind", () => {
    expect(() => instantiate(compileModuleSync(true), new WebAssembly.Memory({ initial: 1 }))).toThrow(WebAssembly.LinkError);
  });
});
