/**
 * The synapse view (src/network/synapse-view.ts) of a MulticompartmentConnection feature's
 * value, so the ordinary learning rules (PostPre, MSTDP, MSTDPET) learn a feature exactly as
 * they learn a connection: one weight per stored entry of the {@link FeatureStore}.
 *
 * | store | weights() | corr(pre_b, post_b) |
 * |---|---|---|
 * | dense [nPre, nPost] | the stored values (row-major) | pre[i]·post[j], as a Connection's |
 * | sparse (CSR), one copy | the stored values | pre[i]·post[j] at the stored (i, j), as a SparseConnection's |
 * | sparse with one copy per batch row | every copy's stored values | sample b's product on copy b's entries, 0 elsewhere |
 *
 * A float16 or bool store is learned through a float32 copy that {@link commit} writes back
 * (each value rounded to the stored dtype). A store with one copy per batch row declares
 * `copies`: its updates are not reduced over the batch (each copy takes its own sample's).
 */
import { kernels } from "../../backend/backend.js";
import { type CorrelationOptions, DenseSynapseView, type SpikeSide, type SynapseView } from "../synapse-view.js";
import { SparseSynapseView } from "../topology/synapse-views.js";
import type { FeatureStore } from "./feature-store.js";

const fround = Math.fround;

export class FeatureSynapseView implements SynapseView {
  readonly scalesOperand = true;
  readonly nPre: number;
  readonly nPost: number;
  readonly copies?: number;
  readonly commit?: () => void;
  /** The float32 copy of a store in another dtype (null: the store's own data). */
  private mirror: Float32Array | null;
  /** The view of a one-copy store (null: one copy per batch row, handled here). */
  private readonly inner: SynapseView | null;

  constructor(private readonly store: FeatureStore) {
    this.nPre = store.nPre;
    this.nPost = store.nPost;
    this.mirror = store.dtype === "float32" ? null : new Float32Array(store.size);
    // storage arrays are read from the store on every use: loading a network may replace them
    const values = (): Float32Array => this.mirror ?? (store.data as Float32Array);
    if (this.mirror !== null) {
      this.commit = (): void => {
        const m = this.mirror!;
        for (let k = 0; k < m.length; k++) {
          store.set(k, m[k]!);
          m[k] = store.get(k);
        }
      };
    }
    if (store.batch > 1) {
      this.copies = store.batch;
      this.inner = null;
    } else if (store.sparse) {
      this.inner = new SparseSynapseView(
        {
          get rowPtr(): Int32Array {
            return store.rowPtr!;
          },
          get colIdx(): Int32Array {
            return store.colIdx!;
          },
          values,
        },
        this.nPre,
        this.nPost,
      );
    } else {
      // the dense view's kernels never read its host (weights() is answered here)
      const host = { w: { shape: [this.nPre, this.nPost], numel: () => store.size, isContiguous: () => true, offset: 0, dtype: "float32", data: null }, ensureContiguousWeights: (): void => {} };
      this.inner = new DenseSynapseView(host, this.nPre, this.nPost, kernels);
    }
  }

  /** [nPre, nPost] for a dense store, else [size] (the stored entries). */
  get wShape(): readonly number[] {
    return this.store.sparse || this.store.batch > 1 ? [this.store.size] : [this.nPre, this.nPost];
  }

  get size(): number {
    return this.store.size;
  }

  weights(): Float32Array {
    if (this.mirror === null) return this.store.data as Float32Array;
    if (this.mirror.length !== this.store.size) this.mirror = new Float32Array(this.store.size);
    const m = this.mirror;
    // a fresh copy of the stored values (a rule commits what it writes before reading again)
    for (let k = 0; k < m.length; k++) m[k] = this.store.get(k);
    return m;
  }

  correlate(out: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, sparse: SpikeSide = null): void {
    if (this.inner !== null) {
      this.inner.correlate(out, pre, post, batch, sparse);
      return;
    }
    // one copy per batch row: sample b's products on copy b's entries, zeros elsewhere
    const s = this.store;
    const size = s.size;
    out.fill(0, 0, batch * size);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < s.nPre; i++) {
        const a = pre[b * s.nPre + i]!;
        for (let k = s.rowStart(b, i); k < s.rowEnd(b, i); k++) out[b * size + k] = a * post[b * s.nPost + s.col(k)]!;
      }
    }
  }

  addCorrelation(target: Float32Array, pre: ArrayLike<number>, post: ArrayLike<number>, batch: number, opts: CorrelationOptions): void {
    if (this.inner !== null) {
      this.inner.addCorrelation(target, pre, post, batch, opts);
      return;
    }
    // one copy per batch row: each entry takes its own sample's term, unreduced
    const s = this.store;
    const scale = fround(opts.scale);
    const neg = opts.sign === -1;
    const sparse = opts.sparse ?? null;
    const side = opts.scaleSide ?? null;
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < s.nPre; i++) {
        const a = pre[b * s.nPre + i]!;
        if (sparse === "pre" && a === 0) continue;
        for (let k = s.rowStart(b, i); k < s.rowEnd(b, i); k++) {
          const q = post[b * s.nPost + s.col(k)]!;
          if (sparse === "post" && q === 0) continue;
          const t = fround(side === "pre" ? fround(a * scale) * q : side === "post" ? a * fround(scale * q) : a * q);
          const v = side === null ? fround(scale * t) : t;
          target[k] = neg ? target[k]! - v : target[k]! + v;
        }
      }
    }
  }
}

const views = new WeakMap<FeatureStore, FeatureSynapseView>();

/** The synapse view of a store (one per store, made on first use; kept off the objects, so never saved). */
export function featureViewOf(store: FeatureStore): FeatureSynapseView {
  let v = views.get(store);
  if (v === undefined) views.set(store, (v = new FeatureSynapseView(store)));
  return v;
}
