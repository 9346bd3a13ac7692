/**
 * Broadcasting (torch rules) and the small helpers every op uses to read operands: shapes are
 * aligned from the right, and a dim of size 1 stretches to the other operand's size.
 */
import { getBackend } from "../../backend/backend.js";
import { subview } from "../../backend/view.js";
import { type DType, type TypedArray, allocArray, castValue, floatToHalf, halfToFloat } from "../../backend/dtype.js";
export { castValue };
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { type Shape, Tensor, sameShape, shapeSize } from "../tensor.js";

/**
 * The shape two (or more) shapes broadcast to, or a ShapeError naming `op` and the shapes.
 * `names` label the operands in the message (default `a`, `b`, ...).
 */
export function broadcastShapes(op: string, shapes: readonly Shape[], names?: readonly string[]): number[] {
  let nd = 0;
  for (const s of shapes) nd = Math.max(nd, s.length);
  const out = new Array<number>(nd).fill(1);
  for (let k = 0; k < shapes.length; k++) {
    const s = shapes[k]!;
    const lead = nd - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i]!;
      const cur = out[lead + i]!;
      if (d === cur || d === 1) continue;
      if (cur === 1) out[lead + i] = d;
      else {
        const label = (j: number): string => names?.[j] ?? String.fromCharCode(97 + j);
        const desc = shapes.map((sh, j) => `${label(j)} has shape ${fmtShape(sh)}`).join(", ");
        throw new ShapeError(
          `${op}: ${desc}; expected shapes that broadcast (dim ${lead + i - nd} is ${cur} vs ${d}, expected equal or 1)`,
        );
      }
    }
  }
  return out;
}

/** Broadcasts two shapes; shorthand for `broadcastShapes(op, [a, b], [nameA, nameB])`. */
export function broadcastShape(op: string, a: Shape, b: Shape, nameA = "a", nameB = "b"): number[] {
  if (sameShape(a, b)) return [...a];
  return broadcastShapes(op, [a, b], [nameA, nameB]);
}

