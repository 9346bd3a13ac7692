/** BindsNET's `DiehlAndCook2015` (Diehl & Cook 2015, "Unsupervised learning of digit recognition using STDP"). */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";
import { PostPre as MCCPostPre } from "../learning/post-pre.js";
import { Weight } from "../network/features/weight.js";
import { MulticompartmentConnection } from "../network/topology/multicompartment-connection.js";
import type { Reduction } from "../network/learning-rule.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { LIFNodes } from "../network/nodes/lif.js";
import type { AbstractConnection } from "../network/topology/abstract-connection.js";
import { eye } from "../tensor/creation.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { type NuPair, checkInputShape, excitatoryLayer, finite, initialWeights, positiveInt } from "./common.js";

export interface DiehlAndCook2015Options {
  /** Number of input neurons. */
  nInpt: number;
  /** Accepted for parity (the port runs on the active backend). */
  device?: string;
  /** Batch size of the network (default 1). */
  batchSize?: number | null;
  /** Store the fixed Ae↔Ai weights sparse (one copy per batch row, as the reference). */
  sparse?: boolean;
  /** Excitatory (and inhibitory) neurons (default 100). */
  nNeurons?: number;
  /** Excitatory → inhibitory weight (default 22.5). */
  exc?: number;
  /** Inhibitory → excitatory weight magnitude (default 17.5). */
  inh?: number;
  dt?: number;
  /** PostPre learning rates (pre, post) (default [1e-4, 1e-2]). */
  nu?: NuPair;
  reduction?: Reduction | null;
  wmin?: number;
  wmax?: number;
  /** Storage of the weights: "float32" (default) or "float16" (computed in float32). */
  wDtype?: "float32" | "float16";
  /** Column sum of the input weights after every run (default 78.4). */
  norm?: number | null;
  /** Adaptive-threshold increment (default 0.05). */
  thetaPlus?: number;
  /** Adaptive-threshold decay time constant (default 1e7). */
  tcThetaDecay?: number;
  /** Shape of the input layer (default [nInpt]). */
  inptShape?: readonly number[] | null;
  /** Inhibitory threshold (default −40). */
  inhThresh?: number;
  /** Excitatory threshold (default −52). */
  excThresh?: number;
  /** Generator of the initial weights and of the one-spike choice (the global one by default). */
  rng?: Generator;
}

/**
 * Diehl & Cook (2015): input `X` (nInpt, traces, tcTrace 20) → excitatory `Ae`
 * ({@link network!DiehlAndCookNodes}: rest −65, reset −60, thresh excThresh, refrac 5, tcDecay 100,
 * adaptive θ with thetaPlus, tcThetaDecay) → inhibitory `Ai` (LIF: rest −60, reset −45,
 * thresh inhThresh, tcDecay 10, refrac 2) → back to `Ae`:
 *
 * Every connection is a `MulticompartmentConnection` with one `Weight` feature (as the reference):
 * - `X→Ae`: w = 0.3·U[0, 1) [nInpt, nNeurons], learned with MCC PostPre (nu), range [wmin, wmax],
 *   columns normalised to `norm` after every run (PostPre's updates carry a factor dt);
 * - `Ae→Ai`: w = exc·I (one-to-one excitation), bounds [0, exc];
 * - `Ai→Ae`: w = −inh·(1 − I) (every other excitatory neuron is inhibited), bounds [−inh, 0].
 *
 * The learned weights are {@link inputWeights}`(network)`.
 */
export class DiehlAndCook2015 extends Network {
  readonly nInpt: number;
  readonly nNeurons: number;
  readonly exc: number;
  readonly inh: number;
  readonly inptShape: readonly number[];

