/**
 * The weightless connections of converted networks (BindsNET's
 * `bindsnet/conversion/topology.py`): a permutation of the source's dims and constant padding.
 *
 * Fixes: the reference classes lack the abstract `update`/`reset_state_variables` overrides
 * and so cannot be instantiated, and they pass `weight_decay` into the `reduction` slot of the
 * base constructor; here both are ordinary connections (`weightDecay` is kept as given) whose
 * `update` does nothing (there are no weights).
 */
import { ValueError, fmtShape, fmtValue } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { AbstractConnection, type AbstractConnectionOptions, type UpdateOptions } from "../network/topology/abstract-connection.js";
import { checkOutLength, computeFresh, spikeBatch } from "../network/topology/compute-args.js";
import { NoOp } from "../network/learning-rule.js";
import { spikeData } from "../network/topology/weight-init.js";

function noLearning(cls: string, opts: AbstractConnectionOptions): void {
  if (opts.updateRule !== undefined && opts.updateRule !== NoOp) {
    throw new ValueError(`${cls}: updateRule is ${fmtValue((opts.updateRule as { name?: string }).name ?? opts.updateRule)}, expected none (the connection has no weights to learn)`);
  }
}

export interface PermuteConnectionOptions extends AbstractConnectionOptions {
  /**
   * A permutation of the dims of the batched spikes [B, ...source.shape], as given to torch's
   * `permute` (the reference applies it to the batched tensor); dims[0] must be 0.
   */
  dims: readonly number[];
}

/**
 * Passes the source's spikes (or values) on with their dims permuted:
 * input = s.permute(dims), as float32. The target's shape must be the permuted source shape.
 */
export class PermuteConnection extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "dims"];
  readonly dims: readonly number[];
  /** source.shape[dims[i+1] − 1]: the target shape. */
  readonly outShape: readonly number[];
  private readonly srcIndex: Int32Array;

  constructor(opts: PermuteConnectionOptions) {
    super(opts);
    const cls = "PermuteConnection";
    noLearning(cls, opts);
    const nd = this.source.shape.length + 1;
    const d = opts.dims;
    if (!Array.isArray(d) || d.length !== nd || !d.every((v) => Number.isInteger(v) && v >= 0 && v < nd) || new Set(d).size !== nd || d[0] !== 0) {
      throw new ValueError(`${cls}: dims is ${fmtValue(d)}, expected a permutation of 0..${nd - 1} (the dims of [B, ...source.shape=${fmtShape(this.source.shape)}]) starting with 0`);
    }
    this.dims = Object.freeze([...d]);
    const sh = this.source.shape;
    this.outShape = Object.freeze(d.slice(1).map((k) => sh[k - 1]!));
    if (this.target.shape.length !== this.outShape.length || this.target.shape.some((v, i) => v !== this.outShape[i])) {
      throw new ValueError(`${cls}: target has shape ${fmtShape(this.target.shape)}, expected ${fmtShape(this.outShape)} (source shape ${fmtShape(sh)} permuted by dims ${fmtShape(d)})`);
    }
    // for every output element (per batch row), the flat index of the source element it copies
    const srcStrides = new Array<number>(sh.length).fill(1);
    for (let i = sh.length - 2; i >= 0; i--) srcStrides[i] = srcStrides[i + 1]! * sh[i + 1]!;
    const perm = d.slice(1).map((k) => k - 1);
    const n = this.source.n;
    const idx = new Int32Array(n);
    const pos = new Array<number>(perm.length).fill(0);
    for (let o = 0; o < n; o++) {
      let src = 0;
      for (let a = 0; a < perm.length; a++) src += pos[a]! * srcStrides[perm[a]!]!;
      idx[o] = src;
      for (let a = perm.length - 1; a >= 0; a--) {
        if (++pos[a]! < this.outShape[a]!) break;
        pos[a] = 0;
      }
    }
    this.srcIndex = idx;
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const B = spikeBatch("PermuteConnection", this.source, s);
    const n = this.source.n;
    checkOutLength("PermuteConnection", out, B * n);
    const x = spikeData(s);
    const idx = this.srcIndex;
    for (let b = 0; b < B; b++) for (let o = 0; o < n; o++) out[b * n + o] = Number(x[b * n + idx[o]!]!);
  }

  override compute(s: Tensor): Tensor {
    return computeFresh(this, spikeBatch("PermuteConnection", this.source, s), s);
  }

  /** No weights: nothing to learn, mask or sign-constrain. */
  override update(_opts: UpdateOptions = {}): void {}
}

