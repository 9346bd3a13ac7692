/**
 * A specialised simulation loop for networks of dense connections (the Diehl & Cook family,
 * the reservoir): the same numbers as `Network.run`, without its general machinery.
 *
 * `Network.run` handles every connection type, masks, monitors' dynamic batches, rewards and
 * per-step option objects; and a rule's base update clamps the whole weight matrix to
 * [wmin, wmax] every step (78,400 weights per step for 784×100). This runner keeps the exact
 * phase order and float32 arithmetic of `Network.run` (see src/network/network.ts) and calls
 * the same kernels and layer `forward`s, but:
 * - propagation skips sources that did not spike in the previous step;
 * - PostPre is applied event-driven and only the touched rows (pre spikes) and columns (post
 *   spikes) are clamped; a full clamp on the first learning step of a run makes this equal
 *   to clamping everything every step (untouched weights cannot leave the bounds);
 * - nothing is allocated per step.
 * Spikes, voltages, θ and weights equal `Network.run`'s bit for bit (test/models/fast-runner.test.ts).
 */
import { ValueError, fmtValue } from "../errors.js";
import { PostPre } from "../learning/post-pre.js";
import { NoOp } from "../network/learning-rule.js";
import type { Network } from "../network/network.js";
import { CSRMNodes } from "../network/nodes/csrm.js";
import { Input } from "../network/nodes/input.js";
import type { Nodes } from "../network/nodes/nodes.js";
import { LIFNodes } from "../network/nodes/lif.js";
import { AdaptiveLIFNodes } from "../network/nodes/adaptive-lif.js";
import { DiehlAndCookNodes } from "../network/nodes/diehl-and-cook.js";
import { type Generator, defaultGenerator } from "../tensor/random.js";
import type { AbstractConnection } from "../network/topology/abstract-connection.js";
import { Connection } from "../network/topology/connection.js";
import { Weight } from "../network/features/weight.js";
import { NoOp as MCCNoOp } from "../learning/mcc/no-op.js";
import { PostPre as MCCPostPre } from "../learning/mcc/post-pre.js";
import { Tensor } from "../tensor/tensor.js";
import { type Backend, type Kernels, getBackend, kernels } from "../backend/backend.js";

interface Link {
  conn: AbstractConnection;
  src: number;
  tgt: number;
  nPre: number;
  nPost: number;
  /** Weights, read through this getter each run (normalize may replace the tensor). */
  weights: () => Tensor;
  postPre: { nu0: number; nu1: number; dtFactor: number; wmin: number; wmax: number } | null;
}

/** Options of {@link FastRunner.run}. */
export interface FastRunOptions {
  /** uint8 spikes of the input layer, [T·n] row-major (a [T, ...shape] spike train). */
  input: Uint8Array;
  /** Name of the input layer (default: the first `Input` layer). */
  inputLayer?: string;
  /** Number of steps. */
  steps: number;
  /** Per layer name, spikes forced on every step (0/1 per neuron), like `run({ clamp })`. */
  clamp?: Record<string, Uint8Array>;
  /** Per layer name, a Float32Array [n] to which each neuron's spike count is added. */
  counts?: Record<string, Float32Array>;
}

/** Why `network` cannot use the fast runner, or null when it can. */
export function fastRunnerUnsupported(network: Network): string | null {
  if (network.batchSize !== 1) return `batch size ${network.batchSize} (the runner simulates one sample)`;
  for (const name of network.layerNames()) if (network.layers[name] instanceof CSRMNodes) return `layer ${name} is CSRMNodes`;
  if (Object.keys(network.monitors).length > 0) return "the network has monitors";
  for (const [[s, t], conn] of network.connections.entries()) {
    const c: AbstractConnection = conn;
    const key = `${s}->${t}`;
    const mcc = (c as unknown as { pipeline?: unknown[] }).pipeline;
    if (Array.isArray(mcc)) {
      if (mcc.length !== 1) return `${key} is a MulticompartmentConnection with ${mcc.length} features`;
      const f = mcc[0] as Record<string, unknown>;
      if (!(f instanceof Weight)) return `${key} has a ${(f as object).constructor.name} feature`;
      if (f.sparse || f.valueDtype !== "float32" || f.enforcePolarity || f.normFrequency !== "sample" || f.decay) return `${key} has a sparse, float16, polarity-enforcing, per-step-normalised or decaying Weight`;
      const rc = f.learningRuleClass;
      if (rc !== null && rc !== MCCPostPre && rc !== MCCNoOp) return `${key} learns with MCC ${(rc as { name: string }).name}`;
      if (rc === MCCPostPre && c.dt !== 1) return `${key} learns with dt ${c.dt} (the fast path needs dt = 1 for MCC PostPre)`;
      // the rule's options may come from the connection or the feature (the rule holds them)
      const rule = f.learningRule as { averageUpdate?: number; enforcePolarity?: boolean; nuPerNeuron?: unknown } | null;
      if (rc === MCCPostPre && (rule?.averageUpdate ?? 0) !== 0) return `${key} averages its updates`;
      if (rc === MCCPostPre && (rule?.enforcePolarity === true || (rule?.nuPerNeuron ?? null) !== null)) return `${key} has a polarity-enforcing or per-neuron-nu MCC PostPre`;
      continue;
    }
    if (Object.getPrototypeOf(c) !== Connection.prototype) return `${key} is a ${c.constructor.name}`;
    if ((c as Connection).b !== null) return `${key} has a bias`;
    if (c.dalesRule !== null) return `${key} has a Dale's rule`;
    if (c.weightDecay) return `${key} has weight decay`;
    if (c.ruleClass !== PostPre && c.ruleClass !== NoOp) return `${key} learns with ${c.ruleClass.name}`;
    if (c.ruleClass === PostPre && (typeof c.wmin !== "number" || typeof c.wmax !== "number")) return `${key} has tensor bounds`;
  }
  return null;
}

