/**
 * The IDX file format (MNIST, Fashion-MNIST, EMNIST, KMNIST): pure parsers over bytes.
 *
 * Layout: two zero bytes, a type code, the number of dims `k`, then `k` big-endian uint32
 * sizes, then the data in row-major order (big-endian for multi-byte types). MNIST images
 * have magic number 2051 (`0x00000803`: ubyte, 3 dims), labels 2049 (`0x00000801`).
 *
 * Everything here works on a `Uint8Array` and runs in a browser; reading and gunzipping
 * files is the Node-only job of `./fs.ts`. Parsers never copy ubyte data: they return
 * subarray views of the input bytes, so a 47 MB MNIST file costs no second 47 MB.
 */
import { ValueError, fmtShape } from "../errors.js";

/** IDX element type codes and their byte sizes. */
export const IDX_TYPES = {
  0x08: { name: "ubyte", bytes: 1 },
  0x09: { name: "sbyte", bytes: 1 },
  0x0b: { name: "short", bytes: 2 },
  0x0c: { name: "int", bytes: 4 },
  0x0d: { name: "float", bytes: 4 },
  0x0e: { name: "double", bytes: 8 },
} as const;

export type IdxTypeCode = keyof typeof IDX_TYPES;
export type IdxTypeName = (typeof IDX_TYPES)[IdxTypeCode]["name"];

/** A parsed IDX array: its dims and its elements in row-major order. */
export interface IdxArray {
  type: IdxTypeName;
  dims: number[];
  /** ubyte: a view of the input bytes; sbyte: Int8Array view; others: converted copies. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Images from an IDX image file: `count` images of `rows x cols` ubyte pixels. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** `count * rows * cols` pixels, a view of the input bytes (no copy). */
  pixels: Uint8Array;
}

/** The magic number of an IDX ubyte image file (3 dims). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** The magic number of an IDX ubyte label file (1 dim). */
export const IDX_LABELS_MAGIC = 0x00000801;

/** True when the bytes start with the gzip signature `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}

interface Header {
  code: IdxTypeCode;
  dims: number[];
  headerBytes: number;
  dataBytes: number;
}

function parseHeader(op: string, bytes: Uint8Array, name: string): Header {
  if (!(bytes instanceof Uint8Array)) {
    throw new ValueError(`${op}: ${name} is not a Uint8Array, expected the file's bytes`);
  }
  if (isGzip(bytes)) {
    throw new ValueError(`${op}: ${name} is gzip-compressed, expected raw IDX bytes (decompress first; readIdxFile does this in Node)`);
  }
  if (bytes.length < 4) {
    throw new ValueError(`${op}: ${name} is truncated: ${bytes.length} bytes, expected at least a 4-byte magic number`);
  }
  const magic = readU32(bytes, 0);
  const code = bytes[2]! as IdxTypeCode;
  const ndim = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || !Object.hasOwn(IDX_TYPES, code)) {
    throw new ValueError(`${op}: ${name} has magic number ${hex(magic)}, expected an IDX magic number 0x0000TTNN (type TT in 08,09,0b,0c,0d,0e)`);
  }
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new ValueError(`${op}: ${name} is truncated: ${bytes.length} bytes, expected at least ${headerBytes} for the header of ${ndim} dims`);
  }
  const dims: number[] = [];
  let n = 1;
  for (let d = 0; d < ndim; d++) {
    const size = readU32(bytes, 4 + 4 * d);
    dims.push(size);
    n *= size;
  }
  const dataBytes = n * IDX_TYPES[code].bytes;
  const expected = headerBytes + dataBytes;
  if (bytes.length < expected) {
    throw new ValueError(`${op}: ${name} is truncated: ${bytes.length} bytes, expected ${expected} for dims ${fmtShape(dims)} of ${IDX_TYPES[code].name}`);
  }
  if (bytes.length > expected) {
    throw new ValueError(`${op}: ${name} has ${bytes.length} bytes, expected exactly ${expected} for dims ${fmtShape(dims)} of ${IDX_TYPES[code].name} (trailing data: corrupt or concatenated file)`);
  }
  return { code, dims, headerBytes, dataBytes };
}

/**
 * The total size in bytes (header + data) an IDX file declares, read from its first bytes:
 * null when `head` is too short to tell yet, a ValueError when the magic number is not IDX's.
 * Lets a reader check (or bound) a file's size before reading or inflating all of it.
 */
export function idxDeclaredBytes(head: Uint8Array, name = "bytes"): number | null {
  if (head.length < 4) return null;
  const code = head[2]! as IdxTypeCode;
  if (head[0] !== 0 || head[1] !== 0 || !Object.hasOwn(IDX_TYPES, code)) {
    throw new ValueError(`idxDeclaredBytes: ${name} has magic number ${hex(readU32(head, 0))}, expected an IDX magic number 0x0000TTNN (type TT in 08,09,0b,0c,0d,0e)`);
  }
  const ndim = head[3]!;
  const headerBytes = 4 + 4 * ndim;
  if (head.length < headerBytes) return null;
  let n = 1;
  for (let d = 0; d < ndim; d++) n *= readU32(head, 4 + 4 * d);
  return headerBytes + n * IDX_TYPES[code].bytes;
}

