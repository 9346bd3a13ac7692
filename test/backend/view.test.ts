// subview/viewAs record the array they view (its root), so the view keeps it reachable. Wasm
// blocks are freed only by their owner (an arena), never by a collection: a view of a free
// tensor (a garbage-collected JavaScript array) keeps its values through any number of
// collections and new tensors.
import { describe, expect, it } from "vitest";
import { gc, useWasmBackend } from "../helpers/wasm-gc.js";
import { isKeptView, rootOf, subview, viewAs } from "../../src/backend/view.js";
import { arange, full } from "../../src/tensor/creation.js";

const backend = useWasmBackend();

const N = 1000; // 4000 bytes of float32: the 4096-byte size class

/** GC and let finalizers run (they run as tasks after a collection, never synchronously). */
async function collect(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A view of elements [10, 20) of a fresh tensor holding 0..N-1, made under wasm outside any
 * arena; the tensor itself is unreachable when this returns.
 */
function viewOfDroppedTensor(kind: "subview" | "raw" | "contiguousData"): Float32Array {
  const t = arange(0, N, 1, { dtype: "float32" });
  if (backend().heap.owns(t.data)) throw new Error("expected garbage-collected storage");
  if (kind === "contiguousData") return t.narrow(0, 10, 10).contiguousData() as Float32Array;
  const d = t.data as Float32Array;
  return kind === "subview" ? subview(d, 10, 20) : d.subarray(10, 20);
}

/** Allocates many same-size tensors filled with 7. */
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

  it("views of a dropped free tensor keep their values through collections and new tensors, and take no wasm memory", async () => {
    await collect();
    const before = backend().heap.bytesInUse;
    const views = [viewOfDroppedTensor("subview"), viewOfDroppedTensor("contiguousData"), viewOfDroppedTensor("raw")];
    await collect();
    const keep = churn();
    await collect();
    for (const v of views) expect(Array.from(v)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(backend().heap.bytesInUse).toBe(before);
    expect(keep.length).toBe(64);
  });
});
