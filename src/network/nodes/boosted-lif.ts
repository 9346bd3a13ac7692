/** "Boosted" (faster) LIF neurons: decay toward 0, reset to 0. */
import { kernels } from "../../backend/backend.js";
import type { Param } from "../../backend/contract.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { type NodeParam, Nodes, type NodesOptions, checkParam } from "./nodes.js";

export interface BoostedLIFNodesOptions extends NodesOptions {
  thresh?: NodeParam;
  refrac?: NodeParam;
  tcDecay?: NodeParam;
}

/**
 * LIF without rest, reset or lbound: v ← decay·v; x' = x masked where refracCount > 0;
 * refracCount ← refracCount − dt; v ← v + x'; s = v ≥ thresh; where s: refracCount ← refrac,
 * v ← 0. Defaults thresh 13, refrac 5, tcDecay 100. The input tensor is never modified.
 */
export class BoostedLIFNodes extends Nodes {
  static override readonly optionKeys: readonly string[] = [...Nodes.optionKeys, "thresh", "refrac", "tcDecay"];
  thresh: NodeParam;
  refrac: NodeParam;
  tcDecay: NodeParam;
  decay: Param = 0;
  v: Tensor = zeros([0]);

  /** The membrane voltage (what `run({ injectsV })` adds to). */
  override voltage(): Tensor | null {
    return this.v;
  }
  refracCount: Tensor = zeros([0]);

  constructor(opts: BoostedLIFNodesOptions = {}) {
    super(opts);
    const c = "BoostedLIFNodes";
    this.thresh = checkParam(c, "thresh", opts.thresh ?? 13.0, this.n);
    this.refrac = checkParam(c, "refrac", opts.refrac ?? 5, this.n, "nonnegative");
    this.tcDecay = checkParam(c, "tcDecay", opts.tcDecay ?? 100.0, this.n, "positive");
  }

  protected override step(input: Float32Array | null): void {
    kernels().boostedLifStep(this.v.data as Float32Array, this.refracCount.data as Float32Array, this.spikes(), input, this.sumInput ? (this.summed.data as Float32Array) : null, this.batchSize ?? 0, this.n, {
      decay: this.decay,
      thresh: this.param(this.thresh),
      refrac: this.param(this.refrac),
      dt: this.dt ?? 1,
    });
  }

  override computeDecays(dt: number): void {
    super.computeDecays(dt);
    this.decay = this.decayParam(this.tcDecay, dt);
  }

  override resetStateVariables(): void {
    super.resetStateVariables();
    this.v.zero_();
    this.refracCount.zero_();
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.v = zeros(this.stateShape);
    this.refracCount = zeros(this.stateShape);
  }
}
