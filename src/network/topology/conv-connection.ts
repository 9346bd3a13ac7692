/** Convolutional connections in 1, 2 and 3 spatial dimensions. */
import { kernels } from "../../backend/backend.js";
import { tsumLast } from "../../backend/numerics.js";
import { ShapeError, fmtShape } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import type { SynapseView } from "../synapse-view.js";
import { biasOption, checkOutLength, computeFresh, spikeBatch } from "./compute-args.js";
import { AbstractConnection, type AbstractConnectionOptions } from "./abstract-connection.js";
import { type IntOrTuple, type WindowGeometry, channelShape, checkTarget, prod, toWindow3, tupleArg, windowGeometry } from "./geometry.js";
import { ConvSynapseView } from "./synapse-views.js";
import { anyInfinite, checkBoundShape, givenWeights, ownWeights, randomWeights, rngOption, scaleRows, spikeData } from "./weight-init.js";
import type { Window3 } from "../../backend/contract.js";
import type { Generator } from "../../tensor/random.js";

export interface ConvConnectionOptions extends AbstractConnectionOptions {
  /** Kernel size: one int or one per spatial dim. */
  kernelSize: IntOrTuple;
  /** Step between windows (default 1; must be positive). */
  stride?: IntOrTuple;
  /** Zeros added on both sides of each spatial dim (default 0). */
  padding?: IntOrTuple;
  /** Spacing between kernel taps (default 1). */
  dilation?: IntOrTuple;
  /** Initial weights [C_out, C_in, *kernelSize] (copied; see the class notes on clamping). */
  w?: Tensor | null;
  /** Bias [C_out] (default zeros). */
  b?: Tensor | null;
  /** Generator for the random initial weights (the global one by default). */
  rng?: Generator;
}

/**
 * Base of Conv1d/2d/3dConnection: the source is [C_in, *in], the target must be
 * [C_out, *out] with out = floor((in + 2p − d(k − 1) − 1)/s) + 1 per dim, and
 *
 *   input[b, o, l] = bias[o] + Σ_{c, kk} w[o, c, kk] · s_padded[b, c, l·stride + kk·dilation]
 *
 * (torch's cross-correlation), computed as im2col followed by a product that sums over
 * (c, kk) in increasing order from zero, as the reference does for small kernels.
 *
 * Weights w [C_out, C_in, *k]: without `w`, U[0, 1) clamped to [wmin, wmax] if a bound is
 * infinite, else wmin + U[0, 1)·(wmax − wmin). **A given `w` is clamped only when a bound is
 * infinite** (the reverse of Connection's rule, kept from the reference): with both bounds
 * finite it is used as given, e.g. 5 stays 5 with wmin = 0, wmax = 1, until a learning rule
 * clamps it. The bias is zeros [C_out] by default.
 *
 * `normalize()` (with `norm`): each (out, in) kernel slice w[o, c] is scaled so that its plain
 * (signed) sum is `norm`; slices summing to 0 are left alone (the reference writes inf/NaN).
 *
 * Differences from the reference: dilation works (the reference's size check ignores it and
 * Conv1d/3d refuse it), and bad geometry is a clear error at construction.
 */
