/**
 * Elementwise ops with torch broadcasting and dtype promotion.
 *
 * Values are computed in double precision from operands already converted to the op's
 * common dtype, then stored into the result's typed array: a Float32Array store rounds to
 * float32 once per op, so add/sub/mul/div/sqrt match torch bit for bit (double rounding is
 * harmless for these: 53 >= 2*24+2). float16 operands compute in float32 and are rounded to
 * half on store, as torch does on the CPU. Integer results wrap like torch's (int32 stores
 * wrap modulo 2^32, uint8 modulo 2^8).
 */
import type { DType } from "../../backend/dtype.js";
import { floatToHalf } from "../../backend/dtype.js";
import { subview } from "../../backend/view.js";
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import { Tensor, sameShape, shapeSize } from "../tensor.js";
import {
  type Operand,
  allocTensor,
  broadcastShapes,
  canCast,
  checkOperand,
  loadValues,
  operandValues,
  resultType,
  shapeOf,
  castValue,
} from "./broadcast.js";
import { type Op2, fill2, loop2, stridedSrc } from "./loops.js";

type Fn2 = (x: number, y: number) => number;
type Fn1 = (x: number) => number;

const isFloat = (d: DType): boolean => d === "float32" || d === "float64" || d === "float16";

interface BinarySpec {
  /** The dtype operands are converted to, from their promoted dtype. */
  compute?: (promoted: DType) => DType;
  /** The result dtype, from the compute dtype. */
  result?: (compute: DType) => DType;
  /** Picks the scalar function for a compute dtype (integer ops wrap differently). */
  fn: (compute: DType) => Fn2;
  /** Rejects dtypes torch rejects. */
  check?: (compute: DType) => void;
  /** A dedicated loop for the compute dtype, when `fn` is plain arithmetic there. */
  code?: (compute: DType) => Op2;
  /** `fn` returns 0 or 1, so a bool result can be stored without normalising. */
  bool01?: boolean;
}

/** Whether operands can be read straight from storage (no conversion) and results stored as computed. */
function isDirect(spec: BinarySpec, compute: DType, outDtype: DType, ops: readonly Operand[]): boolean {
  if (compute === "float16" || outDtype === "float16") return false;
  if (outDtype === "bool" && !spec.bool01) return false;
  for (const o of ops) if (o instanceof Tensor && o.dtype !== compute) return false;
  return true;
}

function direct(x: Operand, shape: readonly number[], compute: DType): ReturnType<typeof stridedSrc> | number {
  return x instanceof Tensor ? stridedSrc(x, shape) : castValue(compute, Number(x));
}

function binary(op: string, a: Operand, b: Operand, spec: BinarySpec): Tensor {
  checkOperand(op, a, "a");
  checkOperand(op, b, "b");
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw new ValueError(`${op}: a and b are numbers, expected at least one Tensor`);
  const promoted = resultType(a, b);
  const compute = spec.compute ? spec.compute(promoted) : promoted;
  spec.check?.(compute);
  const outDtype = spec.result ? spec.result(compute) : compute;
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  const shape = sameShape(sa, sb) ? [...sa] : broadcastShapes(op, [sa, sb]);
  const out = allocTensor(shape, outDtype);
  const n = shapeSize(shape);
  if (n === 0) return out;
  if (isDirect(spec, compute, outDtype, [a, b])) {
    loop2(out.data, shape, direct(a, shape, compute), direct(b, shape, compute), spec.fn(compute), spec.code?.(compute) ?? null);
    return out;
  }
  fill2(out.data, outDtype, n, operandValues(a, shape, compute), operandValues(b, shape, compute), spec.fn(compute));
  return out;
}

/**
 * Applies a binary op in place into `t` (torch's `t.op_(other)`): the common dtype is computed
 * as for the out-of-place op and must be castable to `t.dtype`, and the broadcast shape must be
 * `t`'s shape.
 */
