// A network owns its storage: an arena in the wasm backend's memory holding its state, weights
// and step scratch, adopted at run time and freed by dispose (src/network/storage.ts).
import { describe, expect, it } from "vitest";
import { gc, useWasmBackend } from "../helpers/wasm-gc.js";
import { withArena } from "../../src/backend/index.js";
import { setBackend } from "../../src/backend/backend.js";
import { poisson } from "../../src/encoding/encodings.js";
import { PostPre } from "../../src/learning/index.js";
import { Connection, Input, LIFNodes, Network, adoptStorage, buildInArena, storageBytes, storageArena } from "../../src/network/index.js";
import { cloneNetwork, deserializeNetwork, serializeNetwork } from "../../src/network/io/index.js";
import { full, zeros } from "../../src/tensor/creation.js";
import { Generator, rand } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const backend = useWasmBackend();

/** Input(nIn) -> LIF(n) with PostPre and traces: the hand-built learning network of the manual. */
function postPreNet(nIn = 50, n = 10, seed = 1): Network {
  const g = new Generator(seed);
  const net = new Network();
  const X = new Input({ n: nIn, traces: true });
  const Y = new LIFNodes({ n, traces: true, thresh: -60 });
  net.addLayer(X, "X");
  net.addLayer(Y, "Y");
  const w = rand([nIn, n], { generator: g }).mul(2);
  net.addConnection(new Connection({ source: X, target: Y, w, updateRule: PostPre, nu: [0.01, 0.02], wmin: 0, wmax: 1 }), "X", "Y");
  return net;
}

const input = (seed: number, nIn = 50, T = 40): Tensor => poisson(full([nIn], 60), T, { generator: new Generator(seed) });
const bits = (t: Tensor): number[] => Array.from(new Uint8Array(t.contiguousData().slice().buffer));
const w = (net: Network): Tensor => net.connections.get("X", "Y")!.w;

