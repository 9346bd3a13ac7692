/** The neuron layers of converted networks (BindsNET's `bindsnet/conversion/nodes.py`). */
import { kernels } from "../backend/backend.js";
import { zeros } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { IFNodes, type IFNodesOptions } from "../network/nodes/if.js";
import { Nodes, type NodesOptions } from "../network/nodes/nodes.js";

/**
 * IFNodes' options: thresh (default −52), reset (default −65: the initial and reset-state
 * voltage; a spike does not reset to it), refrac (default 5), lbound (default none).
 */
export type SubtractiveResetIFNodesOptions = IFNodesOptions;

const fround = Math.fround;

/**
 * Integrate-and-fire neurons with reset by subtraction (Rueckauer et al. 2017), which keeps
 * the charge above threshold so that firing rates track the input linearly:
 *
 *   v ← v + (refracCount = 0)·x;   refracCount ← max(refracCount − dt, 0);
 *   s = v ≥ thresh;   where s: refracCount ← refrac, v ← v − thresh;   v ← max(v, lbound).
 *
 * `v` starts (and `resetStateVariables` puts it) at `reset`. Defaults thresh −52, reset −65,
 * refrac 5; the converter uses thresh 1, reset 0, refrac 0. `summed` (sumInput) accumulates
 * the raw input x, also during refractoriness, as the reference's base forward does.
 *
 * Difference: the reference computes refracCount ← (refracCount > 0)·(refracCount − dt), which
 * sticks below 0 (and so blocks input for ever) when refrac is not a multiple of dt; here
 * the counter stops at 0. Identical for integer refrac with dt = 1.
 */
export class SubtractiveResetIFNodes extends IFNodes {
  protected override step(input: Float32Array | null): void {
    const v = this.v.data as Float32Array;
    const rc = this.refracCount.data as Float32Array;
    const s = this.spikes();
    const dt = fround(this.dt ?? 1);
    const thresh = this.param(this.thresh);
    const refrac = this.param(this.refrac);
    const lb = this.lbound === null ? null : this.param(this.lbound);
    const n = this.n;
    const B = this.batchSize ?? 0;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < n; j++) {
        const i = b * n + j;
        const c = rc[i]!;
        let vv = c === 0 && input !== null ? fround(v[i]! + input[i]!) : v[i]!;
        const th = typeof thresh === "number" ? thresh : thresh[j]!;
        if (vv >= th) {
          s[i] = 1;
          rc[i] = typeof refrac === "number" ? refrac : refrac[j]!;
          vv = fround(vv - th);
        } else {
          s[i] = 0;
          rc[i] = c > 0 ? Math.max(fround(c - dt), 0) : 0;
        }
        if (lb !== null) {
          const l = typeof lb === "number" ? lb : lb[j]!;
          if (vv < l) vv = l;
        }
        v[i] = vv;
      }
    }
    if (this.sumInput && input !== null) kernels().sumInputStep(this.summed.data as Float32Array, input, this.summed.numel());
  }
}

/**
 * A layer whose output is its input: s ← x as float32 values (not spikes), used after the
 * weightless connections of a converted network (max pooling, permutation, padding), so
 * the next connection sees exactly what they passed on. Traces are never kept (the options
 * are accepted for the signature); `v` is a zero tensor only, as in the reference; `summed`
 * accumulates x when `sumInput`. Resetting zeroes `s`.
 */
export class PassThroughNodes extends Nodes {
  v: Tensor = zeros([0]);

  constructor(opts: NodesOptions = {}) {
    super(opts);
    this.traces = false;
  }

  protected override step(input: Float32Array | null): void {
    const s = this.s.data as Float32Array;
    if (input === null) s.fill(0);
    else s.set(input);
    if (this.sumInput && input !== null) kernels().sumInputStep(this.summed.data as Float32Array, input, this.summed.numel());
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.s = zeros(this.stateShape);
    this.v = zeros(this.stateShape);
  }
}
