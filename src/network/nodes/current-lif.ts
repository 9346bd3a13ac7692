/** LIF neurons driven by a decaying synaptic current. */
import { kernels } from "../../backend/backend.js";
import type { Param } from "../../backend/contract.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LIFNodes, type LIFNodesOptions } from "./lif.js";
import { type NodeParam, checkParam } from "./nodes.js";

export interface CurrentLIFNodesOptions extends LIFNodesOptions {
  /** Time constant of the synaptic current (default 2). */
  tcIDecay?: NodeParam;
}

/**
 * Current-based LIF: v ← decay·(v − rest) + rest; i ← i·exp(−dt/tcIDecay);
 * refracCount ← refracCount − dt (before the gate, so refrac=5 blocks 4 steps); i ← i + x;
 * v ← v + (refracCount ≤ 0)·i; s = v ≥ thresh; where s: refracCount ← refrac, v ← reset;
 * lbound. The current keeps integrating during the refractory period.
 */
export class CurrentLIFNodes extends LIFNodes {
  static override readonly optionKeys: readonly string[] = [...LIFNodes.optionKeys, "tcIDecay"];
  tcIDecay: NodeParam;
  iDecay: Param = 0;
  /** Synaptic current [B, ...shape]. */
  i: Tensor = zeros([0]);

  constructor(opts: CurrentLIFNodesOptions = {}) {
    super(opts);
    this.tcIDecay = checkParam("CurrentLIFNodes", "tcIDecay", opts.tcIDecay ?? 2.0, this.n, "positive");
  }

  protected override step(input: Float32Array | null): void {
    kernels().currentLifStep(this.v.data as Float32Array, this.i.data as Float32Array, this.refracCount.data as Float32Array, this.spikes(), input, this.sumInput ? (this.summed.data as Float32Array) : null, this.batchSize ?? 0, this.n, {
      ...this.lifParams(),
      iDecay: this.iDecay,
    });
  }

  override computeDecays(dt: number): void {
    super.computeDecays(dt);
    this.iDecay = this.decayParam(this.tcIDecay, dt);
  }

  override resetStateVariables(): void {
    super.resetStateVariables();
    this.i.zero_();
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.i = zeros(this.stateShape);
  }
}