function binaryInPlace(op: string, t: Tensor, b: Operand, spec: BinarySpec): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: self is ${fmtValue(t)}, expected a Tensor`);
  checkOperand(op, b, "other");
  const promoted = resultType(t, b);
  const compute = spec.compute ? spec.compute(promoted) : promoted;
  spec.check?.(compute);
  const resDtype = spec.result ? spec.result(compute) : compute;
  if (!canCast(resDtype, t.dtype)) {
    throw new DTypeError(`${op}: result dtype ${resDtype} can't be cast to self's dtype ${t.dtype}, expected other of a dtype that keeps ${t.dtype}`);
  }
  const sb = shapeOf(b);
  if (!sameShape(sb, t.shape)) {
    const bs = broadcastShapes(op, [t.shape, sb], ["self", "other"]);
    if (!sameShape(bs, t.shape)) {
      throw new ShapeError(`${op}: other has shape ${fmtShape(sb)}, expected a shape that broadcasts to self's ${fmtShape(t.shape)} (result would be ${fmtShape(bs)})`);
    }
  }
  const n = t.numel();
  if (n === 0) return t;
  // An operand that views the destination's memory in another layout would be read after
  // parts of it were overwritten (torch refuses such partial overlap); read a copy instead.
  if (b instanceof Tensor && overlaps(b, t) && !(b.data === t.data && b.offset === t.offset && sameShape(b.strides, t.strides) && sameShape(b.shape, t.shape))) {
    b = b.clone();
  }
  const fn = spec.fn(compute);
  if (t.isContiguous() && compute !== "bool" && isDirect(spec, compute, t.dtype, [t, b])) {
    // Reads and writes the destination's own storage, element i onto element i.
    const dst = subview(t.data, t.offset, t.offset + n);
    loop2(dst, t.shape, stridedSrc(t, t.shape), direct(b, t.shape, compute), fn, spec.code?.(compute) ?? null);
    return t;
  }
  const x = loadValues(t, t.shape, compute);
  const y = operandValues(b, t.shape, compute);
  const tmp = new Float64Array(n);
  fill2(tmp, "float64", n, x, y, fn);
  writeBack(t, tmp);
  return t;
}

/** Byte range [start, end) of the memory a tensor's elements occupy. */
function byteRange(t: Tensor): [number, number] {
  let lo = t.offset;
  let hi = t.offset;
  for (let d = 0; d < t.ndim; d++) {
    const span = (t.shape[d]! - 1) * t.strides[d]!;
    if (span < 0) lo += span;
    else hi += span;
  }
  const d = t.data;
  return [d.byteOffset + lo * d.BYTES_PER_ELEMENT, d.byteOffset + (hi + 1) * d.BYTES_PER_ELEMENT];
}

/** Whether two non-empty tensors share any bytes (a wasm backend puts all storage in one buffer). */
function overlaps(a: Tensor, b: Tensor): boolean {
  if (a.data.buffer !== b.data.buffer || a.numel() === 0 || b.numel() === 0) return false;
  const [a0, a1] = byteRange(a);
  const [b0, b1] = byteRange(b);
  return a0 < b1 && b0 < a1;
}

/** Writes row-major values (already computed) into `t` through its strides, casting to its dtype. */
function writeBack(t: Tensor, vals: ArrayLike<number>): void {
  const d = t.data;
  const dt = t.dtype;
  const offs = t.isContiguous() ? null : t.offsets();
  const n = vals.length;
  for (let i = 0; i < n; i++) {
    const o = offs === null ? t.offset + i : offs[i]!;
    const v = vals[i]!;
    d[o] = dt === "float16" ? floatToHalf(v) : dt === "bool" ? (v !== 0 ? 1 : 0) : dt === "int32" || dt === "uint8" ? (Number.isFinite(v) ? Math.trunc(v) : 0) : v;
  }
}

