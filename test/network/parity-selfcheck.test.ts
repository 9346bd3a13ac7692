/**
 * A quick self-check of the simulator's numerics against shared reference traces (the full
 * parity runner lives in src/parity/). Every array must match bit for bit.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import {
  AdaptiveLIFNodes,
  BoostedLIFNodes,
  Connection,
  CurrentLIFNodes,
  IFNodes,
  Input,
  IzhikevichNodes,
  LIFNodes,
  McCullochPitts,
  Monitor,
  Network,
  type Nodes,
} from "../../src/network/index.js";

type Nested = number | Nested[];
interface Manifest {
  T: number;
  params: Record<string, unknown>;
  arrays: Record<string, { shape: number[]; dtype: string }>;
  static_connections?: string[];
}

function load(name: string): { man: Manifest; A: Record<string, Tensor> } {
  const dir = new URL(`../fixtures/parity/${name}/`, import.meta.url);
  const man = JSON.parse(readFileSync(new URL("manifest.json", dir), "utf8")) as Manifest;
  const tr = JSON.parse(readFileSync(new URL("trace.json", dir), "utf8")) as Record<string, Nested>;
  const A: Record<string, Tensor> = {};
  for (const [k, info] of Object.entries(man.arrays)) {
    const dtype = info.dtype === "uint8" ? "uint8" : info.dtype === "float32" ? "float32" : "float32";
    A[k] = tensor(tr[k] as never, { dtype, shape: info.shape });
  }
  return { man, A };
}

const VAR: Record<string, string> = { refrac_count: "refracCount" };

/** Runs `net` over the scenario with monitors on every recorded array and compares bit for bit. */
function runAndCompare(net: Network, man: Manifest, A: Record<string, Tensor>, oneStep = false): void {
  const mons: [string, Monitor, string][] = [];
  for (const key of Object.keys(A)) {
    const m = /^step\.([^.]+)\.(.+)$/.exec(key);
    if (!m) continue;
    const [, obj, v] = m as unknown as [string, string, string];
    const target = obj.includes("->") ? net.connections.getKey(obj)! : net.layers[obj]!;
    const mon = new Monitor({ obj: target, stateVars: [VAR[v] ?? v] });
    net.addMonitor(mon, key);
    mons.push([key, mon, VAR[v] ?? v]);
  }
  net.run({ inputs: { X: A["input.X"]! }, time: man.T, oneStep });
  const mismatches: string[] = [];
  for (const [key, mon, v] of mons) {
    const got = mon.get(v).to("float32").toFlatArray();
    const ref = A[key]!.to("float32").toFlatArray();
    expect(got.length, key).toBe(ref.length);
    let bad = 0;
    for (let i = 0; i < got.length; i++) if (!Object.is(got[i], ref[i]) && got[i] !== ref[i]) bad++;
    if (bad) mismatches.push(`${key}: ${bad} differ`);
  }
  for (const key of Object.keys(A).filter((k) => k.startsWith("final."))) {
    const c = net.connections.getKey(key.slice(6, -2))!;
    const got = c.w.toFlatArray();
    const ref = A[key]!.toFlatArray();
    let bad = 0;
    for (let i = 0; i < got.length; i++) if (got[i] !== ref[i]) bad++;
    if (bad) mismatches.push(`${key}: ${bad} differ`);
  }
  expect(mismatches).toEqual([]);
}

function lif(p: Record<string, number>): Record<string, number> {
  return { thresh: p.thresh!, rest: p.rest!, reset: p.reset!, refrac: p.refrac!, tcDecay: p.tc_decay! };
}

function conn(net: Network, A: Record<string, Tensor>, s: string, t: string, extra: Record<string, unknown> = {}): void {
  net.addConnection(new Connection({ source: net.layers[s] as Nodes, target: net.layers[t] as Nodes, w: A[`init.${s}->${t}.w`]!, ...extra }), s, t);
}

