/**
 * The network: layers, connections and monitors, and the simulation loop.
 *
 * Phase order of every step t (BindsNET's, with its documented fixes):
 * 1. Connection input for every layer from all layers' spikes of step t−1 (each synapse delays
 *    by one step), summed per target in connection insertion order (unless `oneStep`).
 * 2. For each layer in insertion order: add its external input row t; (`oneStep`: add the
 *    input of its incoming connections, computed now from the sources' current spikes);
 *    v ← v + injectsV; forward; clamp (s ← 1); unclamp (s ← 0).
 * 3. For each connection in insertion order: update (rule while learning, then mask, then
 *    Dale's rule), with aPlus/aMinus for that connection.
 * 4. Every monitor records.
 * After the last step of a run, every connection normalizes.
 *
 * Fixes relative to the reference: `oneStep` ADDS external input to a layer's connection input
 * (the reference replaces it, contrary to its documentation); inputs must be [T, B, ...shape] or
 * [T, ...shape] (an unbatched image is no longer silently read as a batch); the caller's input
 * tensors are never modified; integer aPlus/aMinus work; `clone()` is a deep copy.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { checkOptions } from "../options.js";
import { zeros } from "../tensor/creation.js";
import { checkFiniteTensor } from "./checks.js";
import { Tensor, sameShape } from "../tensor/tensor.js";
import type { TypedArray } from "../backend/dtype.js";
import { type Backend, getBackend, kernels } from "../backend/backend.js";
import { subview } from "../backend/view.js";
import type { SourceTraceUse, SpikeEvents, UpdateOptions } from "./learning-rule.js";
import { AbstractMonitor } from "./monitors.js";
import { Nodes } from "./nodes/nodes.js";
import { AbstractConnection } from "./topology/abstract-connection.js";
import { cloneNetwork, loadNetwork, saveNetwork, type LoadOptions } from "./io/index.js";
import { adoptStorage, disposeStorage, freeScratch, ownedScratch } from "./storage.js";

/** A reward function class: instantiated with no arguments; `compute` gives the run's reward. */
export interface AbstractReward {
  compute(opts: Record<string, unknown>): number | Tensor;
  update(opts: Record<string, unknown>): void;
}
export type RewardClass = new () => AbstractReward;

export interface NetworkOptions {
  /** Simulation time step (default 1). */
  dt?: number;
  /** Batch size (default 1); changed automatically by `run` to the inputs' batch size. */
  batchSize?: number;
  /** Learning mode (default true). */
  learning?: boolean;
  rewardFn?: RewardClass | null;
}

const NETWORK_KEYS: readonly string[] = ["dt", "batchSize", "learning", "rewardFn"];

/**
 * The network each layer was added to (a layer belongs to one network, once: its state,
 * decays and batch size are that network's). A WeakMap, so nothing is stored on the layer.
 */
const layerOwner = new WeakMap<Nodes, { network: Network; name: string }>();

/** The key string of a connection: "src->tgt". */
export function connectionKey(source: string, target: string): string {
  return `${source}->${target}`;
}

/** Connections in insertion order, addressable by source and target layer names. */
export class ConnectionMap {
  private readonly map = new Map<string, { source: string; target: string; conn: AbstractConnection }>();

  get(source: string, target: string): AbstractConnection | undefined {
    return this.map.get(connectionKey(source, target))?.conn;
  }

  /** By key string "src->tgt". */
  getKey(key: string): AbstractConnection | undefined {
    return this.map.get(key)?.conn;
  }

  has(source: string, target: string): boolean {
    return this.map.has(connectionKey(source, target));
  }

  /** @internal */
  set(source: string, target: string, conn: AbstractConnection): void {
    this.map.set(connectionKey(source, target), { source, target, conn });
  }

  keys(): [string, string][] {
    return [...this.map.values()].map((e) => [e.source, e.target]);
  }

  /** Key strings "src->tgt" in insertion order. */
  keyStrings(): string[] {
    return [...this.map.keys()];
  }

  entries(): [[string, string], AbstractConnection][] {
    return [...this.map.values()].map((e) => [[e.source, e.target], e.conn]);
  }

  values(): AbstractConnection[] {
    return [...this.map.values()].map((e) => e.conn);
  }

  get size(): number {
    return this.map.size;
  }

  [Symbol.iterator](): IterableIterator<[[string, string], AbstractConnection]> {
    return this.entries()[Symbol.iterator]();
  }
}

/** A per-connection value: one for all, or per key "src->tgt". */
export type PerConnection<T> = T | Record<string, T>;

export interface RunOptions {
  /** External input per layer: [T, B, ...shape] or [T, ...shape] (batch 1). */
  inputs?: Record<string, Tensor>;
  /** Simulated time; the run has trunc(time / dt) steps. */
  time: number;
  /** Propagate spikes through the whole layer chain within a step (layer insertion order). */
  oneStep?: boolean;
  /** Force spikes: bool/uint8 [...shape] every step, or [T, ...shape] per step. */
  clamp?: Record<string, Tensor>;
  /** Suppress spikes (same shapes as clamp). */
  unclamp?: Record<string, Tensor>;
  /** Voltage added before the layer's step: [...shape] / [B, ...shape] every step, or [T, ...]. */
  injectsV?: Record<string, Tensor>;
  /** Weights zeroed after every update, per connection "src->tgt". */
  masks?: Record<string, Tensor>;
  reward?: number | Tensor;
  aPlus?: PerConnection<number>;
  aMinus?: PerConnection<number>;
  /** Print a simple progress bar on stderr. */
  progressBar?: boolean;
}

