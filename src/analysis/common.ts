/** Shared argument handling of the plot functions. */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { Tensor } from "../tensor/index.js";
import type { OutputOptions } from "./output.js";

/** What a plot function returns for its options: PNG bytes with `format: "png"`, else the SVG string. */
export type PlotResult<O> = O extends { format: "png" } ? Uint8Array : string;

/** A figure size in inches, matplotlib's `figsize`. */
export type FigSize = readonly [number, number];

/** A tensor's elements as numbers in row-major order (any dtype, any strides). */
export function valuesOf(t: Tensor): ArrayLike<number> {
  return t.dtype === "float16" || t.dtype === "bool" ? t.toFlatArray() : t.contiguousData();
}

/** Checks that `t` is a Tensor. */
export function requireTensor(op: string, arg: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(t)}, expected a Tensor`);
  return t;
}

/** A 2-D view of `t` after dropping leading size-1 dims (e.g. `[1, 28, 28]` → `[28, 28]`). */
export function matrix2d(op: string, arg: string, t: unknown): Tensor {
  let m = requireTensor(op, arg, t);
  while (m.ndim > 2 && m.shape[0] === 1) m = m.squeeze(0);
  if (m.ndim !== 2) throw new ShapeError(`${op}: ${arg} has shape ${fmtShape((t as Tensor).shape)}, expected 2 dims [rows, cols] (leading 1s allowed)`);
  return m;
}

/** Checks `figsize`. */
export function figsizeOf(op: string, v: unknown, dflt: FigSize): FigSize {
  if (v === undefined) return dflt;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === "number" && x > 0 && Number.isFinite(x))) {
    throw new ValueError(`${op}: figsize is ${fmtValue(v)}, expected [width, height] in inches, both positive`);
  }
  return [v[0], v[1]];
}

/** Checks a `[lo, hi]` integer range inside `[0, max]`. */
export function rangeOf(op: string, arg: string, v: unknown, max: number): [number, number] {
  if (v === undefined || v === null) return [0, max];
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => Number.isInteger(x)) || v[0] < 0 || v[1] > max || v[0] >= v[1]) {
    throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected [start, end] integers with 0 <= start < end <= ${max}`);
  }
  return [v[0], v[1]];
}

/** Checks that wmin < wmax are finite numbers. */
export function limitsOf(op: string, wmin: unknown, wmax: unknown): [number, number] {
  if (typeof wmin !== "number" || typeof wmax !== "number" || !Number.isFinite(wmin) || !Number.isFinite(wmax) || !(wmin < wmax)) {
    throw new ValueError(`${op}: wmin, wmax are ${fmtValue(wmin)}, ${fmtValue(wmax)}, expected finite numbers with wmin < wmax`);
  }
  return [wmin, wmax];
}

/** Data min and max, ignoring NaN (0, 1 when there is no finite value; a constant c gives c, c+1). */
export function dataRange(v: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  return lo === hi ? [lo, lo + 1] : [lo, hi];
}

/** Options every plot function takes. */
export type BaseOptions = OutputOptions & { figsize?: FigSize; title?: string | null };
