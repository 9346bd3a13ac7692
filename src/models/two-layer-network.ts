/** BindsNET's `TwoLayerNetwork`. */
import { checkOptions } from "../options.js";
import { PostPre } from "../learning/post-pre.js";
import type { Reduction } from "../network/learning-rule.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { LIFNodes } from "../network/nodes/lif.js";
import { Connection } from "../network/topology/connection.js";
import type { Generator } from "../tensor/random.js";
import { type NuPair, finite, initialWeights, positiveInt } from "./common.js";

export interface TwoLayerNetworkOptions {
  /** Number of input neurons. */
  nInpt: number;
  /** Number of LIF neurons (default 100). */
  nNeurons?: number;
  dt?: number;
  wmin?: number;
  wmax?: number;
  /** PostPre learning rates (pre, post) (default [1e-4, 1e-2]). */
  nu?: NuPair;
  reduction?: Reduction | null;
  /** Column sum of the input weights after every run (default 78.4). */
  norm?: number | null;
  /** Generator of the initial weights (the global one by default). */
  rng?: Generator;
}

/**
 * Input `X` (nInpt, traces) fully connected to LIF layer `Y` (nNeurons, traces; rest = reset
 * −65, thresh −52, refrac 5, tcDecay 100, tcTrace 20) through `X→Y`: w = 0.3·U[0, 1),
 * PostPre with `nu`, bounds [wmin, wmax] = [0, 1], `norm` 78.4.
 */
export class TwoLayerNetwork extends Network {
  readonly nInpt: number;
  readonly nNeurons: number;

  constructor(opts: TwoLayerNetworkOptions) {
    const m = "TwoLayerNetwork";
    checkOptions(m, opts, ["nInpt", "nNeurons", "dt", "wmin", "wmax", "nu", "reduction", "norm", "rng"]);
    const dt = finite(m, "dt", opts.dt ?? 1.0);
    super({ dt });
    this.nInpt = positiveInt(m, "nInpt", opts.nInpt);
    this.nNeurons = positiveInt(m, "nNeurons", opts.nNeurons ?? 100);
    const X = new Input({ n: this.nInpt, traces: true, tcTrace: 20 });
    const Y = new LIFNodes({ n: this.nNeurons, traces: true, rest: -65, reset: -65, thresh: -52, refrac: 5, tcDecay: 100, tcTrace: 20 });
    this.addLayer(X, "X").addLayer(Y, "Y");
    const w = initialWeights(this.nInpt, this.nNeurons, opts.rng);
    const c = new Connection({
      source: X,
      target: Y,
      w,
      updateRule: PostPre,
      nu: opts.nu ?? [1e-4, 1e-2],
      reduction: opts.reduction ?? null,
      wmin: opts.wmin ?? 0.0,
      wmax: opts.wmax ?? 1.0,
      norm: opts.norm === undefined ? 78.4 : opts.norm,
    });
    this.addConnection(c, "X", "Y");
  }
}