function unary(op: string, t: Tensor, result: (d: DType) => DType, fn: (d: DType) => Fn1, check?: (d: DType) => void): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: input is ${fmtValue(t)}, expected a Tensor`);
  check?.(t.dtype);
  const outDtype = result(t.dtype);
  const out = allocTensor(t.shape, outDtype);
  const n = t.numel();
  if (n === 0) return out;
  const x = loadValues(t, t.shape, outDtype);
  const f = fn(outDtype);
  const o = out.data;
  if (outDtype === "float16") for (let i = 0; i < n; i++) o[i] = floatToHalf(f(x[i]!));
  else if (outDtype === "bool") for (let i = 0; i < n; i++) o[i] = f(x[i]!) !== 0 ? 1 : 0;
  else for (let i = 0; i < n; i++) o[i] = f(x[i]!);
  return out;
}

// ---------------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------------

/** torch rejects subtraction when either operand is bool (a bool tensor or a JavaScript boolean). */
function noBoolSub(op: string, a: Operand, b: Operand): void {
  for (const [x, name] of [[a, "a"], [b, "b"]] as const) {
    if (typeof x === "boolean" || (x instanceof Tensor && x.dtype === "bool")) {
      throw new DTypeError(`${op}: ${name} is bool, expected a numeric dtype (subtraction with bool is not supported; use logicalXor or logicalNot)`);
    }
  }
}

function addFn(alpha: number) {
  return (d: DType): Fn2 => {
    if (alpha === 1) return (x, y) => x + y;
    const al = castValue(d, alpha);
    if (d === "int32") return (x, y) => (x + Math.imul(al, y)) | 0;
    return (x, y) => x + al * y;
  };
}

function checkAlpha(op: string, alpha: number, a: Operand, b: Operand): void {
  if (typeof alpha !== "number" || Number.isNaN(alpha)) throw new ValueError(`${op}: alpha is ${fmtValue(alpha)}, expected a number`);
  if (!Number.isInteger(alpha) && !isFloat(resultType(a, b))) {
    throw new DTypeError(`${op}: alpha is ${alpha}, expected an integer for integral operands of dtype ${resultType(a, b)}`);
  }
}

/** `a + alpha * b`, broadcast (torch.add). */
export function add(a: Operand, b: Operand, alpha = 1): Tensor {
  checkAlpha("add", alpha, a, b);
  return binary("add", a, b, { fn: addFn(alpha), code: () => (alpha === 1 ? "add" : null) });
}

/** `a - alpha * b`, broadcast (torch.sub); bool operands are rejected as in torch. */
export function sub(a: Operand, b: Operand, alpha = 1): Tensor {
  checkAlpha("sub", alpha, a, b);
  noBoolSub("sub", a, b);
  return binary("sub", a, b, { fn: addFn(-alpha), code: () => (alpha === 1 ? "sub" : null) });
}

// int32 products can exceed 2^53, so only other dtypes use the plain `*` loop.
const mulCode = (d: DType): Op2 => (d === "int32" || d === "bool" ? null : "mul");
const mulFn = (d: DType): Fn2 => (d === "int32" ? Math.imul : d === "bool" ? (x, y) => x & y : (x, y) => x * y);

/** `a * b`, broadcast (torch.mul). */
export function mul(a: Operand, b: Operand): Tensor {
  return binary("mul", a, b, { fn: mulFn, code: mulCode });
}

/** True division `a / b` (torch.div): integer operands give float32, as in torch. */
export function div(a: Operand, b: Operand): Tensor {
  return binary("div", a, b, { compute: floatOf, fn: () => (x, y) => x / y, code: () => "div" });
}

function floatOf(d: DType): DType {
  return isFloat(d) ? d : "float32";
}

function pyMod(x: number, y: number): number {
  const m = x % y;
  return m !== 0 && m < 0 !== y < 0 ? m + y : m;
}

/** Python-style modulus `a - floor(a / b) * b` with the sign of `b` (torch.remainder). */
export function remainder(a: Operand, b: Operand): Tensor {
  const op = "remainder";
  return binary(op, a, b, {
    fn: (d) =>
      isFloat(d)
        ? pyMod
        : (x, y) => {
            if (y === 0) throw new ValueError(`${op}: b has a zero element, expected non-zero divisors for integer dtype ${d}`);
            return pyMod(x, y);
          },
    check: (d) => {
      if (d === "bool") throw new DTypeError(`${op}: operands have dtype bool, expected a numeric dtype`);
    },
  });
}

function intPow(base: number, e: number, d: DType): number {
  if (e < 0) return base === 1 ? 1 : base === -1 ? (e % 2 === 0 ? 1 : -1) : 0;
  let r = 1;
  let b = base;
  while (e > 0) {
    if (e & 1) r = d === "int32" ? Math.imul(r, b) : (r * b) & 0xff;
    b = d === "int32" ? Math.imul(b, b) : (b * b) & 0xff;
    e = Math.floor(e / 2);
  }
  return r;
}

/** `a ** b` (torch.pow); integer tensors to a negative integer number power are rejected as in torch. */
export function pow(a: Operand, b: Operand): Tensor {
  const op = "pow";
  if (typeof b === "number" && Number.isInteger(b) && b < 0 && a instanceof Tensor && !isFloat(a.dtype)) {
    throw new ValueError(`${op}: exponent is ${b}, expected a non-negative integer for integer tensors (dtype ${a.dtype})`);
  }
  return binary(op, a, b, {
    fn: (d) => (isFloat(d) ? Math.pow : d === "bool" ? (x, y) => (x !== 0 || y === 0 ? 1 : 0) : (x, y) => intPow(x, y, d)),
  });
}

/** Elementwise minimum (NaN propagates, torch.minimum). */
export function minimum(a: Tensor, b: Tensor): Tensor {
  return binary("minimum", a, b, { fn: () => (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y) });
}

/** Elementwise maximum (NaN propagates, torch.maximum). */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return binary("maximum", a, b, { fn: () => (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y) });
}

// ---------------------------------------------------------------------------------------
// In place
// ---------------------------------------------------------------------------------------

/** `t += alpha * other` in place; `t` keeps its dtype. */
export function add_(t: Tensor, other: Operand, alpha = 1): Tensor {
  checkAlpha("add_", alpha, t, other);
  return binaryInPlace("add_", t, other, { fn: addFn(alpha), code: () => (alpha === 1 ? "add" : null) });
}

/** `t -= alpha * other` in place. */
export function sub_(t: Tensor, other: Operand, alpha = 1): Tensor {
  checkAlpha("sub_", alpha, t, other);
  noBoolSub("sub_", t, other);
  return binaryInPlace("sub_", t, other, { fn: addFn(-alpha), code: () => (alpha === 1 ? "sub" : null) });
}

/** `t *= other` in place. */
export function mul_(t: Tensor, other: Operand): Tensor {
  return binaryInPlace("mul_", t, other, { fn: mulFn, code: mulCode });
}

/** `t /= other` in place (true division: `t` must be floating). */
export function div_(t: Tensor, other: Operand): Tensor {
  return binaryInPlace("div_", t, other, { compute: floatOf, fn: () => (x, y) => x / y, code: () => "div" });
}

// ---------------------------------------------------------------------------------------
// Unary
// ---------------------------------------------------------------------------------------

const same = (d: DType): DType => d;
const noBool = (op: string) => (d: DType): void => {
  if (d === "bool") throw new DTypeError(`${op}: input has dtype bool, expected a numeric dtype`);
};

export function exp(t: Tensor): Tensor {
  return unary("exp", t, floatOf, () => Math.exp);
}
export function log(t: Tensor): Tensor {
  return unary("log", t, floatOf, () => Math.log);
}
export function sqrt(t: Tensor): Tensor {
  return unary("sqrt", t, floatOf, () => Math.sqrt);
}
/** `1 / t`, always floating. */
export function reciprocal(t: Tensor): Tensor {
  return unary("reciprocal", t, floatOf, () => (x) => 1 / x);
}
/** `1 / (1 + exp(-t))`, always floating. */
export function sigmoid(t: Tensor): Tensor {
  return unary("sigmoid", t, floatOf, () => (x) => 1 / (1 + Math.exp(-x)));
}
export function tanh(t: Tensor): Tensor {
  return unary("tanh", t, floatOf, () => Math.tanh);
}
export function abs(t: Tensor): Tensor {
  return unary("abs", t, same, () => Math.abs, noBool("abs"));
}
/** `-t`; uint8 wraps like torch, bool is rejected. */
export function neg(t: Tensor): Tensor {
  return unary("neg", t, same, () => (x) => -x, (d) => {
    if (d === "bool") throw new DTypeError("neg: input has dtype bool, expected a numeric dtype (use logicalNot to invert a mask)");
  });
}
/** -1, 0 or 1, computed as torch does: `(0 < x) - (x < 0)`, so NaN and -0 give 0. */
export function sign(t: Tensor): Tensor {
  return unary("sign", t, same, () => (x) => (x > 0 ? 1 : x < 0 ? -1 : 0));
}
export function floor(t: Tensor): Tensor {
  return unary("floor", t, same, () => Math.floor);
}
export function ceil(t: Tensor): Tensor {
  return unary("ceil", t, same, () => Math.ceil);
}
/** Rounds half to even, like torch.round (`round(2.5) = 2`, `round(-0.5) = -0`). */
export function round(t: Tensor): Tensor {
  return unary("round", t, same, () => roundHalfEven);
}

function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  return r === 0 && x < 0 ? -0 : r;
}

// ---------------------------------------------------------------------------------------
// Comparison and logic (bool results)
// ---------------------------------------------------------------------------------------

const toBool = (): DType => "bool";
const cmp = (op: string, f: Fn2) => (a: Operand, b: Operand): Tensor => binary(op, a, b, { result: toBool, fn: () => f, bool01: true });

export const eq = cmp("eq", (x, y) => (x === y ? 1 : 0));
export const ne = cmp("ne", (x, y) => (x !== y ? 1 : 0));
export const lt = cmp("lt", (x, y) => (x < y ? 1 : 0));
export const le = cmp("le", (x, y) => (x <= y ? 1 : 0));
export const gt = cmp("gt", (x, y) => (x > y ? 1 : 0));
export const ge = cmp("ge", (x, y) => (x >= y ? 1 : 0));

// Truthiness follows C++: NaN is true.
const truth = (x: number): boolean => x !== 0;
const logic = (op: string, f: (x: boolean, y: boolean) => boolean) => (a: Operand, b: Operand): Tensor =>
  binary(op, a, b, { result: toBool, fn: () => (x, y) => (f(truth(x), truth(y)) ? 1 : 0), bool01: true });

export const logicalAnd = logic("logicalAnd", (x, y) => x && y);
export const logicalOr = logic("logicalOr", (x, y) => x || y);
export const logicalXor = logic("logicalXor", (x, y) => x !== y);
export function logicalNot(t: Tensor): Tensor {
  return unary("logicalNot", t, toBool, () => (x) => (x !== 0 ? 0 : 1));
}
