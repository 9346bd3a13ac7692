/**
 * The Tensor: a typed array plus shape, strides and an offset. Views (reshape of contiguous
 * data, transpose, permute, unsqueeze, squeeze, expand, narrow, select) share storage with
 * their base, as in torch; everything else allocates through the active backend.
 */
import { getBackend } from "../backend/backend.js";
import { subview } from "../backend/view.js";
import {
  type DType,
  type TypedArray,
  castValue,
  floatToHalf,
  halfToFloat,
  isDType,
} from "../backend/dtype.js";
import { IndexError, ShapeError, ValueError, DTypeError, fmtShape, fmtValue } from "../errors.js";

export type Shape = readonly number[];

/** Nested arrays of numbers or booleans, as accepted by `tensor()` and returned by `toArray()`. */
export type NestedArray = number | boolean | readonly NestedArray[];

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i]!;
  }
  return strides;
}

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Resolves a possibly negative `dim` against `ndim`, throwing an IndexError that names `op`. */
export function normalizeDim(op: string, dim: number, ndim: number, arg = "dim"): number {
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new IndexError(`${op}: ${arg} is ${fmtValue(dim)}, expected an integer in [${lo}, ${hi}]`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

export function checkShape(op: string, shape: readonly number[], arg = "shape"): number[] {
  if (!Array.isArray(shape)) throw new ShapeError(`${op}: ${arg} is ${fmtValue(shape)}, expected an array of non-negative integers`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: ${arg} is ${fmtValue(shape)}, expected an array of non-negative integers`);
    }
  }
  return [...shape];
}

/** Reads element `i` of `data` (of `dtype`) as a number. */
export function readElement(data: TypedArray, dtype: DType, i: number): number {
  return dtype === "float16" ? halfToFloat(data[i]!) : data[i]!;
}

/** Writes `v` into element `i` of `data` with `dtype`'s conversion rules. */
export function writeElement(data: TypedArray, dtype: DType, i: number, v: number): void {
  switch (dtype) {
    case "float16":
      data[i] = floatToHalf(v);
      return;
    case "bool":
      // As in torch (C++ bool conversion), NaN is true.
      data[i] = v !== 0 ? 1 : 0;
      return;
    case "int32":
    case "uint8":
      data[i] = Number.isFinite(v) ? Math.trunc(v) : 0;
      return;
    default:
      data[i] = v;
  }
}

/**
 * Where a tensor's elements live. A backend that owns a growable memory (wasm) hands out
 * storages whose `array` getter re-creates the view after the memory grew; plain JavaScript
 * storage is just `{ array }`.
 */
export interface Storage {
  readonly array: TypedArray;
}

/**
 * Moves `storage` to `array` (same dtype and length, values already copied): every tensor and
 * view sharing `storage` reads and writes `array` from now on. For storage owners (a network
 * adopting its state into its arena, src/network/storage.ts); `storage` must be a plain
 * `{ array }` object, as the Tensor constructor makes.
 */
export function moveStorage(storage: Storage, array: TypedArray): void {
  (storage as { array: TypedArray }).array = array;
}

function isStorage(x: TypedArray | Storage): x is Storage {
  return !ArrayBuffer.isView(x);
}

/**
 * An n-dimensional array (PyTorch's `torch.Tensor`): a dtype (float32 by default; float64,
 * int32, uint8, bool, float16 storage), a shape, strides over backend-allocated storage.
 * Views (`view`, `select`, `slice`, `transpose`, `expand`) share storage; every other op
 * returns a new tensor; methods ending in `_` work in place. docs/tensor.md maps PyTorch
 * expressions to these methods.
 *
 * @example
 * ```ts
 * import { tensor, zeros } from "bindsnet";
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);  // float32 [2, 3]
 * const row = x.select(0, 1);                // x[1] -> [4, 5, 6] (a view)
 * const y = x.mul(0.1).add(0.05);            // x * 0.1 + 0.05
 * zeros([2, 3]).set(9, 0, 1);                // z[0, 1] = 9
 * console.log(row.toArray(), y.shape, x.sum().item());
 * ```
 */
export class Tensor {
  /** Storage, possibly shared with other views. */
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;

  /**
   * Wraps storage (a typed array or a backend Storage) without copying. `strides` and
   * `offset` default to a contiguous layout from element 0.
   */
  constructor(data: TypedArray | Storage, shape: Shape, dtype: DType, strides?: readonly number[], offset = 0) {
    this.storage = isStorage(data) ? data : { array: data };
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(strides ? [...strides] : contiguousStrides(shape));
    this.offset = offset;
    this.dtype = dtype;
    this.count = shapeSize(this.shape);
  }

  /** The number of elements (the shape is frozen, so counted once). */
  private readonly count: number;

  /**
   * The storage's typed array (read elements through `offset` and `strides`). In hot loops
   * read it once into a local: with a wasm backend the getter may re-create the view.
   */
  get data(): TypedArray {
    return this.storage.array;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  numel(): number {
    return this.count;
  }

  /** The whole shape, or the size of one dim (negative dims count from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    return this.shape[normalizeDim("Tensor.size", dim, this.ndim)]!;
  }

  /** True when elements are laid out in row-major order without gaps (size-1 dims ignored). */
  isContiguous(): boolean {
    return (this.rowMajor ??= this.computeContiguous());
  }

  /** Whether the (frozen) strides are row-major; found once on first use. */
  private rowMajor: boolean | undefined = undefined;

  private computeContiguous(): boolean {
    let expected = 1;
    for (let i = this.ndim - 1; i >= 0; i--) {
      const d = this.shape[i]!;
      if (d === 1) continue;
      if (this.strides[i] !== expected) return false;
      expected *= d;
    }
    return true;
  }

  /** Storage offsets of every element in row-major logical order. */
  offsets(): Int32Array {
    const n = this.numel();
    const out = new Int32Array(n);
    if (n === 0) return out;
    if (this.isContiguous()) {
      for (let i = 0; i < n; i++) out[i] = this.offset + i;
      return out;
    }
    const nd = this.ndim;
    const idx = new Array<number>(nd).fill(0);
    let off = this.offset;
    for (let i = 0; i < n; i++) {
      out[i] = off;
      for (let d = nd - 1; d >= 0; d--) {
        idx[d]!++;
        off += this.strides[d]!;
        if (idx[d]! < this.shape[d]!) break;
        off -= this.strides[d]! * this.shape[d]!;
        idx[d] = 0;
      }
    }
    return out;
  }

  /**
   * The elements in row-major order as a typed array of this dtype. Contiguous tensors return
   * their storage or a `subview` of it (no copy: writes go through; the view keeps the storage
   * alive, see src/backend/view.ts); others a fresh copy.
   */
  contiguousData(): TypedArray {
    const n = this.numel();
    if (this.isContiguous()) {
      const d = this.data;
      // The whole array itself when possible; otherwise a subview, which keeps the storage alive
      // for as long as the caller holds the result (the wasm heap frees a block when the array
      // it handed out is garbage-collected, and a plain subarray does not hold that array).
      return this.offset === 0 && n === d.length ? d : subview(d, this.offset, this.offset + n);
    }
    const out = getBackend().alloc(this.dtype, n);
    const offs = this.offsets();
    for (let i = 0; i < n; i++) out[i] = this.data[offs[i]!]!;
    return out;
  }

  /** This tensor if it is contiguous, else a contiguous copy. */
  contiguous(): Tensor {
    if (this.isContiguous()) return this;
    return new Tensor(this.contiguousData(), this.shape, this.dtype);
  }

  /** A contiguous copy with its own storage. */
  clone(): Tensor {
    const n = this.numel();
    const out = getBackend().alloc(this.dtype, n);
    if (this.isContiguous()) out.set(this.data.subarray(this.offset, this.offset + n));
    else {
      const offs = this.offsets();
      for (let i = 0; i < n; i++) out[i] = this.data[offs[i]!]!;
    }
    return new Tensor(out, this.shape, this.dtype);
  }

  /** Element values as numbers, row-major (float16 decoded). */
  toFlatArray(): number[] {
    const offs = this.offsets();
    const out = new Array<number>(offs.length);
    for (let i = 0; i < offs.length; i++) out[i] = readElement(this.data, this.dtype, offs[i]!);
    return out;
  }

  /** Nested arrays like torch's `tolist()`; bool tensors give booleans. */
  toArray(): NestedArray {
    const flat = this.toFlatArray();
    const asBool = this.dtype === "bool";
    const conv = (v: number): number | boolean => (asBool ? v !== 0 : v);
    if (this.ndim === 0) return conv(flat[0]!);
    let pos = 0;
    const build = (d: number): NestedArray[] => {
      const n = this.shape[d]!;
      const arr: NestedArray[] = new Array(n);
      if (d === this.ndim - 1) {
        for (let i = 0; i < n; i++) arr[i] = conv(flat[pos++]!);
      } else {
        for (let i = 0; i < n; i++) arr[i] = build(d + 1);
      }
      return arr;
    };
    return build(0);
  }

  /** Alias of `toArray()` with torch's name. */
  tolist(): NestedArray {
    return this.toArray();
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.numel() !== 1) {
      throw new ShapeError(`Tensor.item: tensor has shape ${fmtShape(this.shape)}, expected exactly one element`);
    }
    return readElement(this.data, this.dtype, this.offset);
  }

  private storageIndex(op: string, index: readonly number[]): number {
    if (index.length !== this.ndim) {
      throw new IndexError(`${op}: got ${index.length} indices, expected ${this.ndim} for shape ${fmtShape(this.shape)}`);
    }
    let off = this.offset;
    for (let d = 0; d < index.length; d++) {
      let i = index[d]!;
      const n = this.shape[d]!;
      if (!Number.isInteger(i) || i < -n || i >= n) {
        throw new IndexError(`${op}: index ${fmtValue(i)} is out of range for dim ${d} of size ${n}`);
      }
      if (i < 0) i += n;
      off += i * this.strides[d]!;
    }
    return off;
  }

  /** Reads one element by its full index (negative indices count from the end). */
  get(...index: number[]): number {
    return readElement(this.data, this.dtype, this.storageIndex("Tensor.get", index));
  }

  /** Writes one element by its full index; the value is converted to this dtype. */
  set(value: number | boolean, ...index: number[]): this {
    writeElement(this.data, this.dtype, this.storageIndex("Tensor.set", index), Number(value));
    return this;
  }

  /** A copy converted to `dtype` (this tensor itself when the dtype already matches and `copy` is false). */
  to(dtype: DType, copy = false): Tensor {
    if (!isDType(dtype)) throw new DTypeError(`Tensor.to: dtype is ${fmtValue(dtype)}, expected one of float32, float64, int32, uint8, bool, float16`);
    if (dtype === this.dtype) return copy ? this.clone() : this;
    const n = this.numel();
    const out = getBackend().alloc(dtype, n);
    const offs = this.offsets();
    const src = this.data;
    if (this.dtype !== "float16" && dtype !== "float16" && dtype !== "bool" && dtype !== "int32" && dtype !== "uint8") {
      for (let i = 0; i < n; i++) out[i] = src[offs[i]!]!;
    } else {
      for (let i = 0; i < n; i++) writeElement(out, dtype, i, readElement(src, this.dtype, offs[i]!));
    }
    return new Tensor(out, this.shape, dtype);
  }

  float(): Tensor {
    return this.to("float32");
  }
  double(): Tensor {
    return this.to("float64");
  }
  half(): Tensor {
    return this.to("float16");
  }
  int(): Tensor {
    return this.to("int32");
  }
  byte(): Tensor {
    return this.to("uint8");
  }
  bool(): Tensor {
    return this.to("bool");
  }

  // -------------------------------------------------------------------------------------
  // Views
  // -------------------------------------------------------------------------------------

  private inferShape(op: string, shape: readonly number[]): number[] {
    const n = this.numel();
    let infer = -1;
    let known = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      if (d === -1) {
        if (infer >= 0) throw new ShapeError(`${op}: shape ${fmtShape(shape)} has more than one -1`);
        infer = i;
      } else if (!Number.isInteger(d) || d < 0) {
        throw new ShapeError(`${op}: shape ${fmtShape(shape)} has an invalid size ${fmtValue(d)}`);
      } else known *= d;
    }
    const out = [...shape];
    if (infer >= 0) {
      if (known === 0 || n % known !== 0) {
        throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${n} (shape ${fmtShape(this.shape)})`);
      }
      out[infer] = n / known;
    } else if (known !== n) {
      throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${n} (shape ${fmtShape(this.shape)})`);
    }
    return out;
  }

  /** A view with a new shape; the tensor must be contiguous (use `reshape` otherwise). */
  view(...shape: number[] | [readonly number[]]): Tensor {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as number[];
    const out = this.inferShape("Tensor.view", s);
    if (!this.isContiguous()) {
      throw new ShapeError(`Tensor.view: tensor of shape ${fmtShape(this.shape)} is not contiguous; use reshape`);
    }
    return new Tensor(this.storage, out, this.dtype, undefined, this.offset);
  }

  /** Like `view`, copying first when the tensor is not contiguous. */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as number[];
    const out = this.inferShape("Tensor.reshape", s);
    const c = this.contiguous();
    return new Tensor(c.storage, out, this.dtype, undefined, c.offset);
  }

  /** Flattens dims `startDim..endDim` into one. */
  flatten(startDim = 0, endDim = -1): Tensor {
    if (this.ndim === 0) return this.reshape([1]);
    const s = normalizeDim("Tensor.flatten", startDim, this.ndim, "startDim");
    const e = normalizeDim("Tensor.flatten", endDim, this.ndim, "endDim");
    if (s > e) throw new IndexError(`Tensor.flatten: startDim ${startDim} comes after endDim ${endDim}`);
    const shape = [...this.shape.slice(0, s), shapeSize(this.shape.slice(s, e + 1)), ...this.shape.slice(e + 1)];
    return this.reshape(shape);
  }

  /** Inserts a size-1 dim at `dim` (a view). */
  unsqueeze(dim: number): Tensor {
    const d = normalizeDim("Tensor.unsqueeze", dim, this.ndim + 1);
    const shape = [...this.shape];
    const strides = [...this.strides];
    const st = d < this.ndim ? this.strides[d]! * this.shape[d]! : 1;
    shape.splice(d, 0, 1);
    strides.splice(d, 0, st);
    return new Tensor(this.storage, shape, this.dtype, strides, this.offset);
  }

  /** Removes size-1 dims (all, or only `dim`) (a view). */
  squeeze(dim?: number): Tensor {
    if (dim === undefined) {
      const keep = this.shape.map((s, i) => (s !== 1 ? i : -1)).filter((i) => i >= 0);
      return new Tensor(this.storage, keep.map((i) => this.shape[i]!), this.dtype, keep.map((i) => this.strides[i]!), this.offset);
    }
    const d = normalizeDim("Tensor.squeeze", dim, this.ndim);
    if (this.ndim === 0 || this.shape[d] !== 1) return this;
    const shape = [...this.shape];
    const strides = [...this.strides];
    shape.splice(d, 1);
    strides.splice(d, 1);
    return new Tensor(this.storage, shape, this.dtype, strides, this.offset);
  }

  /** Reorders dims (a view). */
  permute(...dims: number[] | [readonly number[]]): Tensor {
    const ds = (Array.isArray(dims[0]) ? dims[0] : dims) as number[];
    if (ds.length !== this.ndim) {
      throw new ShapeError(`Tensor.permute: dims ${fmtShape(ds)} has ${ds.length} entries, expected ${this.ndim}`);
    }
    const norm = ds.map((d) => normalizeDim("Tensor.permute", d, this.ndim));
    if (new Set(norm).size !== norm.length) throw new ShapeError(`Tensor.permute: dims ${fmtShape(ds)} repeats a dim`);
    return new Tensor(this.storage, norm.map((d) => this.shape[d]!), this.dtype, norm.map((d) => this.strides[d]!), this.offset);
  }

  /** Swaps two dims (a view). */
  transpose(dim0: number, dim1: number): Tensor {
    if (this.ndim === 0) return this;
    const a = normalizeDim("Tensor.transpose", dim0, this.ndim, "dim0");
    const b = normalizeDim("Tensor.transpose", dim1, this.ndim, "dim1");
    const perm = [...Array(this.ndim).keys()];
    perm[a] = b;
    perm[b] = a;
    return this.permute(perm);
  }

  /** Transpose of a matrix (or a no-op on 0-d and 1-d tensors). */
  t(): Tensor {
    if (this.ndim > 2) throw new ShapeError(`Tensor.t: tensor has shape ${fmtShape(this.shape)}, expected at most 2 dims`);
    return this.ndim < 2 ? this : this.transpose(0, 1);
  }

  /** Broadcasts size-1 dims to `shape` without copying (-1 keeps a size). */
  expand(...shape: number[] | [readonly number[]]): Tensor {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as number[];
    if (s.length < this.ndim) {
      throw new ShapeError(`Tensor.expand: shape ${fmtShape(s)} has fewer dims than the tensor's ${fmtShape(this.shape)}`);
    }
    const lead = s.length - this.ndim;
    const outShape: number[] = [];
    const outStrides: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const want = s[i]!;
      if (i < lead) {
        if (want < 0) throw new ShapeError(`Tensor.expand: size -1 is not allowed in a new leading dim (shape ${fmtShape(s)})`);
        outShape.push(want);
        outStrides.push(0);
        continue;
      }
      const have = this.shape[i - lead]!;
      const st = this.strides[i - lead]!;
      if (want === -1 || want === have) {
        outShape.push(have);
        outStrides.push(st);
      } else if (have === 1) {
        outShape.push(want);
        outStrides.push(0);
      } else {
        throw new ShapeError(`Tensor.expand: cannot expand dim ${i - lead} of size ${have} to ${want} (shape ${fmtShape(this.shape)} to ${fmtShape(s)})`);
      }
    }
    return new Tensor(this.storage, outShape, this.dtype, outStrides, this.offset);
  }

  /** Like `expand`, to another tensor's shape. */
  expandAs(other: Tensor): Tensor {
    return this.expand(other.shape);
  }

  /** The slice `start .. start+length-1` of `dim` (a view). */
  narrow(dim: number, start: number, length: number): Tensor {
    const d = normalizeDim("Tensor.narrow", dim, this.ndim);
    const n = this.shape[d]!;
    const s = start < 0 ? start + n : start;
    if (!Number.isInteger(s) || s < 0 || s > n) throw new IndexError(`Tensor.narrow: start is ${start}, expected an integer in [${-n}, ${n}] for dim ${d} of size ${n}`);
    if (!Number.isInteger(length) || length < 0 || s + length > n) {
      throw new IndexError(`Tensor.narrow: length is ${length}, expected an integer in [0, ${n - s}] (start ${s}, dim ${d} of size ${n})`);
    }
    const shape = [...this.shape];
    shape[d] = length;
    return new Tensor(this.storage, shape, this.dtype, this.strides, this.offset + s * this.strides[d]!);
  }

  /** Python-style slice of `dim`: `start:end:step` with negative and omitted bounds (a view). */
  slice(dim: number, start?: number, end?: number, step = 1): Tensor {
    const d = normalizeDim("Tensor.slice", dim, this.ndim);
    if (!Number.isInteger(step) || step <= 0) throw new ValueError(`Tensor.slice: step is ${fmtValue(step)}, expected a positive integer`);
    const n = this.shape[d]!;
    const clampIdx = (v: number | undefined, dflt: number): number => {
      if (v === undefined) return dflt;
      const r = v < 0 ? v + n : v;
      return Math.min(Math.max(r, 0), n);
    };
    const s = clampIdx(start, 0);
    const e = Math.max(clampIdx(end, n), s);
    const len = Math.ceil((e - s) / step);
    const shape = [...this.shape];
    const strides = [...this.strides];
    shape[d] = len;
    strides[d] = this.strides[d]! * step;
    return new Tensor(this.storage, shape, this.dtype, strides, this.offset + (len > 0 ? s * this.strides[d]! : 0));
  }

  /** Removes `dim` by taking element `index` along it (a view). */
  select(dim: number, index: number): Tensor {
    const d = normalizeDim("Tensor.select", dim, this.ndim);
    const n = this.shape[d]!;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new IndexError(`Tensor.select: index is ${fmtValue(index)}, expected an integer in [${-n}, ${n - 1}] for dim ${d} of size ${n}`);
    }
    const i = index < 0 ? index + n : index;
    const shape = [...this.shape];
    const strides = [...this.strides];
    shape.splice(d, 1);
    strides.splice(d, 1);
    return new Tensor(this.storage, shape, this.dtype, strides, this.offset + i * this.strides[d]!);
  }

  /** `select(0, i)`: the i-th entry along the first dim (a view). */
  at(index: number): Tensor {
    return this.select(0, index);
  }

  /** Copies `src` (broadcast to this shape, converted to this dtype) into this tensor in place. */
  copy_(src: Tensor | number): this {
    const offs = this.offsets();
    if (typeof src === "number") {
      const v = castValue(this.dtype, src);
      for (let i = 0; i < offs.length; i++) writeElement(this.data, this.dtype, offs[i]!, v);
      return this;
    }
    const b = src.expand(this.shape);
    const soffs = b.offsets();
    if (b.dtype === this.dtype && this.dtype !== "bool") {
      for (let i = 0; i < offs.length; i++) this.data[offs[i]!] = b.data[soffs[i]!]!;
    } else {
      for (let i = 0; i < offs.length; i++) writeElement(this.data, this.dtype, offs[i]!, readElement(b.data, b.dtype, soffs[i]!));
    }
    return this;
  }

  /** Sets every element to `value` in place. */
  fill_(value: number | boolean): this {
    const v = Number(value);
    if (this.isContiguous()) {
      const n = this.numel();
      const stored = this.dtype === "float16" ? floatToHalf(v) : this.dtype === "bool" ? (v !== 0 ? 1 : 0) : v;
      this.data.fill(stored, this.offset, this.offset + n);
      return this;
    }
    return this.copy_(v);
  }

  /** Sets every element to zero in place. */
  zero_(): this {
    return this.fill_(0);
  }

  toString(): string {
    const body = this.numel() > 1000 ? `<${this.numel()} elements>` : JSON.stringify(this.toArray());
    return `Tensor(${body}, shape=${fmtShape(this.shape)}, dtype=${this.dtype})`;
  }
}

/** Wraps an existing typed array (no copy) as a contiguous tensor of `shape`. */
export function fromTypedArray(data: TypedArray, shape: Shape, dtype: DType): Tensor {
  const n = shapeSize(shape);
  if (data.length !== n) {
    throw new ShapeError(`fromTypedArray: data has ${data.length} elements, expected ${n} for shape ${fmtShape(shape)}`);
  }
  return new Tensor(data, shape, dtype);
}