describe("reference traces, bit for bit", () => {
  it("lif_recurrent_inh", () => {
    const { man, A } = load("lif_recurrent_inh");
    const p = man.params as { n_in: number; n: number; lif: Record<string, number> };
    const net = new Network();
    net.addLayer(new Input({ n: p.n_in }), "X");
    net.addLayer(new LIFNodes({ n: p.n, ...lif(p.lif) }), "Y");
    conn(net, A, "X", "Y");
    conn(net, A, "Y", "Y");
    runAndCompare(net, man, A);
  });

  it("if_mcp", () => {
    const { man, A } = load("if_mcp");
    const p = man.params as { n_in: number; n: number; if_: Record<string, number>; mcp: { thresh: number }; weight_decay: Record<string, number> };
    const net = new Network();
    net.addLayer(new Input({ n: p.n_in }), "X");
    net.addLayer(new IFNodes({ n: p.n, ...p.if_ }), "I");
    net.addLayer(new McCullochPitts({ n: p.n, thresh: p.mcp.thresh }), "M");
    conn(net, A, "X", "I");
    conn(net, A, "X", "M", { weightDecay: p.weight_decay["X->M"] });
    conn(net, A, "I", "M");
    conn(net, A, "M", "I");
    runAndCompare(net, man, A);
  });

  it("current_lif_boosted", () => {
    const { man, A } = load("current_lif_boosted");
    const p = man.params as { n_in: number; n: number; current_lif: Record<string, number>; boosted_lif: Record<string, number> };
    const net = new Network();
    net.addLayer(new Input({ n: p.n_in }), "X");
    net.addLayer(new CurrentLIFNodes({ n: p.n, ...lif(p.current_lif), tcIDecay: p.current_lif.tc_i_decay! }), "C");
    net.addLayer(new BoostedLIFNodes({ n: p.n, thresh: p.boosted_lif.thresh!, refrac: p.boosted_lif.refrac!, tcDecay: p.boosted_lif.tc_decay! }), "B");
    conn(net, A, "X", "C");
    conn(net, A, "X", "B");
    conn(net, A, "C", "B");
    runAndCompare(net, man, A);
  });

  it("one_step", () => {
    const { man, A } = load("one_step");
    const p = man.params as { n_in: number; n_a: number; n_b: number };
    const net = new Network();
    net.addLayer(new Input({ n: p.n_in }), "X");
    net.addLayer(new LIFNodes({ n: p.n_a }), "A");
    net.addLayer(new LIFNodes({ n: p.n_b }), "B");
    conn(net, A, "X", "A");
    conn(net, A, "A", "B");
    conn(net, A, "B", "A");
    runAndCompare(net, man, A, true);
  });

  it("izhikevich", () => {
    const { man, A } = load("izhikevich");
    const p = man.params as { n_in: number; n: number; excitatory: number; thresh: number; rest: number };
    const net = new Network();
    net.addLayer(new Input({ n: p.n_in }), "X");
    const Y = new IzhikevichNodes({ n: p.n, excitatory: p.excitatory, thresh: p.thresh, rest: p.rest });
    Y.a = A["param.Y.a"]!;
    Y.b = A["param.Y.b"]!;
    Y.c = A["param.Y.c"]!;
    Y.d = A["param.Y.d"]!;
    Y.S = A["param.Y.S"]!;
    net.addLayer(Y, "Y");
    conn(net, A, "X", "Y");
    runAndCompare(net, man, A);
  });

  it("adaptive_lif_nolearn (rule-less: learning is off)", () => {
    const { man, A } = load("adaptive_lif_nolearn");
    const p = man.params as { n_in: number; n: number; alif: Record<string, number>; wmin: number; wmax: number; norm: number };
    const net = new Network({ learning: false });
    net.addLayer(new Input({ n: p.n_in, traces: true, tcTrace: p.alif.tc_trace! }), "X");
    net.addLayer(new AdaptiveLIFNodes({ n: p.n, traces: true, tcTrace: p.alif.tc_trace!, ...lif(p.alif), thetaPlus: p.alif.theta_plus!, tcThetaDecay: p.alif.tc_theta_decay! }), "Y");
    conn(net, A, "X", "Y", { wmin: p.wmin, wmax: p.wmax, norm: p.norm });
    conn(net, A, "Y", "Y");
    runAndCompare(net, man, A);
  });
});
