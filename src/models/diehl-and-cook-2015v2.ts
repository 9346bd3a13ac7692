/** BindsNET's `DiehlAndCook2015v2`: Diehl & Cook with the inhibitory layer folded into a recurrent connection. */
import { checkOptions } from "../options.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { Connection } from "../network/topology/connection.js";
import { type ExcitatoryOptions, type InputConnectionOptions, checkInputShape, excitatoryLayer, finite, plasticInputConnection, positiveInt } from "./common.js";
import { scaledEye } from "./diehl-and-cook-2015.js";

export interface DiehlAndCook2015v2Options extends ExcitatoryOptions, InputConnectionOptions {
  nInpt: number;
  /** Default 100. */
  nNeurons?: number;
  /** Recurrent inhibition magnitude (default 17.5). */
  inh?: number;
  dt?: number;
  inptShape?: readonly number[] | null;
}

/**
 * Input `X` (traces) → `Y` ({@link network!DiehlAndCookNodes}: rest −65, reset −60, thresh excThresh
 * (−52), refrac 5, tcDecay 100, thetaPlus 0.05, tcThetaDecay 1e7) through a PostPre
 * `Connection` (w = 0.3·U[0, 1), bounds [0, 1], norm 78.4), and recurrent `Y→Y` with
 * w = −inh·(1 − I), bounds [−inh, 0].
 */
export class DiehlAndCook2015v2 extends Network {
  readonly nInpt: number;
  readonly nNeurons: number;
  readonly inh: number;

  constructor(opts: DiehlAndCook2015v2Options) {
    const m = "DiehlAndCook2015v2";
    checkOptions(m, opts, ["excThresh", "thetaPlus", "tcThetaDecay", "rng", "nu", "reduction", "wmin", "wmax", "norm", "nInpt", "nNeurons", "inh", "dt", "inptShape"]);
    super({ dt: finite(m, "dt", opts.dt ?? 1.0) });
    const nInpt = (this.nInpt = positiveInt(m, "nInpt", opts.nInpt));
    const n = (this.nNeurons = positiveInt(m, "nNeurons", opts.nNeurons ?? 100));
    const inh = (this.inh = finite(m, "inh", opts.inh ?? 17.5));
    const shape = checkInputShape(m, opts.inptShape, nInpt);
    const X = new Input({ n: nInpt, shape, traces: true, tcTrace: 20 });
    const Y = excitatoryLayer(n, opts);
    this.addLayer(X, "X").addLayer(Y, "Y");
    const c = plasticInputConnection(X, Y, opts);
    this.addConnection(c, "X", "Y");
    this.addConnection(new Connection({ source: Y, target: Y, w: scaledEye(n, -inh, true), wmin: -inh, wmax: 0 }), "Y", "Y");
  }
}
