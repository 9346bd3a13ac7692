/**
 * Strided loops for elementwise ops: they read operands straight from storage through
 * broadcast strides (0 on stretched dims), so broadcasting allocates no index arrays. The
 * four arithmetic ops get dedicated loops (no per-element function call) on the contiguous
 * path, which is the simulator's hot path.
 */
import { type DType, type TypedArray, floatToHalf } from "../../backend/dtype.js";
import type { Tensor } from "../tensor.js";

/** An operand seen through the output's shape: storage, offset and broadcast strides. */
export interface StridedSrc {
  data: TypedArray;
  offset: number;
  strides: number[];
  /** True when the strides are the output's contiguous strides (a flat loop can read it). */
  flat: boolean;
}

/** Strides of `t` aligned to `shape` (which `t` broadcasts to): 0 on new and stretched dims. */
export function stridedSrc(t: Tensor, shape: readonly number[]): StridedSrc {
  const nd = shape.length;
  const lead = nd - t.ndim;
  const strides = new Array<number>(nd);
  let flat = true;
  let expect = 1;
  for (let i = nd - 1; i >= 0; i--) {
    const k = i - lead;
    const s = k < 0 || t.shape[k] === 1 ? 0 : t.strides[k]!;
    strides[i] = s;
    if (shape[i] !== 1 && s !== expect) flat = false;
    expect *= shape[i]!;
  }
  return { data: t.data, offset: t.offset, strides, flat };
}

export type Op2 = "add" | "sub" | "mul" | "div" | null;

/**
 * out[i] = fn(x[i], y[i]) over `shape` in row-major order; `out` is contiguous from 0.
 * Scalars are numbers. `code` selects a dedicated loop for a plain arithmetic op.
 */
export function loop2(
  out: TypedArray,
  shape: readonly number[],
  x: StridedSrc | number,
  y: StridedSrc | number,
  fn: (a: number, b: number) => number,
  code: Op2,
): void {
  const n = out.length;
  if (n === 0) return;
  const xFlat = typeof x === "number" || x.flat;
  const yFlat = typeof y === "number" || y.flat;
  if (xFlat && yFlat) {
    flat2(out, n, x, y, fn, code);
    return;
  }
  // General case: walk the outer dims with a counter, the last dim in an inner loop.
  const nd = shape.length;
  const inner = shape[nd - 1]!;
  const xs = typeof x === "number" ? null : x;
  const ys = typeof y === "number" ? null : y;
  const xv = typeof x === "number" ? x : 0;
  const yv = typeof y === "number" ? y : 0;
  const xIn = xs ? xs.strides[nd - 1]! : 0;
  const yIn = ys ? ys.strides[nd - 1]! : 0;
  const idx = new Array<number>(nd).fill(0);
  let xo = xs ? xs.offset : 0;
  let yo = ys ? ys.offset : 0;
  for (let w = 0; w < n; w += inner) {
    if (xs && ys) {
      const xd = xs.data;
      const yd = ys.data;
      for (let j = 0; j < inner; j++) out[w + j] = fn(xd[xo + j * xIn]!, yd[yo + j * yIn]!);
    } else if (xs) {
      const xd = xs.data;
      for (let j = 0; j < inner; j++) out[w + j] = fn(xd[xo + j * xIn]!, yv);
    } else {
      const yd = ys!.data;
      for (let j = 0; j < inner; j++) out[w + j] = fn(xv, yd[yo + j * yIn]!);
    }
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      if (xs) xo += xs.strides[d]!;
      if (ys) yo += ys.strides[d]!;
      if (idx[d]! < shape[d]!) break;
      if (xs) xo -= xs.strides[d]! * shape[d]!;
      if (ys) yo -= ys.strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

function flat2(out: TypedArray, n: number, x: StridedSrc | number, y: StridedSrc | number, fn: (a: number, b: number) => number, code: Op2): void {
  if (typeof x !== "number" && typeof y !== "number") {
    const xd = x.data;
    const yd = y.data;
    const xo = x.offset;
    const yo = y.offset;
    switch (code) {
      case "add":
        for (let i = 0; i < n; i++) out[i] = xd[xo + i]! + yd[yo + i]!;
        return;
      case "sub":
        for (let i = 0; i < n; i++) out[i] = xd[xo + i]! - yd[yo + i]!;
        return;
      case "mul":
        for (let i = 0; i < n; i++) out[i] = xd[xo + i]! * yd[yo + i]!;
        return;
      case "div":
        for (let i = 0; i < n; i++) out[i] = xd[xo + i]! / yd[yo + i]!;
        return;
      default:
        for (let i = 0; i < n; i++) out[i] = fn(xd[xo + i]!, yd[yo + i]!);
        return;
    }
  }
  if (typeof x !== "number") {
    const xd = x.data;
    const xo = x.offset;
    const s = y as number;
    switch (code) {
      case "add":
        for (let i = 0; i < n; i++) out[i] = xd[xo + i]! + s;
        return;
      case "sub":
        for (let i = 0; i < n; i++) out[i] = xd[xo + i]! - s;
        return;
      case "mul":
        for (let i = 0; i < n; i++) out[i] = xd[xo + i]! * s;
        return;
      case "div":
        for (let i = 0; i < n; i++) out[i] = xd[xo + i]! / s;
        return;
      default:
        for (let i = 0; i < n; i++) out[i] = fn(xd[xo + i]!, s);
        return;
    }
  }
  if (typeof y !== "number") {
    const yd = y.data;
    const yo = y.offset;
    for (let i = 0; i < n; i++) out[i] = fn(x, yd[yo + i]!);
    return;
  }
  out.fill(fn(x, y));
}

/** Writes `fn` over the operands into `out` (contiguous, `n` elements, `outDtype`). */
export function fill2(out: TypedArray, outDtype: DType, n: number, x: TypedArray | number, y: TypedArray | number, fn: (a: number, b: number) => number): void {
  const enc = outDtype === "float16" ? floatToHalf : outDtype === "bool" ? (v: number) => (v !== 0 ? 1 : 0) : null;
  if (typeof x === "number" && typeof y === "number") {
    const v = fn(x, y);
    out.fill(enc ? enc(v) : v);
  } else if (typeof y === "number") {
    const xs = x as TypedArray;
    if (enc) for (let i = 0; i < n; i++) out[i] = enc(fn(xs[i]!, y));
    else for (let i = 0; i < n; i++) out[i] = fn(xs[i]!, y);
  } else if (typeof x === "number") {
    if (enc) for (let i = 0; i < n; i++) out[i] = enc(fn(x, y[i]!));
    else for (let i = 0; i < n; i++) out[i] = fn(x, y[i]!);
  } else {
    if (enc) for (let i = 0; i < n; i++) out[i] = enc(fn(x[i]!, y[i]!));
    else for (let i = 0; i < n; i++) out[i] = fn(x[i]!, y[i]!);
  }
}