/**
 * The keys `run` accepts. The library's learning rules read `reward`, `aPlus` and `aMinus`
 * from their update options (MSTDP, MSTDPET and Rmax read `reward`, on connections and features); nothing
 * else is forwarded, and any other key is an error.
 */
export const RUN_OPTION_KEYS: readonly string[] = Object.freeze(["inputs", "time", "oneStep", "clamp", "unclamp", "injectsV", "masks", "reward", "aPlus", "aMinus", "progressBar"]);

interface TimedMask {
  data: ArrayLike<number>;
  perStep: boolean;
  rowSize: number;
}

/**
 * A spiking neural network (BindsNET's `Network`): named layers, connections between them
 * and monitors, simulated step by step by {@link Network.run} in a documented phase order
 * (inputs, layers, connections, learning, monitors). `save(path)` / `Network.load(path)`
 * write and read one safetensors file (docs/save-load.md).
 *
 * @example
 * ```ts
 * import { Network, Input, LIFNodes, Connection, Monitor, bernoulli, full } from "bindsnet";
 * const net = new Network({ dt: 1 });
 * const a = new Input({ n: 10 });
 * const b = new LIFNodes({ n: 5 });
 * net.addLayer(a, "A");
 * net.addLayer(b, "B");
 * net.addConnection(new Connection({ source: a, target: b, w: full([10, 5], 0.5) }), "A", "B");
 * const m = new Monitor({ obj: b, stateVars: ["s", "v"], time: 100 });
 * net.addMonitor(m, "B");
 * net.run({ inputs: { A: bernoulli(full([100, 10], 0.2)).to("uint8") }, time: 100 });
 * console.log(m.get("s").shape); // [100, 1, 5]
 * ```
 */
export class Network {
  dt: number;
  batchSize: number;
  learning: boolean;
  /** The layers by name (a prototype-less object: any name, "constructor" or "__proto__" included, is a plain key). */
  readonly layers: Record<string, Nodes> = Object.create(null) as Record<string, Nodes>;
  /**
   * Layer names in the order they were added, which is the simulation order (BindsNET's dict
   * order). `Object.keys(layers)` is not: JavaScript lists integer-like keys such as "1"
   * before every other key.
   */
  private readonly layerOrder: string[] = [];
  readonly connections = new ConnectionMap();
  readonly monitors: Record<string, AbstractMonitor> = Object.create(null) as Record<string, AbstractMonitor>;
  rewardFn: AbstractReward | null;
  private readonly rewardClass: RewardClass | null;
  /** Per-layer float32 input buffers reused across steps (the hot path allocates nothing). */
  private readonly inputBuffers = new Map<string, Float32Array>();

  constructor(opts: NetworkOptions = {}) {
    checkOptions("Network", opts, NETWORK_KEYS);
    opts ??= {};
    const dt = opts.dt ?? 1.0;
    if (typeof dt !== "number" || !(dt > 0) || !Number.isFinite(dt)) throw new ValueError(`Network: dt is ${fmtValue(dt)}, expected a positive number`);
    const bs = opts.batchSize ?? 1;
    if (!Number.isInteger(bs) || bs < 1) throw new ValueError(`Network: batchSize is ${fmtValue(bs)}, expected a positive integer`);
    this.dt = dt;
    this.batchSize = bs;
    this.learning = opts.learning ?? true;
    const rf = opts.rewardFn ?? null;
    if (rf !== null && typeof rf !== "function") throw new ValueError(`Network: rewardFn is ${fmtValue(rf)}, expected a reward class (instantiated with no arguments)`);
    this.rewardClass = rf;
    this.rewardFn = rf ? new rf() : null;
  }

  /** Adds a layer: sets its learning mode, decays (dt) and batch size, which allocates its state. */
  addLayer(layer: Nodes, name: string): this {
    if (!(layer instanceof Nodes)) throw new ValueError(`Network.addLayer: layer is ${fmtValue(layer)}, expected a Nodes instance`);
    checkName("Network.addLayer", name);
    if (Object.hasOwn(this.layers, name)) throw new ValueError(`Network.addLayer: name ${fmtValue(name)} is already a layer, expected a new name`);
    const owner = layerOwner.get(layer);
    if (owner !== undefined) {
      throw new ValueError(
        owner.network === this
          ? `Network.addLayer: layer is already in this network as ${fmtValue(owner.name)}, expected a layer object not yet added (it would step twice per step)`
          : `Network.addLayer: layer already belongs to another network (as ${fmtValue(owner.name)}), expected a new layer object`,
      );
    }
    layerOwner.set(layer, { network: this, name });
    this.layers[name] = layer;
    this.layerOrder.push(name);
    layer.train(this.learning);
    layer.computeDecays(this.dt);
    layer.setBatchSize(this.batchSize);
    return this;
  }

  /** The layer names in insertion order (the order every step updates them in). */
  layerNames(): string[] {
    return [...this.layerOrder];
  }

