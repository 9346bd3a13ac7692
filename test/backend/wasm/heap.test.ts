import { describe, expect, it } from "vitest";
import { WasmHeap, sharedMemoryAvailable } from "../../../src/backend/wasm/heap.js";

describe("WasmHeap", () => {
  it("hands out zero-filled, 16-byte aligned views into its memory", () => {
    const heap = new WasmHeap({ base: 1000 });
    const a = heap.alloc("float32", 5) as Float32Array;
    const b = heap.alloc("uint8", 3);
    const c = heap.alloc("float64", 7) as Float64Array;
    for (const x of [a, b, c]) {
      expect(heap.owns(x)).toBe(true);
      expect(x.byteOffset % 16).toBe(0);
      expect(x.byteOffset).toBeGreaterThanOrEqual(1000);
      expect([...x].every((v) => v === 0)).toBe(true);
    }
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(5);
    expect(c.length).toBe(7);
    // Distinct, non-overlapping blocks.
    a.fill(1);
    c.fill(2);
    expect([...b]).toEqual([0, 0, 0]);
    expect(heap.bytesInUse).toBe(32 + 16 + 64);
  });

  it("keeps every block until it is released, past the former 256 MiB soft limit", () => {
    const heap = new WasmHeap();
    const held = Array.from({ length: 5 }, () => heap.alloc("uint8", 64 * 2 ** 20)); // 320 MiB
    expect(held.every((a) => heap.owns(a))).toBe(true);
    expect(heap.fallbacks).toBe(0);
    expect(heap.bytesInUse).toBe(5 * 64 * 2 ** 20);
    expect(heap.blocks).toBe(5);
    heap.release(held[0]!);
    const again = heap.alloc("uint8", 64 * 2 ** 20);
    expect(again.byteOffset).toBe(held[0]!.byteOffset);
    heap.release(held[1]!.subarray(16)); // a view of a block is not the block: ignored
    expect(heap.blocks).toBe(5);
  });

  it("maps each dtype to its storage class", () => {
    const heap = new WasmHeap();
    expect(heap.alloc("int32", 2)).toBeInstanceOf(Int32Array);
    expect(heap.alloc("float16", 2)).toBeInstanceOf(Uint16Array);
    expect(heap.alloc("bool", 2)).toBeInstanceOf(Uint8Array);
    expect(heap.alloc("float64", 2)).toBeInstanceOf(Float64Array);
  });

  it("does not own arrays of the JavaScript heap", () => {
    const heap = new WasmHeap();
    expect(heap.owns(new Float32Array(4))).toBe(false);
    expect(heap.owns(new Float32Array(new SharedArrayBuffer(16)))).toBe(false);
  });

  it("reuses a released block of the same size class and zero-fills it", () => {
    const heap = new WasmHeap();
    const a = heap.alloc("float32", 100) as Float32Array;
    const ptr = a.byteOffset;
    a.fill(7);
    heap.release(a);
    heap.release(a); // a second release is ignored
    expect(heap.bytesInUse).toBe(0);
    const b = heap.alloc("float32", 90) as Float32Array; // 360 B rounds to the same 512 B class
    expect(b.byteOffset).toBe(ptr);
    expect([...b].every((v) => v === 0)).toBe(true);
    const c = heap.alloc("float32", 90) as Float32Array;
    expect(c.byteOffset).not.toBe(ptr);
  });

  it("keeps large blocks in exact 64 KiB multiples", () => {
    const heap = new WasmHeap();
    const a = heap.alloc("float32", 20000); // 80000 B -> 131072 B
    expect(heap.bytesInUse).toBe(131072);
    heap.release(a);
    const b = heap.alloc("float32", 17000); // 68000 B -> the same 131072 B block
    expect(b.byteOffset).toBe(a.byteOffset);
  });

  it.runIf(sharedMemoryAvailable())("grows a shared memory without detaching earlier views", () => {
    const heap = new WasmHeap({ shared: true, maxBytes: 64 * 2 ** 20 });
    const a = heap.alloc("float32", 4) as Float32Array;
    a.set([1, 2, 3, 4]);
    const before = heap.bytesReserved;
    const big = heap.alloc("float32", 4 * 2 ** 20) as Float32Array; // 16 MiB forces a grow
    expect(heap.bytesReserved).toBeGreaterThan(before);
    expect(heap.owns(big)).toBe(true);
    expect(heap.owns(a)).toBe(true);
    expect([...a]).toEqual([1, 2, 3, 4]);
    big[big.length - 1] = 5;
    expect(big[big.length - 1]).toBe(5);
  });

  it("serves JavaScript arrays once a plain (fixed-size) memory is full", () => {
    const heap = new WasmHeap({ shared: false, maxBytes: 2 * 65536 });
    expect(heap.shared).toBe(false);
    const a = heap.alloc("float32", 20000); // 128 KiB block does not fit above the base
    expect(heap.owns(a)).toBe(false);
    expect(a.length).toBe(20000);
    expect(heap.fallbacks).toBe(1);
    const b = heap.alloc("float32", 100);
    expect(heap.owns(b)).toBe(true);
  });

  it("rejects a maximum size outside the wasm32 range", () => {
    expect(() => new WasmHeap({ maxBytes: 100 })).toThrow(/WasmHeap: maxBytes is 100, expected between 65536 and 4294967296/);
    expect(() => new WasmHeap({ maxBytes: 2 ** 33 })).toThrow(RangeError);
  });
});

