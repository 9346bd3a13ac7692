/** Cumulative spike-response model neurons with windowed kernels. */
import { kernels } from "../../backend/backend.js";
import type { Param } from "../../backend/contract.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { type NodeParam, Nodes, type NodesOptions, checkNumber, checkOptParam, checkParam, fillParam, stateFilled } from "./nodes.js";

export type ResponseKernel = "ExponentialKernel" | "AlphaKernel" | "AlphaKernelSLAYER" | "LaplacianKernel" | "TriangularKernel" | "RectangularKernel";

export interface CSRMNodesOptions extends NodesOptions {
  rest?: NodeParam;
  thresh?: NodeParam;
  responseKernel?: ResponseKernel;
  refractoryKernel?: "EtaKernel";
  tau?: number;
  resWindowSize?: number;
  refWindowSize?: number;
  resetConst?: number;
  tcDecay?: NodeParam;
  thetaPlus?: NodeParam;
  tcThetaDecay?: NodeParam;
  lbound?: NodeParam | null;
}

const RESPONSE: Record<ResponseKernel, (t: number, tau: number) => number> = {
  ExponentialKernel: (t, tau) => (1 / tau) * Math.exp(-t / tau),
  AlphaKernel: (t, tau) => (1 / (tau * tau)) * t * Math.exp(-t / tau),
  AlphaKernelSLAYER: (t, tau) => (1 / tau) * t * Math.exp(1 - t / tau),
  LaplacianKernel: (t, tau) => (1 / (2 * tau)) * Math.exp(-Math.abs(t / tau)),
  TriangularKernel: (t, tau) => (1 / tau) * (1 - t / tau),
  RectangularKernel: (_t, tau) => 1 / (2 * tau),
};

/**
 * Cumulative SRM (no voltage reset; refractoriness comes from the Eta kernel):
 * v ← decay·v (toward 0, starting at rest); if learning θ ← θ·exp(−dt/tcThetaDecay);
 * v ← v + Σ_k resKernel[k]·x[k] + Σ_k refKernel[k]·lastSpikes[k]; s = v ≥ thresh + θ;
 * if learning θ ← θ + thetaPlus·Σ_batch s; lastSpikes shifts and takes s; lbound.
 * The input is windowed, [B, resWindowSize/dt, ...shape] (a `Connection` into a CSRM layer
 * provides it through `computeWindow`). Kernels are sampled at t = 0, dt, ..., window − dt and
 * flipped (last element = most recent step): Exponential (1/τ)e^{−t/τ}, Alpha (1/τ²)t e^{−t/τ},
 * AlphaSLAYER (1/τ)t e^{1−t/τ}, Laplacian (1/2τ)e^{−|t/τ|}, Triangular (1/τ)(1 − t/τ),
 * Rectangular 1/(2τ); refractory Eta −resetConst·e^{−t/τ}. Fixes: the Rectangular kernel
 * works, and window buffers have window/dt rows so any dt works.
 */
export class CSRMNodes extends Nodes {
  static override readonly optionKeys: readonly string[] = [...Nodes.optionKeys, "rest", "thresh", "responseKernel", "refractoryKernel", "tau", "resWindowSize", "refWindowSize", "resetConst", "tcDecay", "thetaPlus", "tcThetaDecay", "lbound"];
  rest: NodeParam;
  thresh: NodeParam;
  responseKernel: ResponseKernel;
  refractoryKernel: "EtaKernel";
  tau: number;
  resWindowSize: number;
  refWindowSize: number;
  resetConst: number;
  tcDecay: NodeParam;
  thetaPlus: NodeParam;
  tcThetaDecay: NodeParam;
  lbound: NodeParam | null;
  decay: Param = 0;
  thetaDecay: Param = 0;
  theta: Tensor;
  v: Tensor = zeros([0]);

  /** The membrane voltage (what `run({ injectsV })` adds to). */
  override voltage(): Tensor | null {
    return this.v;
  }
  lastSpikes: Tensor = zeros([0]);
  resKernel = new Float32Array(0);
  refKernel = new Float32Array(0);
  private count: Float32Array;