  /** Adds a connection from layer `source` to layer `target` (both already added). */
  addConnection(connection: AbstractConnection, source: string, target: string): this {
    const op = "Network.addConnection";
    if (!(connection instanceof AbstractConnection)) throw new ValueError(`${op}: connection is ${fmtValue(connection)}, expected a connection`);
    for (const [arg, name] of [["source", source], ["target", target]] as const) {
      if (typeof name !== "string" || !Object.hasOwn(this.layers, name)) {
        throw new ValueError(`${op}: ${arg} ${fmtValue(name)} is not a layer of the network, expected one of ${fmtValue(this.layerOrder)}`);
      }
    }
    if (this.connections.has(source, target)) throw new ValueError(`${op}: a connection ${connectionKey(source, target)} already exists, expected a new (source, target) pair`);
    if (connection.source !== this.layers[source]) throw new ValueError(`${op}: connection.source is not layer ${fmtValue(source)}, expected the connection to start at the layer named source`);
    if (connection.target !== this.layers[target]) throw new ValueError(`${op}: connection.target is not layer ${fmtValue(target)}, expected the connection to end at the layer named target`);
    this.connections.set(source, target, connection);
    connection.dt = this.dt;
    connection.train(this.learning);
    return this;
  }

  /** Adds a monitor under `name`. */
  addMonitor(monitor: AbstractMonitor, name: string): this {
    if (!(monitor instanceof AbstractMonitor)) throw new ValueError(`Network.addMonitor: monitor is ${fmtValue(monitor)}, expected a Monitor or NetworkMonitor`);
    checkName("Network.addMonitor", name);
    if (Object.hasOwn(this.monitors, name)) throw new ValueError(`Network.addMonitor: name ${fmtValue(name)} is already a monitor, expected a new name`);
    if (monitor.network !== null && monitor.network !== undefined && monitor.network !== this) throw new ValueError(`Network.addMonitor: monitor already belongs to another network, expected a new monitor object`);
    this.monitors[name] = monitor;
    monitor.network = this;
    monitor.dt = this.dt;
    return this;
  }

  /** The class given as `rewardFn` (for serialisation). */
  get rewardClassRef(): RewardClass | null {
    return this.rewardClass;
  }

  /**
   * Connection input to every target (or only the layer `only`) from the sources' current
   * spikes, in connection insertion order, into the target plans' `cur`. With batch size 1
   * every connection gets its source's spike list (event-driven propagation).
   */
  private planInputs(plan: readonly ConnPlan[], only: LayerPlan | null, B: number): void {
    for (const cp of plan) {
      const tp = cp.tgtPlan;
      if (only !== null && tp !== only) continue;
      const c = cp.conn;
      const acc = tp.cur;
      const sp = cp.srcPlan;
      if (tp.windowed) {
        const r = c.computeWindow(sp.layer.s).contiguousData() as Float32Array;
        if (acc === null) tp.cur = Float32Array.from(r);
        else for (let i = 0; i < acc.length; i++) acc[i] = Math.fround(acc[i]! + r[i]!);
        continue;
      }
      const size = B * tp.layer.n;
      // a silent source (batch size 1) through a connection that then yields all +0
      const silent = B === 1 && cp.silent && sp.k === 0;
      if (acc === null) {
        // the first connection writes straight into the layer's (reused) input buffer; adding
        // 0 as the reference does (it accumulates into zeros) turns -0 into +0
        let buf = tp.inBuf;
        if (buf === null || buf.length !== size) {
          buf = ownedScratch(this, "float32", size, buf) as Float32Array;
          tp.inBuf = buf;
          tp.inZero = true;
          this.inputBuffers.set(tp.name, buf);
        }
        if (silent) {
          if (!tp.inZero) buf.fill(0);
          tp.inZero = true;
        } else {
          if (B === 1) c.computeFromSpikes(buf, sp.layer.s, sp.list, sp.k);
          else c.computeInto(buf, sp.layer.s);
          tp.inZero = false;
          if (cp.plusZero) for (let i = 0; i < size; i++) buf[i] = buf[i]! + 0;
        }
        tp.cur = buf;
      } else if (!silent) {
        let tmp = tp.scratch;
        if (tmp === null || tmp.length !== size) {
          tmp = ownedScratch(this, "float32", size, tmp) as Float32Array;
          tp.scratch = tmp;
        }
        // (the accumulated input is never −0, so adding an all-+0 input changes nothing)
        if (B === 1 ? c.computeFromSpikes(tmp, sp.layer.s, sp.list, sp.k) : (c.computeInto(tmp, sp.layer.s), false)) continue;
        for (let i = 0; i < size; i++) acc[i] = Math.fround(acc[i]! + tmp[i]!);
        if (acc === tp.inBuf) tp.inZero = false;
      }
    }
  }

