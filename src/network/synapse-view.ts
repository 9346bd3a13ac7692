/**
 * The synapse view: how a connection lays its presynaptic quantities against its postsynaptic
 * ones, so that every learning rule (src/learning/) is written once for all connection types.
 *
 * A rule only ever needs "correlations" between a per-neuron quantity of the source layer
 * (spikes `s`, trace `x`, MSTDP's `pPlus`, ...) and one of the target layer. What a
 * correlation means depends on the connection:
 *
 * | connection | weight storage | corr(pre, post) for one sample |
 * |---|---|---|
 * | Connection (dense), legacy LocalConnection | w [nPre, nPost] | pre[i]·post[j] (outer product) |
 * | SparseConnection | the stored values of w (CSR order) | pre[i]·post[j] at the stored (i, j) |
 * | Conv1d/2d/3d | w [C_out, C_in, *k] | Σ_l post[o, l]·cols(pre)[(c, kk), l]: im2col'd pre [C_in·k, L] against post [C_out, L], summed over the L output positions (shared weights) |
 * | LocalConnection1D/2D/3D | w [C_in, F·P, K] | post[n]·patch(pre)[c, n, k]: the same products per position, not summed |
 *
 * Operands are always given in layer space, flattened per sample: `pre` is [B, source.n] and
 * `post` is [B, target.n] (row-major, sample b at offset b·n); the view does any unfolding
 * itself. Results are laid out like the view's weight storage (`size` values per sample).
 */

/** Which operand holds spikes: the view may skip its zero entries (event-driven). */
export type SpikeSide = "pre" | "post" | null;

/** torch.sum / torch.mean over the batch dimension (0) of a [B, *w] tensor. */
export type BatchReduction = "sum" | "mean";

/** Options of {@link SynapseView.addCorrelation}. */
export interface CorrelationOptions {
  /**
   * Multiplier (rounded to float32). Unless `scaleSide` is set, it multiplies the
   * batch-reduced correlation: target += sign · scale · reduce_b corr(pre_b, post_b).
   */
  scale: number;
  /**
   * −1 subtracts the scaled reduction (PostPre's depression), 1 (default) adds it. Applied
   * last, so a custom (non-linear) reduction sees the terms with their own sign.
   */
  sign?: 1 | -1;
  /** How the per-sample correlations are reduced over the batch. */
  reduction: BatchReduction;
  /**
   * The operand holding spikes (0/1), whose zero entries contribute nothing: the view visits
   * only the rows (pre) or columns (post) where some sample has a non-zero value. Results are
   * equal to the dense form either way (as float32 values; a zero weight may change sign).
   */
  sparse?: SpikeSide;
  /**
   * Multiply this operand by `scale` before the product instead of scaling the reduced
   * result: target += reduce_b corr(pre_b, scale·post_b). The reference's PostPre does this on
   * its dense path only; a view with `scalesOperand = false` treats the option as absent.
   */
  scaleSide?: SpikeSide;
}

/**
 * What a connection gives the learning rules. Implementations must be exact: every product is
 * one float32 rounding, and sums over positions use the order the reference's product uses.
 */