describe("Network storage ownership (wasm)", () => {
  it("adopts every tensor into the network's arena: same objects, same bits, wasm memory", () => {
    const net = postPreNet();
    const tensors = [w(net), (net.layers.Y as LIFNodes).v, net.layers.Y!.x, net.layers.X!.s];
    const before = tensors.map(bits);
    expect(tensors.every((t) => !backend().heap.owns(t.data))).toBe(true); // made outside an arena: JavaScript arrays
    const arena = adoptStorage(net, [net.layers.X!, net.layers.Y!, ...net.connections.values()]);
    expect(arena).not.toBeNull();
    expect(tensors.map(bits)).toEqual(before);
    expect(tensors.every((t) => backend().heap.owns(t.data) && arena!.holds(t.data))).toBe(true);
    expect(storageBytes(net)).toBeGreaterThanOrEqual(50 * 10 * 4);
    net.dispose();
  });

  it("gives the same weights, bit for bit, as the js backend over a run of fresh inputs", () => {
    const runOn = (backend: string): number[] => {
      setBackend(backend);
      const net = postPreNet();
      for (let k = 0; k < 5; k++) net.run({ inputs: { X: input(k) }, time: 40 });
      const out = bits(w(net));
      net.dispose();
      return out;
    };
    const js = runOn("js");
    const onWasm = runOn("wasm");
    expect(onWasm).toEqual(js);
  });

  it("dispose frees the arena, keeps values and tensor identity, and a later run adopts again", () => {
    const net = postPreNet();
    net.run({ inputs: { X: input(1) }, time: 40 });
    const weights = w(net);
    const v = (net.layers.Y as LIFNodes).v;
    const wBits = bits(weights);
    const vBits = bits(v);
    const inUse = backend().heap.bytesInUse;
    const held = storageBytes(net);
    expect(held).toBeGreaterThan(0);
    expect(backend().heap.owns(weights.data)).toBe(true);
    expect(net.dispose()).toBe(held);
    expect(backend().heap.bytesInUse).toBe(inUse - held);
    expect(storageBytes(net)).toBe(0);
    expect(w(net)).toBe(weights);
    expect(backend().heap.owns(weights.data)).toBe(false); // a JavaScript copy now
    expect(bits(weights)).toEqual(wBits);
    expect(bits(v)).toEqual(vBits);
    // the disposed network keeps working: the same run continues as an undisposed clone does
    const twin = cloneNetwork(net);
    net.run({ inputs: { X: input(2) }, time: 40 });
    twin.run({ inputs: { X: input(2) }, time: 40 });
    expect(backend().heap.owns(weights.data)).toBe(true);
    expect(bits(w(net))).toEqual(bits(w(twin)));
    net.dispose();
    twin.dispose();
    expect(net.dispose()).toBe(0); // twice is harmless
  });

  it("save/load and clone of an adopted network continue its run exactly", () => {
    const net = postPreNet();
    net.run({ inputs: { X: input(3) }, time: 40 });
    const loaded = deserializeNetwork<Network>(serializeNetwork(net), { Network, classes: { PostPre } });
    const twin = cloneNetwork(net);
    for (const n of [net, loaded, twin]) n.run({ inputs: { X: input(4) }, time: 40 });
    expect(bits(w(loaded))).toEqual(bits(w(net)));
    expect(bits(w(twin))).toEqual(bits(w(net)));
    expect(bits((loaded.layers.Y as LIFNodes).v)).toEqual(bits((net.layers.Y as LIFNodes).v));
    expect(storageArena(loaded)).not.toBe(storageArena(net));
    for (const n of [net, loaded, twin]) n.dispose();
  });

  it("keeps two networks' arenas apart: disposing one leaves the other running unchanged", () => {
    const a = postPreNet(50, 10, 1);
    const b = postPreNet(50, 10, 1);
    a.run({ inputs: { X: input(5) }, time: 40 });
    b.run({ inputs: { X: input(5) }, time: 40 });
    expect(storageArena(a)).not.toBe(storageArena(b));
    const ref = cloneNetwork(b);
    a.dispose();
    postPreNet(50, 10, 9).run({ inputs: { X: input(7) }, time: 40 }); // takes a's freed blocks
    b.run({ inputs: { X: input(6) }, time: 40 });
    ref.run({ inputs: { X: input(6) }, time: 40 });
    expect(bits(w(b))).toEqual(bits(w(ref)));
  });

  it("moves a state tensor replaced between runs back to a JavaScript copy instead of piling it up", () => {
    const net = postPreNet();
    net.run({ inputs: { X: input(1) }, time: 10 });
    net.run({ inputs: { X: input(2) }, time: 10 }); // (the plan's scratch is all made by now)
    const bytes = storageBytes(net);
    const olds: Tensor[] = [];
    const snaps: number[][] = [];
    for (let i = 0; i < 20; i++) {
      const Y = net.layers.Y as LIFNodes;
      olds.push(Y.v);
      snaps.push(bits(Y.v));
      Y.v = Y.v.clone(); // a new state tensor, as a non-fused step would make
      net.run({ inputs: { X: input(i) }, time: 10 });
    }
    expect(storageBytes(net)).toBe(bytes);
    // every replaced tensor still reads the values it had when it was replaced
    expect(olds.every((t) => !backend().heap.owns(t.data))).toBe(true);
    expect(olds.map(bits)).toEqual(snaps);
    expect(new Set(snaps.map((b) => b.join())).size).toBeGreaterThan(1); // (the state did change)
    net.dispose();
  });

  it("keeps a loop of fresh inputs past the former 256 MiB soft limit in wasm memory, flat", () => {
    // 2 MiB of fresh spike trains per sample, 140 samples: 280 MiB of tensors in one synchronous
    // loop (the old heap sent allocations to the JavaScript heap past 256 MiB)
    const nIn = 4096;
    const net = postPreNet(nIn, 8);
    const fb = backend().heap.fallbacks;
    const s0 = { ...backend().stats };
    let after1 = 0;
    for (let k = 0; k < 140; k++) {
      // a fresh 2 MiB train per sample (cheaper to make than a poisson draw), of which the run
      // reads the first 16 rows: one input spikes at every step
      const train = zeros([512, nIn], { dtype: "uint8" });
      for (let t = 0; t < 16; t++) train.data[t * nIn + ((k * 31 + t) % nIn)] = 1;
      net.run({ inputs: { X: train }, time: 16 });
      if (k === 1) after1 = backend().heap.bytesInUse;
    }
    expect(backend().heap.bytesInUse).toBe(after1);
    expect(backend().heap.fallbacks).toBe(fb);
    expect(backend().heap.owns(w(net).data)).toBe(true);
    expect(backend().stats.fallback - s0.fallback).toBe(0);
    expect(backend().stats.wasm - s0.wasm).toBeGreaterThan(140 * 16);
    net.dispose();
  }, 60_000);

  it("returns the blocks of a network dropped without dispose once it is garbage-collected", async () => {
    const collect = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await collect();
    const before = backend().heap.bytesInUse;
    (() => {
      const net = postPreNet(200, 50);
      net.run({ inputs: { X: input(1, 200) }, time: 40 });
      expect(backend().heap.bytesInUse).toBeGreaterThan(before + 200 * 50 * 4);
    })();
    for (let i = 0; i < 10 && backend().heap.bytesInUse > before; i++) await collect();
    expect(backend().heap.bytesInUse).toBe(before);
  });

  it("keeps a dropped network's arena while a tensor of it is still held", async () => {
    const weights = (() => {
      const net = postPreNet(200, 50);
      net.run({ inputs: { X: input(1, 200) }, time: 40 });
      return w(net);
    })();
    const b = bits(weights);
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 5));
    }
    for (let i = 0; i < 20; i++) postPreNet(200, 50).run({ inputs: { X: input(i, 200) }, time: 5 }); // would reuse freed blocks
    expect(backend().heap.owns(weights.data)).toBe(true);
    expect(bits(weights)).toEqual(b);
  });
});

