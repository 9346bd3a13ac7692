/**
 * Argument checks and the allocating `compute` shared by the connection types of this folder
 * (the dense Connection keeps its own copy): the bias option, the batch size of the source
 * spikes and the length of a caller's output buffer.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import type { Nodes } from "../nodes/nodes.js";

/**
 * The `b` constructor option as a float32 tensor of shape [n] (copied), or null when absent.
 * `expected` is the shape text of the error message, e.g. `[target.n=5]`.
 */
export function biasOption(cls: string, b: unknown, n: number, expected: string): Tensor | null {
  if (b === undefined || b === null) return null;
  if (!(b instanceof Tensor)) throw new ValueError(`${cls}: b is ${fmtValue(b)}, expected a Tensor or null`);
  if (b.numel() !== n) throw new ShapeError(`${cls}: b has shape ${fmtShape(b.shape)}, expected ${expected}`);
  return b.to("float32", true).reshape([n]);
}

/**
 * The batch size B of source spikes `s`, which must hold B · source.n values; otherwise a
 * ShapeError from `${cls}.compute` that names the expected shape as `[B, *source.shape]`, or as
 * `[B, ...source.shape=[..]]` with `namedShape`. Runs every step, so it builds no string
 * unless it throws.
 */
export function spikeBatch(cls: string, source: Nodes, s: Tensor, namedShape = false): number {
  const n = source.n;
  const total = s.numel();
  if (n === 0 || total % n !== 0) {
    const expected = namedShape ? `[B, ...source.shape=${fmtShape(source.shape)}]` : `[B, ${source.shape.join(", ")}]`;
    throw new ShapeError(`${cls}.compute: s has shape ${fmtShape(s.shape)}, expected ${expected}`);
  }
  return total / n;
}

/** Throws a ShapeError from `${cls}.compute` unless the output buffer holds exactly `want` values. */
export function checkOutLength(cls: string, out: Float32Array, want: number): void {
  if (out.length !== want) throw new ShapeError(`${cls}.compute: output holds ${out.length} values, expected ${want}`);
}

/** `compute(s)` through `computeInto`: a fresh [B, *target.shape] float32 tensor. */
export function computeFresh(c: { readonly target: Nodes; computeInto(out: Float32Array, s: Tensor): void }, B: number, s: Tensor): Tensor {
  const out = zeros([B, ...c.target.shape]);
  c.computeInto(out.data as Float32Array, s);
  return out;
}