  /**
   * The step plan of the current structure (layers, connections, batch size, backend):
   * built once and reused by every run until one of them changes.
   */
  private stepPlan(B: number): StepPlan {
    const conns = this.connections.entries();
    const be = getBackend();
    const p = plans.get(this);
    if (p !== undefined && p.batch === B && p.backend === be && p.layers.length === this.layerOrder.length && p.conns.length === conns.length) {
      let same = true;
      for (let i = 0; i < p.layers.length && same; i++) same = p.layers[i]!.layer === this.layers[p.layers[i]!.name] && p.layers[i]!.name === this.layerOrder[i];
      for (let i = 0; i < p.conns.length && same; i++) same = p.conns[i]!.conn === conns[i]![1];
      if (same) return p;
    }
    // the previous plan's scratch goes back to the network's arena (input buffers are kept)
    if (p !== undefined) for (const lp of p.layers) for (const a of [lp.list, lp.scratch, lp.train, lp.last, lp.chain]) if (a !== null) freeScratch(this, a);
    const layers: LayerPlan[] = this.layerOrder.map((name) => {
      const layer = this.layers[name]!;
      return {
        name,
        layer,
        windowed: false,
        takesInput: false,
        ext: null,
        extData: null,
        extF32: null,
        extRowShape: [],
        extRowLen: 0,
        extStore: null,
        extTensor: null,
        xTensor: null,
        inj: undefined,
        cl: undefined,
        ucl: undefined,
        zeroInput: null,
        cur: null,
        inBuf: this.inputBuffers.get(name) ?? null,
        scratch: null,
        inZero: false,
        list: ownedScratch(this, "int32", Math.max(1, layer.n)) as Int32Array,
        k: 0,
        lazy: false,
        train: null,
        last: null,
        chain: null,
        xAt: -1,
        reads: 0,
      };
    });
    const planOf = new Map(layers.map((lp) => [lp.name, lp]));
    const cps: ConnPlan[] = conns.map(([[src, tgt], conn]) => {
      const srcPlan = planOf.get(src)!;
      const tgtPlan = planOf.get(tgt)!;
      const events: SpikeEvents = { source: srcPlan.list, nSource: 0, target: tgtPlan.list, nTarget: 0 };
      return { key: connectionKey(src, tgt), conn, srcPlan, tgtPlan, events, opts: {}, plusZero: true, idle: false, traceUse: "always", silent: false };
    });
    const plan = { batch: B, backend: be, layers, conns: cps };
    plans.set(this, plan);
    return plan;
  }

