/** Locally connected layers (unfold based, multi-channel) in 1, 2 and 3 spatial dimensions. */
import { tsum0, tsumAll, tsumLast } from "../../backend/numerics.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import type { Generator } from "../../tensor/random.js";
import { Tensor } from "../../tensor/tensor.js";
import type { SynapseView } from "../synapse-view.js";
import { biasOption, checkOutLength, computeFresh, spikeBatch } from "./compute-args.js";
import { AbstractConnection, type AbstractConnectionOptions } from "./abstract-connection.js";
import { type IntOrTuple, channelShape, prod, tupleArg, windowGeometry } from "./geometry.js";
import { LocalSynapseView } from "./synapse-views.js";
import { checkBoundShape, givenWeights, ownWeights, rngOption, scaleRows, spikeData } from "./weight-init.js";
import { anyFinite, clampWeights } from "../learning-rule.js";
import { rand } from "../../tensor/random.js";

export interface LocalConnectionNDOptions extends AbstractConnectionOptions {
  /** Kernel size: one int or one per spatial dim. */
  kernelSize: IntOrTuple;
  /** Step between windows: one int or one per spatial dim (positive). */
  stride: IntOrTuple;
  /** Number of filters (independent weight sets) per position. */
  nFilters: number;
  /** Initial weights [C_in, nFilters·convProd, kernelProd] (copied; clamped when a bound is finite). */
  w?: Tensor | null;
  /** Bias [target.n], added to the output when given (the reference stores it and never uses it). */
  b?: Tensor | null;
  /** Generator for the random initial weights (the global one by default). */
  rng?: Generator;
}

/**
 * Base of LocalConnection1D/2D/3D: like a convolution without padding or dilation, but every
 * output position has its own weights. Source [C_in, *in]; per dim
 * conv = floor((in − k)/stride) + 1; P = prod(conv), K = prod(k); target.n must be
 * nFilters·P, post index n = filter·P + position (filter-major). w is [C_in, nFilters·P, K]:
 *
 *   input[b, n] = Σ_c Σ_k w[c, n, k] · patch(s_b)[c, n mod P, k]
 *
 * with the kernel flattened first-axis-major and positions row-major (unfold order); the sum
 * over k and then over c use torch's summation order (bit-exact with the reference).
 *
 * Initial weights U[0, 1), clamped to [wmin, wmax] when a bound is finite (not rescaled), as in
 * the reference. A given `w` (which crashes the reference) is copied and clamped the same way;
 * bounds may be numbers or tensors shaped like w. `normalize()` scales each row w[c, n, :] to a
 * plain sum of `norm` (rows summing to 0 are left alone).
 *
 * Difference: `resetStateVariables()` does not reset the target layer (the reference's does).
 */