/** Throws a ValueError unless `x` is a Tensor. */
export function checkTensor(op: string, x: unknown, arg: string): Tensor {
  if (!(x instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(x)}, expected a Tensor`);
  return x;
}

/** Throws a DTypeError unless `t` is a bool tensor. */
export function checkBool(op: string, t: Tensor, arg: string): void {
  if (t.dtype !== "bool") throw new DTypeError(`${op}: ${arg} has dtype ${t.dtype}, expected bool`);
}

/** Throws a DTypeError unless `t` has a floating dtype. */
export function checkFloating(op: string, t: Tensor, arg: string): void {
  if (t.dtype !== "float32" && t.dtype !== "float64" && t.dtype !== "float16") {
    throw new DTypeError(`${op}: ${arg} has dtype ${t.dtype}, expected a floating dtype (float16, float32, float64)`);
  }
}

/** Torch's can_cast: floating results cannot go into integer tensors, nor non-bool into bool. */
export function canCast(from: DType, to: DType): boolean {
  const fl = (d: DType): boolean => d === "float32" || d === "float64" || d === "float16";
  if (fl(from) && !fl(to)) return false;
  if (from !== "bool" && to === "bool") return false;
  return true;
}


/** Storage-domain value of `v` for `dtype` (half bits for float16). */
export function storeValue(dtype: DType, v: number): number {
  if (dtype === "float16") return floatToHalf(v);
  if (dtype === "bool") return v !== 0 ? 1 : 0;
  return v;
}

/**
 * The values of `t`, broadcast to `shape`, in row-major order, converted to `dtype` (float16
 * values are decoded into a Float32Array). Contiguous tensors whose layout already matches
 * return a `subview` of their storage (it keeps the storage alive): callers must treat the result as read-only, and must
 * not allocate tensors while they still read it (a wasm backend may grow its memory on
 * allocation, which detaches earlier views). Copies are plain JavaScript arrays, which the
 * backend never moves.
 */
export function loadValues(t: Tensor, shape: Shape, dtype: DType): TypedArray {
  const n = shapeSize(shape);
  const src = t.data;
  const same = sameShape(t.shape, shape) && t.isContiguous();
  if (same && t.dtype === dtype && dtype !== "float16") return subview(src, t.offset, t.offset + n);
  const out: TypedArray =
    dtype === "float16" ? new Float32Array(n) : allocArray(dtype, n);
  const offs = same ? null : t.expand(shape).offsets();
  const sd = t.dtype;
  const conv = sd !== dtype && (dtype === "int32" || dtype === "uint8" || dtype === "bool" || dtype === "float16");
  for (let i = 0; i < n; i++) {
    const o = offs === null ? t.offset + i : offs[i]!;
    let v = src[o]!;
    if (sd === "float16") v = halfToFloat(v);
    out[i] = conv ? castValue(dtype, v) : v;
  }
  return out;
}

/** Allocates an uninitialised-in-spirit (zero-filled) contiguous result tensor. */
export function allocTensor(shape: Shape, dtype: DType): Tensor {
  return new Tensor(getBackend().alloc(dtype, shapeSize(shape)), shape, dtype);
}

/**
 * Writes row-major `values` (numbers in the value domain) into `out` (contiguous), encoding
 * float16 and bool.
 */
export function storeAll(out: Tensor, values: ArrayLike<number>): void {
  const d = out.data;
  const n = values.length;
  if (out.dtype === "float16") for (let i = 0; i < n; i++) d[i] = floatToHalf(values[i]!);
  else if (out.dtype === "bool") for (let i = 0; i < n; i++) d[i] = values[i]! !== 0 ? 1 : 0;
  else for (let i = 0; i < n; i++) d[i] = values[i]!;
}

/** Normalises a list of dims (each possibly negative), rejecting repeats. */
export function normalizeDims(op: string, dims: readonly number[], ndim: number, arg = "dim"): number[] {
  const out: number[] = [];
  for (const d of dims) {
    const lo = ndim === 0 ? -1 : -ndim;
    const hi = ndim === 0 ? 0 : ndim - 1;
    if (!Number.isInteger(d) || d < lo || d > hi) {
      throw new IndexError(`${op}: ${arg} is ${fmtValue(dims.length === 1 ? dims[0] : dims)}, expected integers in [${lo}, ${hi}] for a tensor of ${ndim} dims`);
    }
    const nd = d < 0 ? d + Math.max(ndim, 1) : d;
    if (out.includes(nd)) throw new ValueError(`${op}: ${arg} is ${fmtValue(dims)}, expected distinct dims (dim ${nd} repeats)`);
    out.push(nd);
  }
  return out;
}

/** An operand of an elementwise op: a tensor or a JavaScript number/boolean ("wrapped number" in torch). */
export type Operand = Tensor | number | boolean;

function category(d: DType): number {
  return d === "bool" ? 0 : d === "float16" || d === "float32" || d === "float64" ? 2 : 1;
}

const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, float16: 3, float32: 4, float64: 5 };

function promote(a: DType | undefined, b: DType | undefined): DType | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

function combineCategories(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher !== undefined && category(higher) === 2) return higher;
  if (higher === "bool" || (lower !== undefined && category(lower) === 2)) return promote(higher, lower);
  return higher ?? lower;
}

/**
 * torch.result_type over operands: tensors with dims outrank 0-d tensors, which outrank
 * JavaScript numbers, except that a lower-priority operand of a higher category (bool <
 * integer < floating) still lifts the result. An integer number counts as int32 (torch:
 * int64, which this library does not have), a fractional one as float32 (the default dtype).
 */
export function resultType(...operands: readonly (Operand | null | undefined)[]): DType {
  let dim: DType | undefined;
  let zero: DType | undefined;
  let wrapped: DType | undefined;
  for (const o of operands) {
    if (o === null || o === undefined) continue;
    if (o instanceof Tensor) {
      if (o.ndim > 0) dim = promote(dim, o.dtype);
      else zero = promote(zero, o.dtype);
    } else if (typeof o === "boolean") wrapped = promote(wrapped, "bool");
    else wrapped = promote(wrapped, Number.isInteger(o) ? "int32" : "float32");
  }
  return combineCategories(dim, combineCategories(zero, wrapped)) ?? "float32";
}

/** Throws unless `x` is a Tensor, a number or a boolean. */
export function checkOperand(op: string, x: unknown, arg: string): Operand {
  if (x instanceof Tensor || typeof x === "number" || typeof x === "boolean") return x;
  throw new ValueError(`${op}: ${arg} is ${fmtValue(x)}, expected a Tensor or a number`);
}

/** The shape of an operand (numbers are 0-d). */
export function shapeOf(x: Operand | null | undefined): readonly number[] {
  return x instanceof Tensor ? x.shape : [];
}

/** Values of an operand in `shape`/`dtype`: a typed array, or a single converted number. */
export function operandValues(x: Operand, shape: readonly number[], dtype: DType): TypedArray | number {
  return x instanceof Tensor ? loadValues(x, shape, dtype) : castValue(dtype, Number(x));
}
