/**
 * Selection ops: where, clamp (number or tensor bounds), maskedFill, with torch broadcasting
 * and dtype promotion, plus their in-place forms.
 */
import { type DType, type TypedArray, floatToHalf } from "../../backend/dtype.js";
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Tensor, sameShape, shapeSize } from "../tensor.js";
import {
  type Operand,
  allocTensor,
  broadcastShapes,
  canCast,
  checkBool,
  checkOperand,
  loadValues,
  operandValues,
  resultType,
  shapeOf,
  castValue,
} from "./broadcast.js";
import { fill2 } from "./loops.js";

// ---------------------------------------------------------------------------------------

/** Values of an optional operand broadcast to `shape` in `dtype`: an array, a number, or null when absent. */
function optValues(x: Operand | null | undefined, shape: readonly number[], dtype: DType): TypedArray | number | null {
  return x === null || x === undefined ? null : operandValues(x, shape, dtype);
}

function storeFrom(out: Tensor, vals: Float64Array): void {
  fill2(out.data, out.dtype, vals.length, vals, 0, (v) => v);
}

/**
 * `a` where `cond` is true, else `b` (torch.where), broadcasting all three. `cond` must be bool
 * (torch 1.13 still accepts uint8 with a deprecation warning; this library does not).
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const op = "where";
  if (!(cond instanceof Tensor)) throw new ValueError(`${op}: condition is ${fmtValue(cond)}, expected a bool Tensor`);
  checkBool(op, cond, "condition");
  checkOperand(op, a, "input");
  checkOperand(op, b, "other");
  const dt = resultType(a, b);
  const shape = broadcastShapes(op, [cond.shape, shapeOf(a), shapeOf(b)], ["condition", "input", "other"]);
  const out = allocTensor(shape, dt);
  const n = shapeSize(shape);
  if (n === 0) return out;
  const c = loadValues(cond, shape, "bool");
  const x = operandValues(a, shape, dt);
  const y = operandValues(b, shape, dt);
  const tmp = new Float64Array(n);
  for (let i = 0; i < n; i++) tmp[i] = c[i] ? (typeof x === "number" ? x : x[i]!) : typeof y === "number" ? y : y[i]!;
  storeFrom(out, tmp);
  return out;
}

/**
 * Clamps every element into `[min, max]` (torch.clamp); either bound may be omitted (null or
 * undefined), a number or a tensor (broadcast). When `min > max` the result is `max`, as in
 * torch; NaN inputs stay NaN. The result dtype is promoted over the input and the bounds.
 */
export function clamp(t: Tensor, min?: Operand | null, max?: Operand | null): Tensor {
  const op = "clamp";
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: input is ${fmtValue(t)}, expected a Tensor`);
  checkBounds(op, min, max);
  const dt = resultType(t, min, max);
  const shape = broadcastShapes(op, [t.shape, shapeOf(min), shapeOf(max)], ["input", "min", "max"]);
  const out = allocTensor(shape, dt);
  const n = shapeSize(shape);
  if (n === 0) return out;
  const x = loadValues(t, shape, dt);
  const lo = optValues(min, shape, dt);
  const hi = optValues(max, shape, dt);
  const tmp = new Float64Array(n);
  if ((lo === null || typeof lo === "number") && (hi === null || typeof hi === "number")) {
    // Number bounds (the common case). As in torch, a NaN number bound is ignored: NaN marks
    // a missing bound.
    const l = lo ?? NaN;
    const h = hi ?? NaN;
    for (let i = 0; i < n; i++) tmp[i] = clampOne(x[i]!, l, h);
  } else {
    // Tensor bounds: as in torch, a NaN bound element gives NaN.
    for (let i = 0; i < n; i++) {
      const l = lo === null ? NaN : typeof lo === "number" ? lo : lo[i]!;
      const h = hi === null ? NaN : typeof hi === "number" ? hi : hi[i]!;
      const nanBound = (typeof lo === "object" && lo !== null && l !== l) || (typeof hi === "object" && hi !== null && h !== h);
      tmp[i] = nanBound ? NaN : clampOne(x[i]!, l, h);
    }
  }
  storeFrom(out, tmp);
  return out;
}

function checkBounds(op: string, min: unknown, max: unknown): void {
  if ((min === null || min === undefined) && (max === null || max === undefined)) {
    throw new ValueError(`${op}: min and max are both missing, expected at least one bound`);
  }
  if (min !== null && min !== undefined) checkOperand(op, min, "min");
  if (max !== null && max !== undefined) checkOperand(op, max, "max");
}

function clampOne(x: number, lo: number, hi: number): number {
  if (x !== x) return x;
  let r = x;
  if (lo === lo && r < lo) r = lo;
  if (hi === hi && r > hi) r = hi;
  return r;
}

/** Clamps `t` in place; bounds must not promote `t`'s dtype. */
export function clamp_(t: Tensor, min?: Operand | null, max?: Operand | null): Tensor {
  const op = "clamp_";
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: self is ${fmtValue(t)}, expected a Tensor`);
  checkBounds(op, min, max);
  const res = clamp(t, min, max);
  if (!canCast(res.dtype, t.dtype)) {
    throw new DTypeError(`${op}: result dtype ${res.dtype} can't be cast to self's dtype ${t.dtype}, expected bounds that keep ${t.dtype}`);
  }
  if (!sameShape(res.shape, t.shape)) {
    throw new ShapeError(`${op}: bounds broadcast the result to ${fmtShape(res.shape)}, expected self's shape ${fmtShape(t.shape)}`);
  }
  t.copy_(res);
  return t;
}