  /**
   * Simulates `time` (trunc(time/dt) steps). See the module comment for the phase order.
   * Returns this network.
   *
   * The loop runs a step plan (see `stepPlan`): each layer steps through its declared step
   * (`takesStepInput`/`forwardInput`, `forwardRow`, or `forward`), each step's spikes are
   * listed once per layer (`listSpikes`), connections propagate from those lists
   * (`computeFromSpikes`) and learning rules get them as `spikes` in their update options;
   * updates that would do nothing (`updateIsIdle`) are skipped.
   */
  run(opts: RunOptions): this {
    const op = "Network.run";
    if (opts === null || typeof opts !== "object") throw new ValueError(`${op}: options are ${fmtValue(opts)}, expected { inputs, time, ... }`);
    checkOptions(op, opts, RUN_OPTION_KEYS);
    const { inputs = {}, time, oneStep = false, clamp = {}, unclamp = {}, injectsV = {}, masks = {}, aPlus, aMinus, progressBar = false } = opts;
    if (typeof time !== "number" || !(time > 0) || !Number.isFinite(time)) throw new ValueError(`${op}: time is ${fmtValue(time)}, expected a positive number`);
    const T = Math.trunc(time / this.dt);
    if (inputs === null || typeof inputs !== "object") throw new ValueError(`${op}: inputs is ${fmtValue(inputs)}, expected an object of layer name -> Tensor`);

    // validate and normalise inputs to [T, B, n]
    const ins = new Map<string, { t: Tensor; B: number }>();
    let batch: number | null = null;
    for (const [name, x] of Object.entries(inputs)) {
      const layer = this.layers[name];
      if (layer === undefined) throw new ValueError(`${op}: inputs has layer ${fmtValue(name)}, expected one of ${fmtValue(this.layerOrder)}`);
      if (!(x instanceof Tensor)) throw new ValueError(`${op}: inputs[${fmtValue(name)}] is ${fmtValue(x)}, expected a Tensor`);
      // one pass per run over float inputs (spike trains are bool/uint8: no scan)
      checkFiniteTensor(op, `inputs.${name}`, x);
      const sh = layer.shape;
      let B: number;
      if (x.ndim === sh.length + 2 && sameShape(x.shape.slice(2), sh)) B = x.shape[1]!;
      else if (x.ndim === sh.length + 1 && sameShape(x.shape.slice(1), sh)) B = 1;
      else {
        throw new ShapeError(`${op}: inputs[${fmtValue(name)}] has shape ${fmtShape(x.shape)}, expected [T, B, ${sh.join(", ")}] or [T, ${sh.join(", ")}] for layer ${fmtValue(name)} of shape ${fmtShape(sh)}`);
      }
      if (x.shape[0]! < T) throw new ShapeError(`${op}: inputs[${fmtValue(name)}] has shape ${fmtShape(x.shape)}, expected at least T=${T} rows (time ${time} / dt ${this.dt})`);
      if (B < 1) throw new ShapeError(`${op}: inputs[${fmtValue(name)}] has shape ${fmtShape(x.shape)}, expected a batch size of at least 1`);
      if (batch !== null && B !== batch) throw new ShapeError(`${op}: inputs[${fmtValue(name)}] has batch size ${B}, expected ${batch} like the other inputs`);
      batch = B;
      ins.set(name, { t: x.reshape([x.shape[0]!, B, layer.n]), B });
    }
    if (batch !== null && batch !== this.batchSize) {
      // dynamic batch size: re-create every layer's state and clear the monitors
      this.batchSize = batch;
      for (const l of this.layerOrder.map((n) => this.layers[n]!)) l.setBatchSize(batch);
      for (const m of Object.values(this.monitors)) m.resetStateVariables();
    }
    const B = this.batchSize;

    const clamps = this.timedMasks(op, "clamp", clamp, T, false);
    const unclamps = this.timedMasks(op, "unclamp", unclamp, T, false);
    const injects = this.timedMasks(op, "injectsV", injectsV, T, true);
    if (masks === null || typeof masks !== "object") throw new ValueError(`${op}: masks is ${fmtValue(masks)}, expected an object of connection key "src->tgt" -> Tensor`);
    for (const [k, m] of Object.entries(masks)) {
      if (this.connections.getKey(k) === undefined) throw new ValueError(`${op}: masks has connection ${fmtValue(k)}, expected one of ${fmtValue(this.connections.keyStrings())}`);
      if (!(m instanceof Tensor)) throw new ValueError(`${op}: masks[${fmtValue(k)}] is ${fmtValue(m)}, expected a Tensor`);
    }
    const perConn = (name: string, v: PerConnection<number> | undefined): Map<string, number> => {
      const out = new Map<string, number>();
      if (v === undefined || v === null) return out;
      if (typeof v === "number") {
        for (const k of this.connections.keyStrings()) out.set(k, v);
        return out;
      }
      if (typeof v !== "object") throw new ValueError(`${op}: ${name} is ${fmtValue(v)}, expected a number or an object of connection key "src->tgt" -> number`);
      for (const [k, x] of Object.entries(v)) {
        if (this.connections.getKey(k) === undefined) throw new ValueError(`${op}: ${name} has connection ${fmtValue(k)}, expected one of ${fmtValue(this.connections.keyStrings())}`);
        if (typeof x !== "number") throw new ValueError(`${op}: ${name}[${fmtValue(k)}] is ${fmtValue(x)}, expected a number`);
        out.set(k, x);
      }
      return out;
    };
    const aPlusMap = perConn("aPlus", aPlus);
    const aMinusMap = perConn("aMinus", aMinus);

    let reward = opts.reward;
    if (this.rewardFn !== null) reward = this.rewardFn.compute({ ...(opts.reward === undefined ? {} : { reward: opts.reward }), clamp, unclamp, masks, injectsV });

    // The plan (built once per structure), bound to this run's inputs and options. The step
    // loop below allocates nothing and does no per-step name lookups.
    // the network owns its storage: state, weights and rule state made since the last run
    // (or replaced by it) move into its arena (src/network/storage.ts)
    adoptStorage(this, this.storageRoots());
    const plan = this.stepPlan(B);
    const layerPlan = plan.layers;
    for (const lp of layerPlan) {
      const layer = lp.layer;
      const ext = ins.get(lp.name);
      lp.ext = ext?.t ?? null;
      lp.extData = null;
      lp.extF32 = null;
      lp.extRowShape = [];
      lp.extRowLen = 0;
      lp.extStore = null;
      lp.extTensor = null;
      if (ext !== undefined) {
        // the whole [T, B, n] input once (no copy when contiguous) instead of a view per step
        lp.extData = ext.t.contiguousData();
        lp.extRowShape = [ext.t.shape[1]!, ext.t.shape[2]!];
        lp.extRowLen = lp.extRowShape[0]! * lp.extRowShape[1]!;
      }
      lp.windowed = layer.windowedInput;
      lp.takesInput = !lp.windowed && layer.takesStepInput;
      lp.inj = injects.get(lp.name);
      lp.cl = clamps.get(lp.name);
      lp.ucl = unclamps.get(lp.name);
      // the spike list of the state the run starts from (the previous step's spikes)
      if (B === 1) lp.k = layer.listSpikes(lp.list);
    }
    const learning = this.learning;
    for (const cp of plan.conns) {
      const key = cp.key;
      const mask = masks[key] ?? null;
      const base: UpdateOptions = { mask, learning };
      if (reward !== undefined) base.reward = reward;
      const ap = aPlusMap.get(key);
      if (ap !== undefined) base.aPlus = ap;
      const am = aMinusMap.get(key);
      if (am !== undefined) base.aMinus = am;
      if (B === 1) base.spikes = cp.events;
      cp.opts = base;
      cp.plusZero = cp.conn.mayYieldNegativeZero;
      cp.idle = cp.conn.updateIsIdle(learning, mask !== null);
      cp.traceUse = cp.conn.sourceTraceUse(learning, mask !== null);
      cp.silent = cp.conn.zeroWithoutSpikes;
    }
    const monitorList = Object.values(this.monitors);
    for (const lp of layerPlan) lp.lazy = B === 1 && this.lazyTraces(lp, plan.conns, monitorList, T);
    const connPlan = plan.conns;
    const progress = progressBar ? makeProgress(T) : null;
    const single = B === 1;

    for (let t = 0; t < T; t++) {
      for (const lp of layerPlan) lp.cur = null;
      if (!oneStep) this.planInputs(connPlan, null, B);
      for (const lp of layerPlan) {
        const layer = lp.layer;
        const name = lp.name;
        if (lp.lazy) {
          // an input layer with lazy traces: its spikes (and list) from the row, x when read
          lp.k = kernels().inputSpikes(layer.s.data as Uint8Array, lp.list, lp.k, lp.train!, t * layer.n, layer.n, lp.last!, t);
          continue;
        }
        if (oneStep) this.planInputs(connPlan, lp, B);
        const cur = lp.cur;
        const hasExt = lp.extData !== null;
        const rowLen = lp.extRowLen;
        if (hasExt && cur !== null) {
          // float32 rows of the external input (converted once per run when needed)
          if (lp.extF32 === null) lp.extF32 = lp.ext!.dtype === "float32" ? (lp.extData as Float32Array) : (lp.ext!.to("float32").contiguousData() as Float32Array);
          const e = lp.extF32;
          const e0 = t * rowLen;
          for (let i = 0; i < cur.length; i++) cur[i] = Math.fround(cur[i]! + e[e0 + i]!);
          if (cur === lp.inBuf) lp.inZero = false;
        }
        if (lp.inj !== undefined) this.injectVoltage(op, name, layer, lp.inj, t);
        if (cur !== null) {
          if (lp.takesInput && layer.batchSize !== null && layer.batchSize * layer.n === cur.length) {
            // what forward(x) does for the [B, ...shape] float32 tensor over cur, less its checks
            layer.forwardInput(cur);
          } else {
            // one Tensor per input buffer, re-made only when the buffer changes
            let xt = lp.xTensor;
            if (xt === null || xt.data !== cur) {
              const shape = lp.windowed ? [B, cur.length / (B * layer.n), ...layer.shape] : [B, ...layer.shape];
              xt = new Tensor(cur, shape, "float32");
              lp.xTensor = xt;
            }
            layer.forward(xt);
          }
        } else if (hasExt) {
          // row t of the input in its own dtype, [B, n]
          if (!layer.forwardRow(lp.extData!, t * rowLen, lp.ext!.dtype)) {
            if (lp.takesInput && lp.ext!.dtype !== "float32") {
              // a float32 layer input: the row of the input converted once per run
              if (lp.extF32 === null) lp.extF32 = lp.ext!.to("float32").contiguousData() as Float32Array;
              let buf = lp.inBuf;
              if (buf === null || buf.length !== rowLen) {
                buf = ownedScratch(this, "float32", rowLen, buf) as Float32Array;
                lp.inBuf = buf;
                this.inputBuffers.set(name, buf);
              }
              lp.inZero = false;
              buf.set(lp.extF32.subarray(t * rowLen, (t + 1) * rowLen));
              layer.forwardInput(buf);
            } else {
              // one Tensor whose storage moves along
              // (subviews: the tensor, and so the view, outlives this statement)
              if (lp.extTensor === null) {
                lp.extStore = { array: subview(lp.extData!, 0, rowLen) };
                lp.extTensor = new Tensor(lp.extStore, lp.extRowShape, lp.ext!.dtype);
              }
              lp.extStore!.array = subview(lp.extData!, t * rowLen, (t + 1) * rowLen);
              layer.forward(lp.extTensor);
            }
          }
        } else {
          let z = lp.zeroInput;
          const shape = layer.stepInputShape(B);
          if (z === null || !sameShape(z.shape, shape)) {
            z = zeros(shape, { dtype: layer.zeroInputDtype() });
            lp.zeroInput = z;
          }
          layer.forward(z);
        }
        if (lp.cl !== undefined) setSpikes(layer, lp.cl, t, 1);
        if (lp.ucl !== undefined) setSpikes(layer, lp.ucl, t, 0);
        if (single) lp.k = layer.listSpikes(lp.list);
      }
      for (const cp of connPlan) {
        // an update that would do nothing is skipped; the rule was created when update would
        if (cp.idle) continue;
        if (single) {
          const ev = cp.events;
          ev.nSource = cp.srcPlan.k;
          ev.nTarget = cp.tgtPlan.k;
          const sp = cp.srcPlan;
          if (sp.lazy && sp.xAt !== t && cp.traceUse !== "never" && cp.tgtPlan.k > 0) {
            writeTrace(sp, t);
            // read at more than a quarter of the steps: the per-step decay is cheaper; x is
            // exact now, so the layer steps eagerly from the next step on
            if (++sp.reads * 4 > t + 1 && t >= 16) sp.lazy = false;
          }
        }
        cp.conn.update(cp.opts);
      }
      for (const m of monitorList) m.record();
      progress?.(t + 1);
    }
    for (const lp of layerPlan) if (lp.lazy && lp.xAt !== T - 1 && T > 0) writeTrace(lp, T - 1);
    for (const c of this.connections.values()) c.normalize();
    return this;
  }

