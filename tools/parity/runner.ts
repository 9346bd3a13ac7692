/**
 * The parity runner: builds each scenario of a reference set with the public API, drives it
 * exactly as the reference was driven (inputs, init/param arrays, clamp / unclamp /
 * injects_v / masks, reward, the run() schedule, one_step, learning, batch size), records every
 * array the trace holds at the monitors' record point and compares (spikes exactly, floats to
 * the README's tolerance). Nothing depends on T or the seed: both come from the manifest.
 */
import type { Tensor } from "../../src/tensor/tensor.js";
import { ValueError } from "../../src/errors.js";
import { loadLibrary, MissingClassError, type Library, type NetworkLike } from "./library.js";
import { type Scenario, type NdArray, loadScenario, listScenarioDirs } from "./trace.js";
import { type Recorded, type ScenarioResult, compareRun, toleranceFor } from "./compare.js";
import { type Builder, type Built, type BuildContext, camel, toTensor } from "./scenarios/context.js";
import { lifRecurrentInh, izhikevich, ifMcp, currentLifBoosted, oneStep } from "./scenarios/core.js";
import {
  adaptive, postpreStdp, mstdpReward, mstdpetReward, lifOptions, clampInject, batchPostpre,
  hebbian, weightDependentPostpre, rmax,
} from "./scenarios/learning.js";
import { conv1d, conv2d, local2d, maxpool2d, diehlcook } from "./scenarios/topology.js";

/** One builder per scenario type of the shared set (README table). */
export const BUILDERS: Readonly<Record<string, Builder>> = {
  lif_recurrent_inh: lifRecurrentInh,
  adaptive_lif_learn: adaptive,
  adaptive_lif_nolearn: adaptive,
  diehlcook_learn: diehlcook,
  diehlcook_nolearn: diehlcook,
  izhikevich,
  postpre_stdp: postpreStdp,
  conv2d,
  mstdp_reward: mstdpReward,
  if_mcp: ifMcp,
  current_lif_boosted: currentLifBoosted,
  lif_options: lifOptions,
  clamp_inject: clampInject,
  one_step: oneStep,
  batch_postpre: batchPostpre,
  hebbian,
  weight_dependent_postpre: weightDependentPostpre,
  mstdpet_reward: mstdpetReward,
  rmax,
  local2d,
  conv1d,
  maxpool2d,
  multi_run_norm: adaptive,
};

type AnyRecord = Record<string, unknown>;

function isTensor(v: unknown): v is Tensor {
  return !!v && typeof v === "object" && typeof (v as Tensor).contiguousData === "function";
}

/** The connection object for "src->tgt". */
function connOf(network: NetworkLike, key: string): AnyRecord | undefined {
  const [src, tgt] = key.split("->");
  return network.connections.get(src, tgt);
}

/**
 * Reads state `v` of a layer or connection: the camelCase field (refrac_count → refracCount),
 * for connections also the update rule's field (rule state such as pPlus may live on either)
 * and a multicompartment connection's Weight feature value for `w`.
 */
function readState(network: NetworkLike, owner: string, v: string): Tensor | undefined {
  const names = [camel(v), v];
  const pick = (o: unknown): Tensor | undefined => {
    if (!o || typeof o !== "object") return undefined;
    for (const k of names) {
      const x = (o as AnyRecord)[k];
      if (isTensor(x)) return x;
    }
    return undefined;
  };
  if (!owner.includes("->")) return pick(network.layers[owner]);
  const c = connOf(network, owner);
  if (!c) return undefined;
  const direct = pick(c) ?? pick(c.updateRule);
  if (direct || v !== "w") return direct;
  for (const list of [c.pipeline, c.features]) {
    if (Array.isArray(list)) for (const f of list) if (isTensor((f as AnyRecord)?.value)) return (f as AnyRecord).value as Tensor;
  }
  return undefined;
}

/** "step.X->Y.w" → owner "X->Y", var "w"; "step.Y.refrac_count" → "Y", "refrac_count". */
export function splitKey(key: string): { kind: string; owner: string; v: string } {
  const first = key.indexOf(".");
  const last = key.lastIndexOf(".");
  return { kind: key.slice(0, first), owner: key.slice(first + 1, last), v: key.slice(last + 1) };
}

