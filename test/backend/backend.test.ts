import { afterEach, describe, expect, it } from "vitest";
import { getBackend, listBackends, registerBackendLoader, setBackend } from "../../src/backend/index.js";
import { jsBackend } from "../../src/backend/backend.js";
import { zeros } from "../../src/tensor/creation.js";

describe("backend selection", () => {
  afterEach(() => setBackend("js"));

  it("starts on js and knows wasm by name before it is built", () => {
    expect(getBackend().name).toBe("js");
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
