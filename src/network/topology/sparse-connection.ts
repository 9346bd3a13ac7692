/** All-to-all-shaped connection with sparse (CSR) weights that compute and learn event-driven. */
import { kernels } from "../../backend/backend.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { type Generator, defaultGenerator } from "../../tensor/random.js";
import { SparseCOOTensor, SparseCSRTensor, fromDense, toCSR } from "../../tensor/sparse.js";
import { Tensor } from "../../tensor/tensor.js";
import { anyFinite, clampWeights } from "../learning-rule.js";
import { type SynapseView, batchSumOrder, torchBatchSum } from "../synapse-view.js";
import { biasOption, checkOutLength, computeFresh, spikeBatch } from "./compute-args.js";
import { AbstractConnection, type AbstractConnectionOptions } from "./abstract-connection.js";
import { SparseSynapseView } from "./synapse-views.js";
import { anyInfinite, boundAt, ownWeights, rngOption, spikeData } from "./weight-init.js";

const fround = Math.fround;

export interface SparseConnectionOptions extends AbstractConnectionOptions {
  /**
   * Initial weights: a dense [source.n, target.n] Tensor (its non-zero entries become the
   * synapses) or a SparseCSRTensor / SparseCOOTensor of that shape (every stored entry is a
   * synapse, explicit zeros included). Copied.
   */
  w?: Tensor | SparseCSRTensor | SparseCOOTensor | null;
  /** Fraction of absent synapses when `w` is not given (default 0: all present, as the reference). */
  sparsity?: number;
  /** Bias [target.n], added to every batch row. */
  b?: Tensor | null;
  rng?: Generator;
}

/**
 * A connection of shape [source.n, target.n] whose weights are stored as CSR: only the stored
 * synapses exist, compute, learn, clamp and normalise. Semantics are Connection's, entry for
 * entry: with the same weights (absent = 0) and a mask of the absent entries, a Connection
 * gives the same input and, under any learning rule, the same weights bit for bit.
 *
 * - `compute`: input[b, j] = Σ_i s[b, i]·w[i, j] + b[j] over the stored entries of the rows of
 *   spiking neurons (event-driven, rows in increasing order as the dense product sums).
 * - `w` is the live value storage, a float32 Tensor [nnz] in CSR order; `rowPtr`/`colIdx` hold
 *   the fixed structure and `toDense()` gives the [source.n, target.n] matrix.
 * - Bounds: numbers, or tensors of [source.n, target.n] (gathered onto the stored entries) or
 *   [nnz]. A given `w` is clamped when a bound is finite, a random one is drawn like
 *   Connection's (U[0, 1) clamped, or rescaled when both bounds are finite). Absent synapses stay
 *   absent (a dense Connection would clamp its zeros to wmin > 0).
 * - `normalize()`: Connection's rule (|w| column sums in torch's order, zero sums → 1,
 *   w ← w·reciprocal(sum)·norm) on the stored entries.
 * - masks ([source.n, target.n] or [nnz]) zero stored entries; Dale's rule takes one flag per
 *   presynaptic neuron, per dense entry, or per stored entry.
 *
 * The reference converts a dense Connection's w to a torch sparse tensor: its `sparsity`
 * argument is ignored, and masks, Dale's rule, clamping, `normalize` and every learning rule
 * fail on it. All of them work here.
 */
