/**
 * The safetensors layout (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON header `{name: {dtype, shape, data_offsets: [begin, end]},
 * "__metadata__": {string: string}}` (padded with spaces to a multiple of 8), then the raw
 * little-endian tensor bytes, packed in header order with no gaps. Python reads such a file
 * with `safetensors.numpy.load_file` or with a few lines of numpy (scripts/read_safetensors.py).
 */
import type { DType } from "../../backend/dtype.js";
import { viewAs } from "../../backend/view.js";
import { ValueError, fmtValue } from "../../errors.js";
import { type Tensor, shapeSize } from "../../tensor/tensor.js";
import { empty } from "../../tensor/creation.js";

/** Our dtype → safetensors dtype code. float16 is stored as its IEEE half bits (F16). */
const TO_ST: Record<DType, string> = {
  float32: "F32",
  float64: "F64",
  int32: "I32",
  uint8: "U8",
  bool: "BOOL",
  float16: "F16",
};
const FROM_ST: Record<string, DType> = Object.fromEntries(Object.entries(TO_ST).map(([k, v]) => [v, k as DType]));

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, uint8: 1, bool: 1, float16: 2 };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A decoded file: its string metadata and its tensors by name (in file order). */
export interface SafetensorsFile {
  metadata: Record<string, string>;
  tensors: Map<string, Tensor>;
}

function bytesOf(t: Tensor): Uint8Array {
  const d = t.contiguousData();
  const b = viewAs(Uint8Array, d); // kept in the chunk list: keeps the tensor storage alive
  if (LITTLE_ENDIAN || d.BYTES_PER_ELEMENT === 1) return b;
  // big-endian host: swap each element's bytes
  const out = new Uint8Array(b.length);
  const w = d.BYTES_PER_ELEMENT;
  for (let i = 0; i < b.length; i += w) for (let j = 0; j < w; j++) out[i + j] = b[i + w - 1 - j];
  return out;
}

/**
 * Encodes tensors (in the given order) and string metadata as one safetensors buffer.
 * Names must be unique and must not be "__metadata__". With `headroom`, the buffer starts
 * with that many zero bytes before the safetensors file.
 */
export function encodeSafetensors(tensors: ReadonlyArray<readonly [string, Tensor]>, metadata: Record<string, string> = {}, headroom = 0): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") throw new ValueError(`encodeSafetensors: metadata["${k}"] is ${typeof v}, expected a string`);
    }
    header.__metadata__ = metadata;
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === "__metadata__" || name in header) throw new ValueError(`encodeSafetensors: tensor name "${name}" is reserved or repeated, expected a unique name`);
    const b = bytesOf(t);
    header[name] = { dtype: TO_ST[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + b.length] };
    chunks.push(b);
    offset += b.length;
  }
  let json = JSON.stringify(header);
  const enc = new TextEncoder();
  let hb = enc.encode(json);
  const pad = (8 - (hb.length % 8)) % 8;
  if (pad) {
    json += " ".repeat(pad);
    hb = enc.encode(json);
  }
  // `headroom` zero bytes first (a caller's own header, written in place: no second copy of
  // a big file); the safetensors bytes follow
  const out = new Uint8Array(headroom + 8 + hb.length + offset);
  new DataView(out.buffer).setBigUint64(headroom, BigInt(hb.length), true);
  out.set(hb, headroom + 8);
  let p = headroom + 8 + hb.length;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/**
 * Decodes a safetensors buffer; every tensor gets its own (copied, aligned) storage. With
 * `lazy`, every entry is checked now but a tensor's storage is made when the map's `get`
 * first asks for it (network loading makes them inside the network's own arena).
 */