  /**
   * Whether this run may keep `lp`'s traces lazily (see LayerPlan.lazy; batch size 1): an
   * input layer that declares a trace chain (Nodes.traceChain), gets this run's spike train
   * in its own dtype and nothing else (no connection into it, clamp, unclamp or injection),
   * starts with zero traces, and whose traces nothing reads except updates at steps where
   * their target spiked (connections' `sourceTraceUse`) and no monitor records. Binds the
   * run's train, last-spike steps and chain when it may.
   */
  private lazyTraces(lp: LayerPlan, conns: readonly ConnPlan[], monitors: readonly AbstractMonitor[], T: number): boolean {
    const layer = lp.layer;
    const n = layer.n;
    const chain = layer.traceChain();
    const s = layer.s.data;
    if (chain === null || T < 1 || lp.ext === null || lp.extData === null || lp.cl !== undefined || lp.ucl !== undefined || lp.inj !== undefined) return false;
    if (!(s instanceof Uint8Array) || s.length !== n || layer.s.offset !== 0 || lp.ext.dtype !== layer.s.dtype || !(lp.extData instanceof Uint8Array) || lp.extRowLen !== n) return false;
    const x = layer.x.data;
    if (!(x instanceof Float32Array) || x.length !== n || layer.x.offset !== 0) return false;
    for (const cp of conns) {
      if (cp.tgtPlan === lp) return false;
      if (cp.srcPlan === lp && cp.traceUse === "always") return false;
    }
    for (const m of monitors) {
      const vars = (m as { stateVars?: readonly string[] }).stateVars;
      if (vars === undefined || vars.includes("x")) return false;
    }
    for (let j = 0; j < n; j++) if (x[j] !== 0) return false;
    // (step scratch in the network's arena: src/network/storage.ts)
    if (lp.train === null || lp.train.length < T * n) lp.train = ownedScratch(this, "uint8", T * n, lp.train) as Uint8Array;
    // one copy per run into backend memory (the kernel then reads each row in place)
    // eslint-disable-next-line no-restricted-syntax -- a transient view, copied from at once
    lp.train.set(lp.extData.length === T * n ? lp.extData : lp.extData.subarray(0, T * n));
    if (lp.last === null || lp.last.length !== n) lp.last = ownedScratch(this, "int32", n, lp.last) as Int32Array;
    lp.last.fill(-1);
    if (lp.chain === null || lp.chain.length < T + 1) lp.chain = ownedScratch(this, "float32", T + 1, lp.chain) as Float32Array;
    const c = lp.chain;
    // x right after a spike is `scale`; each later step multiplies by `decay` (traceStep's
    // arithmetic: float32 x times the decay, rounded)
    c[0] = chain.scale;
    for (let d = 1; d <= T; d++) c[d] = Math.fround(c[d - 1]! * chain.decay);
    lp.xAt = -1;
    lp.reads = 0;
    return true;
  }