export interface SynapseView {
  /** The shape of `w` (the layout of one sample's correlation when storage is dense). */
  readonly wShape: readonly number[];
  /** Number of stored weights (values per sample of a correlation): w.numel(), or nnz for CSR. */
  readonly size: number;
  /** source.n: length of one sample of a `pre` operand. */
  readonly nPre: number;
  /** target.n: length of one sample of a `post` operand. */
  readonly nPost: number;
  /**
   * True when the reference multiplies PostPre's trace by nu *before* the product (dense path:
   * Connection, SparseConnection, legacy LocalConnection); false when it scales the reduced
   * product (convolutions, LocalConnection1D/2D/3D). Only PostPre reads it.
   */
  readonly scalesOperand: boolean;
  /**
   * Optional: where the stored weights sit in the reference's dense weight tensor, for the
   * order of batch sums (see {@link torchBatchSum}): element e of the storage is element
   * `index[e]` of a tensor of `n` elements. Absent: storage order (n = size, identity). A
   * sparse view sets it to the dense [nPre, nPost] positions, so rules that keep per-sample
   * state (MSTDP, MSTDPET, Rmax) reduce it exactly as the dense reference does.
   */
  readonly batchOrder?: { readonly n: number; readonly index: Int32Array };
  /**
   * Optional: the number of weight copies when every sample of the batch has its own weights
   * (a feature value with one copy per batch row). The batch size must equal it, and a batch
   * "reduction" takes each weight's own sample's term (nothing else contributes to it).
   */
  readonly copies?: number;
  /**
   * The live weight storage, float32 and contiguous, that rules update in place (dense: w's
   * data in row-major order; sparse: the CSR values). The view makes w contiguous if needed.
   * A view whose storage is not float32 (a float16 or bool feature value) returns a float32
   * copy and has {@link commit}.
   */
  weights(): Float32Array;
  /**
   * Present only when `weights()` is a float32 copy of storage in another dtype: writes the
   * copy back (each value rounded to the stored dtype) and re-reads the rounded values into
   * it. Rules call it after each phase of writes, so every phase rounds as an in-place
   * operation on the stored dtype does.
   */
  readonly commit?: () => void;
  /**
   * Per-sample correlations: out[b·size + e] = corr(pre_b, post_b)[e] for b < batch, every
   * element overwritten. `sparse` names an operand whose zeros may be skipped.
   */
  correlate(out: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, sparse?: SpikeSide): void;
  /**
   * target[e] += sign · scale · reduce_b corr(pre_b, post_b)[e] (or the `scaleSide` form), with the
   * batch sum in torch's `sum(dim=0)` order ({@link torchBatchSum}) and `mean` = sum / batch,
   * each step one float32 rounding. `target` has `size` elements (usually `weights()`).
   * With `sparse`, only weights with a non-zero spike on that side are touched.
   */
  addCorrelation(target: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, opts: CorrelationOptions): void;
}

/** A connection that learning rules can update. */
export interface HasSynapseView {
  synapseView(): SynapseView;
}

/** True when `c` implements {@link HasSynapseView}. */
export function hasSynapseView(c: unknown): c is HasSynapseView {
  return !!c && typeof (c as { synapseView?: unknown }).synapseView === "function";
}

// ---------------------------------------------------------------------------------------
// torch's order of a sum over the batch
// ---------------------------------------------------------------------------------------

const fround = Math.fround;

/**
 * The order in which torch.sum(t, 0) adds the B terms of element `e` of a contiguous float32
 * [B, N] tensor: "cascade" (in order from zero, folded every 16+ rows: columns in blocks of 32,
 * or of 4 when N < 8), "quad" (four interleaved partial sums: the other columns), "all" (N = 1:
 * an inner sum with 8-wide lanes). See src/backend/numerics.ts `tsum0`.
 */
export type BatchSumOrder = "cascade" | "quad" | "all";

export function batchSumOrder(e: number, N: number): BatchSumOrder {
  if (N === 1) return "all";
  if (N >= 8) return e < 32 * Math.floor(N / 32) ? "cascade" : "quad";
  return e < 4 * Math.floor(N / 4) ? "cascade" : "quad";
}

function ceilLog2(x: number): number {
  let k = 0;
  while (2 ** k < x) k++;
  return k;
}

/** One column of torch's multi_row_sum over t[start], t[start+stride], ... (`size` terms). */
function cascade(t: ArrayLike<number>, start: number, stride: number, size: number): number {
  const power = Math.max(4, Math.floor(ceilLog2(size) / 4));
  const step = 1 << power;
  const mask = step - 1;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  while (i + step <= size) {
    for (let r = 0; r < step; r++) a0 = fround(a0 + t[start + stride * i++]!);
    a1 = fround(a1 + a0);
    a0 = 0;
    if (i & (mask << power)) continue;
    a2 = fround(a2 + a1);
    a1 = 0;
    if (i & (mask << (2 * power))) continue;
    a3 = fround(a3 + a2);
    a2 = 0;
  }
  while (i < size) a0 = fround(a0 + t[start + stride * i++]!);
  return fround(fround(fround(a0 + a1) + a2) + a3);
}

/** One column of torch's row_sum: term i to partial i % 4 (leftovers to 0), then p0+p1+p2+p3. */
function quad(t: ArrayLike<number>, start: number, stride: number, size: number): number {
  const n4 = Math.floor(size / 4);
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  if (n4 > 0) {
    p0 = cascade(t, start, 4 * stride, n4);
    p1 = cascade(t, start + stride, 4 * stride, n4);
    p2 = cascade(t, start + 2 * stride, 4 * stride, n4);
    p3 = cascade(t, start + 3 * stride, 4 * stride, n4);
  }
  for (let i = 4 * n4; i < size; i++) p0 = fround(p0 + t[start + stride * i]!);
  return fround(fround(fround(p0 + p1) + p2) + p3);
}