/** Per-backend work arrays of a runner (allocated by the backend, so its kernels take them in place). */
interface Buffers {
  backend: Backend;
  inBuf: Float32Array[];
  inTensor: Tensor[];
  tmp: Float32Array[];
  spikes: Int32Array[];
  count: Float32Array[];
  last: Int32Array;
  chain: Float32Array;
  train: Uint8Array;
  row: Tensor;
}

/** A fast simulation loop bound to one network (see the module comment). */
export class FastRunner {
  readonly network: Network;
  private readonly layers: Nodes[];
  private readonly names: string[];
  private readonly links: Link[];
  private readonly hasIn: boolean[];
  private bufs: Buffers | null = null;

  constructor(network: Network) {
    const why = fastRunnerUnsupported(network);
    if (why !== null) throw new ValueError(`FastRunner: network is not supported (${why}), expected dense Connections with PostPre or no rule; use network.run`);
    this.network = network;
    this.names = network.layerNames();
    this.layers = this.names.map((n) => network.layers[n]!);
    this.hasIn = this.layers.map(() => false);
    this.links = network.connections.entries().map(([[s, t], c]) => {
      const src = this.names.indexOf(s);
      const tgt = this.names.indexOf(t);
      this.hasIn[tgt] = true;
      const feat = (c as unknown as { pipeline?: { value: Tensor; learningRule?: unknown; nu?: unknown; range?: unknown }[] }).pipeline;
      let weights: () => Tensor = () => c.w;
      let postPre: Link["postPre"] = null;
      if (Array.isArray(feat)) {
        const f = feat[0]!;
        weights = () => f.value;
        postPre = mccPostPre(c, f);
      } else if (c.ruleClass === PostPre) {
        const nu = c.updateRule.nu;
        postPre = { nu0: Math.fround(nu[0]), nu1: Math.fround(nu[1]), dtFactor: 1, wmin: c.wmin as number, wmax: c.wmax as number };
      }
      return { conn: c, src, tgt, nPre: c.source.n, nPost: c.target.n, weights, postPre };
    });
  }

  /** The work arrays for the active backend and a train of `trainLen` bytes. */
  private buffers(trainLen: number, steps: number): Buffers {
    const be = getBackend();
    let b = this.bufs;
    if (b === null || b.backend !== be) {
      const f32 = (n: number): Float32Array => be.alloc("float32", n) as Float32Array;
      const i32 = (n: number): Int32Array => be.alloc("int32", n) as Int32Array;
      const inBuf = this.layers.map((l) => f32(l.n));
      const inLayer = this.layers.find((l) => l instanceof Input);
      const nIn = inLayer?.n ?? 0;
      b = {
        backend: be,
        inBuf,
        inTensor: this.layers.map((l, i) => new Tensor(inBuf[i]!, [1, ...l.shape], "float32")),
        tmp: this.layers.map((l) => f32(l.n)),
        spikes: this.layers.map((l) => i32(l.n)),
        count: this.layers.map((l) => f32(l.n)),
        last: i32(nIn),
        chain: f32(0),
        train: be.alloc("uint8", 0) as Uint8Array,
        row: new Tensor(be.alloc("uint8", nIn), [1, ...(inLayer?.shape ?? [0])], "uint8"),
      };
      this.bufs = b;
    }
    if (b.train.length < trainLen) b.train = be.alloc("uint8", trainLen) as Uint8Array;
    if (b.chain.length < steps + 1) b.chain = be.alloc("float32", steps + 1) as Float32Array;
    return b;
  }