  private timedMasks(op: string, arg: string, masks: Record<string, Tensor>, T: number, values: boolean): Map<string, TimedMask> {
    const out = new Map<string, TimedMask>();
    if (masks === null || typeof masks !== "object") throw new ValueError(`${op}: ${arg} is ${fmtValue(masks)}, expected an object of layer name -> Tensor`);
    for (const [name, m] of Object.entries(masks)) {
      const layer = this.layers[name];
      if (layer === undefined) throw new ValueError(`${op}: ${arg} has layer ${fmtValue(name)}, expected one of ${fmtValue(this.layerOrder)}`);
      if (!(m instanceof Tensor)) throw new ValueError(`${op}: ${arg}[${fmtValue(name)}] is ${fmtValue(m)}, expected a Tensor`);
      if (values) checkFiniteTensor(op, `${arg}.${name}`, m);
      const n = layer.n;
      const Bn = this.batchSize * n;
      const data = values ? m.to("float32").contiguousData() : m.to("uint8").contiguousData();
      const expect = values ? `[${n}], [B, ${n}], [T, ${n}] or [T, B, ${n}]` : `[${n}] or [T, ${n}]`;
      if ((m.ndim === 1 || sameShape(m.shape, layer.shape)) && m.numel() === n) out.set(name, { data, perStep: false, rowSize: n });
      else if (values && m.numel() === Bn && m.shape[0] === this.batchSize && m.ndim === layer.shape.length + 1 && this.batchSize > 1) out.set(name, { data, perStep: false, rowSize: Bn });
      else if (m.ndim >= 2 && m.shape[0]! >= T && (m.numel() / m.shape[0]! === n || (values && m.numel() / m.shape[0]! === Bn))) {
        out.set(name, { data, perStep: true, rowSize: m.numel() / m.shape[0]! });
      } else {
        throw new ShapeError(`${op}: ${arg}[${fmtValue(name)}] has shape ${fmtShape(m.shape)}, expected ${expect} (T=${T}) for layer ${fmtValue(name)}`);
      }
    }
    return out;
  }

  private injectVoltage(op: string, name: string, layer: Nodes, m: TimedMask, t: number): void {
    const v = layer.voltage();
    if (v === null) throw new ValueError(`${op}: injectsV has layer ${fmtValue(name)}, expected a layer with a voltage v`);
    const d = v.data as Float32Array;
    const n = layer.n;
    const total = this.batchSize * n;
    const base = m.perStep ? t * m.rowSize : 0;
    for (let i = 0; i < total; i++) {
      const k = m.rowSize === n ? i % n : i;
      d[v.offset + i] = Math.fround(d[v.offset + i]! + m.data[base + k]!);
    }
  }

  /**
   * Saves the network (architecture, parameters and all state) to one file in the safetensors
   * layout with a JSON manifest (see src/network/io); Python reads the tensors directly.
   */
  save(path: string): void {
    saveNetwork(this, path);
  }

  /**
   * Loads a network written by `save`. `learning`, when given, calls `train(learning)` on the
   * loaded network (layers included, unlike the reference, which only set the attribute).
   * Classes outside the network layer (learning rules, conversion layers, your own) come from
   * `classes` (e.g. `defaultClassTable()` from "bindsnet") or the registry; `loadNetwork` from
   * "bindsnet" passes every library class itself.
   */
  static load(path: string, opts: Pick<LoadOptions, "learning" | "classes" | "functions" | "restoreRng"> = {}): Network {
    return loadNetwork<Network>(path, { ...opts, Network: this });
  }

  /** A deep, independent copy that continues a run exactly like this network. */
  clone(): Network {
    return cloneNetwork(this);
  }

  /** The objects whose tensors the network owns: its layers and connections (src/network/storage.ts). */
  private storageRoots(): object[] {
    return [...this.layerOrder.map((n) => this.layers[n]!), ...this.connections.values()];
  }

