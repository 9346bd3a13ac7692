/**
 * Reductions over some dims (negative dims allowed, `keepdim` keeps them as size 1) or over all
 * elements.
 *
 * Differences from torch, by necessity: integer sums, products and arg-indices are int32 here
 * (torch gives int64, which this library does not have), so they wrap at 2^31. Floating sums
 * accumulate in double and round once, so they can differ from torch's float32 cascade sum in
 * the last bit; like torch, `mean` and `norm` of an integer tensor throw.
 */
import type { DType, TypedArray } from "../../backend/dtype.js";
import { IndexError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Tensor, shapeSize } from "../tensor.js";
import { maximum, minimum } from "./elementwise.js";
import { allocTensor, checkFloating, loadValues, normalizeDims, storeAll } from "./broadcast.js";

/** The result of `max`/`min`/`sort`/`topk` along a dim, as torch's named tuple. */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

export type Dims = number | readonly number[] | null | undefined;

const isFloat = (d: DType): boolean => d === "float32" || d === "float64" || d === "float16";

function checkInput(op: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: input is ${fmtValue(t)}, expected a Tensor`);
  return t;
}

interface Rows {
  /** Values laid out as `[outer, len]`: each row holds the elements reduced into one output. */
  values: TypedArray;
  outer: number;
  len: number;
  /** The output shape (with or without kept dims). */
  outShape: number[];
}

/**
 * Rearranges `t` so the reduced dims come last and returns its values as rows. `dims` of
 * null/undefined/[] reduce everything.
 */
function rows(op: string, t: Tensor, dims: Dims, keepdim: boolean): Rows {
  const nd = t.ndim;
  const list = dims === null || dims === undefined ? [] : typeof dims === "number" ? [dims] : dims;
  const given = list.length === 0 ? [] : normalizeDims(op, list, nd);
  // A 0-d tensor accepts dim 0 / -1 and reduces its single element.
  const red = nd === 0 ? [] : given.length === 0 ? [...Array(nd).keys()] : given;
  const kept = [...Array(nd).keys()].filter((d) => !red.includes(d));
  const perm = [...kept, ...red];
  const view = nd === 0 ? t : t.permute(perm);
  const loadDtype = t.dtype;
  const values = loadValues(view, view.shape, loadDtype);
  const len = shapeSize(red.map((d) => t.shape[d]!));
  const outer = shapeSize(kept.map((d) => t.shape[d]!));
  const outShape = keepdim ? t.shape.map((s, d) => (red.includes(d) ? 1 : s)) : kept.map((d) => t.shape[d]!);
  return { values, outer, len, outShape };
}

function reduceWith(op: string, t: Tensor, dims: Dims, keepdim: boolean, outDtype: DType, f: (v: TypedArray, start: number, len: number) => number): Tensor {
  const r = rows(op, t, dims, keepdim);
  const res = new Float64Array(r.outer);
  for (let i = 0; i < r.outer; i++) res[i] = f(r.values, i * r.len, r.len);
  const out = allocTensor(r.outShape, outDtype);
  storeAll(out, res);
  return out;
}

const intOut = (d: DType): DType => (isFloat(d) ? d : "int32");

/**
 * Sum of a contiguous tensor over one dim that is not the last, accumulating rows in place
 * (no transposed copy): the layout of `x.sum(0)` on a `[batch, n]` tensor. Null when the
 * fast path does not apply.
 */
function sumOneDim(t: Tensor, dims: Dims, keepdim: boolean, outDtype: DType, divide: boolean): Tensor | null {
  if (t.dtype === "float16" || !t.isContiguous() || t.ndim < 2 || dims === null || dims === undefined) return null;
  const list = typeof dims === "number" ? [dims] : dims;
  if (list.length !== 1) return null;
  const [d] = normalizeDims("sum", list, t.ndim);
  if (d === t.ndim - 1) return null;
  const len = t.shape[d!]!;
  const outer = shapeSize(t.shape.slice(0, d));
  const inner = shapeSize(t.shape.slice(d! + 1));
  const acc = new Float64Array(outer * inner);
  const x = t.data;
  const off = t.offset;
  for (let o = 0; o < outer; o++) {
    const a = o * inner;
    for (let r = 0; r < len; r++) {
      const base = off + (o * len + r) * inner;
      for (let i = 0; i < inner; i++) acc[a + i]! += x[base + i]!;
    }
  }
  if (divide) for (let i = 0; i < acc.length; i++) acc[i]! /= len;
  const outShape = keepdim ? t.shape.map((s, k) => (k === d ? 1 : s)) : t.shape.filter((_, k) => k !== d);
  const out = allocTensor(outShape, outDtype);
  storeAll(out, acc);
  return out;
}

/** Sum over `dim` (a dim, a list of dims, or all); integer and bool inputs give int32. */
export function sum(t: Tensor, dim?: Dims, keepdim = false): Tensor {
  checkInput("sum", t);
  const outDtype = intOut(t.dtype);
  const fast = sumOneDim(t, dim, keepdim, outDtype, false);
  if (fast) return fast;
  return reduceWith("sum", t, dim, keepdim, outDtype, (v, s, n) => {
    let acc = 0;
    for (let i = s; i < s + n; i++) acc += v[i]!;
    return outDtype === "int32" ? acc | 0 : acc;
  });
}

/** Mean over `dim` (or all); like torch, integer inputs throw (cast with `.float()` first). */
export function mean(t: Tensor, dim?: Dims, keepdim = false): Tensor {
  checkInput("mean", t);
  checkFloating("mean", t, "input");
  const fast = sumOneDim(t, dim, keepdim, t.dtype, true);
  if (fast) return fast;
  return reduceWith("mean", t, dim, keepdim, t.dtype, (v, s, n) => {
    let acc = 0;
    for (let i = s; i < s + n; i++) acc += v[i]!;
    return acc / n;
  });
}

/** Product over one dim (or all); integer inputs give int32. */
export function prod(t: Tensor, dim?: number | null, keepdim = false): Tensor {
  checkInput("prod", t);
  const outDtype = intOut(t.dtype);
  return reduceWith("prod", t, dim, keepdim, outDtype, (v, s, n) => {
    let acc = 1;
    if (outDtype === "int32") for (let i = s; i < s + n; i++) acc = Math.imul(acc, v[i]!);
    else for (let i = s; i < s + n; i++) acc *= v[i]!;
    return acc;
  });
}

/** True where any element is non-zero (NaN counts as true). uint8 inputs give uint8, as in torch. */
export function any(t: Tensor, dim?: number | null, keepdim = false): Tensor {
  checkInput("any", t);
  return reduceWith("any", t, dim, keepdim, t.dtype === "uint8" ? "uint8" : "bool", (v, s, n) => {
    for (let i = s; i < s + n; i++) if (v[i] !== 0) return 1;
    return 0;
  });
}

/** True where all elements are non-zero. uint8 inputs give uint8, as in torch. */
export function all(t: Tensor, dim?: number | null, keepdim = false): Tensor {
  checkInput("all", t);
  return reduceWith("all", t, dim, keepdim, t.dtype === "uint8" ? "uint8" : "bool", (v, s, n) => {
    for (let i = s; i < s + n; i++) if (v[i] === 0) return 0;
    return 1;
  });
}

/**
 * The vector p-norm `(sum |x|^p)^(1/p)` over `dim` (or all): p = 2 (default), 1, any positive
 * number, Infinity (max |x|), -Infinity (min |x|) or 0 (count of non-zeros). Floating only.
 */
export function norm(t: Tensor, p: number = 2, dim?: Dims, keepdim = false): Tensor {
  const op = "norm";
  checkInput(op, t);
  checkFloating(op, t, "input");
  if (typeof p !== "number" || Number.isNaN(p)) throw new ValueError(`${op}: p is ${fmtValue(p)}, expected a number`);
  return reduceWith(op, t, dim, keepdim, t.dtype, (v, s, n) => {
    let acc = p === -Infinity ? Infinity : 0;
    for (let i = s; i < s + n; i++) {
      const a = Math.abs(v[i]!);
      if (p === 2) acc += a * a;
      else if (p === 1) acc += a;
      else if (p === Infinity) acc = a > acc || a !== a ? a : acc;
      else if (p === -Infinity) acc = a < acc || a !== a ? a : acc;
      else if (p === 0) acc += a !== 0 ? 1 : 0;
      else acc += Math.pow(a, p);
    }
    if (p === 2) return Math.sqrt(acc);
    if (p === 1 || p === 0 || p === Infinity || p === -Infinity) return acc;
    return Math.pow(acc, 1 / p);
  });
}

/** Index of the first extreme element of a row; NaN wins, as in torch. */
function argExtreme(v: TypedArray, s: number, n: number, larger: boolean): number {
  let best = s;
  let bv = v[s]!;
  if (bv !== bv) return 0;
  for (let i = s + 1; i < s + n; i++) {
    const x = v[i]!;
    if (x !== x) return i - s;
    if (larger ? x > bv : x < bv) {
      bv = x;
      best = i;
    }
  }
  return best - s;
}

function extremeAlong(op: string, t: Tensor, dim: number | null | undefined, keepdim: boolean, larger: boolean): ValuesIndices {
  const r = rows(op, t, dim, keepdim);
  if (r.len === 0 && r.outer > 0) {
    throw new IndexError(`${op}: input has shape ${fmtShape(t.shape)}, expected a non-empty ${dim === null || dim === undefined ? "tensor" : `dim ${dim}`} to reduce`);
  }
  const vals = new Float64Array(r.outer);
  const idx = new Int32Array(r.outer);
  for (let i = 0; i < r.outer; i++) {
    const k = argExtreme(r.values, i * r.len, r.len, larger);
    idx[i] = k;
    vals[i] = r.values[i * r.len + k]!;
  }
  // Allocate only after the last read of r.values, which may view the input's storage.
  const values = allocTensor(r.outShape, t.dtype);
  const indices = allocTensor(r.outShape, "int32");
  storeAll(values, vals);
  storeAll(indices, idx);
  return { values, indices };
}

/** The largest element (a 0-d tensor); NaN propagates. */
export function max(t: Tensor): Tensor;
/** Largest values along `dim` and the index of their first occurrence (int32). */
export function max(t: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** Elementwise maximum of two tensors (same as `maximum`). */
export function max(t: Tensor, other: Tensor): Tensor;
export function max(t: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  checkInput("max", t);
  if (dim instanceof Tensor) return maxMin2(t, dim, true);
  if (dim === undefined) return extremeAlong("max", t, null, false, true).values;
  return extremeAlong("max", t, dim, keepdim, true);
}

/** The smallest element (a 0-d tensor); NaN propagates. */
export function min(t: Tensor): Tensor;
/** Smallest values along `dim` and the index of their first occurrence (int32). */
export function min(t: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** Elementwise minimum of two tensors (same as `minimum`). */
export function min(t: Tensor, other: Tensor): Tensor;
export function min(t: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  checkInput("min", t);
  if (dim instanceof Tensor) return maxMin2(t, dim, false);
  if (dim === undefined) return extremeAlong("min", t, null, false, false).values;
  return extremeAlong("min", t, dim, keepdim, false);
}

function maxMin2(a: Tensor, b: Tensor, larger: boolean): Tensor {
  return larger ? maximum(a, b) : minimum(a, b);
}

/** Index (int32) of the first largest element along `dim`, or in the flattened tensor. */
export function argmax(t: Tensor, dim?: number | null, keepdim = false): Tensor {
  checkInput("argmax", t);
  if (dim === null || dim === undefined) return extremeAlong("argmax", t.reshape([-1]), 0, false, true).indices;
  return extremeAlong("argmax", t, dim, keepdim, true).indices;
}

/** Index (int32) of the first smallest element along `dim`, or in the flattened tensor. */
export function argmin(t: Tensor, dim?: number | null, keepdim = false): Tensor {
  checkInput("argmin", t);
  if (dim === null || dim === undefined) return extremeAlong("argmin", t.reshape([-1]), 0, false, false).indices;
  return extremeAlong("argmin", t, dim, keepdim, false).indices;
}

/**
 * Running sum along `dim` (torch.cumsum). Integer inputs give int32; float32/float64
 * accumulate in double and float16 in float32, like torch's CPU kernel.
 */
export function cumsum(t: Tensor, dim: number): Tensor {
  const op = "cumsum";
  checkInput(op, t);
  const nd = t.ndim;
  const [d] = normalizeDims(op, [dim], nd);
  const outDtype = intOut(t.dtype);
  const moved = nd === 0 ? t : t.transpose(d!, nd - 1);
  const v = loadValues(moved, moved.shape, t.dtype);
  const len = nd === 0 ? 1 : t.shape[d!]!;
  const n = v.length;
  const res = new Float64Array(n);
  for (let s = 0; s < n; s += len) {
    let acc = 0;
    for (let i = s; i < s + len; i++) {
      acc += v[i]!;
      if (t.dtype === "float16") acc = Math.fround(acc);
      else if (outDtype === "int32") acc |= 0;
      res[i] = acc;
    }
  }
  const tmp = allocTensor(moved.shape, outDtype);
  storeAll(tmp, res);
  return nd === 0 ? tmp : tmp.transpose(d!, nd - 1).contiguous();
}
