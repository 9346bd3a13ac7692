import { afterEach, describe, expect, it } from "vitest";
import { getBackend, listBackends, setBackend } from "../../../src/backend/backend.js";
import { initBackend, loadWasmBackend, loadWasmBackendAsync } from "../../../src/backend/wasm/index.js";
import { zeros, tensor } from "../../../src/tensor/creation.js";
import { withArena } from "../../../src/backend/arena.js";

afterEach(() => setBackend("js"));

describe("wasm backend", () => {
  it("registers once under the name wasm", async () => {
    setBackend("js");
    const a = loadWasmBackend();
    expect(a.name).toBe("wasm");
    expect(listBackends()).toContain("wasm");
    expect(loadWasmBackend()).toBe(a);
    expect(await loadWasmBackendAsync()).toBe(a);
    expect(getBackend().name).toBe("js"); // loading does not switch backends
  });

  it("allocates garbage-collected tensors outside an arena and wasm storage inside one", () => {
    setBackend("js");
    const wb = loadWasmBackend();
    const before = zeros([3]);
    setBackend("wasm");
    const t = zeros([2, 3]);
    expect(wb.heap.owns(t.data)).toBe(false); // a free tensor: the garbage collector frees it
    const arena = wb.createArena();
    const u = withArena(arena, () => tensor([1.5, 2.5]));
    expect(wb.heap.owns(u.data)).toBe(true);
    expect(arena.holds(u.data)).toBe(true);
    expect(u.toArray()).toEqual([1.5, 2.5]);
    expect(wb.heap.owns(before.data)).toBe(false);
    arena.dispose();
  });

  it("initBackend selects the requested backend", async () => {
    expect(await initBackend("wasm")).toBe("wasm");
    expect(getBackend().name).toBe("wasm");
    expect(await initBackend("js")).toBe("js");
    expect(getBackend().name).toBe("js");
  });
});
