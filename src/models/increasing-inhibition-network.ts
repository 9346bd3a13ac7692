/** BindsNET's `IncreasingInhibitionNetwork` (Hazan et al. 2018, "Lattice map spiking neural networks"). */
import { checkOptions } from "../options.js";
import { Network } from "../network/network.js";
import { Input } from "../network/nodes/input.js";
import { Connection } from "../network/topology/connection.js";
import { zeros } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { type ExcitatoryOptions, type InputConnectionOptions, checkInputShape, excitatoryLayer, finite, plasticInputConnection, positiveInt } from "./common.js";

export interface IncreasingInhibitionNetworkOptions extends ExcitatoryOptions, InputConnectionOptions {
  nInput: number;
  /** Default 100. */
  nNeurons?: number;
  /** Recurrent weight at distance 0 (default 1). */
  startInhib?: number;
  /** Added to the recurrent weight at the largest distance (default 100). */
  maxInhib?: number;
  dt?: number;
  inptShape?: readonly number[] | null;
}

/**
 * The recurrent weights: neuron i sits at (⌊i/√n⌋, i mod √n) with √n = ⌊√nNeurons⌋;
 * w[i, j] = √‖p_i − p_j‖ for i ≠ j (0 on the diagonal), then w ← w / max(w)·maxInhib +
 * startInhib (so the diagonal is startInhib). With the defaults every weight is positive
 * (1 … 101): only a negative maxInhib makes inhibition grow with distance.
 */
export function increasingInhibitionWeights(n: number, startInhib: number, maxInhib: number): Tensor {
  const side = Math.floor(Math.sqrt(n));
  const w = zeros([n, n]);
  const d = w.data as Float32Array;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const xi = Math.floor(i / side);
    const yi = i % side;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dx = xi - Math.floor(j / side);
      const dy = yi - (j % side);
      const v = Math.fround(Math.sqrt(Math.sqrt(dx * dx + dy * dy)));
      d[i * n + j] = v;
      if (v > max) max = v;
    }
  }
  const m = Math.fround(maxInhib);
  const s = Math.fround(startInhib);
  for (let k = 0; k < d.length; k++) d[k] = Math.fround(Math.fround((max === 0 ? 0 : Math.fround(d[k]! / max)) * m) + s);
  return w;
}

/**
 * Input `X` → `Y` ({@link network!DiehlAndCookNodes} as in DiehlAndCook2015v2) through a PostPre
 * connection (0.3·U[0, 1), bounds [0, 1], norm 78.4), plus recurrent `Y→Y` with
 * {@link increasingInhibitionWeights} and no bounds.
 */
export class IncreasingInhibitionNetwork extends Network {
  readonly nInput: number;
  readonly nNeurons: number;
  readonly startInhib: number;
  readonly maxInhib: number;

  constructor(opts: IncreasingInhibitionNetworkOptions) {
    const m = "IncreasingInhibitionNetwork";
    checkOptions(m, opts, ["excThresh", "thetaPlus", "tcThetaDecay", "rng", "nu", "reduction", "wmin", "wmax", "norm", "nInput", "nNeurons", "startInhib", "maxInhib", "dt", "inptShape"]);
    super({ dt: finite(m, "dt", opts.dt ?? 1.0) });
    const nIn = (this.nInput = positiveInt(m, "nInput", opts.nInput));
    const n = (this.nNeurons = positiveInt(m, "nNeurons", opts.nNeurons ?? 100));
    this.startInhib = finite(m, "startInhib", opts.startInhib ?? 1.0);
    this.maxInhib = finite(m, "maxInhib", opts.maxInhib ?? 100.0);
    const shape = checkInputShape(m, opts.inptShape, nIn);
    const X = new Input({ n: nIn, shape, traces: true, tcTrace: 20 });
    const Y = excitatoryLayer(n, opts);
    this.addLayer(X, "X").addLayer(Y, "Y");
    this.addConnection(
      plasticInputConnection(X, Y, opts),
      "X",
      "Y",
    );
    this.addConnection(new Connection({ source: Y, target: Y, w: increasingInhibitionWeights(n, this.startInhib, this.maxInhib) }), "Y", "Y");
  }
}
