/**
 * Validation of pipeline options: every bad value throws a ValueError naming the function,
 * the option, what was expected and what was given.
 */
import { ValueError, fmtValue } from "../errors.js";

/** A positive integer or null/undefined (the reference's "None" intervals). */
export function optInterval(op: string, arg: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a positive integer or null`);
  return v;
}

/** A positive integer with a default. */
export function posInt(op: string, arg: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a positive integer`);
  return v;
}

/** A non-negative integer with a default. */
export function nonNegInt(op: string, arg: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a non-negative integer`);
  return v;
}

/** A finite number in [lo, hi] with a default. */
export function numIn(op: string, arg: string, v: unknown, dflt: number, lo: number, hi: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
    throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a number in [${lo}, ${hi === Infinity ? "∞" : hi}]`);
  }
  return v;
}

/** A boolean with a default. */
export function bool(op: string, arg: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected true or false`);
  return v;
}

/** A function or null/undefined. */
export function optFunction<F>(op: string, arg: string, v: unknown): F | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "function") throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a function or null`);
  return v as F;
}

/** A non-empty string with a default. */
export function str(op: string, arg: string, v: unknown, dflt: string): string {
  if (v === undefined) return dflt;
  if (typeof v !== "string" || v.length === 0) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a non-empty string`);
  return v;
}

/** An options object (undefined gives {}). */
export function optionsObject<T extends object>(op: string, v: T | undefined): T {
  if (v === undefined) return {} as T;
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new ValueError(`${op}: options are ${fmtValue(v)}, expected an options object`);
  return v;
}