export abstract class LocalConnectionND extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "kernelSize", "stride", "nFilters", "w", "b", "rng"];
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly nFilters: number;
  readonly inChannels: number;
  /** Output positions per axis. */
  readonly convSize: number[];
  readonly convProd: number;
  readonly kernelProd: number;
  b: Tensor | null;
  /** patchIdx[pos·K + k]: flat index within one input channel of tap k at position pos. */
  protected readonly patchIdx: Int32Array;
  private readonly plane: number;
  private prods = new Float32Array(0);
  private perCh = new Float32Array(0);
  private view: LocalSynapseView | null = null;

  protected constructor(opts: LocalConnectionNDOptions, nd: number) {
    super(opts);
    const cls = this.constructor.name;
    const [cin, input] = channelShape(cls, "source", this.source, nd);
    this.kernelSize = tupleArg(cls, "kernelSize", opts.kernelSize, nd, undefined, 1);
    this.stride = tupleArg(cls, "stride", opts.stride, nd, undefined, 1);
    const F = opts.nFilters;
    if (typeof F !== "number" || !Number.isInteger(F) || F < 1) throw new ValueError(`${cls}: nFilters is ${fmtValue(F)}, expected a positive integer`);
    this.nFilters = F;
    const z = new Array<number>(nd).fill(0);
    this.convSize = windowGeometry(cls, input, this.kernelSize, this.stride, z, z.map(() => 1)).output;
    this.convProd = prod(this.convSize);
    this.kernelProd = prod(this.kernelSize);
    this.inChannels = cin;
    this.plane = prod(input);
    const nPost = F * this.convProd;
    if (this.target.n !== nPost) {
      throw new ShapeError(`${cls}: target has ${this.target.n} neurons (shape ${fmtShape(this.target.shape)}), expected nFilters·convProd = ${F}·${this.convProd} = ${nPost} (conv size ${fmtShape(this.convSize)})`);
    }
    this.patchIdx = patchIndex(input, this.kernelSize, this.stride, this.convSize);
    const wShape = [cin, nPost, this.kernelProd];
    const shapeText = `[C_in=${cin}, nFilters·convProd=${nPost}, kernelProd=${this.kernelProd}]`;
    checkBoundShape(cls, "wmin", this.wmin, prod(wShape), shapeText);
    checkBoundShape(cls, "wmax", this.wmax, prod(wShape), shapeText);
    const bounded = anyFinite(this.wmin) || anyFinite(this.wmax);
    const given = opts.w ?? null;
    if (given === null) {
      const g = rngOption(cls, opts.rng);
      this.w = rand(wShape, g ? { generator: g } : {});
      if (bounded) clampWeights(this.w, this.wmin, this.wmax);
    } else this.w = givenWeights(cls, given, wShape, shapeText, bounded, this.wmin, this.wmax);
    this.b = biasOption(cls, opts.b, nPost, `[target.n=${nPost}]`);
  }

  private batchOf(s: Tensor): number {
    return spikeBatch(this.constructor.name, this.source, s);
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const B = this.batchOf(s);
    const N = this.target.n;
    checkOutLength(this.constructor.name, out, B * N);
    const x = spikeData(s);
    const C = this.inChannels;
    const K = this.kernelProd;
    const P = this.convProd;
    this.w = ownWeights(this.w);
    const w = this.w.data as Float32Array;
    if (this.prods.length !== C * N * K) this.prods = new Float32Array(C * N * K);
    if (this.perCh.length !== C * N) this.perCh = new Float32Array(C * N);
    const prods = this.prods;
    const idx = this.patchIdx;
    const nPre = this.source.n;
    for (let b = 0; b < B; b++) {
      // (unfold(s) * w): one float32 product per synapse, then .sum(-1) and .sum(1) in torch's order
      for (let c = 0; c < C; c++) {
        const xc = b * nPre + c * this.plane;
        for (let n = 0; n < N; n++) {
          const r = (c * N + n) * K;
          const pi = (n % P) * K;
          for (let k = 0; k < K; k++) prods[r + k] = x[xc + idx[pi + k]!]! * w[r + k]!;
        }
      }
      tsumLast(prods, K, this.perCh);
      // eslint-disable-next-line no-restricted-syntax -- transient: written by this call; out is this function's own result array
      tsum0(this.perCh, C, N, out.subarray(b * N, (b + 1) * N));
      if (this.b !== null) {
        const bd = this.b.contiguousData();
        for (let n = 0; n < N; n++) out[b * N + n] += bd[n]!;
      }
    }
  }

  override compute(s: Tensor): Tensor {
    return computeFresh(this, this.batchOf(s), s);
  }

  ensureContiguousWeights(): void {
    this.w = ownWeights(this.w);
  }

  /** The view learning rules update `w` through (per-position products). */
  synapseView(): SynapseView {
    return (this.view ??= new LocalSynapseView(this, {
      inChannels: this.inChannels,
      nPostPerChannel: this.target.n,
      positions: this.convProd,
      kernelProd: this.kernelProd,
      plane: this.plane,
      patchIdx: this.patchIdx,
      nPre: this.source.n,
      wShape: [this.inChannels, this.target.n, this.kernelProd],
    }));
  }

  override normalize(): void {
    if (this.norm === null) return;
    this.w = ownWeights(this.w);
    const w = this.w.data as Float32Array;
    const K = this.kernelProd;
    const rows = this.inChannels * this.target.n;
    const sums = new Float32Array(rows);
    for (let r = 0; r < rows; r++) sums[r] = tsumAll(w, r * K, K);
    scaleRows(w, rows, K, sums, this.norm as number);
  }
}

/** Flat in-plane index of every (position, tap), positions and taps row-major. */
function patchIndex(input: number[], k: number[], stride: number[], conv: number[]): Int32Array {
  const nd = input.length;
  const P = prod(conv);
  const K = prod(k);
  const planeStride = new Array<number>(nd).fill(1);
  for (let d = nd - 2; d >= 0; d--) planeStride[d] = planeStride[d + 1]! * input[d + 1]!;
  const out = new Int32Array(P * K);
  const pos = new Array<number>(nd).fill(0);
  for (let p = 0; p < P; p++) {
    let rem = p;
    for (let d = nd - 1; d >= 0; d--) {
      pos[d] = rem % conv[d]!;
      rem = Math.floor(rem / conv[d]!);
    }
    for (let t = 0; t < K; t++) {
      let r = t;
      let flat = 0;
      for (let d = nd - 1; d >= 0; d--) {
        const kd = r % k[d]!;
        r = Math.floor(r / k[d]!);
        flat += (pos[d]! * stride[d]! + kd) * planeStride[d]!;
      }
      out[p * K + t] = flat;
    }
  }
  return out;
}

/** LocalConnection1D: source [C_in, L]; see {@link LocalConnectionND}. */
export class LocalConnection1D extends LocalConnectionND {
  constructor(opts: LocalConnectionNDOptions) {
    super(opts, 1);
  }
}

/** LocalConnection2D: source [C_in, H, W], kernel and stride ints or pairs; see {@link LocalConnectionND}. */
export class LocalConnection2D extends LocalConnectionND {
  constructor(opts: LocalConnectionNDOptions) {
    super(opts, 2);
  }
}

/** LocalConnection3D: source [C_in, H, W, D], kernel and stride ints or triples; see {@link LocalConnectionND}. */
export class LocalConnection3D extends LocalConnectionND {
  constructor(opts: LocalConnectionNDOptions) {
    super(opts, 3);
  }
}