  /**
   * Frees the network's wasm memory (its arena: state, weights, step scratch) now and returns
   * the bytes freed. Its tensors move to JavaScript copies with the same values, so the network
   * and tensors you hold stay valid; a later `run` moves them back into a new arena.
   * A no-op on backends without their own memory (js). See docs/backends.md "Memory".
   */
  dispose(): number {
    plans.delete(this);
    this.inputBuffers.clear();
    return disposeStorage(this, this.storageRoots());
  }

  /** Resets every layer, then every connection, then every monitor. */
  resetStateVariables(): void {
    for (const l of this.layerOrder.map((n) => this.layers[n]!)) l.resetStateVariables();
    for (const c of this.connections.values()) c.resetStateVariables();
    for (const m of Object.values(this.monitors)) m.resetStateVariables();
  }

  /** Sets learning mode here and on every layer and connection. */
  train(mode = true): this {
    this.learning = mode;
    for (const l of this.layerOrder.map((n) => this.layers[n]!)) l.train(mode);
    for (const c of this.connections.values()) c.train(mode);
    return this;
  }
}

function setSpikes(layer: Nodes, m: TimedMask, t: number, value: 0 | 1): void {
  const s = layer.s;
  const d = s.data;
  const n = layer.n;
  const total = (layer.batchSize ?? 0) * n;
  const base = m.perStep ? t * m.rowSize : 0;
  for (let i = 0; i < total; i++) if (m.data[base + (i % n)]) d[s.offset + i] = value;
}

function checkName(op: string, name: unknown): void {
  if (typeof name !== "string" || name.length === 0) throw new ValueError(`${op}: name is ${fmtValue(name)}, expected a non-empty string`);
}

function makeProgress(T: number): (t: number) => void {
  const every = Math.max(1, Math.floor(T / 50));
  return (t: number) => {
    if (t % every !== 0 && t !== T) return;
    const w = 30;
    const k = Math.round((t / T) * w);
    const err = (globalThis as { process?: { stderr?: { write(s: string): void } } }).process?.stderr;
    err?.write(`\r[${"#".repeat(k)}${" ".repeat(w - k)}] ${t}/${T}${t === T ? "\n" : ""}`);
  };
}

/** Writes a lazy layer's traces as they are after step `t` (see LayerPlan.lazy). */
function writeTrace(lp: LayerPlan, t: number): void {
  kernels().chainTrace(lp.layer.x.data as Float32Array, lp.last!, lp.chain!, t, lp.layer.n);
  lp.xAt = t;
}

/** One layer's step plan (Network.run): built once per structure, bound to each run. */
interface LayerPlan {
  name: string;
  layer: Nodes;
  /** Connection input reaches it through `computeWindow` (CSRMNodes). */
  windowed: boolean;
  /** The layer declares `takesStepInput` (its forward is step(input) + traces). */
  takesInput: boolean;
  /** The external input [T, B, n] and its elements (contiguous), or null. */
  ext: Tensor | null;
  extData: TypedArray | null;
  extF32: Float32Array | null;
  extRowShape: number[];
  /** Elements per row of the external input (B·n). */
  extRowLen: number;
  extStore: { array: TypedArray } | null;
  extTensor: Tensor | null;
  xTensor: Tensor | null;
  inj: TimedMask | undefined;
  cl: TimedMask | undefined;
  ucl: TimedMask | undefined;
  zeroInput: Tensor | null;
  /** This step's connection (and external) input, null until some arrives. */
  cur: Float32Array | null;
  /** The layer's reused input buffer (Network.inputBuffers). */
  inBuf: Float32Array | null;
  /** Scratch for the second and later connections into this layer. */
  scratch: Float32Array | null;
  /** Whether `inBuf` is known to hold all +0 (layers read their input, never write it). */
  inZero: boolean;
  /** This step's spikes of batch row 0 as indices (batch size 1), `k` of them. */
  list: Int32Array;
  k: number;
  /**
   * Lazy traces for this run (see Nodes.traceChain): the input's spikes are written straight
   * from `train` (the run's input, copied once), `last[j]` is neuron j's last spike step (−1:
   * none this run) and `chain[d]` the trace d steps after a spike; `x` is written from them
   * when read (`xAt`: the step it was last written for).
   */
  lazy: boolean;
  train: Uint8Array | null;
  last: Int32Array | null;
  chain: Float32Array | null;
  xAt: number;
  /** Steps of this run at which the lazy traces were written for a reader. */
  reads: number;
}

/** One connection's step plan (Network.run). */
interface ConnPlan {
  key: string;
  conn: AbstractConnection;
  srcPlan: LayerPlan;
  tgtPlan: LayerPlan;
  /** The spike lists handed to the update (counts refreshed every step). */
  events: SpikeEvents;
  /** The update options of this run (one object for every step). */
  opts: UpdateOptions;
  /** Add +0 to the first connection's result (the class may yield −0). */
  plusZero: boolean;
  /** `updateIsIdle`: the update phase skips this connection. */
  idle: boolean;
  /** When its work reads the source's trace this run (`sourceTraceUse`). */
  traceUse: SourceTraceUse;
  /** `zeroWithoutSpikes`: with a silent source (batch size 1) its input is all +0 and the call is skipped. */
  silent: boolean;
}

/**
 * Each network's step plan, outside the object (so saving and cloning a network never see
 * it); dropped with the network.
 */
const plans = new WeakMap<Network, StepPlan>();

/** The step plan of one network structure (see Network.stepPlan). */
interface StepPlan {
  batch: number;
  backend: Backend;
  layers: LayerPlan[];
  conns: ConnPlan[];
}
