/**
 * Network.run's step plan (spike lists, event-driven propagation and learning, reused
 * buffers, skipped idle updates) equals the straightforward dense loop of
 * test/helpers/dense-loop.ts bit for bit, on random networks: node types, Connection (with
 * and without bias, NoOp or PostPre, masks) and MulticompartmentConnection (MCC PostPre),
 * batch 1 and 2, clamp, unclamp, injected voltage, oneStep, learning on and off, both backends.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kernels, setBackend } from "../../src/backend/backend.js";
import { loadWasmBackend } from "../../src/backend/index.js";
import { PostPre } from "../../src/learning/post-pre.js";
import { PostPre as MCCPostPre } from "../../src/learning/post-pre.js";
import { Weight } from "../../src/network/features/weight.js";
import { Monitor } from "../../src/network/monitors.js";
import { Network } from "../../src/network/network.js";
import { AdaptiveLIFNodes, DiehlAndCookNodes, IFNodes, Input, LIFNodes } from "../../src/network/nodes/index.js";
import type { Nodes } from "../../src/network/nodes/nodes.js";
import { Connection } from "../../src/network/topology/connection.js";
import { MulticompartmentConnection } from "../../src/network/topology/multicompartment-connection.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { denseRun } from "../helpers/dense-loop.js";

const KINDS = ["lif", "adaptive", "dc", "if"] as const;

interface Spec {
  hidden: { kind: (typeof KINDS)[number]; n: number }[];
  nIn: number;
  conns: { src: number; tgt: number; mcc: boolean; learn: boolean; bias: boolean; mask: boolean }[];
  B: number;
  T: number;
  oneStep: boolean;
  learning: boolean;
  clamp: boolean;
  unclamp: boolean;
  inject: boolean;
  seed: number;
}

const spec: fc.Arbitrary<Spec> = fc
  .record({
    hidden: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), n: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(8, 16, 32)) }), { minLength: 1, maxLength: 3 }),
    nIn: fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constantFrom(32, 64)),
    B: fc.constantFrom(1, 1, 2, 16),
    T: fc.integer({ min: 1, max: 25 }),
    oneStep: fc.boolean(),
    learning: fc.boolean(),
    clamp: fc.boolean(),
    unclamp: fc.boolean(),
    inject: fc.boolean(),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    raw: fc.array(fc.record({ src: fc.nat(), tgt: fc.nat(), mcc: fc.boolean(), learn: fc.boolean(), bias: fc.boolean(), mask: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ raw, ...s }) => {
    // layer 0 is the input; every hidden layer gets a connection from some earlier layer
    const L = s.hidden.length + 1;
    const seen = new Set<string>();
    const conns: Spec["conns"] = [];
    const add = (c: Spec["conns"][number]): void => {
      const k = `${c.src}->${c.tgt}`;
      if (seen.has(k)) return;
      conns.push(c);
      seen.add(k);
    };
    for (let h = 1; h < L; h++) add({ src: h - 1, tgt: h, mcc: raw[h % raw.length]!.mcc, learn: raw[h % raw.length]!.learn, bias: false, mask: false });
    for (const r of raw) add({ ...r, src: r.src % L, tgt: 1 + (r.tgt % (L - 1)) });
    return { ...s, conns };
  });

function build(sp: Spec): Network {
  const g = new Generator(sp.seed);
  const rnd = (): number => g.nextFloat32();
  const net = new Network({ batchSize: 1, learning: sp.learning });
  const layers: Nodes[] = [new Input({ n: sp.nIn, traces: true })];
  for (const h of sp.hidden) {
    const common = { n: h.n, traces: true, thresh: -60 + 5 * rnd(), refrac: 2 };
    if (h.kind === "lif") layers.push(new LIFNodes(common));
    else if (h.kind === "adaptive") layers.push(new AdaptiveLIFNodes({ ...common, thetaPlus: 0.5 }));
    else if (h.kind === "dc") layers.push(new DiehlAndCookNodes({ ...common, thetaPlus: 0.5, rng: new Generator(sp.seed + 1) }));
    else layers.push(new IFNodes({ n: h.n, traces: true, thresh: 3 }));
  }
  layers.forEach((l, i) => net.addLayer(l, `L${i}`));
  for (const c of sp.conns) {
    const source = layers[c.src]!;
    const target = layers[c.tgt]!;
    const w = new Tensor(Float32Array.from({ length: source.n * target.n }, () => Math.fround(rnd() * 12 - 3)), [source.n, target.n], "float32");
    if (c.mcc) {
      const f = new Weight({ name: "weight", value: w, range: [-3, 9], nu: [0.05, 0.1], ...(c.learn ? { learningRule: MCCPostPre } : {}) });
      net.addConnection(new MulticompartmentConnection({ source, target, pipeline: [f] }), `L${c.src}`, `L${c.tgt}`);
    } else {
      const b = c.bias ? new Tensor(Float32Array.from({ length: target.n }, () => Math.fround(rnd() - 0.5)), [target.n], "float32") : null;
      net.addConnection(new Connection({ source, target, w, b, wmin: -3, wmax: 9, norm: c.learn ? 5 : null, ...(c.learn ? { updateRule: PostPre, nu: [0.05, 0.1] } : {}) }), `L${c.src}`, `L${c.tgt}`);
    }
  }
  return net;
}

function options(sp: Spec, net: Network): { inputs: Record<string, Tensor>; time: number; oneStep: boolean; clamp?: Record<string, Tensor>; unclamp?: Record<string, Tensor>; injectsV?: Record<string, Tensor>; masks?: Record<string, Tensor> } {
  const g = new Generator(sp.seed + 7);
  const train = new Uint8Array(sp.T * sp.B * sp.nIn).map(() => (g.nextFloat32() < 0.3 ? 1 : 0));
  const o: ReturnType<typeof options> = { inputs: { L0: new Tensor(train, [sp.T, sp.B, sp.nIn], "uint8") }, time: sp.T, oneStep: sp.oneStep };
  const last = `L${sp.hidden.length}`;
  const n = net.layers[last]!.n;
  const bits = (): Tensor => new Tensor(new Uint8Array(n).map(() => (g.nextFloat32() < 0.3 ? 1 : 0)), [n], "uint8");
  if (sp.clamp) o.clamp = { [last]: bits() };
  if (sp.unclamp) o.unclamp = { L1: new Tensor(new Uint8Array(net.layers.L1!.n).map(() => (g.nextFloat32() < 0.3 ? 1 : 0)), [net.layers.L1!.n], "uint8") };
  if (sp.inject) o.injectsV = { L1: new Tensor(Float32Array.from({ length: net.layers.L1!.n }, () => Math.fround(g.nextFloat32() * 4)), [net.layers.L1!.n], "float32") };
  const masked = sp.conns.find((c) => c.mask && !c.mcc);
  if (masked !== undefined) {
    const c = net.connections.get(`L${masked.src}`, `L${masked.tgt}`)!;
    o.masks = { [`L${masked.src}->L${masked.tgt}`]: new Tensor(new Uint8Array(c.w.numel()).map(() => (g.nextFloat32() < 0.2 ? 1 : 0)), c.w.shape, "uint8") };
  }
  return o;
}

function state(net: Network): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const bits = (t: Tensor): number[] => [...new Uint32Array(t.to("float32").contiguousData().slice().buffer)];
  for (const name of net.layerNames()) {
    const l = net.layers[name]! as Nodes & { v?: Tensor; theta?: Tensor };
    out[`${name}.s`] = bits(l.s);
    out[`${name}.x`] = bits(l.x);
    if (l.v) out[`${name}.v`] = bits(l.v);
    if (l.theta) out[`${name}.theta`] = bits(l.theta);
  }
  for (const [[s, t], c] of net.connections.entries()) out[`${s}->${t}.w`] = bits(c.w);
  return out;
}

function check(sp: Spec): void {
  const a = build(sp);
  const b = build(sp);
  // three runs each (the second reuses the plan and starts from the first's spikes; the
  // third starts from reset state, where input traces may be kept lazily)
  for (let r = 0; r < 3; r++) {
    if (r === 2) {
      a.resetStateVariables();
      b.resetStateVariables();
    }
    const oa = options({ ...sp, seed: sp.seed + r }, a);
    const ob = options({ ...sp, seed: sp.seed + r }, b);
    a.run(oa);
    if (b.batchSize !== sp.B) {
      b.batchSize = sp.B;
      for (const n of b.layerNames()) b.layers[n]!.setBatchSize(sp.B);
    }
    denseRun(b, ob);
    expect(state(a)).toEqual(state(b));
  }
}

describe("Network.run's step plan", () => {
  it("equals the dense reference loop bit for bit on random networks (js backend)", () => {
    setBackend("js");
    fc.assert(fc.property(spec, check), { numRuns: 60, seed: 4242 });
  });

  it("equals it for batched PostPre (16 samples, the batched row and column kernels) on both backends", () => {
    const sp: Spec = { hidden: [{ kind: "lif", n: 32 }], nIn: 64, conns: [{ src: 0, tgt: 1, mcc: false, learn: true, bias: false, mask: false }], B: 16, T: 20, oneStep: false, learning: true, clamp: true, unclamp: false, inject: true, seed: 99 };
    loadWasmBackend();
    for (const b of ["js", "wasm"]) {
      setBackend(b);
      try {
        check(sp);
        const net = build(sp);
        const w0 = net.connections.get("L0", "L1")!.w.clone();
        net.run(options(sp, net));
        expect(net.connections.get("L0", "L1")!.w.toArray()).not.toEqual(w0.toArray());
      } finally {
        setBackend("js");
      }
    }
  });

  it("equals the dense reference loop bit for bit on random networks (wasm backend)", () => {
    loadWasmBackend();
    setBackend("wasm");
    try {
      fc.assert(fc.property(spec, check), { numRuns: 60, seed: 4243 });
    } finally {
      setBackend("js");
    }
  });
});

describe("lazy input traces (Input.traceChain)", () => {
  // Diehl & Cook's shape: input traces read by PostPre only where the target spiked
  function dcLike(mcc: boolean): Network {
    const g = new Generator(5);
    const net = new Network({ batchSize: 1 });
    const X = new Input({ n: 50, traces: true, tcTrace: 20 });
    const Y = new DiehlAndCookNodes({ n: 12, traces: true, thetaPlus: 0.5, thresh: -58, rng: new Generator(6) });
    net.addLayer(X, "X").addLayer(Y, "Y");
    const w = new Tensor(Float32Array.from({ length: 600 }, () => Math.fround(g.nextFloat32() * 1.4)), [50, 12], "float32");
    if (mcc) net.addConnection(new MulticompartmentConnection({ source: X, target: Y, pipeline: [new Weight({ name: "w", value: w, range: [0, 1.5], nu: [0.01, 0.2], learningRule: MCCPostPre })] }), "X", "Y");
    else net.addConnection(new Connection({ source: X, target: Y, w, wmin: 0, wmax: 1.5, updateRule: PostPre, nu: [0.01, 0.2] }), "X", "Y");
    return net;
  }
  const train = (seed: number): Tensor => {
    const g = new Generator(seed);
    return new Tensor(new Uint8Array(60 * 50).map(() => (g.nextFloat32() < 0.2 ? 1 : 0)), [60, 50], "uint8");
  };

  for (const backend of ["js", "wasm"]) {
    for (const mcc of [false, true]) {
      it(`give the eager traces' bits (${backend}, ${mcc ? "MCC PostPre" : "PostPre"}), and run only where nothing else reads x`, () => {
        if (backend === "wasm") loadWasmBackend();
        setBackend(backend);
        try {
          const lazy = dcLike(mcc);
          const eager = dcLike(mcc);
          // a monitor recording X.x reads it every step: that run keeps the traces eagerly
          eager.addMonitor(new Monitor({ obj: eager.layers.X!, stateVars: ["x"] }), "Xx");
          const ys = new Monitor({ obj: lazy.layers.Y!, stateVars: ["s"] });
          lazy.addMonitor(ys, "Ys");
          const k = kernels();
          const orig = k.inputSpikes;
          let calls = 0;
          let spikes = 0;
          k.inputSpikes = (...a) => (calls++, orig(...a));
          try {
            for (let r = 0; r < 3; r++) {
              lazy.run({ inputs: { X: train(r) }, time: 60 });
              eager.run({ inputs: { X: train(r) }, time: 60 });
              expect(state(lazy)).toEqual(state(eager));
              spikes += ys.get("s").sum().item();
              lazy.resetStateVariables();
              eager.resetStateVariables();
            }
          } finally {
            k.inputSpikes = orig;
          }
          // the lazy network's second and third runs (the first switches X.s from bool to the
          // train's uint8 in Input.forward; the eager one's monitor rules it out): lazy for at
          // least 17 steps each, then eager once its target spiked at more than a quarter of
          // the steps (this one spikes often)
          expect(calls).toBeGreaterThanOrEqual(2 * 17);
          expect(calls).toBeLessThan(2 * 60);
          expect(spikes).toBeGreaterThan(5);
          // without a reset the next run starts from nonzero traces: eager, and still equal
          lazy.run({ inputs: { X: train(9) }, time: 30 });
          eager.run({ inputs: { X: train(9) }, time: 30 });
          lazy.run({ inputs: { X: train(10) }, time: 30 });
          eager.run({ inputs: { X: train(10) }, time: 30 });
          expect(state(lazy)).toEqual(state(eager));
        } finally {
          setBackend("js");
        }
      });
    }
  }
});
