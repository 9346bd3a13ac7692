/** Creating tensors: from data, filled, ranges and identity. */
import { checkOptions } from "../options.js";
import { getBackend } from "../backend/backend.js";
import { type DType, type TypedArray, dtypeOfArray, floatToHalf, isDType } from "../backend/dtype.js";
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { type NestedArray, type Shape, Tensor, checkShape, shapeSize, writeElement } from "./tensor.js";
import { installTensorMethods } from "./methods.js";

// explicit, so a bundler keeps it (see methods.ts)
installTensorMethods();

export interface CreateOptions {
  dtype?: DType;
}

/** Checks an options argument: an object whose only keys are `dtype` (and `extra`). Cheap: runs per call. */
function checkCreateOptions(op: string, opts: unknown, extra?: string): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== "object") {
    throw new ValueError(`${op}: options are ${fmtValue(opts)}, expected an object { dtype? }${typeof opts === "number" ? ` (a shape of several dims is one array: ${op}([a, b]))` : ""}`);
  }
  for (const k in opts) if (k !== "dtype" && k !== extra) checkOptions(op, opts, extra === undefined ? ["dtype"] : ["dtype", extra]);
}

function checkDType(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(`${op}: dtype is ${fmtValue(dtype)}, expected one of float32, float64, int32, uint8, bool, float16`);
  }
  return dtype;
}

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function inferNestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as NestedArray;
  }
  return shape;
}

function flattenNested(op: string, data: NestedArray, shape: number[]): { values: number[]; allBool: boolean } {
  const values: number[] = [];
  let allBool = true;
  const walk = (x: NestedArray, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof x === "boolean") values.push(x ? 1 : 0);
      else if (typeof x === "number") {
        allBool = false;
        values.push(x);
      } else {
        throw new ShapeError(`${op}: data${path} is ${fmtValue(x)}, expected a number (ragged nesting; shape ${fmtShape(shape)})`);
      }
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new ShapeError(`${op}: data${path} has ${Array.isArray(x) ? `length ${x.length}` : `value ${fmtValue(x)}`}, expected an array of length ${shape[depth]} (ragged nesting)`);
    }
    for (let i = 0; i < x.length; i++) walk(x[i] as NestedArray, depth + 1, `${path}[${i}]`);
  };
  walk(data, 0, "");
  return { values, allBool };
}

/**
 * Builds a tensor from nested arrays, a typed array, or a number (copying the data).
 * The dtype is inferred like torch: booleans give bool, numbers give float32 (integers too:
 * JavaScript has no int literal, so pass `{ dtype: "int32" }` for integer tensors); a typed
 * array keeps its own dtype. `shape` reshapes flat data.
 */
export function tensor(data: NestedArray | TypedArray | readonly number[], opts: CreateOptions & { shape?: Shape } = {}): Tensor {
  checkCreateOptions("tensor", opts, "shape");
  const op = "tensor";
  if (opts.dtype !== undefined) checkDType(op, opts.dtype);
  if (isTypedArray(data)) {
    const srcDtype = dtypeOfArray(data);
    const dtype = opts.dtype ?? srcDtype;
    const shape = opts.shape ? checkShape(op, opts.shape) : [data.length];
    if (shapeSize(shape) !== data.length) {
      throw new ShapeError(`${op}: shape ${fmtShape(shape)} holds ${shapeSize(shape)} elements, expected ${data.length} to match data`);
    }
    const out = getBackend().alloc(dtype, data.length);
    if (dtype === srcDtype) out.set(data);
    else for (let i = 0; i < data.length; i++) writeElement(out, dtype, i, data[i]!);
    return new Tensor(out, shape, dtype);
  }
  if (data === null || data === undefined || (typeof data !== "number" && typeof data !== "boolean" && !Array.isArray(data))) {
    throw new ValueError(`${op}: data is ${fmtValue(data)}, expected a number, a boolean, nested arrays or a typed array`);
  }
  const nestedShape = inferNestedShape(data as NestedArray);
  const { values, allBool } = flattenNested(op, data as NestedArray, nestedShape);
  const dtype = opts.dtype ?? (allBool && values.length > 0 ? "bool" : "float32");
  const shape = opts.shape ? checkShape(op, opts.shape) : nestedShape;
  if (shapeSize(shape) !== values.length) {
    throw new ShapeError(`${op}: shape ${fmtShape(shape)} holds ${shapeSize(shape)} elements, expected ${values.length} to match data`);
  }
  const out = getBackend().alloc(dtype, values.length);
  for (let i = 0; i < values.length; i++) writeElement(out, dtype, i, values[i]!);
  return new Tensor(out, shape, dtype);
}