describe("WasmArena", () => {
  it("owns the blocks it hands out and frees one or all of them", () => {
    const heap = new WasmHeap();
    const arena = heap.createArena();
    const a = arena.alloc("float32", 1000) as Float32Array;
    const b = arena.alloc("int32", 10);
    const own = heap.alloc("float32", 1000);
    expect(arena.holds(a) && arena.holds(b)).toBe(true);
    expect(arena.holds(own) || arena.holds(a.subarray(1))).toBe(false);
    expect(arena.inMemory(own)).toBe(true);
    expect(arena.inMemory(new Float32Array(4))).toBe(false);
    expect(arena.bytesInUse).toBe(4096 + 64);
    expect(heap.bytesInUse).toBe(2 * 4096 + 64);
    arena.free(b);
    arena.free(b); // a second free is ignored
    arena.free(own); // not its block: ignored
    expect(arena.blocks).toBe(1);
    expect(heap.bytesInUse).toBe(2 * 4096);
    a.fill(5);
    arena.dispose();
    expect(arena.bytesInUse).toBe(0);
    expect(heap.bytesInUse).toBe(4096);
    // the arena allocates again after dispose, from the freed (zero-filled) block
    const c = arena.alloc("float32", 1000) as Float32Array;
    expect(c.byteOffset).toBe(a.byteOffset);
    expect(c.every((v) => v === 0)).toBe(true);
  });
});

describe("WasmArena and garbage collection (a backstop only)", () => {
  it("returns the blocks of an arena dropped without dispose once it is collected", async () => {
    // Needs a collectable heap: run in a child Node with --expose-gc.
    const { execFileSync } = await import("node:child_process");
    const { writeFileSync, mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const heapUrl = new URL("../../../src/backend/wasm/heap.ts", import.meta.url).href;
    const dir = mkdtempSync(join(tmpdir(), "wasm-heap-gc-"));
    const script = join(dir, "gc.mts");
    writeFileSync(
      script,
      `import { WasmHeap } from ${JSON.stringify(heapUrl)};
const heap = new WasmHeap();
let ptr = 0;
const kept = heap.alloc("float32", 1000);
(() => { const arena = heap.createArena(); const a = arena.alloc("float32", 1000); a.fill(3); ptr = a.byteOffset; arena.alloc("uint8", 100); })();
const inUseBefore = heap.bytesInUse;
// a plain block (no arena) is never freed by a collection
const gc = (globalThis as unknown as { gc: () => void }).gc;
for (let i = 0; i < 20 && heap.bytesInUse > 4096; i++) { gc(); await new Promise((r) => setTimeout(r, 10)); }
const b = heap.alloc("float32", 1000);
console.log(JSON.stringify({ inUseBefore, inUseAfter: heap.bytesInUse - 4096, reused: b.byteOffset === ptr, zero: b.every((v) => v === 0), kept: heap.owns(kept) }));
`,
    );
    let out: string;
    try {
      out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", script], { encoding: "utf8" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ inUseBefore: 2 * 4096 + 128, inUseAfter: 4096, reused: true, zero: true, kept: true });
  }, 30_000);
});
