// subview/viewAs keep the wasm block of the array they view alive; a plain subarray does not
// (the heap frees a block when the array it handed out is garbage-collected, and then hands
// the block to the next allocation of that size).
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setBackend } from "../../src/backend/backend.js";
import { isKeptView, rootOf, subview, viewAs } from "../../src/backend/view.js";
import { type WasmBackend, loadWasmBackend } from "../../src/backend/wasm/index.js";
import { arange, full } from "../../src/tensor/creation.js";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

let wasm: WasmBackend;
beforeAll(() => {
  wasm = loadWasmBackend();
  setBackend("wasm");
});
afterAll(() => setBackend("js"));

const N = 1000; // 4000 bytes of float32: the 4096-byte size class

/** GC and let finalizers run (they run as tasks after a collection, never synchronously). */
async function collect(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A view of elements [10, 20) of a fresh wasm tensor holding 0..N-1; the tensor itself is
 * unreachable when this returns (made in its own function so no scope keeps it).
 */
function viewOfDroppedTensor(kind: "subview" | "raw" | "contiguousData"): Float32Array {
  const t = arange(0, N, 1, { dtype: "float32" });
  if (!wasm.heap.owns(t.data)) throw new Error("expected wasm storage");
  if (kind === "contiguousData") return t.narrow(0, 10, 10).contiguousData() as Float32Array;
  const d = t.data as Float32Array;
  return kind === "subview" ? subview(d, 10, 20) : d.subarray(10, 20);
}

/** Allocates many same-size tensors filled with 7 (they would take a freed block first). */
function churn(): unknown[] {
  const keep: unknown[] = [];
  for (let i = 0; i < 64; i++) keep.push(full([N], 7));
  return keep;
}

describe("subview", () => {
  it("returns the subarray's elements and records the root through nested views", () => {
    const a = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]);
    const s = subview(a, 2, 6);
    const ss = subview(s, 1, 3);
    expect(Array.from(s)).toEqual([2, 3, 4, 5]);
    expect(Array.from(ss)).toEqual([3, 4]);
    expect(rootOf(s)).toBe(a);
    expect(rootOf(ss)).toBe(a); // the root, not the intermediate view
    expect(rootOf(a)).toBe(a);
    ss[0] = 30; // writes go through
    expect(a[3]).toBe(30);
    expect(isKeptView(ss)).toBe(true);
    expect(isKeptView(a.subarray(1))).toBe(false);
  });

  it("viewAs reinterprets the bytes and records the root", () => {
    const a = new Float32Array([1, -2]);
    const s = subview(a, 1, 2);
    const bytes = viewAs(Uint8Array, s);
    expect(bytes.length).toBe(4);
    expect(bytes.byteOffset).toBe(4);
    expect(rootOf(bytes)).toBe(a);
    const u = viewAs(Uint32Array, a, 1);
    expect(u.length).toBe(1);
    expect(u[0]).toBe(0x3f800000); // 1.0f
  });

  it("keeps a dropped wasm tensor's block: its values survive GC and many new tensors", async () => {
    await collect();
    const before = wasm.heap.bytesInUse;
    const view = viewOfDroppedTensor("subview");
    const fromData = viewOfDroppedTensor("contiguousData");
    await collect();
    // both tensors are unreachable, yet their blocks are still in use (held by the views)
    expect(wasm.heap.bytesInUse).toBe(before + 2 * 4096);
    const keep = churn();
    expect(Array.from(view)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(Array.from(fromData)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    await collect();
    expect(wasm.heap.bytesInUse).toBe(before + 2 * 4096 + 64 * 4096);
    expect(Array.from(view)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(keep.length).toBe(64);
  });

  it("(the raw subarray it replaces frees the block and sees it reused)", async () => {
    await collect();
    const before = wasm.heap.bytesInUse;
    const view = viewOfDroppedTensor("raw");
    expect(wasm.heap.bytesInUse).toBe(before + 4096);
    // collect until the tensor's block is back on the free list: the raw view does not hold it
    for (let i = 0; i < 10 && wasm.heap.bytesInUse > before; i++) await collect(1);
    expect(wasm.heap.bytesInUse).toBe(before);
    const keep = churn(); // the first of these takes the freed block and fills it with 7
    expect(Array.from(view)).toEqual(new Array(10).fill(7));
    expect(keep.length).toBe(64);
  });

  it("releases the block once the subview itself is dropped", async () => {
    await collect();
    const before = wasm.heap.bytesInUse;
    (() => {
      const v = viewOfDroppedTensor("subview");
      expect(v[0]).toBe(10);
    })();
    expect(wasm.heap.bytesInUse).toBe(before + 4096);
    for (let i = 0; i < 10 && wasm.heap.bytesInUse > before; i++) await collect(1);
    expect(wasm.heap.bytesInUse).toBe(before);
  });
});
