/** Joining, splitting and rearranging tensors: cat, stack, split, chunk, repeat, tile, flip, roll. */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Tensor, shapeSize } from "../tensor.js";
import { allocTensor, normalizeDims, resultType } from "./broadcast.js";

function checkInput(op: string, t: unknown, arg = "input"): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(t)}, expected a Tensor`);
  return t;
}

function checkList(op: string, tensors: unknown): readonly Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError(`${op}: tensors is ${fmtValue(tensors)}, expected a non-empty array of Tensors`);
  }
  tensors.forEach((t, i) => checkInput(op, t, `tensors[${i}]`));
  return tensors as readonly Tensor[];
}

/**
 * Concatenates along `dim` (torch.cat). Sizes must match in every other dim; the result dtype
 * is promoted over all inputs. As in torch, 1-d empty tensors (shape [0]) are skipped.
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = "cat";
  checkList(op, tensors);
  const used = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  const dtype = resultType(...tensors.filter((t) => t.ndim > 0));
  if (used.length === 0) return allocTensor([0], dtype);
  const ref = used[0]!;
  if (ref.ndim === 0) throw new ShapeError(`${op}: tensors[${tensors.indexOf(ref)}] is 0-d, expected tensors with at least 1 dim`);
  const [d] = normalizeDims(op, [dim], ref.ndim);
  let total = 0;
  for (const t of used) {
    const i = tensors.indexOf(t);
    if (t.ndim !== ref.ndim) {
      throw new ShapeError(`${op}: tensors[${i}] has shape ${fmtShape(t.shape)}, expected ${ref.ndim} dims like tensors[${tensors.indexOf(ref)}] ${fmtShape(ref.shape)}`);
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new ShapeError(`${op}: tensors[${i}] has shape ${fmtShape(t.shape)}, expected size ${ref.shape[k]} in dim ${k} to match ${fmtShape(ref.shape)} (all dims but dim ${d})`);
      }
    }
    total += t.shape[d!]!;
  }
  const shape = [...ref.shape];
  shape[d!] = total;
  const out = allocTensor(shape, dtype);
  let off = 0;
  for (const t of used) {
    const n = t.shape[d!]!;
    if (n > 0 && t.numel() > 0) out.narrow(d!, off, n).copy_(t);
    off += n;
  }
  return out;
}

/** Stacks equally shaped tensors along a new dim (torch.stack). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = "stack";
  checkList(op, tensors);
  const ref = tensors[0]!;
  tensors.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((s, k) => s !== ref.shape[k])) {
      throw new ShapeError(`${op}: tensors[${i}] has shape ${fmtShape(t.shape)}, expected ${fmtShape(ref.shape)} like tensors[0]`);
    }
  });
  const [d] = normalizeDims(op, [dim], ref.ndim + 1);
  return cat(tensors.map((t) => t.unsqueeze(d!)), d!);
}

/**
 * Splits into views along `dim` (torch.split): a number gives pieces of that size (the last
 * may be smaller), an array gives the size of each piece (they must sum to the dim's size).
 */
export function split(t: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const op = "split";
  checkInput(op, t);
  if (t.ndim === 0) throw new ShapeError(`${op}: input is 0-d, expected at least 1 dim`);
  const [d] = normalizeDims(op, [dim], t.ndim);
  const n = t.shape[d!]!;
  let sizes: number[];
  if (typeof splitSizeOrSections === "number") {
    const s = splitSizeOrSections;
    if (!Number.isInteger(s) || s < 0 || (s === 0 && n !== 0)) {
      throw new ValueError(`${op}: splitSize is ${fmtValue(s)}, expected a positive integer (dim ${d} has size ${n})`);
    }
    sizes = [];
    if (n === 0) sizes.push(0);
    for (let o = 0; o < n; o += s) sizes.push(Math.min(s, n - o));
  } else {
    if (!Array.isArray(splitSizeOrSections) || splitSizeOrSections.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ValueError(`${op}: splitSizes is ${fmtValue(splitSizeOrSections)}, expected an array of non-negative integers`);
    }
    sizes = [...splitSizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n) throw new ShapeError(`${op}: splitSizes ${fmtShape(sizes)} sum to ${total}, expected ${n} (size of dim ${d} of ${fmtShape(t.shape)})`);
  }
  const out: Tensor[] = [];
  let off = 0;
  for (const s of sizes) {
    out.push(t.narrow(d!, off, s));
    off += s;
  }
  return out;
}

/** Splits into `chunks` views of size `ceil(n / chunks)` along `dim` (torch.chunk; may return fewer). */
export function chunk(t: Tensor, chunks: number, dim = 0): Tensor[] {
  const op = "chunk";
  checkInput(op, t);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ValueError(`${op}: chunks is ${fmtValue(chunks)}, expected a positive integer`);
  if (t.ndim === 0) throw new ShapeError(`${op}: input is 0-d, expected at least 1 dim`);
  const [d] = normalizeDims(op, [dim], t.ndim);
  const n = t.shape[d!]!;
  return split(t, Math.max(1, Math.ceil(n / chunks)), d!);
}

/** Tiles the tensor `sizes[i]` times along each dim (torch.repeat; `sizes` may add leading dims). */
export function repeat(t: Tensor, sizes: readonly number[]): Tensor {
  const op = "repeat";
  checkInput(op, t);
  if (!Array.isArray(sizes) || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new ValueError(`${op}: sizes is ${fmtValue(sizes)}, expected an array of non-negative integers`);
  }
  if (sizes.length < t.ndim) {
    throw new ShapeError(`${op}: sizes ${fmtShape(sizes)} has ${sizes.length} entries, expected at least ${t.ndim} (the tensor's dims ${fmtShape(t.shape)})`);
  }
  const padded = [...new Array<number>(sizes.length - t.ndim).fill(1), ...t.shape];
  const inter: number[] = [];
  const expanded: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    inter.push(1, padded[i]!);
    expanded.push(sizes[i]!, padded[i]!);
  }
  const outShape = sizes.map((s, i) => s * padded[i]!);
  if (shapeSize(outShape) === 0) return allocTensor(outShape, t.dtype);
  return t.reshape(inter).expand(expanded).clone().reshape(outShape);
}

