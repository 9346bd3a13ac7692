/** Layers and dense equivalents for the topology tests. */
import { Connection, Input, LIFNodes, type AbstractConnection, type Nodes } from "../../../src/network/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { ready } from "../../helpers/layers.js";

export { spikes, t32 } from "../../helpers/layers.js";

/** An Input layer of the given shape, ready to use (dt 1, batch B). */
export function inp(shape: number[], B = 1, traces = false): Input {
  return ready(new Input({ shape, traces }), B);
}

/** A LIF layer of the given shape, ready to use. */
export function lif(shape: number[], B = 1, traces = false): LIFNodes {
  return ready(new LIFNodes({ shape, traces }), B);
}

/**
 * The dense [source.n, target.n] matrix equivalent to a linear connection (bias removed):
 * row i is compute(one-hot i) − compute(0).
 */
export function denseOf(c: AbstractConnection, src: Nodes): Float32Array {
  const n = src.n;
  const m = c.target.n;
  const z = c.compute(new Tensor(new Float32Array(n), [1, ...src.shape], "float32")).contiguousData();
  const W = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    const e = new Float32Array(n);
    e[i] = 1;
    const r = c.compute(new Tensor(e, [1, ...src.shape], "float32")).contiguousData();
    for (let j = 0; j < m; j++) W[i * m + j] = r[j]! - z[j]!;
  }
  return W;
}

/** The dense Connection with the given weights between the same layers. */
export function denseConnection(src: Nodes, tgt: Nodes, W: Float32Array): Connection {
  return new Connection({ source: src, target: tgt, w: new Tensor(W, [src.n, tgt.n], "float32") });
}

/** Deterministic small-integer weights (exact float32 sums in any order). */
export function intWeights(n: number, seed: number, lo = -3, hi = 4): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s % (hi - lo));
  }
  return out;
}

/** Deterministic 0/1 spikes with probability about p. */
export function randomSpikes(n: number, seed: number, p = 0.4): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 7;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 22695477) + 1) >>> 0;
    out[i] = (s >>> 8) / 16777216 < p ? 1 : 0;
  }
  return out;
}