/** Parses any IDX file. Multi-byte types are converted from big-endian into a fresh array. */
export function parseIdx(bytes: Uint8Array, name = "bytes"): IdxArray {
  const op = "parseIdx";
  const h = parseHeader(op, bytes, name);
  const type = IDX_TYPES[h.code].name;
  const start = bytes.byteOffset + h.headerBytes;
  const n = h.dims.reduce((a, b) => a * b, 1);
  switch (h.code) {
    case 0x08:
      // eslint-disable-next-line no-restricted-syntax -- a view of the file's bytes by design (documented), not tensor storage
      return { type, dims: h.dims, data: bytes.subarray(h.headerBytes) };
    case 0x09:
      // eslint-disable-next-line no-restricted-syntax -- a view of the file's bytes by design, not tensor storage
      return { type, dims: h.dims, data: new Int8Array(bytes.buffer, start, n) };
    default: {
      // eslint-disable-next-line no-restricted-syntax -- transient: read within this call; file bytes, not tensor storage
      const view = new DataView(bytes.buffer, start, h.dataBytes);
      if (h.code === 0x0b) {
        const out = new Int16Array(n);
        for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i);
        return { type, dims: h.dims, data: out };
      }
      if (h.code === 0x0c) {
        const out = new Int32Array(n);
        for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i);
        return { type, dims: h.dims, data: out };
      }
      if (h.code === 0x0d) {
        const out = new Float32Array(n);
        for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i);
        return { type, dims: h.dims, data: out };
      }
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i);
      return { type, dims: h.dims, data: out };
    }
  }
}

/**
 * Parses an IDX image file (magic 2051: ubyte, dims `[count, rows, cols]`). The pixels are a
 * view of `bytes`, not a copy.
 */
export function parseIdxImages(bytes: Uint8Array, name = "images"): IdxImages {
  const op = "parseIdxImages";
  const h = parseHeader(op, bytes, name);
  const magic = readU32(bytes, 0);
  if (magic !== IDX_IMAGES_MAGIC) {
    throw new ValueError(`${op}: ${name} has magic number ${hex(magic)} (${magic}), expected ${hex(IDX_IMAGES_MAGIC)} (2051: ubyte images with 3 dims)`);
  }
  const [count, rows, cols] = h.dims as [number, number, number];
  // eslint-disable-next-line no-restricted-syntax -- a view of the file's bytes by design (documented), not tensor storage
  return { count, rows, cols, pixels: bytes.subarray(h.headerBytes) };
}

/**
 * Parses an IDX label file (magic 2049: ubyte, dims `[count]`). With `numClasses`, every
 * label must be below it. The labels are a view of `bytes`, not a copy.
 */
export function parseIdxLabels(bytes: Uint8Array, name = "labels", numClasses?: number): Uint8Array {
  const op = "parseIdxLabels";
  parseHeader(op, bytes, name);
  const magic = readU32(bytes, 0);
  if (magic !== IDX_LABELS_MAGIC) {
    throw new ValueError(`${op}: ${name} has magic number ${hex(magic)} (${magic}), expected ${hex(IDX_LABELS_MAGIC)} (2049: ubyte labels with 1 dim)`);
  }
  // eslint-disable-next-line no-restricted-syntax -- a view of the file's bytes by design (documented), not tensor storage
  const labels = bytes.subarray(8);
  if (numClasses !== undefined) {
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]! >= numClasses) {
        throw new ValueError(`${op}: ${name} has label ${labels[i]} at index ${i}, expected a class in 0..${numClasses - 1}`);
      }
    }
  }
  return labels;
}

/** Image and label files parsed together, with their counts checked against each other. */
export interface IdxImageLabelSet extends IdxImages {
  labels: Uint8Array;
}

/**
 * Parses an image file and its label file and checks they describe the same number of
 * items, so a mismatched pair fails before anything is handed out.
 */
export function parseIdxPair(
  images: Uint8Array,
  labels: Uint8Array,
  opts: { imagesName?: string; labelsName?: string; numClasses?: number; rows?: number; cols?: number } = {},
): IdxImageLabelSet {
  const op = "parseIdxPair";
  const imagesName = opts.imagesName ?? "images";
  const labelsName = opts.labelsName ?? "labels";
  const img = parseIdxImages(images, imagesName);
  const lab = parseIdxLabels(labels, labelsName, opts.numClasses);
  if (img.count !== lab.length) {
    throw new ValueError(`${op}: ${labelsName} holds ${lab.length} labels, expected ${img.count} to match the images in ${imagesName}`);
  }
  if ((opts.rows !== undefined && img.rows !== opts.rows) || (opts.cols !== undefined && img.cols !== opts.cols)) {
    throw new ValueError(`${op}: ${imagesName} has images of ${img.rows}x${img.cols}, expected ${opts.rows}x${opts.cols}`);
  }
  return { ...img, labels: lab };
}

/**
 * Encodes an IDX file (the inverse of `parseIdx` for ubyte data): useful for tests and for
 * writing small data sets.
 */
export function encodeIdx(dims: readonly number[], data: Uint8Array | readonly number[]): Uint8Array {
  const n = dims.reduce((a, b) => a * b, 1);
  if (data.length !== n) {
    throw new ValueError(`encodeIdx: data has ${data.length} elements, expected ${n} for dims ${fmtShape(dims)}`);
  }
  const out = new Uint8Array(4 + 4 * dims.length + n);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
