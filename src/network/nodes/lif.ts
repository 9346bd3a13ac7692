/** Leaky integrate-and-fire neurons. */
import { kernels } from "../../backend/backend.js";
import type { LifParams } from "../../backend/contract.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { type NodeParam, Nodes, type NodesOptions, checkOptParam, checkParam, fillParam, stateFilled } from "./nodes.js";
import type { Param } from "../../backend/contract.js";

export interface LIFNodesOptions extends NodesOptions {
  thresh?: NodeParam;
  rest?: NodeParam;
  reset?: NodeParam;
  refrac?: NodeParam;
  tcDecay?: NodeParam;
  lbound?: NodeParam | null;
}

/**
 * Where a LIF layer keeps its last `lifParams()` result and the fields it was made from: a
 * symbol key, so that it is no own enumerable field (saving and cloning a layer skip it).
 */
const LIF_PARAMS = Symbol("lifParams");
interface LifParamsCache {
  decay: Param;
  dt: number | null;
  rest: number;
  reset: number;
  thresh: number;
  refrac: number;
  lbound: number | null;
  params: LifParams;
}

/**
 * Leaky integrate-and-fire, leak before input:
 * v ← decay·(v − rest) + rest with decay = exp(−dt/tcDecay); x' = x with refractory entries
 * (refracCount > 0) zeroed; refracCount ← refracCount − dt; v ← v + x'; s = v ≥ thresh;
 * where s: refracCount ← refrac, v ← reset; v ← max(v, lbound). `summed` sees x'.
 * Defaults thresh −52, rest −65, reset −65, refrac 5, tcDecay 100.
 * Unlike the reference, the caller's input tensor is never modified (a refractory neuron's
 * input is masked inside the kernel), with the same numbers.
 *
 * @example
 * ```ts
 * import { LIFNodes, Network } from "bindsnet";
 * const layer = new LIFNodes({ n: 100, thresh: -52, tcDecay: 100, traces: true });
 * new Network().addLayer(layer, "Y"); // the network sizes the state for its batch (1)
 * console.log(layer.n, layer.v.shape); // 100 [1, 100]
 * ```
 */
export class LIFNodes extends Nodes {
  static override readonly optionKeys: readonly string[] = [...Nodes.optionKeys, "thresh", "rest", "reset", "refrac", "tcDecay", "lbound"];
  thresh: NodeParam;
  rest: NodeParam;
  reset: NodeParam;
  refrac: NodeParam;
  tcDecay: NodeParam;
  lbound: NodeParam | null;
  /** exp(−dt/tcDecay), set by `computeDecays`. */
  decay: Param = 0;
  v: Tensor = zeros([0]);

  /** The membrane voltage (what `run({ injectsV })` adds to). */
  override voltage(): Tensor | null {
    return this.v;
  }
  refracCount: Tensor = zeros([0]);

  constructor(opts: LIFNodesOptions = {}) {
    super(opts);
    const c = new.target.name;
    this.thresh = checkParam(c, "thresh", opts.thresh ?? -52.0, this.n);
    this.rest = checkParam(c, "rest", opts.rest ?? -65.0, this.n);
    this.reset = checkParam(c, "reset", opts.reset ?? -65.0, this.n);
    this.refrac = checkParam(c, "refrac", opts.refrac ?? 5, this.n, "nonnegative");
    this.tcDecay = checkParam(c, "tcDecay", opts.tcDecay ?? 100.0, this.n, "positive");
    this.lbound = checkOptParam(c, "lbound", opts.lbound, this.n);
    (this as { [LIF_PARAMS]?: LifParamsCache })[LIF_PARAMS] = undefined;
  }

  /**
   * The kernel parameters of this step. While every parameter is a plain number (the usual
   * case) the object is made once and reused for as long as the fields keep their values
   * (compared with Object.is): it was a per-step allocation. Tensor parameters are read afresh
   * every step (their elements may change in place, and a non-float32 tensor is converted).
   */
  protected lifParams(): LifParams {
    const c = (this as { [LIF_PARAMS]?: LifParamsCache })[LIF_PARAMS];
    if (
      c !== undefined &&
      Object.is(c.decay, this.decay) &&
      Object.is(c.dt, this.dt) &&
      Object.is(c.rest, this.rest) &&
      Object.is(c.reset, this.reset) &&
      Object.is(c.thresh, this.thresh) &&
      Object.is(c.refrac, this.refrac) &&
      Object.is(c.lbound, this.lbound)
    ) {
      return c.params;
    }
    const params: LifParams = {
      decay: this.decay,
      rest: this.param(this.rest),
      reset: this.param(this.reset),
      thresh: this.param(this.thresh),
      refrac: this.param(this.refrac),
      dt: this.dt ?? 1,
      lbound: this.lbound === null ? null : this.param(this.lbound),
    };
    const { decay, dt, rest, reset, thresh, refrac, lbound } = this;
    const numbers = typeof decay === "number" && typeof rest === "number" && typeof reset === "number" && typeof thresh === "number" && typeof refrac === "number" && (lbound === null || typeof lbound === "number");
    (this as { [LIF_PARAMS]?: LifParamsCache })[LIF_PARAMS] = numbers ? { decay, dt, rest, reset, thresh, refrac, lbound, params } : undefined;
    return params;
  }

  protected override step(input: Float32Array | null): void {
    kernels().lifStep(this.v.data as Float32Array, this.refracCount.data as Float32Array, this.spikes(), input, this.sumInput ? (this.summed.data as Float32Array) : null, this.batchSize ?? 0, this.n, this.lifParams());
  }

  override computeDecays(dt: number): void {
    super.computeDecays(dt);
    this.decay = this.decayParam(this.tcDecay, dt);
  }

  override resetStateVariables(): void {
    super.resetStateVariables();
    fillParam(this.v.data, this.param(this.rest), this.batchSize ?? 0, this.n);
    this.refracCount.zero_();
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.v = stateFilled(this.stateShape, this.param(this.rest), b, this.n);
    this.refracCount = zeros(this.stateShape);
  }
}
