/**
 * Indexing by integer tensors and boolean masks: indexSelect, indexDim (advanced indexing along
 * one dim), gather, scatter, scatterAdd, maskedSelect, indexBool / setByMask_, take, nonzero.
 * Index tensors are int32 (torch uses int64); plain number arrays are accepted too.
 */
import { floatToHalf } from "../../backend/dtype.js";
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Tensor, shapeSize } from "../tensor.js";
import { allocTensor, broadcastShapes, checkBool, loadValues, normalizeDims, storeValue, castValue } from "./broadcast.js";

/** An index argument: an int32 tensor or an array of integers. */
export type IndexLike = Tensor | readonly number[];

function checkInput(op: string, t: unknown, arg = "input"): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(t)}, expected a Tensor`);
  return t;
}

function toIndex(op: string, index: unknown, arg = "index"): Tensor {
  if (index instanceof Tensor) {
    if (index.dtype !== "int32") throw new DTypeError(`${op}: ${arg} has dtype ${index.dtype}, expected int32`);
    return index;
  }
  if (Array.isArray(index) && index.every((v) => Number.isInteger(v))) {
    return new Tensor(Int32Array.from(index as number[]), [index.length], "int32");
  }
  throw new ValueError(`${op}: ${arg} is ${fmtValue(index)}, expected an int32 Tensor or an array of integers`);
}

/** Checks an index value against a size; negative values count from the end when `allowNeg`. */
function fixIndex(op: string, i: number, n: number, allowNeg: boolean, what: string): number {
  const lo = allowNeg ? -n : 0;
  if (i < lo || i >= n) {
    throw new IndexError(`${op}: index ${i} is out of range, expected an integer in [${lo}, ${n - 1}] for ${what}`);
  }
  return i < 0 ? i + n : i;
}

/** Entries `index` (1-d or 0-d, non-negative) of `dim` (torch.index_select). */
export function indexSelect(t: Tensor, dim: number, index: IndexLike): Tensor {
  const op = "indexSelect";
  checkInput(op, t);
  const idx = toIndex(op, index);
  if (idx.ndim > 1) throw new ShapeError(`${op}: index has shape ${fmtShape(idx.shape)}, expected 0 or 1 dims`);
  return gatherAlong(op, t, dim, idx, false, [idx.numel()]);
}

/**
 * Advanced indexing along one dim, `t[:, ..., index]` in torch: `index` may have any shape and
 * negative entries count from the end. The result's shape is
 * `t.shape[:dim] + index.shape + t.shape[dim+1:]`.
 */
export function indexDim(t: Tensor, dim: number, index: IndexLike): Tensor {
  const op = "indexDim";
  checkInput(op, t);
  const idx = toIndex(op, index);
  return gatherAlong(op, t, dim, idx, true, [...idx.shape]);
}

function gatherAlong(op: string, t: Tensor, dim: number, idx: Tensor, allowNeg: boolean, idxShape: number[]): Tensor {
  if (t.ndim === 0) {
    normalizeDims(op, [dim], 0);
    const iv = idx.toFlatArray();
    iv.forEach((i) => fixIndex(op, i, 1, allowNeg, "a 0-d input"));
    return t.reshape(idx.ndim === 0 ? [] : [1]).expand(idx.ndim === 0 ? [] : idxShape).clone().reshape(idxShape);
  }
  const [d] = normalizeDims(op, [dim], t.ndim);
  const n = t.shape[d!]!;
  const iv = idx.contiguousData();
  const k = iv.length;
  const outer = shapeSize(t.shape.slice(0, d));
  const inner = shapeSize(t.shape.slice(d! + 1));
  const fixed = new Int32Array(k);
  for (let j = 0; j < k; j++) fixed[j] = fixIndex(op, iv[j]!, n, allowNeg, `dim ${d} of size ${n}`);
  const outShape = [...t.shape.slice(0, d), ...idxShape, ...t.shape.slice(d! + 1)];
  const out = allocTensor(outShape, t.dtype);
  const src = loadValues(t, t.shape, t.dtype === "float16" ? "float32" : t.dtype);
  const o = out.data;
  const half = t.dtype === "float16";
  let w = 0;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < k; j++) {
      const base = (a * n + fixed[j]!) * inner;
      for (let b = 0; b < inner; b++) o[w++] = half ? floatToHalf(src[base + b]!) : src[base + b]!;
    }
  }
  return out;
}

/** Elements at flat (row-major) positions `index`, shaped like `index` (torch.take; negatives allowed). */
export function take(t: Tensor, index: IndexLike): Tensor {
  const op = "take";
  checkInput(op, t);
  const idx = toIndex(op, index);
  return gatherAlong(op, t.reshape([-1]), 0, idx, true, [...idx.shape]);
}

/** Shared checks of gather/scatter: index has t's rank and fits inside `t` (and `src`) off `dim`. */
function checkScatterIndex(op: string, t: Tensor, d: number, idx: Tensor, src: Tensor | null): void {
  if (idx.ndim !== t.ndim && !(t.ndim === 0 && idx.ndim <= 1)) {
    throw new ShapeError(`${op}: index has shape ${fmtShape(idx.shape)}, expected ${t.ndim} dims like input ${fmtShape(t.shape)}`);
  }
  for (let k = 0; k < idx.ndim; k++) {
    if (k !== d && idx.shape[k]! > (t.shape[k] ?? 1)) {
      throw new ShapeError(`${op}: index has shape ${fmtShape(idx.shape)}, expected size <= ${t.shape[k]} in dim ${k} (input ${fmtShape(t.shape)})`);
    }
    if (src && idx.shape[k]! > (src.shape[k] ?? 1)) {
      throw new ShapeError(`${op}: index has shape ${fmtShape(idx.shape)}, expected size <= ${src.shape[k]} in dim ${k} (src ${fmtShape(src.shape)})`);
    }
  }
}

/** Walks every position of `idx`, yielding (position in idx, target offset in a contiguous `shape`, source offset in a contiguous `srcShape`). */
function forEachScatter(op: string, idx: Tensor, d: number, shape: readonly number[], srcShape: readonly number[] | null, f: (target: number, srcOff: number, pos: number) => void): void {
  const iv = idx.contiguousData();
  const nd = idx.ndim;
  const ish = idx.shape;
  const tStr = contiguous(shape);
  const sStr = srcShape ? contiguous(srcShape) : null;
  const n = iv.length;
  const size = shape[d] ?? 1;
  const pos = new Array<number>(nd).fill(0);
  for (let p = 0; p < n; p++) {
    const i = fixIndex(op, iv[p]!, size, false, `dim ${d} of size ${size}`);
    let tOff = 0;
    let sOff = 0;
    for (let k = 0; k < nd; k++) {
      tOff += (k === d ? i : pos[k]!) * tStr[k]!;
      if (sStr) sOff += pos[k]! * sStr[k]!;
    }
    f(tOff, sOff, p);
    for (let k = nd - 1; k >= 0; k--) {
      if (++pos[k]! < ish[k]!) break;
      pos[k] = 0;
    }
  }
}

function contiguous(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** `out[i][j] = t[i][index[i][j]]` for dim 1, and likewise for any dim (torch.gather). */
export function gather(t: Tensor, dim: number, index: IndexLike): Tensor {
  const op = "gather";
  checkInput(op, t);
  const idx = toIndex(op, index);
  const [d] = normalizeDims(op, [dim], t.ndim);
  checkScatterIndex(op, t, d!, idx, null);
  const out = allocTensor(idx.shape, t.dtype);
  const src = loadValues(t, t.shape, t.dtype === "float16" ? "float32" : t.dtype);
  const o = out.data;
  const half = t.dtype === "float16";
  forEachScatter(op, idx, d!, t.shape, null, (tOff, _s, p) => {
    o[p] = half ? floatToHalf(src[tOff]!) : src[tOff]!;
  });
  return out;
}

function scatterInto(op: string, t: Tensor, dim: number, index: IndexLike, src: Tensor | number | boolean, accumulate: boolean): Tensor {
  const idx = toIndex(op, index);
  const [d] = normalizeDims(op, [dim], t.ndim);
  const srcT = src instanceof Tensor ? src : null;
  if (!srcT && typeof src !== "number" && typeof src !== "boolean") {
    throw new ValueError(`${op}: src is ${fmtValue(src)}, expected a Tensor${accumulate ? "" : " or a number"}`);
  }
  if (srcT && srcT.dtype !== t.dtype) throw new DTypeError(`${op}: src has dtype ${srcT.dtype}, expected ${t.dtype} (self's dtype)`);
  if (srcT && srcT.ndim !== idx.ndim && !(srcT.ndim === 0 && idx.ndim === 0)) {
    throw new ShapeError(`${op}: src has shape ${fmtShape(srcT.shape)}, expected ${idx.ndim} dims like index ${fmtShape(idx.shape)}`);
  }
  checkScatterIndex(op, t, d!, idx, srcT);
  const cd = t.dtype === "float16" ? "float32" : t.dtype;
  const vals = srcT ? loadValues(srcT, srcT.shape, cd) : null;
  const scalar = srcT ? 0 : castValue(t.dtype, Number(src));
  // Work on a contiguous copy of t's values, then write back through t's strides.
  const cur = Float64Array.from(loadValues(t, t.shape, cd));
  forEachScatter(op, idx, d!, t.shape, srcT ? srcT.shape : null, (tOff, sOff) => {
    const v = vals ? vals[sOff]! : scalar;
    // Accumulate in t's dtype, one rounding per addition like torch's CPU kernel.
    cur[tOff] = accumulate ? castValue(t.dtype, cur[tOff]! + v) : v;
  });
  const offs = t.isContiguous() ? null : t.offsets();
  const data = t.data;
  for (let i = 0; i < cur.length; i++) {
    data[offs ? offs[i]! : t.offset + i] = storeValue(t.dtype, cur[i]!);
  }
  return t;
}