/**
 * Records step.* arrays each time the network's monitors record (after every layer and
 * connection update of a step). Added to the network as a monitor; it reads the state itself
 * so it needs nothing from the Monitor class but the record() call.
 */
class ParityRecorder {
  /** steps recorded so far */
  t = 0;
  readonly buffers: Record<string, Float64Array> = {};
  readonly missing = new Set<string>();
  private readonly per: Record<string, number> = {};
  network: unknown = null;
  dt = 1;

  constructor(
    private readonly net: NetworkLike,
    private readonly keys: readonly string[],
    ref: Record<string, NdArray>,
    private readonly steps: number,
  ) {
    for (const k of keys) {
      const a = ref[k];
      const per = a.shape.slice(1).reduce((x, y) => x * y, 1);
      this.per[k] = per;
      this.buffers[k] = new Float64Array(per * steps).fill(NaN);
    }
  }

  record(): void {
    if (this.t >= this.steps) {
      this.t++;
      return;
    }
    for (const k of this.keys) {
      const { owner, v } = splitKey(k);
      const x = readState(this.net, owner, v);
      const per = this.per[k];
      if (!x) {
        this.missing.add(k);
        continue;
      }
      const d = x.contiguousData();
      if (d.length !== per) {
        this.missing.add(`${k} (has ${d.length} elements, expected ${per})`);
        continue;
      }
      const buf = this.buffers[k];
      const off = this.t * per;
      for (let i = 0; i < per; i++) buf[off + i] = Number(d[i]);
    }
    this.t++;
  }

  /** The network resets its monitors on resetStateVariables(); a parity recording must survive. */
  resetStateVariables(): void {}

  reset_state_variables(): void {}
}

/**
 * The recorder wrapped in a subclass of the library's AbstractMonitor (the Network accepts
 * only monitors), or as is when there is no such base.
 */
function asMonitor(rec: ParityRecorder, base: unknown): object {
  if (typeof base !== "function") return rec;
  const Base = base as new () => object;
  class RecorderMonitor extends Base {
    record(): void {
      rec.record();
    }
    resetStateVariables(): void {}
  }
  return new RecorderMonitor();
}

/** run() keyword arrays of the trace: clamp/unclamp/injects_v (1-D or per step) and masks. */
function kwArrays(arrays: Record<string, NdArray>): Record<string, Record<string, NdArray>> {
  const out: Record<string, Record<string, NdArray>> = {};
  for (const kw of ["clamp", "unclamp", "injects_v", "masks"]) {
    for (const [k, a] of Object.entries(arrays)) {
      if (k.startsWith(kw + ".")) (out[kw] ??= {})[k.slice(kw.length + 1)] = a;
    }
  }
  return out;
}

function sliceRows(a: NdArray, start: number, steps: number): NdArray {
  const per = a.shape.slice(1).reduce((x, y) => x * y, 1);
  return { shape: [steps, ...a.shape.slice(1)], dtype: a.dtype, data: a.data.slice(start * per, (start + steps) * per) };
}

/** Inserts a batch axis of 1 after the time axis ([T, *shape] → [T, 1, *shape]). */
function withBatch(a: NdArray, keep: boolean): NdArray {
  return keep ? a : { ...a, shape: [a.shape[0], 1, ...a.shape.slice(1)] };
}

