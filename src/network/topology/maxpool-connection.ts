/** Max-pooling connections gated by running firing rates, in 1, 2 and 3 spatial dimensions. */
import { kernels } from "../../backend/backend.js";
import type { Window3 } from "../../backend/contract.js";
import { ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { NoOp, type UpdateOptions } from "../learning-rule.js";
import { spikeData } from "./weight-init.js";
import { checkOutLength, computeFresh, spikeBatch } from "./compute-args.js";
import { AbstractConnection, type AbstractConnectionOptions } from "./abstract-connection.js";
import { type IntOrTuple, channelShape, checkTarget, toWindow3, tupleArg, windowGeometry } from "./geometry.js";

const fround = Math.fround;

export interface MaxPoolConnectionOptions extends AbstractConnectionOptions {
  /** Window size: one int or one per spatial dim. */
  kernelSize: IntOrTuple;
  /** Step between windows (default 1; positive). */
  stride?: IntOrTuple;
  /** Padding on both sides, never chosen (default 0; at most half the kernel). */
  padding?: IntOrTuple;
  /** Spacing between window taps (default 1). */
  dilation?: IntOrTuple;
  /** Firing-rate decay per step (default 0: rates are spike counts since the last reset). */
  decay?: number | null;
}

/**
 * Base of MaxPool1d/2d/3dConnection. No weights. Source [C, *in], target [C, *out] with torch's
 * pooling output size. Every call of `compute(s)` first updates the running firing rates
 *
 *   r ← r − decay·r;   r ← r + s          (r: [B, C, *in], float32)
 *
 * and then passes on, for each window, **the current spike of the neuron with the highest
 * rate** (the first one in window order on ties; padding never wins): output [B, C, *out].
 *
 * Fixes of the reference's crashes: a missing `decay` means 0 (the reference fails on
 * None·tensor); learning on is fine (there are no weights, so `update` does nothing — the
 * reference's NoOp rule touches the missing `w`); batch > 1 with C = 1 works (the reference's
 * squeeze drops the channel axis). `firingRates` is (re)allocated for the batch size in use.
 */
export abstract class MaxPoolConnection extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "kernelSize", "stride", "padding", "dilation"];
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly dilation: number[];
  readonly channels: number;
  readonly outShape: number[];
  /** Running firing rates [B, C, *in]. */
  firingRates: Tensor;
  private readonly window: Window3;
  private pooled = new Float32Array(0);
  private idx = new Int32Array(0);

  protected constructor(opts: MaxPoolConnectionOptions, nd: number) {
    super(opts);
    const cls = this.constructor.name;
    if (opts.updateRule !== undefined && opts.updateRule !== NoOp) {
      throw new ValueError(`${cls}: updateRule is ${ruleName(opts.updateRule)}, expected none (a max-pooling connection has no weights to learn)`);
    }
    const [C, input] = channelShape(cls, "source", this.source, nd);
    this.kernelSize = tupleArg(cls, "kernelSize", opts.kernelSize, nd, undefined, 1);
    this.stride = tupleArg(cls, "stride", opts.stride, nd, 1, 1);
    this.padding = tupleArg(cls, "padding", opts.padding, nd, 0, 0);
    this.dilation = tupleArg(cls, "dilation", opts.dilation, nd, 1, 1);
    if (this.padding.some((p, i) => p > this.kernelSize[i]! / 2)) {
      throw new ValueError(`${cls}: padding is ${fmtShape(this.padding)}, expected at most half the kernelSize ${fmtShape(this.kernelSize)} in every dim`);
    }
    const g = windowGeometry(cls, input, this.kernelSize, this.stride, this.padding, this.dilation);
    this.outShape = g.output;
    checkTarget(cls, this.target, [C, ...g.output], `[C, *out] for source ${fmtShape(this.source.shape)}, kernelSize ${fmtShape(this.kernelSize)}, stride ${fmtShape(this.stride)}, padding ${fmtShape(this.padding)}, dilation ${fmtShape(this.dilation)}`);
    this.channels = C;
    this.window = toWindow3(g);
    const decay = opts.decay ?? 0;
    if (typeof decay !== "number" || !Number.isFinite(decay)) throw new ValueError(`${cls}: decay is ${fmtValue(opts.decay)}, expected a finite number (or none for 0)`);
    this.decay = decay;
    this.firingRates = zeros([this.source.batchSize ?? 1, ...this.source.shape]);
  }

  private batchOf(s: Tensor): number {
    return spikeBatch(this.constructor.name, this.source, s);
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const B = this.batchOf(s);
    const nOut = this.target.n;
    checkOutLength(this.constructor.name, out, B * nOut);
    if (this.firingRates.shape[0] !== B) this.firingRates = zeros([B, ...this.source.shape]);
    const r = this.firingRates.data as Float32Array;
    const x = spikeData(s);
    const d = fround(this.decay ?? 0);
    for (let i = 0; i < r.length; i++) {
      const v = fround(r[i]! - fround(d * r[i]!));
      r[i] = v + Number(x[i]!);
    }
    if (this.pooled.length !== B * nOut) {
      this.pooled = new Float32Array(B * nOut);
      this.idx = new Int32Array(B * nOut);
    }
    kernels().maxPool(this.pooled, this.idx, r, B * this.channels, this.window);
    const plane = this.source.n / this.channels;
    const L = nOut / this.channels;
    for (let p = 0; p < B * this.channels; p++) {
      for (let o = 0; o < L; o++) out[p * L + o] = Number(x[p * plane + this.idx[p * L + o]!]!);
    }
  }

  override compute(s: Tensor): Tensor {
    return computeFresh(this, this.batchOf(s), s);
  }

  /** Nothing to learn, mask or sign-constrain: no weights. */
  override update(_opts: UpdateOptions = {}): void {}

  override normalize(): void {}

  /** Zeroes the firing rates (batch size of the source layer). */
  override resetStateVariables(): void {
    this.firingRates = zeros([this.source.batchSize ?? this.firingRates.shape[0] ?? 1, ...this.source.shape]);
  }
}

/** MaxPool1dConnection: source [C, L]; see {@link MaxPoolConnection}. */
export class MaxPool1dConnection extends MaxPoolConnection {
  constructor(opts: MaxPoolConnectionOptions) {
    super(opts, 1);
  }
}

/** MaxPool2dConnection: source [C, H, W]; see {@link MaxPoolConnection}. */
export class MaxPool2dConnection extends MaxPoolConnection {
  constructor(opts: MaxPoolConnectionOptions) {
    super(opts, 2);
  }
}

/** MaxPool3dConnection: source [C, D, H, W]; see {@link MaxPoolConnection}. */
export class MaxPool3dConnection extends MaxPoolConnection {
  constructor(opts: MaxPoolConnectionOptions) {
    super(opts, 3);
  }
}

/** The reference's spelling of {@link MaxPool3dConnection} (a typo kept for ported code). */
export const MaxPoo3dConnection = MaxPool3dConnection;
/** The reference's spelling of {@link MaxPool3dConnection}. */
export type MaxPoo3dConnection = MaxPool3dConnection;

function ruleName(r: unknown): string {
  return typeof r === "function" && r.name ? r.name : fmtValue(r);
}