export class SparseConnection extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "w", "sparsity", "b", "rng"];
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  b: Tensor | null;
  private view: SparseSynapseView | null = null;

  constructor(opts: SparseConnectionOptions) {
    super(opts);
    const cls = "SparseConnection";
    const nPre = this.source.n;
    const nPost = this.target.n;
    const given = opts.w ?? null;
    let rowPtr: Int32Array;
    let colIdx: Int32Array;
    let values: Float32Array;
    let fromUser = false;
    if (given === null) {
      const q = opts.sparsity ?? 0;
      if (typeof q !== "number" || !(q >= 0 && q < 1)) throw new ValueError(`${cls}: sparsity is ${fmtValue(q)}, expected a number in [0, 1)`);
      const g = rngOption(cls, opts.rng) ?? defaultGenerator();
      rowPtr = new Int32Array(nPre + 1);
      const cols: number[] = [];
      for (let i = 0; i < nPre; i++) {
        for (let j = 0; j < nPost; j++) if (q === 0 || g.nextFloat32() >= q) cols.push(j);
        rowPtr[i + 1] = cols.length;
      }
      colIdx = Int32Array.from(cols);
      values = new Float32Array(colIdx.length);
      for (let p = 0; p < values.length; p++) values[p] = g.nextFloat32();
    } else {
      let csr: SparseCSRTensor;
      if (given instanceof Tensor) {
        if (given.ndim !== 2 || given.shape[0] !== nPre || given.shape[1] !== nPost) {
          throw new ShapeError(`${cls}: w has shape ${fmtShape(given.shape)}, expected [source.n=${nPre}, target.n=${nPost}]`);
        }
        csr = fromDense(given.to("float32"), "csr");
      } else if (given instanceof SparseCSRTensor || given instanceof SparseCOOTensor) {
        if (given.shape.length !== 2 || given.shape[0] !== nPre || given.shape[1] !== nPost) {
          throw new ShapeError(`${cls}: w has shape ${fmtShape(given.shape)}, expected [source.n=${nPre}, target.n=${nPost}]`);
        }
        csr = toCSR(given);
      } else throw new ValueError(`${cls}: w is ${fmtValue(given)}, expected a Tensor, SparseCSRTensor or SparseCOOTensor`);
      rowPtr = csr.rowPtr.slice();
      colIdx = csr.colIdx.slice();
      values = Float32Array.from(csr.values);
      fromUser = true;
    }
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    const nnz = colIdx.length;
    this.wmin = this.gatherBound("wmin", this.wmin);
    this.wmax = this.gatherBound("wmax", this.wmax);
    this.w = new Tensor(values, [nnz], "float32");
    if (fromUser) {
      if (anyFinite(this.wmin) || anyFinite(this.wmax)) clampWeights(this.w, this.wmin, this.wmax);
    } else if (anyInfinite(this.wmin, this.wmax)) clampWeights(this.w, this.wmin, this.wmax);
    else {
      const lo = boundAt(this.wmin);
      const hi = boundAt(this.wmax);
      for (let p = 0; p < nnz; p++) {
        const l = lo(p);
        values[p] = fround(l + fround(values[p]! * fround(hi(p) - l)));
      }
    }
    this.b = biasOption(cls, opts.b, nPost, `[target.n=${nPost}]`);
  }

  /** Number of stored synapses. */
  get nnz(): number {
    return this.colIdx.length;
  }

  /** A per-entry tensor ([source.n, target.n] or [nnz]) or a scalar, as a scalar or an [nnz] tensor. */
  private gatherPerEntry(arg: string, t: Tensor, op = "SparseConnection"): Float32Array {
    const nPre = this.source.n;
    const nPost = this.target.n;
    const nnz = this.colIdx.length;
    const d = t.to("float32").contiguousData();
    if (d.length === nnz) return Float32Array.from(d);
    if (d.length !== nPre * nPost) throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(t.shape)}, expected [source.n=${nPre}, target.n=${nPost}], [nnz=${nnz}] or one value`);
    const out = new Float32Array(nnz);
    for (let i = 0; i < nPre; i++) for (let p = this.rowPtr[i]!; p < this.rowPtr[i + 1]!; p++) out[p] = d[i * nPost + this.colIdx[p]!]!;
    return out;
  }

  private gatherBound(arg: string, b: number | Tensor): number | Tensor {
    if (typeof b === "number" || b.numel() === 1) return b;
    return new Tensor(this.gatherPerEntry(arg, b), [this.colIdx.length], "float32");
  }

  /** The live CSR values (w's storage). */
  values(): Float32Array {
    if (this.w.numel() !== this.colIdx.length) throw new ShapeError(`SparseConnection: w has shape ${fmtShape(this.w.shape)}, expected [nnz=${this.colIdx.length}] (the stored synapses)`);
    this.w = ownWeights(this.w);
    return this.w.data as Float32Array;
  }

  /** The weights as a SparseCSRTensor [source.n, target.n] (structure shared, values copied). */
  get wSparse(): SparseCSRTensor {
    return new SparseCSRTensor(this.rowPtr, this.colIdx, this.values().slice(), [this.source.n, this.target.n], "float32");
  }

  /** The dense [source.n, target.n] weights (absent synapses are 0). */
  toDense(): Tensor {
    const nPost = this.target.n;
    const out = zeros([this.source.n, nPost]);
    const d = out.data as Float32Array;
    const v = this.values();
    for (let i = 0; i < this.source.n; i++) for (let p = this.rowPtr[i]!; p < this.rowPtr[i + 1]!; p++) d[i * nPost + this.colIdx[p]!] = v[p]!;
    return out;
  }

  private batchOf(s: Tensor): number {
    return spikeBatch("SparseConnection", this.source, s, true);
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const B = this.batchOf(s);
    const nPost = this.target.n;
    checkOutLength("SparseConnection", out, B * nPost);
    kernels().spikeMatmulCSR(out, spikeData(s), this.rowPtr, this.colIdx, this.values(), B, this.source.n, nPost);
    if (this.b !== null) {
      const bd = this.b.contiguousData();
      for (let r = 0; r < B; r++) for (let j = 0; j < nPost; j++) out[r * nPost + j] += bd[j]!;
    }
  }

  override compute(s: Tensor): Tensor {
    return computeFresh(this, this.batchOf(s), s);
  }

  protected override applyMask(mask: Tensor): void {
    const m = this.gatherPerEntry("mask", mask, "SparseConnection.update");
    const v = this.values();
    for (let p = 0; p < v.length; p++) if (m[p]) v[p] = 0;
  }

  protected override applyDalesRule(D: Tensor): void {
    const v = this.values();
    const nPre = this.source.n;
    let flag: (p: number, i: number) => boolean;
    if (D.numel() === nPre && D.numel() !== this.colIdx.length) {
      const d = D.contiguousData();
      flag = (_p, i) => d[i] !== 0;
    } else {
      const d = this.gatherPerEntry("dalesRule", D, "SparseConnection.update");
      flag = (p) => d[p] !== 0;
    }
    for (let i = 0; i < nPre; i++) {
      for (let p = this.rowPtr[i]!; p < this.rowPtr[i + 1]!; p++) {
        const x = v[p]!;
        if (flag(p, i) ? x < 0 : x > 0) v[p] = 0;
      }
    }
  }

  ensureContiguousWeights(): void {
    this.values();
  }

  /** The synapse view learning rules update the stored values through. */
  synapseView(): SynapseView {
    return (this.view ??= new SparseSynapseView(this, this.source.n, this.target.n));
  }

  override normalize(): void {
    if (this.norm === null) return;
    const nPre = this.source.n;
    const nPost = this.target.n;
    const v = this.values();
    // CSC order of the stored entries, to sum each column in the dense product's order
    const cnt = new Int32Array(nPost + 1);
    for (let p = 0; p < v.length; p++) cnt[this.colIdx[p]! + 1]!++;
    for (let j = 0; j < nPost; j++) cnt[j + 1] += cnt[j]!;
    const fill = cnt.slice(0, nPost);
    const rows = new Int32Array(v.length);
    const pos = new Int32Array(v.length);
    for (let i = 0; i < nPre; i++) {
      for (let p = this.rowPtr[i]!; p < this.rowPtr[i + 1]!; p++) {
        const k = fill[this.colIdx[p]!]!++;
        rows[k] = i;
        pos[k] = p;
      }
    }
    const col = new Float32Array(nPre);
    const norm = fround(this.norm as number);
    const factor = new Float32Array(nPost);
    for (let j = 0; j < nPost; j++) {
      const k0 = cnt[j]!;
      const k1 = cnt[j + 1]!;
      for (let k = k0; k < k1; k++) col[rows[k]!] = Math.abs(v[pos[k]!]!);
      // torch's |w|.sum(0) over the dense column: the absent zeros change no partial sum
      const s = k1 > k0 ? torchBatchSum(col, 0, 1, nPre, batchSumOrder(j, nPost)) : 0;
      for (let k = k0; k < k1; k++) col[rows[k]!] = 0;
      factor[j] = fround(fround(1 / (s === 0 ? 1 : s)) * norm);
    }
    for (let p = 0; p < v.length; p++) v[p] = fround(v[p]! * factor[this.colIdx[p]!]!);
  }
}