/** torch.sum of a short contiguous vector (N = 1 case: 8-wide lanes from 8 terms on). */
function innerSum(t: ArrayLike<number>, start: number, stride: number, size: number): number {
  if (size < 8) return quad(t, start, stride, size);
  const nv = Math.floor(size / 8);
  const lanes = new Float32Array(8);
  for (let k = 0; k < 8; k++) {
    // lane k sums rows v·8 + k in row_sum order over the nv vectors
    lanes[k] = quad(t, start + k * stride, 8 * stride, nv);
  }
  let acc = 0;
  for (let k = nv * 8; k < size; k++) acc = fround(acc + t[start + stride * k]!);
  for (let k = 0; k < 8; k++) acc = fround(acc + lanes[k]!);
  return acc;
}

/**
 * The B terms t[start + b·stride] summed as torch.sum(dim=0) sums element `e` of a [B, N]
 * float32 tensor (bit-exact). `order` comes from {@link batchSumOrder}(e, N).
 */
export function torchBatchSum(t: ArrayLike<number>, start: number, stride: number, B: number, order: BatchSumOrder): number {
  if (B === 1) return fround(0 + t[start]!);
  if (order === "cascade") return cascade(t, start, stride, B);
  if (order === "quad") return quad(t, start, stride, B);
  return innerSum(t, start, stride, B);
}

// ---------------------------------------------------------------------------------------
// The dense view (Connection; reused by the legacy LocalConnection and SparseConnection's
// dense-layout cousins)
// ---------------------------------------------------------------------------------------

/** What the dense view needs of its connection. */
export interface DenseViewHost {
  w: { shape: readonly number[]; numel(): number; isContiguous(): boolean; offset: number; dtype: string; data: unknown };
  /** Makes `w` a contiguous float32 tensor at offset 0 (called when it is not). */
  ensureContiguousWeights(): void;
}

/**
 * Dense all-to-all synapses: corr(pre, post)[i, j] = pre[i]·post[j] (one float32 rounding),
 * w [nPre, nPost]. Event-driven: with `sparse = "pre"` only rows i with a spike in some sample
 * are touched, with `"post"` only such columns; for one sample of 0/1 spikes the update runs
 * through the backend's restricted outer-product kernels (`outerAddRows` / `outerAddCols`).
 */
export class DenseSynapseView implements SynapseView {
  readonly scalesOperand = true;
  private term = new Float32Array(0);
  private rows = new Int32Array(0);
  private cols = new Int32Array(0);

  constructor(
    private readonly host: DenseViewHost,
    readonly nPre: number,
    readonly nPost: number,
    private readonly kernels: () => {
      outerAddRows(w: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, scale: number, nPre: number, nPost: number): void;
      outerAddCols(w: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, scale: number, nPre: number, nPost: number): void;
      outerAddRowsBatch(w: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, scale: number, batch: number, nPre: number, nPost: number): void;
      outerAddColsBatch(w: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, scale: number, batch: number, nPre: number, nPost: number): void;
    },
  ) {}

  get wShape(): readonly number[] {
    return [this.nPre, this.nPost];
  }

  get size(): number {
    return this.nPre * this.nPost;
  }

  weights(): Float32Array {
    const w = this.host.w;
    if (!w.isContiguous() || w.offset !== 0 || w.dtype !== "float32") this.host.ensureContiguousWeights();
    return this.host.w.data as Float32Array;
  }

