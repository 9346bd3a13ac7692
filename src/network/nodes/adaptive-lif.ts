/** LIF neurons with an adaptive threshold. */
import { kernels } from "../../backend/backend.js";
import type { Param } from "../../backend/contract.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { cachedScratch } from "../storage.js";
import { LIFNodes, type LIFNodesOptions } from "./lif.js";
import { type NodeParam, checkParam } from "./nodes.js";

type AdaptiveParams = Parameters<ReturnType<typeof kernels>["adaptiveLifStep"]>[8];

/** Each layer's reused kernel parameters (outside the object: never saved or cloned). */
const adaptiveCache = new WeakMap<object, { lif: object; p: AdaptiveParams }>();

export interface AdaptiveLIFNodesOptions extends LIFNodesOptions {
  /** Threshold increment per spike (default 0.05). */
  thetaPlus?: NodeParam;
  /** Threshold decay time constant (default 1e7). */
  tcThetaDecay?: NodeParam;
}

/**
 * LIF with an adaptive threshold θ (shape [...shape], shared by the batch):
 * v ← decay·(v − rest) + rest; if learning: θ ← θ·exp(−dt/tcThetaDecay);
 * v ← v + (refracCount ≤ 0)·x; refracCount ← refracCount − dt; s = v ≥ thresh + θ;
 * where s: refracCount ← refrac, v ← reset; lbound;
 * if learning: θ ← θ + thetaPlus·(spikes summed over the batch).
 * θ is never reset (neither by `resetStateVariables` nor `setBatchSize`), and frozen while
 * not learning. `summed` sees the raw input.
 */
/** Each layer's step scratch (outside the object: not state, never saved). */
const countScratches = new WeakMap<object, Float32Array>();

export class AdaptiveLIFNodes extends LIFNodes {
  static override readonly optionKeys: readonly string[] = [...LIFNodes.optionKeys, "thetaPlus", "tcThetaDecay"];
  thetaPlus: NodeParam;
  tcThetaDecay: NodeParam;
  thetaDecay: Param = 0;
  /** Adaptive threshold, float32 [...shape]. */
  theta: Tensor;

  constructor(opts: AdaptiveLIFNodesOptions = {}) {
    super(opts);
    const c = new.target.name;
    this.thetaPlus = checkParam(c, "thetaPlus", opts.thetaPlus ?? 0.05, this.n);
    this.tcThetaDecay = checkParam(c, "tcThetaDecay", opts.tcThetaDecay ?? 1e7, this.n, "positive");
    this.theta = zeros(this.shape);
  }

  protected override step(input: Float32Array | null): void {
    this.adaptiveStep(input);
  }

  protected adaptiveStep(input: Float32Array | null): void {
    kernels().adaptiveLifStep(
      this.v.data as Float32Array,
      this.refracCount.data as Float32Array,
      this.spikes(),
      this.theta.data as Float32Array,
      input,
      this.sumInput ? (this.summed.data as Float32Array) : null,
      this.batchSize ?? 0,
      this.n,
      this.adaptiveParams(),
      this.countScratch(),
    );
  }

  /** The kernel's [n] scratch, in the layer's owned storage (a JavaScript array would be copied in and out every step). */
  private countScratch(): Float32Array {
    return cachedScratch(countScratches, this, "float32", this.n);
  }

  /** The kernel parameters: one object reused while the LIF parameters, θ's and learning keep their values (a per-step allocation otherwise). */
  private adaptiveParams(): AdaptiveParams {
    const lif = this.lifParams();
    const thetaPlus = this.param(this.thetaPlus);
    const c = adaptiveCache.get(this);
    if (c !== undefined && c.lif === lif && c.p.thetaDecay === this.thetaDecay && c.p.thetaPlus === thetaPlus && c.p.learning === this.learning && typeof thetaPlus === "number") return c.p;
    const p: AdaptiveParams = { ...lif, thetaDecay: this.thetaDecay, thetaPlus, learning: this.learning };
    adaptiveCache.set(this, { lif, p });
    return p;
  }

  override computeDecays(dt: number): void {
    super.computeDecays(dt);
    this.thetaDecay = this.decayParam(this.tcThetaDecay, dt);
  }
}