export function decodeSafetensors(buf: Uint8Array, where = "buffer", opts: { lazy?: boolean } = {}): SafetensorsFile {
  const op = "decodeSafetensors";
  if (buf.length < 8) throw new ValueError(`${op}: ${where} has ${buf.length} bytes, expected at least 8 (the header length)`);
  // eslint-disable-next-line no-restricted-syntax -- transient: one read in this statement
  const n = Number(new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getBigUint64(0, true));
  if (8 + n > buf.length) throw new ValueError(`${op}: ${where} header length is ${n}, expected at most ${buf.length - 8} (file size - 8)`);
  let header: Record<string, unknown>;
  try {
    // eslint-disable-next-line no-restricted-syntax -- transient: decoded at once
    header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + n))) as Record<string, unknown>;
  } catch (e) {
    throw new ValueError(`${op}: ${where} header is not valid JSON, expected a safetensors header (${(e as Error).message})`);
  }
  // eslint-disable-next-line no-restricted-syntax -- the file's bytes, only read while decoding, not tensor storage
  const data = buf.subarray(8 + n);
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw new ValueError(`${op}: ${where} header is ${fmtValue(header)}, expected a JSON object`);
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  if (metadata === null || typeof metadata !== "object") throw new ValueError(`${op}: ${where} __metadata__ is ${fmtValue(metadata)}, expected an object of strings`);
  const tensors = new Map<string, Tensor>();
  const pending = new Map<string, () => Tensor>();
  for (const [name, spec] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const s = spec as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (spec === null || typeof spec !== "object") throw new ValueError(`${op}: ${where} entry "${name}" is ${fmtValue(spec)}, expected { dtype, shape, data_offsets }`);
    const dtype = typeof s.dtype === "string" && Object.hasOwn(FROM_ST, s.dtype) ? FROM_ST[s.dtype] : undefined;
    if (!dtype) throw new ValueError(`${op}: ${where} tensor "${name}" has dtype ${fmtValue(s.dtype)}, expected one of ${Object.keys(FROM_ST).join(", ")}`);
    // every size is checked against the bytes present before anything is allocated
    if (!Array.isArray(s.shape) || !s.shape.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new ValueError(`${op}: ${where} tensor "${name}" has shape ${fmtValue(s.shape)}, expected an array of non-negative integers`);
    }
    const offs: unknown = s.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((v) => Number.isInteger(v))) {
      throw new ValueError(`${op}: ${where} tensor "${name}" has data_offsets ${fmtValue(offs)}, expected [begin, end] integers`);
    }
    const [b, e] = offs as [number, number];
    const want = shapeSize(s.shape) * BYTES[dtype];
    if (e - b !== want || e > data.length || b < 0) {
      throw new ValueError(`${op}: ${where} tensor "${name}" has data_offsets [${b}, ${e}], expected ${want} bytes within ${data.length}`);
    }
    const make = (): Tensor => {
      const t = empty(s.shape, { dtype });
      const d = t.data;
      const dst = viewAs(Uint8Array, d, want);
      dst.set(data.subarray(b, e));
      if (!LITTLE_ENDIAN && d.BYTES_PER_ELEMENT > 1) {
        const w = d.BYTES_PER_ELEMENT;
        // eslint-disable-next-line no-restricted-syntax -- transient: reversed in place in this statement
        for (let i = 0; i < dst.length; i += w) dst.subarray(i, i + w).reverse();
      }
      return t;
    };
    if (opts.lazy) pending.set(name, make);
    else tensors.set(name, make());
  }
  return { metadata, tensors: opts.lazy ? new LazyTensors(pending) : tensors };
}

/** A tensor map whose entries are made on first `get` (decodeSafetensors' `lazy`). */
class LazyTensors extends Map<string, Tensor> {
  constructor(private readonly pending: Map<string, () => Tensor>) {
    super();
  }

  override get(name: string): Tensor | undefined {
    let t = super.get(name);
    if (t === undefined) {
      const make = this.pending.get(name);
      if (make === undefined) return undefined;
      t = make();
      this.pending.delete(name);
      super.set(name, t);
    }
    return t;
  }

  override has(name: string): boolean {
    return super.has(name) || this.pending.has(name);
  }
}
