/**
 * Data sets of labelled images and the wrapper that encodes them into spike trains, the port
 * of BindsNET's `create_torchvision_dataset_wrapper`: an item is
 * `{ image, label, encodedImage, encodedLabel }` (the reference's `image`, `label`,
 * `encoded_image`, `encoded_label`).
 *
 * Images live in one (or a few) `Uint8Array` buffers as read from disk; an item's image is a
 * zero-copy uint8 Tensor view into that buffer, made when the item is asked for. Only the
 * `transform` and the encoders allocate, and only for the item being read. This module has
 * no Node dependency: it runs in a browser over bytes fetched any way.
 */
import { checkOptions } from "../options.js";
import { IndexError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { scalar } from "../tensor/creation.js";
import { Tensor, shapeSize } from "../tensor/tensor.js";

/** Anything that turns a tensor into another, such as BindsNET's encoders (`PoissonEncoder`). */
export interface EncoderLike {
  encode(t: Tensor): Tensor;
}

/** A function applied to each raw image before encoding (torchvision's `transform`). */
export type Transform = (image: Tensor) => Tensor;

/** Random access to items by index, iterable in order. */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
  [Symbol.iterator](): Iterator<T>;
}

/** The raw images and labels a dataset wraps. */
export interface ImageSource {
  /** Number of items. */
  readonly length: number;
  /** Shape of one image, e.g. `[1, 28, 28]` (channels first, like torchvision's ToTensor). */
  readonly imageShape: readonly number[];
  /** The image of item `i` (0 <= i < length): a uint8 view, not to be written to. */
  image(i: number): Tensor;
  /** The class of item `i`. */
  label(i: number): number;
}

/** One item: the reference's dict, keys in camelCase. */
export interface DatasetItem {
  /** The image after `transform` (without one: the uint8 pixels, a read-only view). */
  image: Tensor;
  /** The class index. */
  label: number;
  /** `imageEncoder.encode(image)`, or `image` itself without an encoder (NullEncoder). */
  encodedImage: Tensor;
  /** `labelEncoder.encode(label as a 0-d int32 tensor)`, or `label` without an encoder. */
  encodedLabel: Tensor | number;
}

/** Options of every image data set (the wrapper's arguments in camelCase). */
export interface ImageDatasetOptions {
  /** Encodes each image (BindsNET's `image_encoder`); null means the identity. */
  imageEncoder?: EncoderLike | null;
  /** Encodes each label (BindsNET's `label_encoder`); null means the identity. */
  labelEncoder?: EncoderLike | null;
  /** Applied to the raw uint8 image first (torchvision's `transform`). */
  transform?: Transform | null;
  /** Applied to the label first (torchvision's `target_transform`). */
  targetTransform?: ((label: number) => number) | null;
}

/** The option keys of `EncodedDataset` (every image data set accepts them). */
export const IMAGE_DATASET_KEYS: readonly string[] = ["imageEncoder", "labelEncoder", "transform", "targetTransform"];

function checkEncoder(op: string, arg: string, enc: unknown): EncoderLike | null {
  if (enc === undefined || enc === null) return null;
  if (typeof (enc as EncoderLike).encode !== "function") {
    throw new ValueError(`${op}: ${arg} is ${fmtValue(enc)}, expected an object with an encode(t: Tensor) method, or null`);
  }
  return enc as EncoderLike;
}

function checkFunction<F>(op: string, arg: string, f: unknown): F | null {
  if (f === undefined || f === null) return null;
  if (typeof f !== "function") throw new ValueError(`${op}: ${arg} is ${fmtValue(f)}, expected a function or null`);
  return f as F;
}

/**
 * Validates the encoder and transform options; data set classes call it before reading any
 * file so a bad option fails fast.
 */
export function checkDatasetOptions(op: string, opts: ImageDatasetOptions, keys: readonly string[] = IMAGE_DATASET_KEYS): void {
  if (opts === null || typeof opts !== "object") throw new ValueError(`${op}: options is ${fmtValue(opts)}, expected an object`);
  checkOptions(op, opts, keys);
  checkEncoder(op, "imageEncoder", opts.imageEncoder);
  checkEncoder(op, "labelEncoder", opts.labelEncoder);
  checkFunction(op, "transform", opts.transform);
  checkFunction(op, "targetTransform", opts.targetTransform);
}

/** Resolves a Python-style index (negative counts from the end) or throws IndexError. */
export function checkIndex(op: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new IndexError(`${op}: index is ${fmtValue(index)}, expected an integer in [${-length}, ${length - 1}]`);
  }
  return index < 0 ? index + length : index;
}

/**
 * A labelled-image data set with optional encoders: BindsNET's torchvision wrapper around
 * any `ImageSource`. `MNIST`, `FashionMNIST`, `CIFAR10` and `CIFAR100` extend it.
 */
export class EncodedDataset implements Dataset<DatasetItem> {
  readonly source: ImageSource;
  readonly imageEncoder: EncoderLike | null;
  readonly labelEncoder: EncoderLike | null;
  readonly transform: Transform | null;
  readonly targetTransform: ((label: number) => number) | null;

  /** The option keys the constructor accepts; data set subclasses extend the list. */
  static readonly optionKeys: readonly string[] = IMAGE_DATASET_KEYS;