  constructor(opts: DiehlAndCook2015Options) {
    const m = "DiehlAndCook2015";
    if (opts === null || typeof opts !== "object") throw new ValueError(`${m}: options are ${fmtValue(opts)}, expected { nInpt, ... }`);
    checkOptions(m, opts, ["nInpt", "device", "batchSize", "sparse", "nNeurons", "exc", "inh", "dt", "nu", "reduction", "wmin", "wmax", "wDtype", "norm", "thetaPlus", "tcThetaDecay", "inptShape", "inhThresh", "excThresh", "rng"]);
    const dt = finite(m, "dt", opts.dt ?? 1.0);
    const bs = opts.batchSize ?? 1;
    super({ dt, batchSize: positiveInt(m, "batchSize", bs) });
    const nInpt = (this.nInpt = positiveInt(m, "nInpt", opts.nInpt));
    const n = (this.nNeurons = positiveInt(m, "nNeurons", opts.nNeurons ?? 100));
    const exc = (this.exc = finite(m, "exc", opts.exc ?? 22.5));
    const inh = (this.inh = finite(m, "inh", opts.inh ?? 17.5));
    const shape = checkInputShape(m, opts.inptShape, nInpt);
    this.inptShape = shape ?? [nInpt];
    const wmin = opts.wmin ?? 0.0;
    const wmax = opts.wmax ?? 1.0;

    const X = new Input({ n: nInpt, shape, traces: true, tcTrace: 20 });
    const Ae = excitatoryLayer(n, opts);
    const Ai = new LIFNodes({ n, traces: false, rest: -60.0, reset: -45.0, thresh: opts.inhThresh ?? -40.0, tcDecay: 10.0, refrac: 2, tcTrace: 20.0 });
    const w = initialWeights(nInpt, n, opts.rng);
    const sparse = opts.sparse ?? false;
    const valueDtype = opts.wDtype ?? "float32";
    // Built on MulticompartmentConnection with one Weight feature each, as the reference.
    const inputExc = new MulticompartmentConnection({
      source: X,
      target: Ae,
      pipeline: [
        new Weight({
          name: "weight",
          value: sparse ? batched(w, bs) : w,
          valueDtype,
          range: [wmin, wmax],
          norm: opts.norm === undefined ? 78.4 : opts.norm,
          reduction: opts.reduction ?? null,
          nu: opts.nu ?? [1e-4, 1e-2],
          learningRule: MCCPostPre,
          sparse,
          batchSize: bs,
        }),
      ],
    });
    const fixed = (value: Tensor, range: [number, number]): Weight => new Weight({ name: "weight", value: sparse ? batched(value, bs) : value, valueDtype, range, sparse, batchSize: bs });
    const excInh = new MulticompartmentConnection({ source: Ae, target: Ai, pipeline: [fixed(scaledEye(n, exc, false), [0, exc])] });
    const inhExc = new MulticompartmentConnection({ source: Ai, target: Ae, pipeline: [fixed(scaledEye(n, -inh, true), [-inh, 0])] });
    this.addLayer(X, "X").addLayer(Ae, "Ae").addLayer(Ai, "Ai");
    this.addConnection(inputExc, "X", "Ae").addConnection(excInh, "Ae", "Ai").addConnection(inhExc, "Ai", "Ae");
  }
}

/** `value` repeated `b` times along a new first dimension (sparse features keep one copy per batch row). */
function batched(value: Tensor, b: number): Tensor {
  return b === 1 ? value.unsqueeze(0).contiguous() : value.unsqueeze(0).expand([b, ...value.shape]).contiguous();
}

/** k·I, or k·(1 − I) when `offDiagonal`, as float32 [n, n]. */
export function scaledEye(n: number, k: number, offDiagonal: boolean): Tensor {
  const t = eye(n);
  const d = t.data as Float32Array;
  const kk = Math.fround(k);
  for (let i = 0; i < d.length; i++) d[i] = Math.fround((offDiagonal ? 1 - d[i]! : d[i]!) * kk);
  return t;
}

/**
 * The learned input weights of a Diehl & Cook style network (`X→Ae` or `X→Y`), as the
 * [nInpt, nNeurons] float32 tensor the simulation updates in place (BindsNET:
 * `network.connections[("X", "Ae")].w`, or `.pipeline[0].value` for the MCC version).
 */
export function inputWeights(network: Network): Tensor {
  const c: AbstractConnection | undefined = network.connections.get("X", "Ae") ?? network.connections.get("X", "Y");
  if (c === undefined) throw new ValueError(`inputWeights: network has connections ${fmtValue(network.connections.keyStrings())}, expected X->Ae or X->Y`);
  const p = (c as unknown as { pipeline?: { value: Tensor }[] }).pipeline;
  if (Array.isArray(p) && p.length > 0 && p[0]!.value !== undefined) return p[0]!.value;
  return c.w;
}
