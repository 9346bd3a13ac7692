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

/** Formats any value for an error message, compactly (never a long dump or a function's source). */
export function fmtValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === "function") {
    const name = (v as { name?: string }).name;
    return name ? (/^class[\s{]/.test(Function.prototype.toString.call(v)) ? `class ${name}` : `function ${name}`) : "a function";
  }
  if (Array.isArray(v)) return v.length > 8 ? `[${v.slice(0, 8).map(fmtValue).join(", ")}, ...]` : `[${v.map(fmtValue).join(", ")}]`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === "object") {
    const ctor = (v as { constructor?: { name?: string } }).constructor?.name;
    if (ctor && ctor !== "Object") return ctor;
    const keys = Object.keys(v);
    const shown = keys.slice(0, 4).map((k) => {
      const x = (v as Record<string, unknown>)[k];
      return `${k}: ${x !== null && typeof x === "object" ? (Array.isArray(x) ? `[${x.length} items]` : "{...}") : fmtValue(x)}`;
    });
    return keys.length === 0 ? "{}" : `{ ${shown.join(", ")}${keys.length > 4 ? ", ..." : ""} }`;
  }
  return String(v);
}
