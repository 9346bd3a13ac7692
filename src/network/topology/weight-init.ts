/**
 * Weight initialisation, bound and normalisation helpers shared by the connection types of
 * this folder (the dense Connection keeps its own copy).
 */
import type { TypedArray } from "../../backend/dtype.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Generator, rand } from "../../tensor/random.js";
import { Tensor } from "../../tensor/tensor.js";
import { clampWeights } from "../learning-rule.js";

const fround = Math.fround;

/** True when every element of a bound is finite. */
function boundFinite(b: number | Tensor): boolean {
  if (typeof b === "number") return Number.isFinite(b);
  const d = b.contiguousData();
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
  return true;
}

/** True when wmin or wmax has an infinite element (the reference's "clamp, don't rescale" case). */
export function anyInfinite(wmin: number | Tensor, wmax: number | Tensor): boolean {
  return !boundFinite(wmin) || !boundFinite(wmax);
}

/** Throws unless a tensor bound has one element or `numel` elements. */
export function checkBoundShape(cls: string, name: string, b: number | Tensor, numel: number, shapeText: string): void {
  if (b instanceof Tensor && b.numel() !== 1 && b.numel() !== numel) {
    throw new ShapeError(`${cls}: ${name} has shape ${fmtShape(b.shape)}, expected a number, one value or ${shapeText} (the shape of w)`);
  }
}

/** Element i of a bound (a number, a one-element tensor or a tensor shaped like w), float32. */
export function boundAt(b: number | Tensor): (i: number) => number {
  if (typeof b === "number" || b.numel() === 1) {
    const v = fround(typeof b === "number" ? b : b.item());
    return () => v;
  }
  const d = b.contiguousData();
  return (i) => d[i]!;
}

/** The `rng` option: a Generator or undefined (the global one). */
export function rngOption(cls: string, g: unknown): Generator | undefined {
  if (g === undefined || g === null) return undefined;
  if (!(g instanceof Generator)) throw new ValueError(`${cls}: rng is ${fmtValue(g)}, expected a Generator`);
  return g;
}

/**
 * Random initial weights of the given shape, as the reference draws them: U[0, 1) clamped to
 * [wmin, wmax] when a bound is infinite, else wmin + U[0, 1)·(wmax − wmin).
 */
export function randomWeights(shape: number[], wmin: number | Tensor, wmax: number | Tensor, g: Generator | undefined): Tensor {
  const w = rand(shape, g ? { generator: g } : {});
  if (anyInfinite(wmin, wmax)) clampWeights(w, wmin, wmax);
  else {
    const d = w.data as Float32Array;
    const lo = boundAt(wmin);
    const hi = boundAt(wmax);
    for (let i = 0; i < d.length; i++) {
      const l = lo(i);
      d[i] = fround(fround(fround(hi(i) - l) * d[i]!) + l);
    }
  }
  return w;
}

/**
 * A given `w` (copied to a contiguous float32 tensor) after checking its shape; clamped to
 * the bounds when `clamp` says so (each type has its own rule).
 */
export function givenWeights(cls: string, w: unknown, shape: number[], shapeText: string, clamp: boolean, wmin: number | Tensor, wmax: number | Tensor): Tensor {
  if (!(w instanceof Tensor)) throw new ValueError(`${cls}: w is ${fmtValue(w)}, expected a Tensor`);
  if (w.ndim !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${cls}: w has shape ${fmtShape(w.shape)}, expected ${shapeText}`);
  }
  const out = w.to("float32", true).contiguous();
  const t = out.offset === 0 && out.data.length === out.numel() ? out : out.clone();
  if (clamp) clampWeights(t, wmin, wmax);
  return t;
}

/**
 * Scales each of `rows` contiguous rows of `w` by norm / sums[r], the factor computed as the
 * reference does (reciprocal(sum)·norm, float32). Rows whose sum is 0 are left unchanged:
 * the reference has no zero guard there and fills them with inf/NaN, which nobody can use.
 */
export function scaleRows(w: Float32Array, rows: number, k: number, sums: ArrayLike<number>, norm: number): void {
  const nf = fround(norm);
  for (let r = 0; r < rows; r++) {
    const s = sums[r]!;
    if (s === 0 || Number.isNaN(s)) continue;
    const f = fround(fround(1 / s) * nf);
    const o = r * k;
    for (let j = 0; j < k; j++) w[o + j] = fround(w[o + j]! * f);
  }
}

/** Source spikes as a typed array without copying (bool, uint8, float32); others converted. */
export function spikeData(s: Tensor): TypedArray {
  const d = s.contiguousData();
  if (d instanceof Uint8Array || d instanceof Float32Array) return d;
  return s.to("float32").contiguousData();
}

/** Makes `t` (a connection's w) contiguous float32 at offset 0; returns the tensor to keep. */
export function ownWeights(t: Tensor): Tensor {
  if (t.dtype === "float32" && t.isContiguous() && t.offset === 0 && t.data.length === t.numel()) return t;
  return t.to("float32").contiguous().clone();
}