  /**
   * Simulates `steps` steps with the given input spike train, exactly like
   * `network.run({ inputs: { [inputLayer]: train }, time: steps·dt, clamp })`, then
   * normalizes the connections as `run` does.
   */
  run(opts: FastRunOptions): void {
    const net = this.network;
    const { input, steps } = opts;
    const inName = opts.inputLayer ?? this.names.find((_n, i) => this.layers[i] instanceof Input);
    const inIdx = inName === undefined ? -1 : this.names.indexOf(inName);
    if (inIdx < 0 || !(this.layers[inIdx] instanceof Input)) throw new ValueError(`FastRunner.run: inputLayer is ${fmtValue(inName)}, expected an Input layer of the network`);
    const inLayer = this.layers[inIdx]!;
    const nIn = inLayer.n;
    if (!Number.isInteger(steps) || steps < 1) throw new ValueError(`FastRunner.run: steps is ${fmtValue(steps)}, expected a positive integer`);
    if (!(input instanceof Uint8Array) || input.length < steps * nIn) throw new ValueError(`FastRunner.run: input holds ${input?.length} values, expected a Uint8Array of steps·n = ${steps * nIn}`);
    if (inLayer.s.dtype !== "uint8") inLayer.s = new Tensor(Uint8Array.from(inLayer.s.data), inLayer.stateShape, "uint8");
    const K = kernels();
    const bufs = this.buffers(steps * nIn, steps);
    // the train is copied once into backend storage, so the kernels read it in place
    const train = bufs.train;
    // eslint-disable-next-line no-restricted-syntax -- transient view of the caller's array, read by this statement only
    train.set(input.length === steps * nIn ? input : input.subarray(0, steps * nIn));
    const learning = net.learning;
    const L = this.layers.length;
    const { inBuf, tmp, spikes } = bufs;
    const steppers = this.layers.map((l, i) => (i === inIdx ? null : stepperFor(l, bufs.inTensor[i]!, bufs.count[i]!, spikes[i]!, K)));
    const sData = this.layers.map((l) => l.s.data as Uint8Array);
    const nsp = new Int32Array(L);
    const clamps = this.names.map((n) => opts.clamp?.[n] ?? null);
    const counts = this.names.map((n) => opts.counts?.[n] ?? null);
    // The input layer is stepped here, event-driven: its spikes are the train's row t, and a
    // non-additive trace after a spike follows one fixed chain x_k = fround(x_{k-1}·decay) from
    // traceScale, so x(t) = chain[t − last spike] is exact. It is materialised in X.x when
    // potentiation reads it and at the end of the run. (Only when X.x starts at zero.)
    const sIn = sData[inIdx]!;
    const xIn = inLayer.x.data as Float32Array;
    let lazy = inLayer.traces && !inLayer.tracesAdditive && scalarOf(inLayer.traceDecay) !== null && scalarOf(inLayer.traceScale) !== null && !inLayer.sumInput;
    if (lazy) for (let j = 0; j < nIn; j++) if (xIn[j] !== 0) lazy = false;
    const last = bufs.last;
    const chain = bufs.chain;
    if (lazy) {
      last.fill(-1);
      const d = scalarOf(inLayer.traceDecay)!;
      chain[0] = scalarOf(inLayer.traceScale)!;
      for (let k = 1; k <= steps; k++) chain[k] = Math.fround(chain[k - 1]! * d);
    }
    const inStepper = lazy ? null : stepperFor(inLayer, null, bufs.count[inIdx]!, spikes[inIdx]!, K);
    const rowTensor = bufs.row;
    const row = rowTensor.data as Uint8Array;
    // spike lists of the state the run starts from (the previous step's spikes)
    for (let i = 0; i < L; i++) nsp[i] = K.spikeList(sData[i]!, 0, this.layers[i]!.n, spikes[i]!);
    const links = this.links.map((ln) => ({ ...ln, w: ln.weights().data as Float32Array }));
    const inList = spikes[inIdx]!;
    let firstLearn = true;
    const touched = new Uint8Array(L);
    for (let t = 0; t < steps; t++) {
      // 1. connection input from the previous step's spikes (insertion order per target)
      touched.fill(0);
      for (let li = 0; li < links.length; li++) {
        const ln = links[li]!;
        const k = nsp[ln.src]!;
        if (k === 0) continue;
        // the first active link of a target sums straight into its buffer, later ones add
        K.addRows(inBuf[ln.tgt]!, touched[ln.tgt] ? tmp[ln.tgt]! : null, ln.w, sData[ln.src]!, spikes[ln.src]!, k, ln.nPost);
        touched[ln.tgt] = 1;
      }
      for (let i = 0; i < L; i++) if (this.hasIn[i] && !touched[i]) inBuf[i]!.fill(0);
      // 2. layers in insertion order
      let xFresh = false;
      for (let i = 0; i < L; i++) {
        const layer = this.layers[i]!;
        const list = spikes[i]!;
        const c = counts[i];
        if (i === inIdx && lazy) {
          const k = (nsp[i] = K.inputSpikes(sIn, inList, nsp[i]!, train, t * nIn, nIn, last, t));
          if (c !== null) for (let q = 0; q < k; q++) c[list[q]!]! += 1;
          continue;
        }
        let k: number;
        if (i === inIdx) {
          for (let j = 0; j < nIn; j++) row[j] = train[t * nIn + j]!;
          k = inStepper!(rowTensor);
        } else k = steppers[i]!(bufs.inTensor[i]!);
        const s = sData[i]!;
        const cl = clamps[i];
        if (cl !== null) {
          for (let j = 0; j < layer.n; j++) if (cl[j]) s[j] = 1;
          k = -1;
        }
        // list the spikes unless the stepper already did (and nothing changed them since)
        if (k < 0) k = K.spikeList(s, 0, layer.n, list);
        nsp[i] = k;
        if (c !== null) for (let q = 0; q < k; q++) c[list[q]!]! += 1;
      }
      // 3. learning
      if (learning) {
        for (const ln of links) {
          const pp = ln.postPre;
          if (pp === null) continue;
          if (lazy && ln.src === inIdx && !xFresh && nsp[ln.tgt]! > 0) {
            K.chainTrace(xIn, last, chain, t, nIn);
            xFresh = true;
          }
          postPreStep(K, ln.w, this.layers[ln.src]!, this.layers[ln.tgt]!, spikes[ln.src]!, nsp[ln.src]!, spikes[ln.tgt]!, nsp[ln.tgt]!, ln.nPre, ln.nPost, pp, firstLearn);
        }
        firstLearn = false;
      }
    }
    if (lazy) K.chainTrace(xIn, last, chain, steps - 1, nIn);
    for (const ln of this.links) ln.conn.normalize();
  }
}