/** An uninitialised-in-torch, zero-filled-here tensor. */
export function empty(shape: Shape, opts: CreateOptions = {}): Tensor {
  return zeros(shape, opts);
}

export function zeros(shape: Shape, opts: CreateOptions = {}): Tensor {
  checkCreateOptions("zeros", opts);
  const s = checkShape("zeros", shape);
  const dtype = checkDType("zeros", opts.dtype ?? "float32");
  return new Tensor(getBackend().alloc(dtype, shapeSize(s)), s, dtype);
}

export function full(shape: Shape, value: number | boolean, opts: CreateOptions = {}): Tensor {
  checkCreateOptions("full", opts);
  const s = checkShape("full", shape);
  const dtype = checkDType("full", opts.dtype ?? (typeof value === "boolean" ? "bool" : "float32"));
  const t = new Tensor(getBackend().alloc(dtype, shapeSize(s)), s, dtype);
  const v = Number(value);
  if (v !== 0) t.data.fill(dtype === "float16" ? floatToHalf(v) : dtype === "bool" ? 1 : v);
  if (dtype === "int32" || dtype === "uint8") {
    if (!Number.isInteger(v)) writeAll(t, v);
  }
  return t;
}

function writeAll(t: Tensor, v: number): void {
  for (let i = 0; i < t.data.length; i++) writeElement(t.data, t.dtype, i, v);
}

export function ones(shape: Shape, opts: CreateOptions = {}): Tensor {
  return full(shape, 1, opts);
}

export function zerosLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return zeros(t.shape, { dtype: opts.dtype ?? t.dtype });
}

export function onesLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return full(t.shape, 1, { dtype: opts.dtype ?? t.dtype });
}

export function fullLike(t: Tensor, value: number | boolean, opts: CreateOptions = {}): Tensor {
  return full(t.shape, value, { dtype: opts.dtype ?? t.dtype });
}

export function emptyLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return zerosLike(t, opts);
}

/** The `n x m` identity matrix. */
export function eye(n: number, m: number = n, opts: CreateOptions = {}): Tensor {
  for (const [name, v] of [["n", n], ["m", m]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`eye: ${name} is ${fmtValue(v)}, expected a non-negative integer`);
  }
  const t = zeros([n, m], opts);
  const one = t.dtype === "float16" ? floatToHalf(1) : 1;
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = one;
  return t;
}

/**
 * Values `start, start+step, ...` below `end` (torch.arange). With one argument it counts
 * from 0. The dtype is int32 when every argument is an integer, float32 otherwise.
 */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  checkCreateOptions("arange", opts);
  if (end === undefined) {
    end = start;
    start = 0;
  }
  for (const [name, v] of [["start", start], ["end", end], ["step", step]] as const) {
    if (!Number.isFinite(v)) throw new ValueError(`arange: ${name} is ${fmtValue(v)}, expected a finite number`);
  }
  if (step === 0) throw new ValueError("arange: step is 0, expected a non-zero number");
  if ((end - start) / step < 0) {
    throw new ValueError(`arange: step ${step} has the wrong sign for the range [${start}, ${end})`);
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  const allInt = Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step);
  const dtype = opts.dtype ?? (allInt ? "int32" : "float32");
  const t = zeros([n], { dtype });
  for (let i = 0; i < n; i++) writeElement(t.data, dtype, i, start + i * step);
  return t;
}

/** `steps` evenly spaced values from `start` to `end` inclusive (torch.linspace). */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps is ${fmtValue(steps)}, expected a non-negative integer`);
  const t = zeros([steps], opts);
  if (steps === 1) {
    writeElement(t.data, t.dtype, 0, start);
    return t;
  }
  const step = (end - start) / (steps - 1);
  // torch fills the first half from start and the second half from end, symmetric rounding
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    const v = i < half ? start + step * i : end - step * (steps - 1 - i);
    writeElement(t.data, t.dtype, i, v);
  }
  return t;
}

/** Wraps a number as a 0-d tensor. */
export function scalar(value: number | boolean, opts: CreateOptions = {}): Tensor {
  return full([], value, opts);
}
