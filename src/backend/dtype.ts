/**
 * Data types of tensors and the rules that combine them.
 *
 * `float16` is a storage type: values live as IEEE half-precision bit patterns in a
 * `Uint16Array` and are converted to and from float32 on every read and write. Arithmetic on
 * float16 tensors happens in float32 and is rounded back to half precision when stored.
 */

export type DType = "float32" | "float64" | "int32" | "uint8" | "bool" | "float16";

export const DTYPES: readonly DType[] = ["bool", "uint8", "int32", "float16", "float32", "float64"];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array;

/** The typed array class that stores each dtype. */
export type StorageOf<D extends DType> = D extends "float32"
  ? Float32Array
  : D extends "float64"
    ? Float64Array
    : D extends "int32"
      ? Int32Array
      : D extends "float16"
        ? Uint16Array
        : Uint8Array;

export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case "float64":
      return 8;
    case "float32":
    case "int32":
      return 4;
    case "float16":
      return 2;
    case "uint8":
    case "bool":
      return 1;
  }
}

export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64" || dtype === "float16";
}

export function isIntegral(dtype: DType): boolean {
  return !isFloating(dtype);
}

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

/** Allocates plain JavaScript storage for `n` elements of `dtype` (zero-filled). */
export function allocArray(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
    case "int32":
      return new Int32Array(n);
    case "float16":
      return new Uint16Array(n);
    case "uint8":
    case "bool":
      return new Uint8Array(n);
  }
}

/** The dtype whose storage class is the given typed array (Uint8Array reads as uint8). */
export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Uint16Array) return "float16";
  return "uint8";
}

// ---------------------------------------------------------------------------------------
// Promotion, as torch does it
// ---------------------------------------------------------------------------------------

const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, float16: 3, float32: 4, float64: 5 };

/** Result dtype of a binary op between two tensors (torch.result_type for tensors of equal rank category). */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Result dtype of a binary op between a tensor and a JavaScript number, following torch's
 * rule for Python scalars: a scalar only lifts the category (bool → integer → floating), and a
 * floating scalar with an integer tensor gives the default float dtype, float32.
 */
export function promoteWithScalar(t: DType, scalar: number | boolean): DType {
  if (typeof scalar === "boolean") return t;
  if (Number.isInteger(scalar) && Number.isFinite(scalar)) {
    return t === "bool" ? "int32" : t;
  }
  return isFloating(t) ? t : "float32";
}

/** Result dtype of ops that always produce floating values (exp, sqrt, mean, division). */
export function floatingResult(t: DType): DType {
  return isFloating(t) ? t : "float32";
}

// ---------------------------------------------------------------------------------------
// Casting a JavaScript number into a dtype's value domain
// ---------------------------------------------------------------------------------------

/** Converts a number the way a store into a tensor of `dtype` would (wrap/truncate/round). */
export function castValue(dtype: DType, v: number): number {
  switch (dtype) {
    case "float64":
      return v;
    case "float32":
      return Math.fround(v);
    case "float16":
      return halfToFloat(floatToHalf(v));
    case "int32":
      return Number.isFinite(v) ? Math.trunc(v) | 0 : 0;
    case "uint8":
      return Number.isFinite(v) ? Math.trunc(v) & 0xff : 0;
    case "bool":
      return v !== 0 ? 1 : 0; // NaN is true, as in torch
  }
}

// ---------------------------------------------------------------------------------------
// IEEE 754 half precision
// ---------------------------------------------------------------------------------------

const f32Buf = new Float32Array(1);
const u32Buf = new Uint32Array(f32Buf.buffer);

/** Rounds a number to the nearest half-precision value (ties to even) and returns its bits. */
export function floatToHalf(value: number): number {
  f32Buf[0] = value;
  const x = u32Buf[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) {
    // Inf or NaN
    return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  }
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow to inf
  if (e <= 0) {
    // subnormal half or zero
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half += 1;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half += 1; // may carry into exponent: correct
  e = half; // reuse
  return sign | e;
}

/** Converts half-precision bits to a number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
