/**
 * Synapse views (src/network/synapse-view.ts) of the convolutional, locally connected and
 * sparse connections, so every learning rule of src/learning/ runs on them unchanged.
 *
 * | view | weights | corr(pre_b, post_b)[e] |
 * |---|---|---|
 * | ConvSynapseView | w [C_out, C_in, *k] | Σ_l post[o, l]·cols(pre)[(c, kk), l], l in increasing order |
 * | LocalSynapseView | w [C_in, F·P, K] | post[n]·patch(pre)[c, n mod P, k] |
 * | SparseSynapseView | CSR values (nnz) | pre[i]·post[j] at the stored (i, j) |
 *
 * Every product is one float32 rounding; the conv sum over output positions runs in the order
 * of the reference's product (from zero, increasing position), and the batch reduction uses
 * torch's `sum(dim=0)` order for the element's index in w (in the dense [nPre, nPost] layout
 * for the sparse view, so a SparseConnection learns exactly like a Connection).
 */
import type { TypedArray } from "../../backend/dtype.js";
import { im2col, type Window3 } from "../../backend/index.js";
import { kernels } from "../../backend/backend.js";
import { type CorrelationOptions, type SpikeSide, type SynapseView, batchSumOrder, torchBatchSum } from "../synapse-view.js";

const fround = Math.fround;

/** What a view needs of its connection's weights. */
export interface WeightHost {
  readonly w: { readonly data: unknown; isContiguous(): boolean; readonly offset: number; readonly dtype: string; numel(): number };
  /** Makes `w` a contiguous float32 tensor at offset 0. */
  ensureContiguousWeights(): void;
}

function liveWeights(host: WeightHost): Float32Array {
  const w = host.w;
  if (!w.isContiguous() || w.offset !== 0 || w.dtype !== "float32" || (w.data as Float32Array).length !== w.numel()) host.ensureContiguousWeights();
  return host.w.data as Float32Array;
}

function typed(v: ArrayLike<number>): TypedArray {
  return ArrayBuffer.isView(v) ? (v as TypedArray) : Float32Array.from(v);
}

/**
 * target[e] ±= fround(scale · reduce_b per[b·size + e]) with the batch sum in torch's order for
 * index `index(e)` of an `orderN`-element tensor, mean = sum / B.
 */
function reduceInto(target: Float32Array, per: Float32Array, batch: number, size: number, opts: CorrelationOptions, orderN: number, index?: Int32Array): void {
  const scale = fround(opts.scale);
  const neg = opts.sign === -1;
  const mean = opts.reduction === "mean";
  for (let e = 0; e < size; e++) {
    let red = batch === 1 ? per[e]! : torchBatchSum(per, e, size, batch, batchSumOrder(index ? index[e]! : e, orderN));
    if (mean) red = fround(red / batch);
    if (red === 0) continue; // adding ±0 changes nothing but the sign of a zero weight
    const v = fround(scale * red);
    target[e] = neg ? target[e]! - v : target[e]! + v;
  }
}

/**
 * The part the conv and local views share: each correlates a sample into a scratch buffer of
 * `size` values (w's own layout), then reduces the buffer over the batch in torch's order.
 */
abstract class ScratchSynapseView implements SynapseView {
  readonly scalesOperand = false;
  private per = new Float32Array(0);

  constructor(
    private readonly host: WeightHost,
    readonly nPre: number,
    readonly nPost: number,
    readonly wShape: readonly number[],
    readonly size: number,
  ) {}

  weights(): Float32Array {
    return liveWeights(this.host);
  }

  abstract correlate(out: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, sparse?: SpikeSide): void;

  addCorrelation(target: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, opts: CorrelationOptions): void {
    const n = batch * this.size;
    if (this.per.length < n) this.per = new Float32Array(n);
    this.correlate(this.per, pre, post, batch, opts.sparse ?? null);
    reduceInto(target, this.per, batch, this.size, opts, this.size);
  }
}

/** Geometry of a convolution's view. */
export interface ConvViewGeometry {
  inChannels: number;
  outChannels: number;
  window: Window3;
  /** kernel taps per channel (prod k) */
  kernelProd: number;
  /** output positions per channel (prod out) */
  positions: number;
  nPre: number;
  nPost: number;
  wShape: readonly number[];
}

/**
 * Convolutions: the im2col'd presynaptic operand [C_in·k, L] against the postsynaptic one
 * [C_out, L], summed over the L output positions (weights are shared across positions).
 */
export class ConvSynapseView extends ScratchSynapseView {
  private cols: Float32Array;
  private readonly K: number;

  constructor(host: WeightHost, private readonly g: ConvViewGeometry) {
    super(host, g.nPre, g.nPost, g.wShape, g.outChannels * (g.inChannels * g.kernelProd));
    this.K = g.inChannels * g.kernelProd;
    this.cols = new Float32Array(this.K * g.positions);
  }

  correlate(out: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, sparse: SpikeSide = null): void {
    const { K, size, cols } = this;
    const L = this.g.positions;
    const O = this.g.outChannels;
    const p = typed(pre);
    for (let b = 0; b < batch; b++) {
      im2col(cols, p, b * this.nPre, this.g.inChannels, this.g.window);
      const o0 = b * size;
      out.fill(0, o0, o0 + size);
      const q0 = b * this.nPost;
      for (let o = 0; o < O; o++) {
        const row = o0 + o * K;
        for (let l = 0; l < L; l++) {
          const q = post[q0 + o * L + l]!;
          if (q === 0 && sparse === "post") continue;
          for (let ck = 0; ck < K; ck++) {
            const v = cols[ck * L + l]!;
            if (v === 0 && sparse === "pre") continue;
            out[row + ck] += fround(q * v);
          }
        }
      }
    }
  }
}

