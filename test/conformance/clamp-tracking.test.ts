/**
 * The base learning-rule update clamps only the rows/columns a rule touched when the rest of
 * the weights are known to be within bounds (src/network/learning-rule.ts). These tests run
 * the same PostPre network twice, once on a Connection that tracks bounds and once on a twin
 * that always clamps everything, and require the same weights bit for bit, on both backends,
 * across runs (normalisation at the end of each run pushes weights past wmax until the next
 * clamp; or, with a smaller norm, leaves them inside, and they stay known in bounds), with
 * weight decay inside and outside the bounds, number and tensor bounds.
 */
import { describe, expect, it } from "vitest";
import { setBackend } from "../../src/backend/backend.js";
import { loadWasmBackend } from "../../src/backend/wasm/index.js";
import { PostPre } from "../../src/learning/index.js";
import { weightsKnownInBounds } from "../../src/network/learning-rule.js";
import { Network } from "../../src/network/network.js";
import { Input, LIFNodes } from "../../src/network/nodes/index.js";
import { Connection } from "../../src/network/topology/connection.js";
import { full, tensor } from "../../src/tensor/creation.js";
import { Generator } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";

loadWasmBackend();

/** A Connection that never skips the full clamp (the reference behaviour). */
class FullClampConnection extends Connection {
  override get tracksWeightBounds(): boolean {
    return false;
  }
}

interface Case {
  weightDecay: number;
  tensorBounds: boolean;
  norm: number | null;
}

function build(cls: typeof Connection, c: Case, seed: number): Network {
  const net = new Network({ dt: 1 });
  const X = new Input({ n: 23, traces: true });
  const Y = new LIFNodes({ n: 17, traces: true, thresh: -60, refrac: 1 });
  net.addLayer(X, "X");
  net.addLayer(Y, "Y");
  const g = new Generator(seed);
  const w0 = new Float32Array(23 * 17).map(() => g.nextFloat32() * 1.4 - 0.2);
  // (norm 3: wmin 0, so a normalisation that scales a column up keeps its zeros in bounds)
  const lo = c.norm === 3 ? 0 : -0.1;
  const wmin = c.tensorBounds ? full([23, 17], lo) : lo;
  const wmax = c.tensorBounds ? tensor(new Float32Array(23 * 17).map((_, i) => 0.5 + (i % 5) * 0.05), { shape: [23, 17] }) : 0.6;
  const conn = new cls({ source: X, target: Y, w: tensor(w0, { shape: [23, 17] }), wmin, wmax, norm: c.norm, nu: [1e-2, 2e-2], weightDecay: c.weightDecay, updateRule: PostPre });
  net.addConnection(conn, "X", "Y");
  return net;
}

function input(seed: number, T: number, n: number, p: number): Tensor {
  const g = new Generator(seed);
  return tensor(new Uint8Array(T * n).map(() => (g.nextFloat32() < p ? 1 : 0)), { dtype: "bool", shape: [T, n] });
}

function weights(net: Network): Float32Array {
  return Float32Array.from(net.connections.get("X", "Y")!.w.contiguousData() as Float32Array);
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

const cases: Case[] = [
  { weightDecay: 0, tensorBounds: false, norm: 17 },
  { weightDecay: 0, tensorBounds: true, norm: 17 },
  // normalisation that leaves every weight within [0, 0.6]: they stay known in bounds
  { weightDecay: 0, tensorBounds: false, norm: 3 },
  { weightDecay: 1e-3, tensorBounds: false, norm: 17 },
  { weightDecay: -2e-3, tensorBounds: false, norm: null },
  { weightDecay: 1e-3, tensorBounds: true, norm: null },
];

describe("clamping only touched weights", () => {
  for (const backend of ["js", "wasm"]) {
    for (const c of cases) {
      it(`${backend}: same weights as the full clamp (decay ${c.weightDecay}, ${c.tensorBounds ? "tensor" : "number"} bounds, norm ${c.norm})`, () => {
        setBackend(backend);
        try {
          const a = build(Connection, c, 3);
          const b = build(FullClampConnection, c, 3);
          for (let r = 0; r < 3; r++) {
            const x = input(100 + r, 40, 23, 0.3);
            a.run({ inputs: { X: x }, time: 40 });
            b.run({ inputs: { X: x }, time: 40 });
            expect(bits(weights(a))).toEqual(bits(weights(b)));
          }
          // the test is not empty: normalisation left weights above wmax for the next run's
          // clamp (norm cases), or the weights ended at a bound (the others)
          const w = weights(a);
          if (c.norm === 3) {
            expect(Math.max(...w)).toBeLessThan(0.6);
            expect(weightsKnownInBounds(a.connections.get("X", "Y")!)).toBe(true);
          } else if (c.norm !== null) {
            expect(Math.max(...w)).toBeGreaterThan(0.75);
            expect(weightsKnownInBounds(a.connections.get("X", "Y")!)).toBe(false);
          }
          else expect(w.filter((v) => v === Math.fround(0.6) || v === Math.fround(0.7) || v === Math.fround(-0.1)).length).toBeGreaterThan(0);
          expect(new Set(w).size).toBeGreaterThan(20);
        } finally {
          setBackend("js");
        }
      });
    }
  }

  it("skips weights known to be in bounds; weightsChanged() brings them back under the clamp", () => {
    const c: Case = { weightDecay: 0, tensorBounds: false, norm: null };
    const net = build(Connection, c, 5);
    const conn = net.connections.get("X", "Y")!;
    // no input spikes at all: PostPre touches no rows; the output layer is silent too
    const silent = tensor(new Uint8Array(5 * 23), { dtype: "bool", shape: [5, 23] });
    net.run({ inputs: { X: silent }, time: 5 }); // first update: full clamp, weights now known in bounds
    const d = conn.w.data as Float32Array;
    d[3] = 7; // out of bounds, behind the connection's back
    net.run({ inputs: { X: silent }, time: 5 });
    expect(d[3]).toBe(7); // not clamped: nothing was touched and the weights were "known" in bounds
    conn.weightsChanged();
    net.run({ inputs: { X: silent }, time: 1 });
    expect(d[3]).toBe(Math.fround(0.6));
    // assigning w also brings the full clamp back
    const w2 = conn.w.clone();
    (w2.data as Float32Array)[4] = -9;
    conn.w = w2;
    net.run({ inputs: { X: silent }, time: 1 });
    expect((conn.w.data as Float32Array)[4]).toBe(Math.fround(-0.1));
  });
});
