import { afterEach, describe, expect, it, vi } from "vitest";
import { getBackend, listBackends, registerBackend, registerBackendLoader, setBackend, unregisterBackend } from "../../src/backend/index.js";
import { jsBackend } from "../../src/backend/backend.js";
import { zeros } from "../../src/tensor/creation.js";

type BackendModule = typeof import("../../src/backend/backend.js");

/** A fresh copy of the backend modules (nothing selected yet) with BINDSNET_BACKEND = env. */
async function fresh(env: string | undefined): Promise<BackendModule> {
  vi.resetModules();
  vi.stubEnv("BINDSNET_BACKEND", env);
  return import("../../src/backend/backend.js");
}

describe("the default backend", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is wasm where WebAssembly SIMD is available (Node), chosen by the first getBackend()", async () => {
    const m = await fresh(undefined);
    expect(m.selectedBackendName()).toBe(null); // importing chooses nothing
    expect(m.getBackend().name).toBe("wasm");
    expect(m.selectedBackendName()).toBe("wasm");
    expect(m.kernels()).toBe(m.getBackend().kernels);
  });

  it("is chosen by kernels() too when that comes first", async () => {
    const m = await fresh("");
    expect(m.kernels()).toBe(m.getBackend().kernels);
    expect(m.getBackend().name).toBe("wasm");
  });

  it("is forced by BINDSNET_BACKEND=js or =wasm", async () => {
    expect((await fresh("js")).getBackend().name).toBe("js");
    expect((await fresh("wasm")).getBackend().name).toBe("wasm");
  });

  it("rejects an unknown BINDSNET_BACKEND, naming the variable and the known backends", async () => {
    const m = await fresh("webgpu");
    expect(() => m.getBackend()).toThrow(/getBackend: the environment variable BINDSNET_BACKEND is "webgpu", expected one of "js", "wasm"/);
  });

  it("gives way to setBackend before first use", async () => {
    const m = await fresh(undefined);
    m.setBackend("js");
    expect(m.getBackend()).toBe(m.jsBackend);
  });

  it("stays js, silently, where the chosen backend cannot load (no SIMD, a page refusing sync compiles)", async () => {
    const m = await fresh(undefined);
    m.registerBackendLoader("broken", () => {
      throw new RangeError("WebAssembly.Module(): Wasm code generation disallowed by embedder");
    });
    m.setDefaultBackendChooser(() => "broken");
    expect(m.getBackend()).toBe(m.jsBackend);
    const n = await fresh(undefined);
    n.setDefaultBackendChooser(() => null); // what backend.ts installs without SIMD
    expect(n.getBackend()).toBe(n.jsBackend);
  });
});

describe("backend selection", () => {
  afterEach(() => setBackend("js"));

  it("knows wasm by name before it is built", () => {
    expect(listBackends()).toEqual(expect.arrayContaining(["js", "wasm"]));
  });

  it("builds wasm on first selection, then allocates new storage from it", () => {
    setBackend("wasm");
    expect(getBackend().name).toBe("wasm");
    const t = zeros([4]);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual([0, 0, 0, 0]);
    setBackend("js");
    expect(getBackend()).toBe(jsBackend);
  });

  it("calls a registered loader only once", () => {
    let calls = 0;
    registerBackendLoader("probe", () => {
      calls++;
      return { ...jsBackend, name: "probe" };
    });
    setBackend("probe");
    setBackend("js");
    setBackend("probe");
    expect(calls).toBe(1);
  });

  it("rejects an unknown name, listing the known ones", () => {
    expect(() => setBackend("webgpu")).toThrow(/setBackend: name is "webgpu", expected one of "js", .*"wasm"/);
  });
});

describe("unregisterBackend", () => {
  it("forgets a registered backend; if it was active, the next getBackend() chooses the default again", () => {
    registerBackend({ ...jsBackend, name: "probe-unregister" });
    setBackend("probe-unregister");
    expect(listBackends()).toContain("probe-unregister");
    expect(unregisterBackend("probe-unregister")).toBe(true);
    expect(listBackends()).not.toContain("probe-unregister");
    expect(getBackend().name).not.toBe("probe-unregister");
    expect(() => setBackend("probe-unregister")).toThrow(/setBackend: name is "probe-unregister", expected one of/);
    expect(unregisterBackend("probe-unregister")).toBe(false);
  });

  it("refuses to remove js", () => {
    expect(() => unregisterBackend("js")).toThrow(/unregisterBackend: name is "js"/);
  });
});
