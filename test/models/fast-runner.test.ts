import { describe, expect, it } from "vitest";
import { poisson } from "../../src/encoding/encodings.js";
import { DiehlAndCook2015, DiehlAndCook2015v2, FastRunner, IncreasingInhibitionNetwork, fastRunnerUnsupported, inputWeights } from "../../src/models/index.js";
import type { Network } from "../../src/network/network.js";
import { Monitor } from "../../src/network/monitors.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { ValueError } from "../../src/errors.js";
import { getBackend, loadWasmBackend, setBackend } from "../../src/backend/index.js";

function image(seed: number, n: number): Tensor {
  const g = new Generator(seed);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = g.nextBelow(10) < 3 ? g.nextBelow(129) : 0;
  return new Tensor(d, [n], "float32");
}

function state(net: Network): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, l] of Object.entries(net.layers)) {
    out[`${name}.s`] = Array.from(l.s.data);
    if (l.traces) out[`${name}.x`] = Array.from(l.x.data);
    for (const k of ["v", "theta", "refracCount"]) {
      const t = (l as unknown as Record<string, Tensor | undefined>)[k];
      if (t instanceof Tensor) out[`${name}.${k}`] = Array.from(t.data);
    }
  }
  for (const [[s, t], c] of net.connections.entries()) out[`${s}->${t}.w`] = Array.from(c.w.data);
  return out;
}

/** Runs `samples` Poisson images through both loops and checks every state bit for bit. */
function compare(make: (g: Generator) => Network, nIn: number, samples: number, clamp?: Record<string, Uint8Array>): void {
  const a = make(new Generator(5));
  const b = make(new Generator(5));
  const fast = new FastRunner(b);
  const T = 60;
  const w0 = state(a);
  let post = 0;
  for (let k = 0; k < samples; k++) {
    const train = poisson(image(100 + k, nIn), T, { generator: new Generator(k) });
    const clampT: Record<string, Tensor> = {};
    for (const [name, m] of Object.entries(clamp ?? {})) clampT[name] = new Tensor(m, [m.length], "uint8");
    a.run({ inputs: { X: train }, time: T, clamp: clampT });
    const counts = new Float32Array(b.layers.Ae?.n ?? b.layers.Y!.n);
    fast.run({ input: train.data as Uint8Array, steps: T, ...(clamp ? { clamp } : {}), counts: { [b.layers.Ae ? "Ae" : "Y"]: counts } });
    post += counts.reduce((x, y) => x + y, 0);
    expect(state(b)).toEqual(state(a));
    a.resetStateVariables();
    b.resetStateVariables();
  }
  // the comparison is not vacuous: output neurons fired and (when learning) weights moved
  expect(post).toBeGreaterThan(0);
  if (a.learning) expect(state(a)["X->" + (a.layers.Ae ? "Ae" : "Y") + ".w"]).not.toEqual(w0["X->" + (a.layers.Ae ? "Ae" : "Y") + ".w"]);
}

describe("FastRunner", () => {
  it("matches Network.run bit for bit on DiehlAndCook2015 (learning, 3 samples)", () => {
    compare((g) => new DiehlAndCook2015({ nInpt: 64, nNeurons: 12, exc: 22.5, inh: 60, rng: g, thetaPlus: 0.5 }), 64, 3);
  });

  it("matches Network.run on DiehlAndCook2015v2 and IncreasingInhibitionNetwork", () => {
    compare((g) => new DiehlAndCook2015v2({ nInpt: 49, nNeurons: 9, rng: g }), 49, 2);
    compare((g) => new IncreasingInhibitionNetwork({ nInput: 49, nNeurons: 9, startInhib: 10, maxInhib: -40, rng: g }), 49, 2);
  });

  it("matches Network.run bit for bit on the wasm backend (its spike-list kernels)", () => {
    const wasm = loadWasmBackend();
    const prev = getBackend().name;
    setBackend("wasm");
    try {
      const before = { ...wasm.stats };
      compare((g) => new DiehlAndCook2015({ nInpt: 64, nNeurons: 12, exc: 22.5, inh: 60, rng: g, thetaPlus: 0.5 }), 64, 3);
      const clamp = new Uint8Array(12);
      clamp[5] = 1;
      compare((g) => new DiehlAndCook2015({ nInpt: 64, nNeurons: 12, rng: g }), 64, 2, { Ae: clamp });
      // the runner's kernels ran in wasm, none fell back to js
      expect(wasm.stats.wasm - before.wasm).toBeGreaterThan(1000);
      expect(wasm.stats.fallback).toBe(before.fallback);
    } finally {
      setBackend(prev);
    }
  });

  it("matches Network.run with clamped neurons and with learning off", () => {
    const clamp = new Uint8Array(12);
    clamp[3] = 1;
    compare((g) => new DiehlAndCook2015({ nInpt: 64, nNeurons: 12, rng: g }), 64, 2, { Ae: clamp });
    compare((g) => new DiehlAndCook2015({ nInpt: 64, nNeurons: 12, rng: g }).train(false), 64, 2);
  });

  it("counts spikes per neuron", () => {
    const net = new DiehlAndCook2015({ nInpt: 64, nNeurons: 12, rng: new Generator(1), thetaPlus: 0 });
    const fast = new FastRunner(net);
    const counts = new Float32Array(12);
    const clamp = new Uint8Array(12);
    clamp[2] = 1;
    fast.run({ input: new Uint8Array(64 * 30), steps: 30, clamp: { Ae: clamp }, counts: { Ae: counts } });
    expect(counts[2]).toBe(30);
    expect(inputWeights(net).shape).toEqual([64, 12]);
  });

  it("rejects networks it cannot simulate exactly, naming the reason", () => {
    const net = new DiehlAndCook2015({ nInpt: 4, nNeurons: 2 });
    net.addMonitor(new Monitor({ obj: net.layers.Ae!, stateVars: ["s"] }), "m");
    expect(fastRunnerUnsupported(net)).toBe("the network has monitors");
    expect(() => new FastRunner(net)).toThrow(ValueError);
    expect(() => new FastRunner(net)).toThrow(/FastRunner: network is not supported \(the network has monitors\)/);
    const ok = new FastRunner(new DiehlAndCook2015({ nInpt: 4, nNeurons: 2 }));
    expect(() => ok.run({ input: new Uint8Array(3), steps: 2 })).toThrow(/FastRunner.run: input holds 3 values, expected a Uint8Array of steps·n = 8/);
  });
});
