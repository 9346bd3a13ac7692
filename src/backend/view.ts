/**
 * Views of tensor storage that keep the viewed array reachable.
 *
 * `subview` and `viewAs` record the viewed array (the *root*) in a WeakMap keyed by the new
 * view, so the root lives at least as long as the view, where a plain `a.subarray(...)` or
 * `new Uint8Array(a.buffer, ...)` references only the buffer. Wasm blocks are freed by their
 * owner (an arena: src/backend/arena.ts), never by a collection, so this matters for code that
 * reasons about the root (`rootOf`); lint still asks for these helpers (or a comment saying
 * why the view is transient) wherever a view of storage is kept: a kept raw view of a
 * network's tensor reads the old block after the network moves that tensor (`dispose`).
 */
import type { TypedArray } from "./dtype.js";

/** Any typed array (subarray/byte views may be of other kinds than tensor dtypes). */
export type AnyTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

const keepAlive = new WeakMap<object, object>();

/** The array that owns `a`'s memory block: `a` itself unless `a` was made by `subview`/`viewAs`. */
export function rootOf(a: ArrayBufferView): ArrayBufferView {
  return (keepAlive.get(a) as ArrayBufferView | undefined) ?? a;
}

/**
 * `a.subarray(begin, end)` that keeps `a`'s storage (its root) alive as long as the result is
 * reachable. Same arguments and result as `subarray`.
 */
export function subview<T extends AnyTypedArray>(a: T, begin?: number, end?: number): T {
  const v = a.subarray(begin, end) as T;
  keepAlive.set(v, rootOf(a));
  return v;
}

/** Constructors `viewAs` accepts: a typed-array class over (buffer, byteOffset, length). */
export interface ViewConstructor<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * `new ctor(a.buffer, a.byteOffset + byteOffset, length)`: `a`'s bytes reinterpreted as another
 * element type, keeping `a`'s storage (its root) alive as long as the result is reachable.
 * `length` defaults to as many whole elements as fit in `a` from `byteOffset` on.
 */
export function viewAs<T extends ArrayBufferView>(ctor: ViewConstructor<T>, a: ArrayBufferView, length?: number, byteOffset = 0): T {
  const n = length ?? Math.floor((a.byteLength - byteOffset) / ctor.BYTES_PER_ELEMENT);
  const v = new ctor(a.buffer, a.byteOffset + byteOffset, n);
  keepAlive.set(v, rootOf(a));
  return v;
}

/** Whether `v` is a view made by `subview`/`viewAs` (for tests and assertions). */
export function isKeptView(v: TypedArray | ArrayBufferView): boolean {
  return keepAlive.has(v);
}
