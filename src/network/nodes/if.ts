/** Integrate-and-fire neurons. */
import { kernels } from "../../backend/backend.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { type NodeParam, Nodes, type NodesOptions, checkOptParam, checkParam, fillParam, stateFilled } from "./nodes.js";

export interface IFNodesOptions extends NodesOptions {
  thresh?: NodeParam;
  reset?: NodeParam;
  refrac?: NodeParam;
  lbound?: NodeParam | null;
}

/**
 * Integrate-and-fire (no leak):
 * v ← v + (refracCount ≤ 0)·x; refracCount ← refracCount − dt; s = v ≥ thresh;
 * where s: refracCount ← refrac, v ← reset; v ← max(v, lbound).
 * `v` starts (and resets) at `reset`; defaults thresh −52, reset −65, refrac 5.
 */
export class IFNodes extends Nodes {
  static override readonly optionKeys: readonly string[] = [...Nodes.optionKeys, "thresh", "reset", "refrac", "lbound"];
  thresh: NodeParam;
  reset: NodeParam;
  refrac: NodeParam;
  lbound: NodeParam | null;
  v: Tensor = zeros([0]);

  /** The membrane voltage (what `run({ injectsV })` adds to). */
  override voltage(): Tensor | null {
    return this.v;
  }
  refracCount: Tensor = zeros([0]);

  constructor(opts: IFNodesOptions = {}) {
    super(opts);
    const c = new.target.name;
    this.thresh = checkParam(c, "thresh", opts.thresh ?? -52.0, this.n);
    this.reset = checkParam(c, "reset", opts.reset ?? -65.0, this.n);
    this.refrac = checkParam(c, "refrac", opts.refrac ?? 5, this.n, "nonnegative");
    this.lbound = checkOptParam(c, "lbound", opts.lbound, this.n);
  }

  protected override step(input: Float32Array | null): void {
    kernels().ifStep(this.v.data as Float32Array, this.refracCount.data as Float32Array, this.spikes(), input, this.sumInput ? (this.summed.data as Float32Array) : null, this.batchSize ?? 0, this.n, {
      reset: this.param(this.reset),
      thresh: this.param(this.thresh),
      refrac: this.param(this.refrac),
      dt: this.dt ?? 1,
      lbound: this.lbound === null ? null : this.param(this.lbound),
    });
  }

  override resetStateVariables(): void {
    super.resetStateVariables();
    fillParam(this.v.data, this.param(this.reset), this.batchSize ?? 0, this.n);
    this.refracCount.zero_();
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.v = stateFilled(this.stateShape, this.param(this.reset), b, this.n);
    this.refracCount = zeros(this.stateShape);
  }
}