/** PostPre (B = 1, event-driven) and the clamp of what it touched (everything on the first step). */
function postPreStep(K: Kernels, w: Float32Array, pre: Nodes, post: Nodes, preList: Int32Array, nPreSp: number, postList: Int32Array, nPostSp: number, nPre: number, nPost: number, pp: NonNullable<Link["postPre"]>, full: boolean): void {
  const fr = Math.fround;
  const lo = fr(pp.wmin);
  const hi = fr(pp.wmax);
  const xPost = post.x.data as Float32Array;
  const xPre = pre.x.data as Float32Array;
  const sPre = pre.s.data as Uint8Array;
  const sPost = post.s.data as Uint8Array;
  // w[i, :] += fround(c·x_post) with c = fround(−nu0·s_i) (outerAddRows' arithmetic)
  const a = fr(-pp.nu0 * pp.dtFactor);
  if (!full && nPostSp === 0 && pp.nu0 !== 0) {
    // depression only: add and clamp each touched weight in one pass (same numbers)
    K.addScaledRows(w, preList, nPreSp, sPre, a, xPost, nPost, true, lo, hi);
    return;
  }
  if (pp.nu0 !== 0 && nPreSp > 0) K.addScaledRows(w, preList, nPreSp, sPre, a, xPost, nPost, false, lo, hi);
  // w[:, j] += fround(x_pre · fround(nu1·s_j)) (outerAddCols' arithmetic)
  if (pp.nu1 !== 0 && nPostSp > 0) K.addScaledCols(w, postList, nPostSp, sPost, fr(pp.nu1 * pp.dtFactor), xPre, nPre, nPost);
  if (full) {
    K.clampRange(w, 0, w.length, null, lo, null, hi);
    return;
  }
  if (pp.nu0 !== 0) K.clampRows(w, preList, nPreSp, nPost, lo, hi);
  if (pp.nu1 !== 0) K.clampCols(w, nPre, nPost, postList, nPostSp, null, lo, null, hi);
}

/** One layer step; returns the number of spikes when it also listed them into the layer's list, else −1. */
type Stepper = (x: Tensor) => number;

/** A number, or a 1-element tensor, as float32; null for per-neuron values. */
function scalarOf(p: unknown): number | null {
  if (typeof p === "number") return Math.fround(p);
  if (p instanceof Tensor && p.numel() === 1) return Math.fround(p.item());
  return null;
}