export interface ConstantPad2dConnectionOptions extends AbstractConnectionOptions {
  /** Padding of the last two dims: one integer, or (left, right, top, bottom) as in torch. */
  padding: number | readonly number[];
  /** The value of the padded positions, passed on every step (default 0). */
  value?: number;
}

/**
 * Passes the source's spikes (or values) on with its last two dims padded by a constant:
 * source [.., H, W] → target [.., top + H + bottom, left + W + right]. A nonzero `value`
 * reaches the next layer on every step, i.e. as a constant rate, which is what the padded
 * ANN activation means.
 */
export class ConstantPad2dConnection extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "padding", "value"];
  readonly padding: readonly [number, number, number, number];
  readonly value: number;

  constructor(opts: ConstantPad2dConnectionOptions) {
    super(opts);
    const cls = "ConstantPad2dConnection";
    noLearning(cls, opts);
    const p = opts.padding;
    const vals = typeof p === "number" ? [p, p, p, p] : Array.isArray(p) ? [...(p as number[])] : null;
    if (vals === null || vals.length !== 4 || vals.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new ValueError(`${cls}: padding is ${fmtValue(p)}, expected a non-negative integer or 4 of them (left, right, top, bottom)`);
    }
    this.padding = Object.freeze(vals as [number, number, number, number]);
    const value = opts.value ?? 0;
    if (typeof value !== "number" || !Number.isFinite(value)) throw new ValueError(`${cls}: value is ${fmtValue(value)}, expected a finite number`);
    this.value = value;
    const sh = this.source.shape;
    if (sh.length < 2) throw new ValueError(`${cls}: source has shape ${fmtShape(sh)}, expected at least 2 dims [.., H, W]`);
    const [l, r, t, b] = this.padding;
    const want = [...sh.slice(0, -2), sh[sh.length - 2]! + t + b, sh[sh.length - 1]! + l + r];
    if (this.target.shape.length !== want.length || this.target.shape.some((v, i) => v !== want[i])) {
      throw new ValueError(`${cls}: target has shape ${fmtShape(this.target.shape)}, expected ${fmtShape(want)} (source shape ${fmtShape(sh)} padded by ${fmtShape(this.padding)})`);
    }
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const B = spikeBatch("ConstantPad2dConnection", this.source, s);
    const nOut = this.target.n;
    checkOutLength("ConstantPad2dConnection", out, B * nOut);
    const x = spikeData(s);
    const sh = this.source.shape;
    const H = sh[sh.length - 2]!;
    const W = sh[sh.length - 1]!;
    const [l, r, t, b] = this.padding;
    const H2 = H + t + b;
    const W2 = W + l + r;
    const planes = (B * this.source.n) / (H * W || 1);
    out.fill(Math.fround(this.value));
    for (let p = 0; p < planes; p++) {
      for (let i = 0; i < H; i++) {
        const so = (p * H + i) * W;
        const d = (p * H2 + i + t) * W2 + l;
        for (let j = 0; j < W; j++) out[d + j] = Number(x[so + j]!);
      }
    }
  }

  override compute(s: Tensor): Tensor {
    return computeFresh(this, spikeBatch("ConstantPad2dConnection", this.source, s), s);
  }

  /** No weights: nothing to learn, mask or sign-constrain. */
  override update(_opts: UpdateOptions = {}): void {}
}
