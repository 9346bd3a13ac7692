/** The legacy LocalConnection: a dense weight matrix whose non-local entries are masked to 0. */
import { kernels } from "../../backend/backend.js";
import { tsum0 } from "../../backend/numerics.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { defaultGenerator, type Generator } from "../../tensor/random.js";
import { Tensor } from "../../tensor/tensor.js";
import { anyFinite, type UpdateOptions } from "../learning-rule.js";
import { DenseSynapseView, type SynapseView } from "../synapse-view.js";
import { biasOption, checkOutLength, computeFresh, spikeBatch } from "./compute-args.js";
import { AbstractConnection, type AbstractConnectionOptions } from "./abstract-connection.js";
import { type IntOrTuple, prod, tupleArg } from "./geometry.js";
import { anyInfinite, boundAt, checkBoundShape, givenWeights, ownWeights, rngOption, spikeData } from "./weight-init.js";

const fround = Math.fround;

export interface LocalConnectionOptions extends AbstractConnectionOptions {
  /** Kernel size: an int or a pair. */
  kernelSize: IntOrTuple;
  /** Stride: an int or a pair (positive). */
  stride: IntOrTuple;
  /** Number of filters per position. */
  nFilters: number;
  /** The 2-D shape the flat source is read as (default [⌊√n⌋, ⌊√n⌋]). */
  inputShape?: readonly [number, number] | readonly number[];
  /** Initial weights [source.n, target.n] (copied; clamped when a bound is finite; non-local entries zeroed). */
  w?: Tensor | null;
  /** Bias [target.n] (default zeros). */
  b?: Tensor | null;
  rng?: Generator;
}

/**
 * BindsNET's original locally connected layer, stored as a dense w [source.n, target.n] with a
 * fixed mask of the non-local synapses. The source is read as a 2-D image `inputShape`;
 * conv = floor((H − k₀)/s₀) + 1 by floor((W − k₁)/s₁) + 1 positions (P in all), and target.n
 * must be nFilters·P. Post index = filter·P + position (filter-major). Position (c₁, c₂) of
 * filter f sees the pixels (c₁s₀ + k₁, c₂s₁ + k₂).
 *
 * input = s.view(B, −1)·w + b (event-driven, like Connection). Initial weights: U[0, 1) at the
 * local entries, then clamped (a bound infinite) or rescaled to wmin + w·(wmax − wmin).
 * `norm` is multiplied by K = k₀k₁ at construction, and `normalize()` scales each column to a
 * plain (signed) sum of that (columns summing to 0 are left alone).
 * `update` runs the rule, then zeroes the non-local entries (and those of a `mask` passed to
 * run), then applies Dale's rule.
 *
 * Fixes: the reference's pixel index uses the input height as the row stride (wrong for
 * non-square inputs); its output has no batch dimension (B > 1 fails); with wmin ≠ 0 its
 * non-local zeros become wmin and the mask (w == 0) is lost — here the mask is structural and
 * only local entries are initialised or rescaled; a user mask is applied in addition to the
 * structural one instead of replacing it.
 */
