/**
 * A straightforward dense simulation loop, the reference `Network.run`'s step plan must equal
 * bit for bit: every step, every connection's `compute` of its source's spikes (summed per
 * target into zeros, in insertion order), the external input row added, voltage injected,
 * `forward` of a fresh tensor, clamps, then every connection's `update` and every monitor.
 * Only public per-object methods; no spike lists, no reused buffers, no capability checks.
 */
import type { Network } from "../../src/network/network.js";
import { Input } from "../../src/network/nodes/input.js";
import type { Nodes } from "../../src/network/nodes/nodes.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { zeros } from "../../src/tensor/creation.js";

export interface DenseRunOptions {
  inputs?: Record<string, Tensor>;
  time: number;
  oneStep?: boolean;
  /** uint8 [n] forced spikes every step. */
  clamp?: Record<string, Tensor>;
  unclamp?: Record<string, Tensor>;
  /** float32 [n] voltage added every step. */
  injectsV?: Record<string, Tensor>;
  masks?: Record<string, Tensor>;
  reward?: number;
}

export function denseRun(net: Network, o: DenseRunOptions): void {
  const fr = Math.fround;
  const T = Math.trunc(o.time / net.dt);
  const names = net.layerNames();
  const B = net.batchSize;
  const conns = net.connections.entries();
  const inputOf = (name: string): Float32Array | null => {
    let acc: Float32Array | null = null;
    for (const [[src, tgt], c] of conns) {
      if (tgt !== name) continue;
      const r = c.compute(net.layers[src]!.s).to("float32").contiguousData();
      acc ??= new Float32Array(B * net.layers[name]!.n);
      for (let i = 0; i < acc.length; i++) acc[i] = fr(acc[i]! + r[i % r.length]!);
    }
    return acc;
  };
  for (let t = 0; t < T; t++) {
    const pre = new Map<string, Float32Array | null>();
    if (!o.oneStep) for (const name of names) pre.set(name, inputOf(name));
    for (const name of names) {
      const layer: Nodes = net.layers[name]!;
      const acc = o.oneStep ? inputOf(name) : pre.get(name)!;
      const ext = o.inputs?.[name];
      const row = ext === undefined ? null : ext.reshape([ext.shape[0]!, B * layer.n]).select(0, t);
      const v = (layer as { v?: Tensor }).v;
      const inj = o.injectsV?.[name];
      if (inj !== undefined && v !== undefined) {
        const d = inj.contiguousData();
        for (let i = 0; i < B * layer.n; i++) v.data[v.offset + i] = fr(v.data[v.offset + i]! + d[i % layer.n]!);
      }
      if (acc !== null) {
        if (row !== null) {
          const e = row.to("float32").contiguousData();
          for (let i = 0; i < acc.length; i++) acc[i] = fr(acc[i]! + e[i]!);
        }
        layer.forward(new Tensor(acc, [B, ...layer.shape], "float32"));
      } else if (row !== null) layer.forward(row.reshape([B, ...layer.shape]));
      else layer.forward(zeros([B, ...layer.shape], { dtype: layer instanceof Input ? layer.s.dtype : "float32" }));
      for (const [m, val] of [[o.clamp?.[name], 1], [o.unclamp?.[name], 0]] as const) {
        if (m === undefined) continue;
        const d = m.contiguousData();
        for (let i = 0; i < B * layer.n; i++) if (d[i % layer.n]) layer.s.data[layer.s.offset + i] = val;
      }
    }
    for (const [[src, tgt], c] of conns) {
      const key = `${src}->${tgt}`;
      c.update({ mask: o.masks?.[key] ?? null, learning: net.learning, ...(o.reward === undefined ? {} : { reward: o.reward }) });
    }
    for (const m of Object.values(net.monitors)) m.record();
  }
  for (const c of net.connections.values()) c.normalize();
}