function checkFillValue(op: string, value: unknown): number {
  if (typeof value === "number" || typeof value === "boolean") return Number(value);
  if (value instanceof Tensor) {
    if (value.ndim !== 0) throw new ShapeError(`${op}: value has shape ${fmtShape(value.shape)}, expected a 0-d tensor or a number`);
    return value.item();
  }
  throw new ValueError(`${op}: value is ${fmtValue(value)}, expected a number, a boolean or a 0-d tensor`);
}

/** A copy of `t` with `value` where the bool `mask` (broadcast) is true (torch.masked_fill). */
export function maskedFill(t: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  const op = "maskedFill";
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: input is ${fmtValue(t)}, expected a Tensor`);
  if (!(mask instanceof Tensor)) throw new ValueError(`${op}: mask is ${fmtValue(mask)}, expected a bool Tensor`);
  checkBool(op, mask, "mask");
  const v = checkFillValue(op, value);
  const shape = broadcastShapes(op, [t.shape, mask.shape], ["input", "mask"]);
  const out = allocTensor(shape, t.dtype);
  out.copy_(t.expand(shape));
  return maskedFill_(out, mask, v);
}

/** Writes `value` into `t` where the bool `mask` (broadcast to `t`'s shape) is true, in place. */
export function maskedFill_(t: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  const op = "maskedFill_";
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: self is ${fmtValue(t)}, expected a Tensor`);
  if (!(mask instanceof Tensor)) throw new ValueError(`${op}: mask is ${fmtValue(mask)}, expected a bool Tensor`);
  checkBool(op, mask, "mask");
  const v = castValue(t.dtype, checkFillValue(op, value));
  if (!sameShape(mask.shape, t.shape)) {
    const bs = broadcastShapes(op, [t.shape, mask.shape], ["self", "mask"]);
    if (!sameShape(bs, t.shape)) throw new ShapeError(`${op}: mask has shape ${fmtShape(mask.shape)}, expected a shape that broadcasts to self's ${fmtShape(t.shape)}`);
  }
  const n = t.numel();
  if (n === 0) return t;
  const m = loadValues(mask, t.shape, "bool");
  const stored = t.dtype === "float16" ? floatToHalf(v) : v;
  const d = t.data;
  if (t.isContiguous()) {
    const o = t.offset;
    for (let i = 0; i < n; i++) if (m[i]) d[o + i] = stored;
  } else {
    const offs = t.offsets();
    for (let i = 0; i < n; i++) if (m[i]) d[offs[i]!] = stored;
  }
  return t;
}
