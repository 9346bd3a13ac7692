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
import { kernels } from "../backend/backend.js";
import { ValueError, fmtValue } from "../errors.js";
import { PostPre } from "../learning/post-pre.js";
import { NoOp } from "../network/learning-rule.js";
import type { Network } from "../network/network.js";
import { CSRMNodes } from "../network/nodes/csrm.js";
import { Input } from "../network/nodes/input.js";
import type { Nodes } from "../network/nodes/nodes.js";
import type { AbstractConnection } from "../network/topology/abstract-connection.js";
import { Connection } from "../network/topology/connection.js";
import { Tensor } from "../tensor/tensor.js";

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
  for (const [name, l] of Object.entries(network.layers)) if (l instanceof CSRMNodes) return `layer ${name} is CSRMNodes`;
  if (Object.keys(network.monitors).length > 0) return "the network has monitors";
  for (const [[s, t], conn] of network.connections.entries()) {
    const c: AbstractConnection = conn;
    const key = `${s}->${t}`;
    const mcc = (c as unknown as { pipeline?: unknown[] }).pipeline;
    if (Array.isArray(mcc)) {
      if (mcc.length !== 1) return `${key} is a MulticompartmentConnection with ${mcc.length} features`;
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

/** A fast simulation loop bound to one network (see the module comment). */
export class FastRunner {
  readonly network: Network;
  private readonly layers: Nodes[];
  private readonly names: string[];
  private readonly links: Link[];
  /** Per layer: the float32 input buffer and its tensor. */
  private readonly inBuf: Float32Array[];
  private readonly inTensor: Tensor[];
  private readonly hasIn: boolean[];
  private readonly tmp: Float32Array[];
  private readonly spiked: Int32Array;

  constructor(network: Network) {
    const why = fastRunnerUnsupported(network);
    if (why !== null) throw new ValueError(`FastRunner: network is not supported (${why}), expected dense Connections with PostPre or no rule; use network.run`);
    this.network = network;
    this.names = Object.keys(network.layers);
    this.layers = this.names.map((n) => network.layers[n]!);
    this.inBuf = this.layers.map((l) => new Float32Array(l.n));
    this.inTensor = this.layers.map((l, i) => new Tensor(this.inBuf[i]!, [1, ...l.shape], "float32"));
    this.hasIn = this.layers.map(() => false);
    this.tmp = this.layers.map((l) => new Float32Array(l.n));
    this.spiked = new Int32Array(this.layers.length);
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
    if (inIdx < 0) throw new ValueError(`FastRunner.run: inputLayer is ${fmtValue(inName)}, expected an Input layer of the network`);
    const inLayer = this.layers[inIdx]!;
    const nIn = inLayer.n;
    if (!Number.isInteger(steps) || steps < 1) throw new ValueError(`FastRunner.run: steps is ${fmtValue(steps)}, expected a positive integer`);
    if (!(input instanceof Uint8Array) || input.length < steps * nIn) throw new ValueError(`FastRunner.run: input holds ${input?.length} values, expected a Uint8Array of steps·n = ${steps * nIn}`);
    const k = kernels();
    const learning = net.learning;
    const L = this.layers.length;
    const clamps = this.names.map((n) => opts.clamp?.[n] ?? null);
    const counts = this.names.map((n) => opts.counts?.[n] ?? null);
    const rowTensor = new Tensor(new Uint8Array(nIn), [1, ...inLayer.shape], "uint8");
    const row = rowTensor.data as Uint8Array;
    // the spike count of every layer in the previous step (skip silent sources)
    for (let i = 0; i < L; i++) this.spiked[i] = countSpikes(this.layers[i]!.s.data);
    let firstLearn = true;
    for (let t = 0; t < steps; t++) {
      // 1. connection input from the previous step's spikes (insertion order per target)
      for (let i = 0; i < L; i++) if (this.hasIn[i]) this.inBuf[i]!.fill(0);
      for (let li = 0; li < this.links.length; li++) {
        const ln = this.links[li]!;
        if (this.spiked[ln.src] === 0) continue;
        const acc = this.inBuf[ln.tgt]!;
        const tmp = this.tmp[ln.tgt]!;
        const w = ln.weights().data as Float32Array;
        k.spikeMatmul(tmp, this.layers[ln.src]!.s.data, w, 1, ln.nPre, ln.nPost);
        // acc starts at +0, so fround(acc + tmp) is the reference's accumulation for every link
        for (let j = 0; j < ln.nPost; j++) acc[j] = acc[j]! + tmp[j]!;
      }
      // 2. layers in insertion order
      for (let i = 0; i < L; i++) {
        const layer = this.layers[i]!;
        if (i === inIdx) {
          row.set(input.subarray(t * nIn, (t + 1) * nIn));
          layer.forward(rowTensor);
        } else layer.forward(this.inTensor[i]!);
        const cl = clamps[i];
        const s = layer.s.data;
        if (cl !== null) for (let j = 0; j < layer.n; j++) if (cl[j]) s[j] = 1;
        const c = counts[i];
        let nsp = 0;
        for (let j = 0; j < layer.n; j++) {
          if (s[j] !== 0) {
            nsp++;
            if (c !== null) c[j] = c[j]! + 1;
          }
        }
        this.spiked[i] = nsp;
      }
      // 3. learning
      if (learning) {
        for (const ln of this.links) {
          const pp = ln.postPre;
          if (pp === null) continue;
          const wt = ln.weights();
          const w = wt.data as Float32Array;
          const pre = this.layers[ln.src]!;
          const post = this.layers[ln.tgt]!;
          const lo = Math.fround(pp.wmin);
          const hi = Math.fround(pp.wmax);
          if (pp.nu0 !== 0 && this.spiked[ln.src]! > 0) {
            k.outerAddRows(w, pre.s.data, post.x.data, Math.fround(-pp.nu0 * pp.dtFactor), ln.nPre, ln.nPost);
          }
          if (pp.nu1 !== 0 && this.spiked[ln.tgt]! > 0) {
            k.outerAddCols(w, pre.x.data, post.s.data, Math.fround(pp.nu1 * pp.dtFactor), ln.nPre, ln.nPost);
          }
          if (firstLearn) clampAll(w, lo, hi);
          else {
            const ps = pre.s.data;
            const qs = post.s.data;
            const nPost = ln.nPost;
            if (this.spiked[ln.src]! > 0) {
              for (let a = 0; a < ln.nPre; a++) {
                if (ps[a] === 0) continue;
                const o = a * nPost;
                for (let b = 0; b < nPost; b++) {
                  const v = w[o + b]!;
                  if (v < lo) w[o + b] = lo;
                  else if (v > hi) w[o + b] = hi;
                }
              }
            }
            if (this.spiked[ln.tgt]! > 0) {
              for (let b = 0; b < nPost; b++) {
                if (qs[b] === 0) continue;
                for (let a = 0; a < ln.nPre; a++) {
                  const v = w[a * nPost + b]!;
                  if (v < lo) w[a * nPost + b] = lo;
                  else if (v > hi) w[a * nPost + b] = hi;
                }
              }
            }
          }
        }
        firstLearn = false;
      }
    }
    for (const ln of this.links) ln.conn.normalize();
  }
}

function countSpikes(s: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] !== 0) n++;
  return n;
}

function clampAll(w: Float32Array, lo: number, hi: number): void {
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (v < lo) w[i] = lo;
    else if (v > hi) w[i] = hi;
  }
}

/** The PostPre parameters of an MCC connection's single Weight feature (null: not learned). */
function mccPostPre(c: AbstractConnection, f: { learningRule?: unknown; nu?: unknown; range?: unknown }): Link["postPre"] {
  const rule = f.learningRule as { name?: string } | undefined | null;
  if (rule === undefined || rule === null || rule.name !== "PostPre") return null;
  const nu = Array.isArray(f.nu) ? (f.nu as number[]) : typeof f.nu === "number" ? [f.nu, f.nu] : [0.2, 0.1];
  const range = Array.isArray(f.range) ? (f.range as number[]) : [-1, 1];
  return { nu0: Math.fround(nu[0]!), nu1: Math.fround(nu[1]!), dtFactor: c.dt, wmin: range[0]!, wmax: range[1]! };
}
