/** BindsNET's `LocallyConnectedNetwork`. */
import { checkOptions } from "../options.js";
import { ValueError, fmtValue } from "../errors.js";
import { PostPre } from "../learning/post-pre.js";
import type { Reduction } from "../network/learning-rule.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { Connection } from "../network/topology/connection.js";
import { LocalConnection } from "../network/topology/local-connection.js";
import { zeros } from "../tensor/creation.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { type NuPair, excitatoryLayer, finite, positiveInt } from "./common.js";

export type Pair = number | readonly [number, number];

export interface LocallyConnectedNetworkOptions {
  nInpt: number;
  /** The 2-D shape the input is read as. */
  inputShape: readonly [number, number] | readonly number[];
  kernelSize: Pair;
  stride: Pair;
  nFilters: number;
  /** Inhibition between filters at the same position (default 25). */
  inh?: number;
  dt?: number;
  nu?: NuPair;
  reduction?: Reduction | null;
  thetaPlus?: number;
  tcThetaDecay?: number;
  wmin?: number;
  wmax?: number;
  /** Per-kernel-element norm (default 0.2; the connection multiplies it by the kernel size). */
  norm?: number | null;
  excThresh?: number;
  rng?: Generator;
}

function pair(m: string, arg: string, v: unknown): [number, number] {
  if (typeof v === "number") return [positiveInt(m, arg, v), v];
  if (Array.isArray(v) && v.length === 2) return [positiveInt(m, arg, v[0]), positiveInt(m, arg, v[1])];
  throw new ValueError(`${m}: ${arg} is ${fmtValue(v)}, expected a positive integer or a pair of them`);
}

/**
 * The inhibition between filters: [F·P, F·P] with −inh between neurons of different filters
 * at the same position (post index = filter·P + position), 0 elsewhere.
 */
export function filterInhibition(nFilters: number, convProd: number, inh: number): Tensor {
  const n = nFilters * convProd;
  const w = zeros([n, n]);
  const d = w.data as Float32Array;
  const v = Math.fround(-inh);
  for (let f1 = 0; f1 < nFilters; f1++) {
    for (let f2 = 0; f2 < nFilters; f2++) {
      if (f1 === f2) continue;
      for (let c = 0; c < convProd; c++) d[(f1 * convProd + c) * n + f2 * convProd + c] = v;
    }
  }
  return w;
}

/**
 * Input `X` (traces) → `Y` ({@link network!DiehlAndCookNodes}, nFilters·convProd neurons) through a
 * masked-dense {@link LocalConnection} learned with PostPre (bounds [0, 1], norm 0.2 per
 * kernel element), and recurrent `Y→Y` {@link filterInhibition}. conv size = [1, 1] when the
 * kernel is the input shape, else ⌊(in − k)/s⌋ + 1 per axis.
 */
export class LocallyConnectedNetwork extends Network {
  readonly nInpt: number;
  readonly inputShape: [number, number];
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly nFilters: number;
  readonly convSize: [number, number];
  readonly inh: number;

  constructor(opts: LocallyConnectedNetworkOptions) {
    const m = "LocallyConnectedNetwork";
    checkOptions(m, opts, ["nInpt", "inputShape", "kernelSize", "stride", "nFilters", "inh", "dt", "nu", "reduction", "thetaPlus", "tcThetaDecay", "wmin", "wmax", "norm", "excThresh", "rng"]);
    super({ dt: finite(m, "dt", opts.dt ?? 1.0) });
    const nInpt = (this.nInpt = positiveInt(m, "nInpt", opts.nInpt));
    const ish = pair(m, "inputShape", opts.inputShape);
    if (ish[0] * ish[1] !== nInpt) throw new ValueError(`${m}: inputShape is ${fmtValue(opts.inputShape)}, expected a product of nInpt=${nInpt}`);
    this.inputShape = ish;
    const k = (this.kernelSize = pair(m, "kernelSize", opts.kernelSize));
    const s = (this.stride = pair(m, "stride", opts.stride));
    const F = (this.nFilters = positiveInt(m, "nFilters", opts.nFilters));
    this.inh = finite(m, "inh", opts.inh ?? 25.0);
    const same = k[0] === ish[0] && k[1] === ish[1];
    this.convSize = same ? [1, 1] : [Math.floor((ish[0] - k[0]) / s[0]) + 1, Math.floor((ish[1] - k[1]) / s[1]) + 1];
    const P = this.convSize[0] * this.convSize[1];
    const X = new Input({ n: nInpt, traces: true, tcTrace: 20 });
    const Y = excitatoryLayer(F * P, opts);
    this.addLayer(X, "X").addLayer(Y, "Y");
    const lc = new LocalConnection({
      source: X,
      target: Y,
      kernelSize: k,
      stride: s,
      nFilters: F,
      inputShape: ish,
      nu: opts.nu ?? [1e-4, 1e-2],
      reduction: opts.reduction ?? null,
      updateRule: PostPre,
      wmin: opts.wmin ?? 0.0,
      wmax: opts.wmax ?? 1.0,
      norm: opts.norm === undefined ? 0.2 : opts.norm,
      ...(opts.rng ? { rng: opts.rng } : {}),
    });
    this.addConnection(lc, "X", "Y");
    this.addConnection(new Connection({ source: Y, target: Y, w: filterInhibition(F, P, this.inh) }), "Y", "Y");
  }
}
