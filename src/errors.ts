/**
 * Error types. Every message names the function, the argument, what was expected and what
 * was given, e.g. `Connection: w has shape [10, 5], expected [source.n=20, target.n=5]`.
 */

export class BindsNetError extends Error {
  override name = "BindsNetError";
}

/** A tensor or layer has the wrong shape. */
export class ShapeError extends BindsNetError {
  override name = "ShapeError";
}

/** A tensor has the wrong dtype. */
export class DTypeError extends BindsNetError {
  override name = "DTypeError";
}

/** An index or dim is out of range. */
export class IndexError extends BindsNetError {
  override name = "IndexError";
}

/** An argument has a value outside its domain (negative size, unknown name, ...). */
export class ValueError extends BindsNetError {
  override name = "ValueError";
}

/** Formats a shape as `[a, b, c]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** Formats any value for an error message, compactly. */
export function fmtValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return v.length > 8 ? `[${v.slice(0, 8).map(fmtValue).join(", ")}, ...]` : `[${v.map(fmtValue).join(", ")}]`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === "object") {
    const ctor = (v as { constructor?: { name?: string } }).constructor?.name;
    if (ctor && ctor !== "Object") return ctor;
    try {
      return JSON.stringify(v);
    } catch {
      return "[object]";
    }
  }
  return String(v);
}