/** Drives a built scenario through its schedule and returns every recorded array. */
export function drive(sc: Scenario, built: Built): Record<string, Recorded> {
  const m = sc.manifest;
  const { network } = built;
  const T = m.T;
  const ref = sc.arrays;
  const stepKeys = Object.keys(ref).filter((k) => k.startsWith("step."));
  const recorder = new ParityRecorder(network, stepKeys, ref, T);
  network.addMonitor(asMonitor(recorder, built.monitorBase), "__parity__");

  const inputs = Object.keys(ref).filter((k) => k.startsWith("input.")).map((k) => [k.slice(6), ref[k]] as const);
  const kwa = kwArrays(ref);
  const reward = ref.reward;
  const runs = m.runs ?? (reward
    ? Array.from({ length: T }, (_, t) => ({ start: t, steps: 1, resetBefore: false }))
    : [{ start: 0, steps: T, resetBefore: false }]);
  const connKeys = Object.keys(m.connections);
  const runEnd: Record<string, number[][]> = {};

  for (const run of runs) {
    if (run.start + run.steps > T) {
      throw new ValueError(`parity ${sc.name}: run [${run.start}, +${run.steps}) goes past T=${T}`);
    }
    if (run.resetBefore) network.resetStateVariables();
    const opts: Record<string, unknown> = { time: run.steps * m.dt, oneStep: m.oneStep, ...(built.runExtras ?? {}) };
    const inp: Record<string, Tensor> = {};
    for (const [layer, a] of inputs) {
      const rows = withBatch(sliceRows(a, run.start, run.steps), m.batchSize > 1 || m.batchAxisKept);
      inp[layer] = toTensor(rows, a.dtype === "uint8" ? "bool" : "float32");
    }
    opts.inputs = inp;
    const kwName: Record<string, string> = { clamp: "clamp", unclamp: "unclamp", injects_v: "injectsV", masks: "masks" };
    for (const [kw, perTarget] of Object.entries(kwa)) {
      const o: Record<string, Tensor> = {};
      for (const [target, a] of Object.entries(perTarget)) {
        const timed = kw !== "masks" && a.shape.length === 2;
        let v = a;
        if (timed) v = run.steps === 1 ? { ...sliceRows(a, run.start, 1), shape: a.shape.slice(1) } : sliceRows(a, run.start, run.steps);
        o[target] = toTensor(v, kw === "injects_v" ? "float32" : "bool");
      }
      opts[kwName[kw]] = o;
    }
    if (reward) opts.reward = reward.data[run.start];
    network.run(opts);
    for (const key of connKeys) {
      const w = readState(network, key, "w");
      if (w) (runEnd[key] ??= []).push(Array.from(w.contiguousData(), Number));
    }
  }
  if (recorder.t !== T) {
    throw new ValueError(`parity ${sc.name}: the network called record() ${recorder.t} times, expected ${T} (one per step)`);
  }
  const out: Record<string, Recorded> = {};
  for (const k of stepKeys) if (!recorder.missing.has(k)) out[k] = { data: recorder.buffers[k] };
  for (const [key, list] of Object.entries(runEnd)) {
    out[`final.${key}.w`] = { data: list[list.length - 1] };
    out[`run_end.${key}.w`] = { data: list.flat() };
  }
  return out;
}

/** Options of {@link runScenario} / {@link runParity}. */
export interface RunOptions {
  lib?: Library;
}

/** Builds, drives and compares one loaded scenario. */
export async function runScenario(sc: Scenario, options: RunOptions = {}): Promise<ScenarioResult & { notes?: string[] }> {
  const type = sc.manifest.scenario;
  const tol = toleranceFor(type);
  const builder = BUILDERS[type];
  if (!builder) return { name: sc.name, status: "skipped", reason: `a builder for scenario type "${type}"`, arrays: [], tolerance: tol };
  const lib = options.lib ?? (await loadLibrary());
  const t0 = performance.now();
  let built: Built;
  const ctx: BuildContext = { lib, manifest: sc.manifest, params: sc.manifest.params, arrays: sc.arrays };
  try {
    built = builder(ctx);
    if (built.monitorBase === undefined && lib.has("AbstractMonitor")) built = { ...built, monitorBase: lib.cls("AbstractMonitor") };
  } catch (e) {
    if (e instanceof MissingClassError) return { name: sc.name, status: "skipped", reason: e.missing, arrays: [], tolerance: tol };
    return { name: sc.name, status: "error", reason: `build: ${(e as Error).message}`, arrays: [], tolerance: tol };
  }
  let got: Record<string, Recorded>;
  try {
    got = drive(sc, built);
  } catch (e) {
    return { name: sc.name, status: "error", reason: `run: ${(e as Error).message}`, arrays: [], tolerance: tol };
  }
  const res = compareRun(sc.name, got, sc.arrays, tol);
  return { ...res, seconds: (performance.now() - t0) / 1000, notes: built.notes };
}

/** Runs every scenario folder under `root` (or `root` itself if it is one). */
export async function runParity(root: string, options: RunOptions & { only?: string[] } = {}): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const dir of listScenarioDirs(root)) {
    const sc = loadScenario(dir);
    if (options.only && !options.only.includes(sc.name) && !options.only.includes(sc.manifest.scenario)) continue;
    out.push(await runScenario(sc, options));
  }
  return out;
}