/** A copy of `t` with `src` (tensor or number) written at `index` along `dim` (torch.scatter). */
export function scatter(t: Tensor, dim: number, index: IndexLike, src: Tensor | number | boolean): Tensor {
  checkInput("scatter", t);
  return scatterInto("scatter", t.clone(), dim, index, src, false);
}

/** In-place `scatter`. */
export function scatter_(t: Tensor, dim: number, index: IndexLike, src: Tensor | number | boolean): Tensor {
  checkInput("scatter_", t, "self");
  return scatterInto("scatter_", t, dim, index, src, false);
}

/** A copy of `t` with `src` added at `index` along `dim`; repeated indices accumulate (torch.scatter_add). */
export function scatterAdd(t: Tensor, dim: number, index: IndexLike, src: Tensor): Tensor {
  checkInput("scatterAdd", t);
  checkInput("scatterAdd", src, "src");
  return scatterInto("scatterAdd", t.clone(), dim, index, src, true);
}

/** In-place `scatterAdd`. */
export function scatterAdd_(t: Tensor, dim: number, index: IndexLike, src: Tensor): Tensor {
  checkInput("scatterAdd_", t, "self");
  checkInput("scatterAdd_", src, "src");
  return scatterInto("scatterAdd_", t, dim, index, src, true);
}