/** Like `repeat`, but `dims` shorter than the tensor's rank are padded with leading 1s (torch.tile). */
export function tile(t: Tensor, dims: readonly number[]): Tensor {
  checkInput("tile", t);
  const d = Array.isArray(dims) ? [...new Array<number>(Math.max(0, t.ndim - dims.length)).fill(1), ...dims] : dims;
  return repeat(t, d);
}

/** A copy with the order of elements reversed along `dims` (torch.flip). */
export function flip(t: Tensor, dims: number | readonly number[]): Tensor {
  const op = "flip";
  checkInput(op, t);
  const ds = normalizeDims(op, typeof dims === "number" ? [dims] : dims, t.ndim, "dims");
  let offset = t.offset;
  const strides = [...t.strides];
  for (const d of ds) {
    if (t.ndim === 0) break;
    const n = t.shape[d]!;
    if (n > 0) offset += (n - 1) * strides[d]!;
    strides[d] = -strides[d]!;
  }
  // A negative-stride view exists only for this copy; the library never hands one out.
  return new Tensor(t.storage, t.shape, t.dtype, strides, offset).clone();
}

/**
 * Rotates elements along `dims` by `shifts` (torch.roll); elements shifted past the end come
 * back at the start. Without `dims` the tensor is flattened, rolled and reshaped.
 */
export function roll(t: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const op = "roll";
  checkInput(op, t);
  const sh = typeof shifts === "number" ? [shifts] : [...shifts];
  if (sh.some((s) => !Number.isInteger(s))) throw new ValueError(`${op}: shifts is ${fmtValue(shifts)}, expected integers`);
  if (dims === undefined) {
    if (sh.length !== 1) throw new ValueError(`${op}: shifts is ${fmtValue(shifts)}, expected one shift when dims is omitted`);
    return roll(t.reshape([-1]), sh[0]!, 0).reshape(t.shape);
  }
  const ds = normalizeDims(op, typeof dims === "number" ? [dims] : dims, t.ndim, "dims");
  if (ds.length !== sh.length) throw new ShapeError(`${op}: shifts has ${sh.length} entries, expected ${ds.length} to match dims ${fmtValue(dims)}`);
  let cur = t;
  ds.forEach((d, k) => {
    const n = cur.shape[d] ?? 1;
    if (n === 0 || cur.ndim === 0) return;
    const s = ((sh[k]! % n) + n) % n;
    if (s === 0) return;
    cur = cat([cur.narrow(d, n - s, s), cur.narrow(d, 0, n - s)], d);
  });
  return cur === t ? t.clone() : cur;
}