export abstract class ConvConnection extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "kernelSize", "stride", "padding", "dilation", "w", "b", "rng"];
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly dilation: number[];
  readonly inChannels: number;
  readonly outChannels: number;
  /** Output spatial shape. */
  readonly outShape: number[];
  b: Tensor;
  protected readonly geometry: WindowGeometry;
  protected readonly window: Window3;
  private cols = new Float32Array(0);
  private view: ConvSynapseView | null = null;

  protected constructor(opts: ConvConnectionOptions, nd: number) {
    super(opts);
    const cls = this.constructor.name;
    const [cin, input] = channelShape(cls, "source", this.source, nd);
    if (this.target.shape.length !== nd + 1) {
      throw new ShapeError(`${cls}: target has shape ${fmtShape(this.target.shape)}, expected ${nd + 1} dims [C_out, ${["L", "H, W", "D, H, W"][nd - 1]}]`);
    }
    const cout = this.target.shape[0]!;
    this.kernelSize = tupleArg(cls, "kernelSize", opts.kernelSize, nd, undefined, 1);
    this.stride = tupleArg(cls, "stride", opts.stride, nd, 1, 1);
    this.padding = tupleArg(cls, "padding", opts.padding, nd, 0, 0);
    this.dilation = tupleArg(cls, "dilation", opts.dilation, nd, 1, 1);
    this.geometry = windowGeometry(cls, input, this.kernelSize, this.stride, this.padding, this.dilation);
    this.outShape = this.geometry.output;
    checkTarget(cls, this.target, [cout, ...this.outShape], `[C_out, *out] for source ${fmtShape(this.source.shape)}, kernelSize ${fmtShape(this.kernelSize)}, stride ${fmtShape(this.stride)}, padding ${fmtShape(this.padding)}, dilation ${fmtShape(this.dilation)}`);
    this.window = toWindow3(this.geometry);
    this.inChannels = cin;
    this.outChannels = cout;
    const wShape = [cout, cin, ...this.kernelSize];
    const shapeText = `[C_out=${cout}, C_in=${cin}, ${this.kernelSize.join(", ")}]`;
    checkBoundShape(cls, "wmin", this.wmin, prod(wShape), shapeText);
    checkBoundShape(cls, "wmax", this.wmax, prod(wShape), shapeText);
    const given = opts.w ?? null;
    this.w = given === null
      ? randomWeights(wShape, this.wmin, this.wmax, rngOption(cls, opts.rng))
      : givenWeights(cls, given, wShape, shapeText, anyInfinite(this.wmin, this.wmax), this.wmin, this.wmax);
    this.b = biasOption(cls, opts.b, cout, `[C_out=${cout}]`) ?? zeros([cout]);
  }

  private batchOf(s: Tensor): number {
    return spikeBatch(this.constructor.name, this.source, s);
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const B = this.batchOf(s);
    const nPost = this.target.n;
    checkOutLength(this.constructor.name, out, B * nPost);
    const x = spikeData(s);
    const K = this.inChannels * prod(this.kernelSize);
    const L = prod(this.outShape);
    if (this.cols.length !== K * L) this.cols = new Float32Array(K * L);
    this.w = ownWeights(this.w);
    const w = this.w.data as Float32Array;
    const bias = this.b.contiguousData();
    const { im2col, gemm } = kernels();
    const nPre = this.source.n;
    for (let b = 0; b < B; b++) {
      im2col(this.cols, x, b * nPre, this.inChannels, this.window);
      gemm(out, w, this.cols, this.outChannels, K, L, 0, 0, b * nPost);
      for (let o = 0; o < this.outChannels; o++) {
        const bo = bias[o]!;
        const r = b * nPost + o * L;
        for (let l = 0; l < L; l++) out[r + l] += bo;
      }
    }
  }

  override compute(s: Tensor): Tensor {
    return computeFresh(this, this.batchOf(s), s);
  }

  /** Makes `w` a contiguous float32 tensor at offset 0 (for the synapse view). */
  ensureContiguousWeights(): void {
    this.w = ownWeights(this.w);
  }

  /** The view learning rules update `w` through (im2col correlation summed over positions). */
  synapseView(): SynapseView {
    return (this.view ??= new ConvSynapseView(this, {
      inChannels: this.inChannels,
      outChannels: this.outChannels,
      window: this.window,
      kernelProd: prod(this.kernelSize),
      positions: prod(this.outShape),
      nPre: this.source.n,
      nPost: this.target.n,
      wShape: [this.outChannels, this.inChannels, ...this.kernelSize],
    }));
  }

  override normalize(): void {
    if (this.norm === null) return;
    this.w = ownWeights(this.w);
    const w = this.w.data as Float32Array;
    const k = prod(this.kernelSize);
    const rows = this.outChannels * this.inChannels;
    scaleRows(w, rows, k, tsumLast(w, k), this.norm as number);
  }
}

/** Conv1dConnection: source [C_in, L], target [C_out, L_out]; see {@link ConvConnection}. */
export class Conv1dConnection extends ConvConnection {
  constructor(opts: ConvConnectionOptions) {
    super(opts, 1);
  }
}

/** Conv2dConnection: source [C_in, H, W], target [C_out, H_out, W_out]; see {@link ConvConnection}. */
export class Conv2dConnection extends ConvConnection {
  constructor(opts: ConvConnectionOptions) {
    super(opts, 2);
  }
}

/** Conv3dConnection: source [C_in, D, H, W], target [C_out, D_out, H_out, W_out]; see {@link ConvConnection}. */
export class Conv3dConnection extends ConvConnection {
  constructor(opts: ConvConnectionOptions) {
    super(opts, 3);
  }
}