/** The elements where the bool `mask` is true, as a 1-d tensor (both broadcast; torch.masked_select). */
export function maskedSelect(t: Tensor, mask: Tensor): Tensor {
  const op = "maskedSelect";
  checkInput(op, t);
  checkInput(op, mask, "mask");
  checkBool(op, mask, "mask");
  const shape = broadcastShapes(op, [t.shape, mask.shape], ["input", "mask"]);
  const m = Uint8Array.from(loadValues(mask, shape, "bool"));
  return selectByMask(t.expand(shape).reshape([-1]), m, []);
}

/** `m` must be a copy (not a view of tensor storage): this allocates the result before reading `flat`. */
function selectByMask(flat: Tensor, m: ArrayLike<number>, rest: readonly number[]): Tensor {
  const inner = shapeSize(rest);
  let count = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) count++;
  const out = allocTensor([count, ...rest], flat.dtype);
  const src = flat.contiguousData();
  const o = out.data;
  let w = 0;
  for (let i = 0; i < m.length; i++) {
    if (!m[i]) continue;
    for (let b = 0; b < inner; b++) o[w++] = src[i * inner + b]!;
  }
  return out;
}

function checkMaskPrefix(op: string, t: Tensor, mask: Tensor): void {
  checkInput(op, mask, "mask");
  checkBool(op, mask, "mask");
  const ok = mask.ndim <= t.ndim && mask.shape.every((s, i) => s === t.shape[i]);
  if (!ok) {
    throw new ShapeError(`${op}: mask has shape ${fmtShape(mask.shape)}, expected the leading dims of input ${fmtShape(t.shape)}`);
  }
}