/**
 * A step of Input, LIFNodes, AdaptiveLIFNodes and DiehlAndCookNodes with scalar parameters
 * through the backend's fused kernels, with arguments prepared once per run (what the layers'
 * `forward` does, without its per-call checks); any other layer steps through `forward`.
 * `count` is an [n] scratch array.
 */
function stepperFor(layer: Nodes, inTensor: Tensor | null, count: Float32Array, list: Int32Array, K: Kernels): Stepper {
  const proto = Object.getPrototypeOf(layer) as object;
  const f = layer as unknown as Record<string, unknown>;
  const n = layer.n;
  const fallback: Stepper = (x) => {
    layer.forward(x);
    return -1;
  };
  if (layer.sumInput || layer.batchSize !== 1 || !(layer.s.data instanceof Uint8Array)) return fallback;
  // traces
  let traceDecay: number | null = 0;
  let traceScale: number | null = 0;
  if (layer.traces) {
    traceDecay = scalarOf(layer.traceDecay);
    traceScale = scalarOf(layer.traceScale);
    if (traceDecay === null || traceScale === null) return fallback;
  }
  const additive = layer.tracesAdditive;
  const traces = layer.traces;
  const s = layer.s.data;
  const x = layer.x.data as Float32Array;
  const traceStep = (): void => {
    if (traces) K.traceStep(x, s, 1, n, traceDecay!, traceScale!, additive);
  };
  if (proto === Input.prototype) {
    return (inp) => {
      s.set(inp.data as Uint8Array);
      traceStep();
      return -1;
    };
  }
  const isLif = proto === LIFNodes.prototype;
  const isAdaptive = proto === AdaptiveLIFNodes.prototype || proto === DiehlAndCookNodes.prototype;
  if ((!isLif && !isAdaptive) || inTensor === null) return fallback;
  const decay = scalarOf(f.decay);
  const rest = scalarOf(f.rest);
  const reset = scalarOf(f.reset);
  const thresh = scalarOf(f.thresh);
  const refrac = scalarOf(f.refrac);
  const lbound = f.lbound === null ? null : scalarOf(f.lbound);
  if (decay === null || rest === null || reset === null || thresh === null || refrac === null || (f.lbound !== null && lbound === null)) return fallback;
  const p = { decay, rest, reset, thresh, refrac, dt: layer.dt ?? 1, lbound };
  const input = inTensor.data as Float32Array;
  const v = (f.v as Tensor).data as Float32Array;
  const rc = (f.refracCount as Tensor).data as Float32Array;
  if (isLif) {
    return () => {
      K.lifStep(v, rc, s, input, null, 1, n, p);
      traceStep();
      return -1;
    };
  }
  const thetaDecay = scalarOf(f.thetaDecay);
  const thetaPlus = scalarOf(f.thetaPlus);
  if (thetaDecay === null || thetaPlus === null) return fallback;
  const pa = { ...p, thetaDecay, thetaPlus, learning: layer.learning };
  const theta = (f.theta as Tensor).data as Float32Array;
  const oneSpike = proto === DiehlAndCookNodes.prototype && f.oneSpike === true;
  return () => {
    K.adaptiveLifStep(v, rc, s, theta, input, null, 1, n, pa, count);
    let k = -1;
    if (oneSpike) {
      // keep one of the spikes, picked at random (the layer's list is the candidates)
      k = K.spikeList(s, 0, n, list);
      if (k > 1) {
        const g = (f.rng as Generator | null) ?? defaultGenerator();
        const pick = list[g.nextBelow(k)]!;
        s.fill(0);
        s[pick] = 1;
        list[0] = pick;
        k = 1;
      }
    }
    traceStep();
    return k;
  };
}

/** The PostPre parameters of an MCC connection's single Weight feature (null: not learned). */
function mccPostPre(c: AbstractConnection, f: { learningRule?: unknown; learningRuleClass?: unknown; range?: unknown }): Link["postPre"] {
  if (f.learningRuleClass !== MCCPostPre) return null;
  const rule = f.learningRule as { nu: [number, number]; range?: readonly number[] } | null;
  if (rule === null || rule === undefined) throw new ValueError(`FastRunner: ${c.source.constructor.name}->${c.target.constructor.name} feature has no primed learning rule, expected the connection to be added to the network`);
  const range = (rule.range ?? f.range) as readonly number[];
  return { nu0: Math.fround(rule.nu[0]), nu1: Math.fround(rule.nu[1]), dtFactor: 1, wmin: range[0]!, wmax: range[1]! };
}