/** Geometry of a locally connected layer's view. */
export interface LocalViewGeometry {
  inChannels: number;
  /** post-synaptic neurons: nFilters · positions */
  nPostPerChannel: number;
  positions: number;
  kernelProd: number;
  /** elements of one input channel plane */
  plane: number;
  /** patchIdx[pos·K + k]: the flat index within a channel plane of tap k at position pos */
  patchIdx: Int32Array;
  nPre: number;
  wShape: readonly number[];
}

/**
 * Locally connected layers: every synapse has its own weight, corr[c, n, k] =
 * post[n]·pre[c, patch(n mod P, k)]. (The reference's PostPre reshapes a [N, C·K] result to
 * [C, N, K] without a permute, which is right only for C_in = 1; this view is right for any
 * C_in and equal to it for one channel.)
 */
export class LocalSynapseView extends ScratchSynapseView {
  constructor(host: WeightHost, private readonly g: LocalViewGeometry) {
    super(host, g.nPre, g.nPostPerChannel, g.wShape, g.inChannels * g.nPostPerChannel * g.kernelProd);
  }

  correlate(out: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, sparse: SpikeSide = null): void {
    const { inChannels: C, nPostPerChannel: N, positions: P, kernelProd: K, plane, patchIdx } = this.g;
    const size = this.size;
    for (let b = 0; b < batch; b++) {
      const o0 = b * size;
      const p0 = b * this.nPre;
      const q0 = b * N;
      for (let c = 0; c < C; c++) {
        const pc = p0 + c * plane;
        for (let n = 0; n < N; n++) {
          const q = post[q0 + n]!;
          const row = o0 + (c * N + n) * K;
          if (q === 0 && sparse === "post") {
            out.fill(0, row, row + K);
            continue;
          }
          const pi = (n % P) * K;
          for (let k = 0; k < K; k++) out[row + k] = q * pre[pc + patchIdx[pi + k]!]!;
        }
      }
    }
  }
}

/** What the sparse view needs of its connection. */
export interface CsrHost {
  /** CSR structure of w [nPre, nPost]; `values()` is the live storage. */
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  values(): Float32Array;
}

/**
 * Sparse weights: corr[p] = pre[i]·post[j] for each stored entry p = (i, j). Only stored
 * synapses exist and learn. The batch sum of entry p uses the order torch would use for
 * element i·nPost + j of the dense [nPre, nPost] weights, and the `scaleSide` form is the dense
 * path's, so the stored weights evolve bit for bit as a Connection's do.
 */
export class SparseSynapseView implements SynapseView {
  readonly scalesOperand = true;
  private term = new Float32Array(0);

  constructor(private readonly host: CsrHost, readonly nPre: number, readonly nPost: number) {}

  get size(): number {
    return this.host.colIdx.length;
  }

  get wShape(): readonly number[] {
    return [this.size];
  }

  weights(): Float32Array {
    return this.host.values();
  }

  correlate(out: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number): void {
    const { rowPtr, colIdx } = this.host;
    const nnz = colIdx.length;
    for (let b = 0; b < batch; b++) {
      const o = b * nnz;
      const pb = b * this.nPre;
      const qb = b * this.nPost;
      for (let i = 0; i < this.nPre; i++) {
        const a = pre[pb + i]!;
        for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) out[o + p] = a * post[qb + colIdx[p]!]!;
      }
    }
  }

  addCorrelation(target: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, opts: CorrelationOptions): void {
    const { rowPtr, colIdx } = this.host;
    const { nPre, nPost } = this;
    const scale = fround(opts.scale);
    const neg = opts.sign === -1;
    const sparse = opts.sparse ?? null;
    const side = opts.scaleSide ?? null;
    const k = kernels();
    if (batch === 1 && sparse !== null && isBinary(sparse === "pre" ? pre : post, sparse === "pre" ? nPre : nPost)) {
      // as in the dense view: with 0/1 spikes on the skipped side either factor may be scaled
      const sc = neg ? -scale : scale;
      if (sparse === "pre") k.csrOuterAddRows(target, rowPtr, colIdx, typed(pre), typed(post), sc, nPre);
      else k.csrOuterAddCols(target, rowPtr, colIdx, typed(pre), typed(post), sc, nPre);
      return;
    }
    if (this.term.length < batch) this.term = new Float32Array(batch);
    const t = this.term;
    const N = nPre * nPost;
    const mean = opts.reduction === "mean";
    for (let i = 0; i < nPre; i++) {
      if (sparse === "pre" && !anyNonZero(pre, i, nPre, batch)) continue;
      for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
        const j = colIdx[p]!;
        if (sparse === "post" && !anyNonZero(post, j, nPost, batch)) continue;
        for (let b = 0; b < batch; b++) {
          const a = pre[b * nPre + i]!;
          const q = post[b * nPost + j]!;
          t[b] = side === "pre" ? fround(a * scale) * q : side === "post" ? a * fround(scale * q) : a * q;
        }
        let red = torchBatchSum(t, 0, 1, batch, batchSumOrder(i * nPost + j, N));
        if (mean) red = fround(red / batch);
        const v = side === null ? fround(scale * red) : red;
        target[p] = neg ? target[p]! - v : target[p]! + v;
      }
    }
  }
}

function anyNonZero(v: ArrayLike<number>, i: number, n: number, batch: number): boolean {
  for (let b = 0; b < batch; b++) if (v[b * n + i] !== 0) return true;
  return false;
}

function isBinary(v: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (x !== 0 && x !== 1) return false;
  }
  return true;
}
