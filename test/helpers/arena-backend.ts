/** A test backend whose storage lives in one shared buffer, as a wasm backend's does. */
import { type Backend, jsBackend } from "../../src/backend/backend.js";
import { allocArray } from "../../src/backend/dtype.js";

/**
 * A backend named `name` with the js kernels whose `alloc` hands out views into one
 * `bytes`-long ArrayBuffer (`heap`) at 8-byte-aligned, non-zero offsets with gaps between
 * them, like wasm memory. Register it with `registerBackend(backend)`.
 */
export function arenaBackend(name: string, bytes: number): { backend: Backend; heap: ArrayBuffer } {
  const heap = new ArrayBuffer(bytes);
  let top = 64;
  const backend: Backend = {
    name,
    kernels: jsBackend.kernels,
    alloc: (dtype, n) => {
      const proto = allocArray(dtype, 0);
      const bpe = (proto as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      top = Math.ceil(top / 8) * 8 + 8;
      const ctor = proto.constructor as new (b: ArrayBuffer, o: number, n: number) => typeof proto;
      const a = new ctor(heap, top, n);
      top += n * bpe;
      return a;
    },
  };
  return { backend, heap };
}
