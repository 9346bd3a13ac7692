/** McCulloch-Pitts threshold units. */
import { kernels } from "../../backend/backend.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { type NodeParam, Nodes, type NodesOptions, checkParam } from "./nodes.js";

export interface McCullochPittsOptions extends NodesOptions {
  /** Spike threshold (default 1). */
  thresh?: NodeParam;
}

/**
 * McCulloch-Pitts neurons: v ← x (this step's input, no memory); s = v ≥ thresh.
 * `v` is not reset by `resetStateVariables` (as in the reference).
 */
export class McCullochPitts extends Nodes {
  static override readonly optionKeys: readonly string[] = [...Nodes.optionKeys, "thresh"];
  thresh: NodeParam;
  v: Tensor = zeros([0]);

  /** The membrane voltage (what `run({ injectsV })` adds to). */
  override voltage(): Tensor | null {
    return this.v;
  }

  constructor(opts: McCullochPittsOptions = {}) {
    super(opts);
    this.thresh = checkParam("McCullochPitts", "thresh", opts.thresh ?? 1.0, this.n);
  }

  protected override step(input: Float32Array | null): void {
    kernels().mcpStep(this.v.data as Float32Array, this.spikes(), input, this.batchSize ?? 0, this.n, this.param(this.thresh));
    super.step(input);
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.v = zeros(this.stateShape);
  }
}
