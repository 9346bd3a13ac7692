/**
 * Views of tensor storage that keep the storage alive.
 *
 * Why: the wasm backend hands out typed-array views of one WebAssembly.Memory and returns a
 * block to its free list when the *allocated* view object is garbage-collected
 * (src/backend/wasm/heap.ts). A plain `a.subarray(...)` or `new Uint8Array(a.buffer, ...)`
 * references only the memory's buffer, not `a`: once every tensor holding `a` is gone, the
 * block is reused by the next allocation while the derived view still reads and writes it.
 * `subview` and `viewAs` record the allocated array (the *root*) in a WeakMap keyed by the
 * new view, so the root lives at least as long as the view.
 *
 * Finalizers never run inside synchronous code, so a view used only within the statement or
 * the synchronous call that made it cannot be affected; these helpers are for views that are
 * kept (in an object, a closure, a tensor's storage, across an `await`). Lint forbids
 * `.subarray(` outside src/backend unless a comment explains why the use is transient.
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