/**
 * `t[mask]` in torch: `mask` is bool with the shape of `t`'s leading dims; the result stacks
 * the selected sub-tensors, shape `[count, ...t.shape[mask.ndim:]]`.
 */
export function indexBool(t: Tensor, mask: Tensor): Tensor {
  const op = "indexBool";
  checkInput(op, t);
  checkMaskPrefix(op, t, mask);
  const rest = t.shape.slice(mask.ndim);
  const m = Uint8Array.from(loadValues(mask, mask.shape, "bool"));
  return selectByMask(t.reshape([shapeSize(mask.shape), ...rest]), m, rest);
}

/**
 * `t[mask] = value` in torch, in place: a number fills the selected entries; a tensor is
 * broadcast to `[count, ...t.shape[mask.ndim:]]` and copied in (converted to `t`'s dtype).
 */
export function setByMask_(t: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  const op = "setByMask_";
  checkInput(op, t, "self");
  checkMaskPrefix(op, t, mask);
  const m = loadValues(mask, mask.shape, "bool");
  const rest = t.shape.slice(mask.ndim);
  const inner = shapeSize(rest);
  let count = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) count++;
  let vals: ArrayLike<number> | null = null;
  let scalar = 0;
  if (value instanceof Tensor) {
    const target = [count, ...rest];
    const bs = broadcastShapes(op, [target, value.shape], ["selection", "value"]);
    if (bs.length !== target.length || bs.some((s, i) => s !== target[i])) {
      throw new ShapeError(`${op}: value has shape ${fmtShape(value.shape)}, expected a shape that broadcasts to ${fmtShape(target)}`);
    }
    vals = loadValues(value, target, t.dtype === "float16" ? "float32" : t.dtype);
  } else if (typeof value === "number" || typeof value === "boolean") {
    scalar = castValue(t.dtype, Number(value));
  } else {
    throw new ValueError(`${op}: value is ${fmtValue(value)}, expected a number, a boolean or a Tensor`);
  }
  const offs = t.offsets();
  const data = t.data;
  let r = 0;
  for (let i = 0; i < m.length; i++) {
    if (!m[i]) continue;
    for (let b = 0; b < inner; b++) {
      const v = vals ? vals[r * inner + b]! : scalar;
      data[offs[i * inner + b]!] = storeValue(t.dtype, v);
    }
    r++;
  }
  return t;
}

/** Indices of the non-zero elements, shape `[count, ndim]` (int32; torch.nonzero). */
export function nonzero(t: Tensor): Tensor {
  const op = "nonzero";
  checkInput(op, t);
  let v = loadValues(t, t.shape, t.dtype === "float16" ? "float32" : t.dtype);
  const nd = t.ndim;
  let count = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) count++;
  const out = allocTensor([count, nd], "int32");
  v = loadValues(t, t.shape, t.dtype === "float16" ? "float32" : t.dtype); // the allocation may have moved t's storage
  const o = out.data;
  const pos = new Array<number>(nd).fill(0);
  let w = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0) for (let k = 0; k < nd; k++) o[w++] = pos[k]!;
    for (let k = nd - 1; k >= 0; k--) {
      if (++pos[k]! < t.shape[k]!) break;
      pos[k] = 0;
    }
  }
  return out;
}