  constructor(source: ImageSource, opts: ImageDatasetOptions = {}) {
    const op = new.target.name;
    checkOptions(op, opts, (new.target as typeof EncodedDataset).optionKeys ?? IMAGE_DATASET_KEYS);
    opts ??= {};
    this.source = source;
    this.imageEncoder = checkEncoder(op, "imageEncoder", opts.imageEncoder);
    this.labelEncoder = checkEncoder(op, "labelEncoder", opts.labelEncoder);
    this.transform = checkFunction(op, "transform", opts.transform);
    this.targetTransform = checkFunction(op, "targetTransform", opts.targetTransform);
  }

  get length(): number {
    return this.source.length;
  }

  /** Shape of one raw image. */
  get imageShape(): readonly number[] {
    return this.source.imageShape;
  }

  /** Item `index` (negative counts from the end), encoded on demand. */
  get(index: number): DatasetItem {
    const i = checkIndex(`${this.constructor.name}.get`, index, this.length);
    let image = this.source.image(i);
    if (this.transform) image = this.transform(image);
    let label = this.source.label(i);
    if (this.targetTransform) label = this.targetTransform(label);
    const encodedImage = this.imageEncoder ? this.imageEncoder.encode(image) : image;
    const encodedLabel = this.labelEncoder ? this.labelEncoder.encode(scalar(label, { dtype: "int32" })) : label;
    return { image, label, encodedImage, encodedLabel };
  }

  /** The raw uint8 image of item `index` (a read-only view; no transform, no encoder). */
  rawImage(index: number): Tensor {
    return this.source.image(checkIndex(`${this.constructor.name}.rawImage`, index, this.length));
  }

  /** The raw label of item `index` (no target transform). */
  rawLabel(index: number): number {
    return this.source.label(checkIndex(`${this.constructor.name}.rawLabel`, index, this.length));
  }

  *[Symbol.iterator](): Iterator<DatasetItem> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/**
 * One buffer of fixed-size records: item `j` has its pixels at
 * `pixels[pixelStart + j * pixelStride ...]` and its label at
 * `labels[labelStart + j * labelStride]`. IDX files give separate pixel and label buffers;
 * CIFAR binary files interleave both in one buffer.
 */
export interface ByteChunk {
  count: number;
  pixels: Uint8Array;
  pixelStart: number;
  pixelStride: number;
  labels: Uint8Array;
  labelStart: number;
  labelStride: number;
}

/** An `ImageSource` over byte chunks; images are zero-copy uint8 views. */
export class ByteImageSource implements ImageSource {
  readonly length: number;
  readonly imageShape: readonly number[];
  readonly chunks: readonly ByteChunk[];
  private readonly starts: number[];

  constructor(chunks: readonly ByteChunk[], imageShape: readonly number[]) {
    const op = "ByteImageSource";
    const size = shapeSize(imageShape);
    const starts: number[] = [];
    let total = 0;
    chunks.forEach((c, k) => {
      const lastPixel = c.count === 0 ? 0 : c.pixelStart + (c.count - 1) * c.pixelStride + size;
      const lastLabel = c.count === 0 ? 0 : c.labelStart + (c.count - 1) * c.labelStride + 1;
      if (lastPixel > c.pixels.length || lastLabel > c.labels.length || c.pixelStride < size) {
        throw new ValueError(
          `${op}: chunks[${k}] holds ${c.pixels.length} pixel bytes and ${c.labels.length} label bytes, expected ${lastPixel} and ${lastLabel} for ${c.count} images of ${fmtShape(imageShape)}`,
        );
      }
      starts.push(total);
      total += c.count;
    });
    this.length = total;
    this.imageShape = Object.freeze([...imageShape]);
    this.chunks = Object.freeze([...chunks]);
    this.starts = starts;
  }

  private locate(i: number): [ByteChunk, number] {
    // Binary search: a handful of chunks at most, but keeps lookups O(log k) regardless.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return [this.chunks[lo]!, i - this.starts[lo]!];
  }

  image(i: number): Tensor {
    const [c, j] = this.locate(i);
    return new Tensor(c.pixels, this.imageShape, "uint8", undefined, c.pixelStart + j * c.pixelStride);
  }

  label(i: number): number {
    const [c, j] = this.locate(i);
    return c.labels[c.labelStart + j * c.labelStride]!;
  }

  /** All labels as an int32 array (a copy). */
  labelArray(): Int32Array {
    const out = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.label(i);
    return out;
  }
}

/**
 * An `ImageSource` over an in-memory tensor `[N, ...imageShape]` and N labels: wrap your own
 * data with `new EncodedDataset(new TensorImageSource(images, labels), { imageEncoder })`.
 */
export class TensorImageSource implements ImageSource {
  readonly length: number;
  readonly imageShape: readonly number[];
  private readonly images: Tensor;
  private readonly labels: Int32Array;

  constructor(images: Tensor, labels: Tensor | readonly number[] | ArrayLike<number>) {
    const op = "TensorImageSource";
    if (images.ndim < 1) throw new ValueError(`${op}: images has shape ${fmtShape(images.shape)}, expected [N, ...imageShape]`);
    const values = labels instanceof Tensor ? labels.toFlatArray() : Array.from(labels);
    if (values.length !== images.shape[0]) {
      throw new ValueError(`${op}: labels has ${values.length} elements, expected ${images.shape[0]} to match images' first dim`);
    }
    this.images = images;
    this.labels = Int32Array.from(values);
    this.length = values.length;
    this.imageShape = Object.freeze(images.shape.slice(1));
  }

  image(i: number): Tensor {
    return this.images.select(0, i);
  }

  label(i: number): number {
    return this.labels[i]!;
  }
}