export class LocalConnection extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "kernelSize", "stride", "nFilters", "inputShape", "w", "b", "rng"];
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly nFilters: number;
  readonly inputShape: [number, number];
  readonly convSize: [number, number];
  readonly convProd: number;
  readonly kernelProd: number;
  /** locations[k·P + c]: the source index of kernel tap k at position c. */
  readonly locations: Int32Array;
  /** True at the non-local synapses (always 0). [source.n, target.n] bool. */
  readonly mask: Tensor;
  b: Tensor;
  private view: DenseSynapseView | null = null;

  constructor(opts: LocalConnectionOptions) {
    super(opts);
    const cls = "LocalConnection";
    const nPre = this.source.n;
    const nPost = this.target.n;
    this.kernelSize = tupleArg(cls, "kernelSize", opts.kernelSize, 2, undefined, 1) as [number, number];
    this.stride = tupleArg(cls, "stride", opts.stride, 2, undefined, 1) as [number, number];
    const F = opts.nFilters;
    if (typeof F !== "number" || !Number.isInteger(F) || F < 1) throw new ValueError(`${cls}: nFilters is ${fmtValue(F)}, expected a positive integer`);
    this.nFilters = F;
    const side = Math.floor(Math.sqrt(nPre));
    const ish = opts.inputShape ?? [side, side];
    if (!Array.isArray(ish) || ish.length !== 2 || ish.some((v) => !Number.isInteger(v) || v < 1) || ish[0]! * ish[1]! !== nPre) {
      throw new ShapeError(`${cls}: inputShape is ${fmtValue(ish)}, expected two positive integers whose product is source.n=${nPre}`);
    }
    const [H, W] = ish as [number, number];
    this.inputShape = [H, W];
    const [k0, k1] = this.kernelSize;
    const [s0, s1] = this.stride;
    if (k0 > H || k1 > W) throw new ShapeError(`${cls}: kernelSize is ${fmtShape(this.kernelSize)}, expected at most the input shape ${fmtShape([H, W])}`);
    this.convSize = [Math.floor((H - k0) / s0) + 1, Math.floor((W - k1) / s1) + 1];
    const P = (this.convProd = prod(this.convSize));
    const K = (this.kernelProd = k0 * k1);
    if (nPost !== F * P) {
      throw new ShapeError(`${cls}: target has ${nPost} neurons (shape ${fmtShape(this.target.shape)}), expected nFilters·convProd = ${F}·${P} = ${F * P} (conv size ${fmtShape(this.convSize)})`);
    }
    const loc = new Int32Array(K * P);
    for (let c1 = 0; c1 < this.convSize[0]; c1++) {
      for (let c2 = 0; c2 < this.convSize[1]; c2++) {
        const c = c1 * this.convSize[1] + c2;
        for (let a = 0; a < k0; a++) for (let bb = 0; bb < k1; bb++) loc[(a * k1 + bb) * P + c] = c1 * s0 * W + c2 * s1 + a * W + bb;
      }
    }
    this.locations = loc;
    const local = new Uint8Array(nPre * nPost);
    for (let f = 0; f < F; f++) for (let c = 0; c < P; c++) for (let k = 0; k < K; k++) local[loc[k * P + c]! * nPost + f * P + c] = 1;
    const maskData = new Uint8Array(nPre * nPost);
    for (let i = 0; i < maskData.length; i++) maskData[i] = local[i] ? 0 : 1;
    this.mask = new Tensor(maskData, [nPre, nPost], "bool");
    const shapeText = `[source.n=${nPre}, target.n=${nPost}]`;
    checkBoundShape(cls, "wmin", this.wmin, nPre * nPost, shapeText);
    checkBoundShape(cls, "wmax", this.wmax, nPre * nPost, shapeText);
    const given = opts.w ?? null;
    let w: Tensor;
    if (given === null) {
      w = zeros([nPre, nPost]);
      const d = w.data as Float32Array;
      const g = rngOption(cls, opts.rng) ?? defaultGenerator();
      for (let f = 0; f < F; f++) for (let c = 0; c < P; c++) for (let k = 0; k < K; k++) d[loc[k * P + c]! * nPost + f * P + c] = g.nextFloat32();
      const lo = boundAt(this.wmin);
      const hi = boundAt(this.wmax);
      const clamp = anyInfinite(this.wmin, this.wmax);
      for (let i = 0; i < d.length; i++) {
        if (!local[i]) continue;
        const l = lo(i);
        const h = hi(i);
        d[i] = clamp ? Math.min(Math.max(d[i]!, l), h) : fround(l + fround(d[i]! * fround(h - l)));
      }
    } else {
      w = givenWeights(cls, given, [nPre, nPost], shapeText, anyFinite(this.wmin) || anyFinite(this.wmax), this.wmin, this.wmax);
      const d = w.data as Float32Array;
      for (let i = 0; i < d.length; i++) if (!local[i]) d[i] = 0;
    }
    this.w = w;
    if (this.norm !== null) this.norm = (this.norm as number) * K;
    this.b = biasOption(cls, opts.b, nPost, `[target.n=${nPost}]`) ?? zeros([nPost]);
  }

  private batchOf(s: Tensor): number {
    return spikeBatch("LocalConnection", this.source, s);
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const B = this.batchOf(s);
    const nPost = this.target.n;
    checkOutLength("LocalConnection", out, B * nPost);
    this.w = ownWeights(this.w);
    kernels().spikeMatmul(out, spikeData(s), this.w.data as Float32Array, B, this.source.n, nPost);
    const bd = this.b.contiguousData();
    for (let r = 0; r < B; r++) for (let j = 0; j < nPost; j++) out[r * nPost + j] += bd[j]!;
  }

  override compute(s: Tensor): Tensor {
    return computeFresh(this, this.batchOf(s), s);
  }

  /** Rule (while learning), then the structural mask and any run mask, then Dale's rule. */
  override update(opts: UpdateOptions = {}): void {
    if (opts.learning ?? true) this.updateRule.update(opts);
    this.applyMask(this.mask);
    const m = opts.mask ?? null;
    if (m !== null) this.applyMask(m);
    if (this.dalesRule !== null) this.applyDalesRule(this.dalesRule);
  }

  ensureContiguousWeights(): void {
    this.w = ownWeights(this.w);
  }

  /** The dense synapse view (outer products, as Connection). */
  synapseView(): SynapseView {
    return (this.view ??= new DenseSynapseView(this, this.source.n, this.target.n, kernels));
  }

  override normalize(): void {
    if (this.norm === null) return;
    this.w = ownWeights(this.w);
    const nPre = this.source.n;
    const nPost = this.target.n;
    const w = this.w.data as Float32Array;
    const col = tsum0(w, nPre, nPost);
    const norm = fround(this.norm as number);
    for (let j = 0; j < nPost; j++) {
      const c = col[j]!;
      col[j] = c === 0 || Number.isNaN(c) ? 1 : fround(fround(1 / c) * norm);
    }
    for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) w[i * nPost + j] = fround(w[i * nPost + j]! * col[j]!);
  }
}