describe("buildInArena", () => {
  /** postPreNet's structure, built inside buildInArena with 1 MiB of temporaries on the side. */
  function builtNet(): { net: Network; temp: Tensor } {
    const net = new Network();
    const temp = buildInArena(net, () => {
      const X = new Input({ n: 50, traces: true });
      const Y = new LIFNodes({ n: 10, traces: true, thresh: -60 });
      net.addLayer(X, "X").addLayer(Y, "Y");
      const scratch = zeros([512, 512]); // a build temporary (1 MiB)
      const w0 = rand([50, 10], { generator: new Generator(1) }).mul(2);
      net.addConnection(new Connection({ source: X, target: Y, w: w0, updateRule: PostPre, nu: [0.01, 0.02], wmin: 0, wmax: 1 }), "X", "Y");
      return scratch;
    });
    return { net, temp };
  }

  it("makes the network's tensors in its arena, owns them at the first run without a copy, and frees the build's temporaries", () => {
    const { net, temp } = builtNet();
    const arena = storageArena(net)!;
    const weights = w(net).data;
    expect(arena.holds(weights)).toBe(true);
    expect(arena.holds(temp.data)).toBe(true);
    const built = arena.bytesInUse;
    expect(built).toBeGreaterThan(2 ** 20);
    net.run({ inputs: { X: input(1) }, time: 40 });
    expect(w(net).data).toBe(weights); // the same block, now updated in place
    expect(arena.bytesInUse).toBeLessThan(built - 2 ** 20 + 4096 * 8); // the temporary is gone, scratch added
    // the same results as a network built in the JavaScript heap
    const ref = postPreNet();
    ref.run({ inputs: { X: input(1) }, time: 40 });
    expect(bits(w(net))).toEqual(bits(w(ref)));
    net.dispose();
    ref.dispose();
  });

  it("dispose before any run moves the built tensors out and frees everything", () => {
    const inUse = backend().heap.bytesInUse;
    const { net } = builtNet();
    const b = bits(w(net));
    expect(backend().heap.bytesInUse).toBeGreaterThan(inUse);
    net.dispose();
    expect(backend().heap.bytesInUse).toBe(inUse);
    expect(backend().heap.owns(w(net).data)).toBe(false);
    expect(bits(w(net))).toEqual(b);
    net.run({ inputs: { X: input(1) }, time: 5 }); // and it still runs
    net.dispose();
  });
});

describe("withArena", () => {
  it("puts the storage of tensors made inside it in the arena, until dispose", () => {
    const arena = backend().createArena();
    const inUse = backend().heap.bytesInUse;
    const outside = zeros([10]);
    const [a, b, nested] = withArena(arena, () => {
      const a = full([1000], 2);
      const b = a.mul(3);
      const nested = withArena(null, () => zeros([4]));
      return [a, b, nested];
    });
    expect(backend().heap.owns(outside.data)).toBe(false);
    expect(arena.holds(a.data) && arena.holds(b.data)).toBe(true);
    expect(backend().heap.owns(nested.data)).toBe(false);
    expect([b.data[0], b.data[999]]).toEqual([6, 6]);
    expect(backend().heap.owns(zeros([3]).data)).toBe(false); // the scope ended
    expect(arena.bytesInUse).toBe(2 * 4096);
    expect(backend().heap.bytesInUse).toBe(inUse + 2 * 4096);
    arena.dispose();
    expect(backend().heap.bytesInUse).toBe(inUse);
    expect(arena.blocks).toBe(0);
  });

  it("restores the previous owner when the function throws", () => {
    const arena = backend().createArena();
    expect(() => withArena(arena, () => {
      throw new Error("boom");
    })).toThrow("boom");
    expect(backend().heap.owns(zeros([3]).data)).toBe(false);
    arena.dispose();
  });
});
