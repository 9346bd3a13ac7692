/** The mean-field connection: one weight times the mean activity of the source. */
import { tsumAll } from "../../backend/numerics.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { type Generator, defaultGenerator } from "../../tensor/random.js";
import { Tensor } from "../../tensor/tensor.js";
import { NoOp, clampWeights } from "../learning-rule.js";
import { checkTensorValues } from "../nodes/nodes.js";
import { AbstractConnection, type AbstractConnectionOptions } from "./abstract-connection.js";
import { anyInfinite, boundAt, checkBoundShape, rngOption } from "./weight-init.js";

const fround = Math.fround;

export interface MeanFieldConnectionOptions extends AbstractConnectionOptions {
  /**
   * The weight: a number or a one-element Tensor (default (N(0,1) + 1)/10), or one weight per
   * target neuron (a Tensor of target.n elements, as BindsNET's broadcasting allows).
   */
  w?: number | Tensor | null;
  rng?: Generator;
}

/**
 * input[b, ...] = w · mean(s) for every target neuron and every batch row, the mean taken over
 * all batch rows and all source neurons together (torch's summation order), w a scalar
 * (0-d float32 tensor).
 *
 * Initial w: (N(0, 1) + 1)/10, clamped to [wmin, wmax] when a bound is infinite, else rescaled
 * to wmin + w·(wmax − wmin). A given `w` is clamped only when a bound is infinite (the
 * convolution rule, as in the reference).
 *
 * Fixes: the reference passes `weightDecay` into the `reduction` slot (so it never decays);
 * here `weightDecay` is the weight decay. Its `normalize` crashes; here, with `norm`,
 * w ← w·norm/|w| (w = 0 is left alone), the |w|-sum rule of Connection for one weight.
 * No learning rule supports this connection (as in the reference), so `updateRule` must be
 * left out.
 */
export class MeanFieldConnection extends AbstractConnection {
  static override readonly optionKeys: readonly string[] = [...AbstractConnection.optionKeys, "w", "rng"];
  constructor(opts: MeanFieldConnectionOptions) {
    super(opts);
    const cls = "MeanFieldConnection";
    if (opts.updateRule !== undefined && opts.updateRule !== NoOp) {
      throw new ValueError(`${cls}: updateRule is ${typeof opts.updateRule === "function" ? opts.updateRule.name : fmtValue(opts.updateRule)}, expected none (no learning rule supports a mean-field connection)`);
    }
    checkBoundShape(cls, "wmin", this.wmin, 1, "[]");
    checkBoundShape(cls, "wmax", this.wmax, 1, "[]");
    const given = opts.w ?? null;
    const perTarget = given instanceof Tensor && given.numel() !== 1 && given.numel() === this.target.n;
    const w = perTarget ? new Tensor(new Float32Array(this.target.n), [this.target.n], "float32") : new Tensor(new Float32Array(1), [], "float32");
    const d = w.data as Float32Array;
    const inf = anyInfinite(this.wmin, this.wmax);
    if (given === null) {
      const g = rngOption(cls, opts.rng) ?? defaultGenerator();
      d[0] = (g.nextNormal() + 1) / 10;
      if (inf) clampWeights(w, this.wmin, this.wmax);
      else {
        const l = boundAt(this.wmin)(0);
        d[0] = fround(l + fround(d[0]! * fround(boundAt(this.wmax)(0) - l)));
      }
    } else {
      if (perTarget) {
        checkTensorValues(cls, "w", given);
        d.set(given.to("float32").contiguousData());
      } else if (typeof given === "number") {
        if (!Number.isFinite(given)) throw new ValueError(`${cls}: w is ${fmtValue(given)}, expected a finite number`);
        d[0] = given;
      }
      else if (given instanceof Tensor && given.numel() === 1) d[0] = given.to("float32").item();
      else if (given instanceof Tensor) throw new ShapeError(`${cls}: w has shape ${fmtShape(given.shape)}, expected a single weight or [target.n=${this.target.n}] (one per target neuron)`);
      else throw new ValueError(`${cls}: w is ${fmtValue(given)}, expected a number or a one-element Tensor`);
      if (inf) clampWeights(w, this.wmin, this.wmax);
    }
    this.w = w;
  }

  override computeInto(out: Float32Array, s: Tensor): void {
    const x = s.to("float32").contiguousData();
    const mean = x.length === 0 ? NaN : fround(tsumAll(x) / x.length);
    const w = this.w.data as Float32Array;
    const n = this.w.numel();
    if (n === 1) out.fill(fround(mean * w[this.w.offset]!));
    else for (let i = 0; i < out.length; i++) out[i] = fround(mean * w[this.w.offset + (i % n)]!);
  }

  override compute(s: Tensor): Tensor {
    const n = this.source.n;
    const B = n === 0 ? 1 : Math.max(1, Math.floor(s.numel() / n));
    const out = zeros([B, ...this.target.shape]);
    this.computeInto(out.data as Float32Array, s);
    return out;
  }

  override normalize(): void {
    if (this.norm === null) return;
    const d = this.w.data as Float32Array;
    for (let o = this.w.offset; o < this.w.offset + this.w.numel(); o++) {
      // each target's weight is its own column: |w_j| ← norm
      const a = Math.abs(d[o]!);
      if (a === 0 || Number.isNaN(a)) continue;
      d[o] = fround(d[o]! * fround(fround(1 / a) * fround(this.norm as number)));
    }
  }
}