  /** Indices of the rows (side "pre") or columns ("post") with a non-zero entry in some sample. */
  private active(side: "pre" | "post", v: ArrayLike<number>, batch: number): Int32Array {
    const n = side === "pre" ? this.nPre : this.nPost;
    let buf = side === "pre" ? this.rows : this.cols;
    if (buf.length < n + 1) {
      buf = new Int32Array(n + 1);
      if (side === "pre") this.rows = buf;
      else this.cols = buf;
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < batch; b++) {
        if (v[b * n + i] !== 0) {
          buf[k++] = i;
          break;
        }
      }
    }
    buf[n] = k; // count, stored past the indices
    return buf;
  }

  correlate(out: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, sparse: SpikeSide = null): void {
    const { nPre, nPost } = this;
    const N = nPre * nPost;
    for (let b = 0; b < batch; b++) {
      const o = b * N;
      const pb = b * nPre;
      const qb = b * nPost;
      if (sparse === "pre") {
        out.fill(0, o, o + N);
        for (let i = 0; i < nPre; i++) {
          const a = pre[pb + i]!;
          if (a === 0) continue;
          const r = o + i * nPost;
          for (let j = 0; j < nPost; j++) out[r + j] = a * post[qb + j]!;
        }
      } else if (sparse === "post") {
        out.fill(0, o, o + N);
        for (let j = 0; j < nPost; j++) {
          const q = post[qb + j]!;
          if (q === 0) continue;
          for (let i = 0; i < nPre; i++) out[o + i * nPost + j] = pre[pb + i]! * q;
        }
      } else {
        for (let i = 0; i < nPre; i++) {
          const a = pre[pb + i]!;
          const r = o + i * nPost;
          for (let j = 0; j < nPost; j++) out[r + j] = a * post[qb + j]!;
        }
      }
    }
  }

  addCorrelation(target: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, opts: CorrelationOptions): void {
    const { nPre, nPost } = this;
    const N = nPre * nPost;
    const scale = fround(opts.scale);
    const neg = opts.sign === -1;
    const sparse = opts.sparse ?? null;
    const side = opts.scaleSide ?? null;
    // One sample of 0/1 spikes: fround(scale·1)·v = fround(scale·v) whichever factor is scaled
    // first, so the backend's restricted kernels give the dense numbers.
    if (batch === 1 && sparse !== null && isBinary(sparse === "pre" ? pre : post, sparse === "pre" ? nPre : nPost)) {
      // negation is exact, so the sign can ride on the scale here
      const sc = neg ? -scale : scale;
      if (sparse === "pre") this.kernels().outerAddRows(target, pre, post, sc, nPre, nPost);
      else this.kernels().outerAddCols(target, pre, post, sc, nPre, nPost);
      return;
    }
    // Up to 16 samples of 0/1 spikes, summed, the operand scaled first (PostPre's dense form),
    // on columns torch sums by its cascade (every e when N is a multiple of 32, or of 4 under
    // 8): torch's batch sum of ≤ 16 terms is then the sum in batch order from zero, what the
    // backend's batched row/column kernels compute (each term fround(scale·v), negation exact).
    if (batch <= 16 && sparse !== null && side === "post" && opts.reduction === "sum" && N % (N >= 8 ? 32 : 4) === 0 && N > 1 && isBinary(sparse === "pre" ? pre : post, batch * (sparse === "pre" ? nPre : nPost))) {
      const sc = neg ? -scale : scale;
      if (sparse === "pre") this.kernels().outerAddRowsBatch(target, pre, post, sc, batch, nPre, nPost);
      else this.kernels().outerAddColsBatch(target, pre, post, sc, batch, nPre, nPost);
      return;
    }
    const rows = sparse === "pre" ? this.active("pre", pre, batch) : null;
    const cols = sparse === "post" ? this.active("post", post, batch) : null;
    const nr = rows ? rows[nPre]! : nPre;
    const nc = cols ? cols[nPost]! : nPost;
    if (this.term.length < batch) this.term = new Float32Array(batch);
    const t = this.term;
    const mean = opts.reduction === "mean";
    for (let ri = 0; ri < nr; ri++) {
      const i = rows ? rows[ri]! : ri;
      for (let ci = 0; ci < nc; ci++) {
        const j = cols ? cols[ci]! : ci;
        for (let b = 0; b < batch; b++) {
          const a = pre[b * nPre + i]!;
          const q = post[b * nPost + j]!;
          t[b] = side === "pre" ? fround(a * scale) * q : side === "post" ? a * fround(scale * q) : a * q;
        }
        const e = i * nPost + j;
        let red = torchBatchSum(t, 0, 1, batch, batchSumOrder(e, N));
        if (mean) red = fround(red / batch);
        const v = side === null ? fround(scale * red) : red;
        target[e] = neg ? target[e]! - v : target[e]! + v;
      }
    }
  }
}

function isBinary(v: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (x !== 0 && x !== 1) return false;
  }
  return true;
}