  constructor(opts: CSRMNodesOptions = {}) {
    super(opts);
    const c = "CSRMNodes";
    this.rest = checkParam(c, "rest", opts.rest ?? -65.0, this.n);
    this.thresh = checkParam(c, "thresh", opts.thresh ?? -52.0, this.n);
    this.responseKernel = opts.responseKernel ?? "ExponentialKernel";
    if (typeof this.responseKernel !== "string" || !Object.hasOwn(RESPONSE, this.responseKernel)) throw new ValueError(`${c}: responseKernel is ${fmtValue(this.responseKernel)}, expected one of ${Object.keys(RESPONSE).join(", ")}`);
    this.refractoryKernel = opts.refractoryKernel ?? "EtaKernel";
    if (this.refractoryKernel !== "EtaKernel") throw new ValueError(`${c}: refractoryKernel is ${fmtValue(this.refractoryKernel)}, expected "EtaKernel"`);
    this.tau = checkNumber(c, "tau", opts.tau ?? 1, "positive");
    this.resWindowSize = checkNumber(c, "resWindowSize", opts.resWindowSize ?? 20, "positive");
    this.refWindowSize = checkNumber(c, "refWindowSize", opts.refWindowSize ?? 10, "positive");
    this.resetConst = checkNumber(c, "resetConst", opts.resetConst ?? 50);
    this.tcDecay = checkParam(c, "tcDecay", opts.tcDecay ?? 100.0, this.n, "positive");
    this.thetaPlus = checkParam(c, "thetaPlus", opts.thetaPlus ?? 0.05, this.n);
    this.tcThetaDecay = checkParam(c, "tcThetaDecay", opts.tcThetaDecay ?? 1e7, this.n, "positive");
    this.lbound = checkOptParam(c, "lbound", opts.lbound, this.n);
    this.theta = zeros(this.shape);
    this.count = new Float32Array(this.n);
  }

  /** Number of window rows of the response kernel (the input's second dim). */
  get resWindowSteps(): number {
    return Math.ceil(this.resWindowSize / (this.dt ?? 1) - 1e-9);
  }

  get refWindowSteps(): number {
    return Math.ceil(this.refWindowSize / (this.dt ?? 1) - 1e-9);
  }

  override stepInputShape(b: number): number[] {
    return [b, this.resWindowSteps, ...this.shape];
  }

  override get windowedInput(): boolean {
    return true;
  }

  override forward(x: Tensor): void {
    const name = "CSRMNodes.forward";
    if (!(x instanceof Tensor)) throw new ValueError(`${name}: x is ${fmtValue(x)}, expected a Tensor`);
    const want = [this.batchSize ?? 0, this.resWindowSteps, ...this.shape];
    if (x.numel() !== want.reduce((a, b) => a * b, 1)) throw new ShapeError(`${name}: x has shape ${fmtShape(x.shape)}, expected ${fmtShape(want)}`);
    const data = (x.dtype === "float32" ? x.contiguousData() : x.to("float32").contiguousData()) as Float32Array;
    kernels().csrmStep(this.v.data as Float32Array, this.spikes(), this.theta.data as Float32Array, this.lastSpikes.data as Float32Array, data, this.batchSize ?? 0, this.n, {
      decay: this.decay,
      thresh: this.param(this.thresh),
      thetaDecay: this.thetaDecay,
      thetaPlus: this.param(this.thetaPlus),
      learning: this.learning,
      resKernel: this.resKernel,
      refKernel: this.refKernel,
      lbound: this.lbound === null ? null : this.param(this.lbound),
    }, this.count);
    this.updateTraces();
  }

  override computeDecays(dt: number): void {
    super.computeDecays(dt);
    this.decay = this.decayParam(this.tcDecay, dt);
    this.thetaDecay = this.decayParam(this.tcThetaDecay, dt);
  }

  private buildKernels(): void {
    const dt = this.dt ?? 1;
    const f = RESPONSE[this.responseKernel];
    const rw = this.resWindowSteps;
    const fw = this.refWindowSteps;
    this.resKernel = new Float32Array(rw);
    this.refKernel = new Float32Array(fw);
    // sampled at t = k·dt, then flipped so the last element is the most recent step
    for (let k = 0; k < rw; k++) this.resKernel[rw - 1 - k] = f(k * dt, this.tau);
    for (let k = 0; k < fw; k++) this.refKernel[fw - 1 - k] = -this.resetConst * Math.exp((-k * dt) / this.tau);
  }

  override resetStateVariables(): void {
    super.resetStateVariables();
    fillParam(this.v.data, this.param(this.rest), this.batchSize ?? 0, this.n);
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.v = stateFilled(this.stateShape, this.param(this.rest), b, this.n);
    this.buildKernels();
    this.lastSpikes = zeros([b, this.refWindowSteps, ...this.shape]);
  }
}
