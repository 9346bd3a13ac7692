/**
 * Image transforms: the reference's `datasets/preprocess.py` (`gray_scale`, `crop`,
 * `binary_image`, `subsample`, `bgr2rgb`, `Rescale`) and torchvision's `ToTensor` /
 * `Normalize` / `Compose`, as pure functions over Tensors. No OpenCV, no Node APIs: they run
 * in a browser too. None mutates its input.
 *
 * Layout: like the OpenCV/numpy originals, images are `[H, W]` or `[H, W, C]` (channels
 * last). The datasets give `[C, H, W]` (channels first, torchvision's layout); `toTensor`
 * and `hwcToChw` / `chwToHwc` convert.
 */
import { type DType, type TypedArray } from "../backend/dtype.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

/** An image transform. */
export type ImageTransform = (image: Tensor) => Tensor;

function checkImage(op: string, image: unknown, arg = "image", ndims: readonly number[] = [2, 3]): Tensor {
  if (!(image instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(image)}, expected a Tensor`);
  if (!ndims.includes(image.ndim)) {
    throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(image.shape)}, expected ${ndims.map((d) => (d === 2 ? "[H, W]" : d === 3 ? "[H, W, C]" : `${d} dims`)).join(" or ")}`);
  }
  return image;
}

/** Element values in row-major order as plain numbers (decodes float16). */
function values(t: Tensor): TypedArray | Float32Array {
  return t.dtype === "float16" ? Float32Array.from(t.toFlatArray()) : t.contiguousData();
}

/** cvRound: round half to even, as OpenCV's saturate_cast from floating point. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Stores computed values into a new tensor of `dtype`, rounding and saturating integers. */
function store(vals: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  if (dtype === "uint8" || dtype === "int32" || dtype === "bool") {
    const lo = dtype === "int32" ? -2147483648 : 0;
    const hi = dtype === "int32" ? 2147483647 : dtype === "bool" ? 1 : 255;
    const out = dtype === "int32" ? new Int32Array(vals.length) : new Uint8Array(vals.length);
    for (let i = 0; i < vals.length; i++) out[i] = Math.min(hi, Math.max(lo, roundHalfEven(vals[i]!)));
    return tensor(out, { shape, dtype });
  }
  return tensor(vals instanceof Float64Array || vals instanceof Float32Array ? vals : Float64Array.from(vals), { shape, dtype });
}

/**
 * `gray_scale`: RGB `[H, W, 3]` (or RGBA `[H, W, 4]`, alpha ignored) to `[H, W]` by
 * `Y = 0.299 R + 0.587 G + 0.114 B` (OpenCV's `COLOR_RGB2GRAY`). uint8 images use OpenCV's
 * 14-bit fixed point `(4899 R + 9617 G + 1868 B + 8192) >> 14`, so results match cv2 exactly.
 * A `[H, W]` image is returned unchanged (already gray).
 */
export function grayScale(image: Tensor): Tensor {
  const op = "grayScale";
  checkImage(op, image);
  if (image.ndim === 2) return image;
  const [h, w, c] = image.shape as [number, number, number];
  if (c !== 3 && c !== 4) throw new ShapeError(`${op}: image has shape ${fmtShape(image.shape)}, expected 3 (RGB) or 4 (RGBA) channels last`);
  const src = values(image);
  const n = h * w;
  if (image.dtype === "uint8") {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (src[i * c]! * 4899 + src[i * c + 1]! * 9617 + src[i * c + 2]! * 1868 + 8192) >> 14;
    return tensor(out, { shape: [h, w], dtype: "uint8" });
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.299 * src[i * c]! + 0.587 * src[i * c + 1]! + 0.114 * src[i * c + 2]!;
  return store(out, [h, w], image.dtype);
}

/** `bgr2rgb`: reverses the channel order of a `[H, W, 3]` image (BGR <-> RGB). */
export function bgr2rgb(image: Tensor): Tensor {
  const op = "bgr2rgb";
  checkImage(op, image, "image", [3]);
  if (image.shape[2] !== 3) throw new ShapeError(`${op}: image has shape ${fmtShape(image.shape)}, expected [H, W, 3]`);
  const [h, w, c] = image.shape as [number, number, number];
  const src = image.contiguousData();
  const out = src.slice();
  for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++) out[i * c + k] = src[i * c + (c - 1 - k)]!;
  return new Tensor(out, [h, w, c], image.dtype);
}

/**
 * `crop(image, x1, x2, y1, y2)`: `image[x1:x2, y1:y2, ...]` with numpy's slice rules
 * (so, as in the reference, x indexes rows and y columns; negative bounds count from the
 * end, out-of-range bounds are clipped). Returns a contiguous copy.
 */
export function crop(image: Tensor, x1: number, x2: number, y1: number, y2: number): Tensor {
  const op = "crop";
  checkImage(op, image);
  const bounds = { x1, x2, y1, y2 };
  for (const [k, v] of Object.entries(bounds)) {
    if (!Number.isInteger(v)) throw new ValueError(`${op}: ${k} is ${fmtValue(v)}, expected an integer`);
  }
  const clip = (v: number, n: number): number => Math.min(n, Math.max(0, v < 0 ? v + n : v));
  const [h, w] = image.shape as [number, number];
  const r0 = clip(x1, h);
  const r1 = Math.max(r0, clip(x2, h));
  const c0 = clip(y1, w);
  const c1 = Math.max(c0, clip(y2, w));
  return image.narrow(0, r0, r1 - r0).narrow(1, c0, c1 - c0).clone();
}

/**
 * `binary_image`: OpenCV's `threshold(image, 0, 1, THRESH_BINARY)`: values above 0 become 1,
 * the rest 0, in the input's dtype.
 */
export function binaryImage(image: Tensor): Tensor {
  const op = "binaryImage";
  if (!(image instanceof Tensor)) throw new ValueError(`${op}: image is ${fmtValue(image)}, expected a Tensor`);
  const src = values(image);
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i]! > 0 ? 1 : 0;
  return tensor(out, { shape: image.shape, dtype: image.dtype === "float16" ? "float16" : image.dtype });
}

/**
 * `subsample(image, x, y)`: `cv2.resize(image, (x, y))`: bilinear resize to width `x` and
 * height `y` (output `[y, x]` or `[y, x, C]`), with OpenCV's pixel-centre mapping
 * `src = (dst + 0.5) * in / out - 0.5`, edge handling, and, for uint8, its 11-bit fixed-point
 * weights and rounding, so uint8 results equal cv2.resize's (checked against OpenCV 4.14 on
 * x86; its scalar fallback, used on some other CPUs, can differ by 1). An exact 2x reduction
 * is a 2x2 box average, as OpenCV switches to INTER_AREA there.
 */
export function subsample(image: Tensor, x: number, y: number): Tensor {
  return resizeBilinear(image, y, x, "subsample");
}

interface Taps {
  i0: Int32Array;
  i1: Int32Array;
  w0: Float64Array;
  w1: Float64Array;
}

/**
 * Source indices and weights along one axis. OpenCV clamps columns (an out-of-range column
 * gets weight 1 on the edge pixel) but only clips row indices, keeping the fractional
 * weights: with fixed-point rounding the two give different results at the top/bottom edge.
 */
function linearTaps(inSize: number, outSize: number, fixed: boolean, clampWeights: boolean): Taps {
  const scale = inSize / outSize;
  const t: Taps = { i0: new Int32Array(outSize), i1: new Int32Array(outSize), w0: new Float64Array(outSize), w1: new Float64Array(outSize) };
  for (let d = 0; d < outSize; d++) {
    let f = (d + 0.5) * scale - 0.5;
    let s = Math.floor(f);
    f -= s;
    if (clampWeights && s < 0) {
      f = 0;
      s = 0;
    }
    if (clampWeights && s >= inSize - 1) {
      f = 0;
      s = inSize - 1;
    }
    t.i0[d] = Math.min(Math.max(s, 0), inSize - 1);
    t.i1[d] = Math.min(Math.max(s + 1, 0), inSize - 1);
    // uint8: OpenCV rounds the weights to multiples of 1/2048 (INTER_RESIZE_COEF_BITS = 11).
    t.w1[d] = fixed ? roundHalfEven(f * 2048) : f;
    t.w0[d] = fixed ? 2048 - t.w1[d]! : 1 - f;
  }
  return t;
}

/** Bilinear resize of `[H, W]` / `[H, W, C]` to `[outH, outW(, C)]` (see `subsample`). */
export function resizeBilinear(image: Tensor, outH: number, outW: number, op = "resizeBilinear"): Tensor {
  checkImage(op, image);
  for (const [k, v] of [["height", outH], ["width", outW]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${k} is ${fmtValue(v)}, expected a positive integer`);
  }
  const [h, w] = image.shape as [number, number];
  const c = image.ndim === 3 ? image.shape[2]! : 1;
  if (h < 1 || w < 1) throw new ShapeError(`${op}: image has shape ${fmtShape(image.shape)}, expected a non-empty image`);
  const outShape = image.ndim === 3 ? [outH, outW, c] : [outH, outW];
  const src = values(image);
  const out = new Float64Array(outH * outW * c);
  const isU8 = image.dtype === "uint8";
  if (h === 2 * outH && w === 2 * outW) {
    for (let r = 0; r < outH; r++) {
      for (let q = 0; q < outW; q++) {
        for (let k = 0; k < c; k++) {
          const a = ((2 * r) * w + 2 * q) * c + k;
          const b = a + w * c;
          const sum = src[a]! + src[a + c]! + src[b]! + src[b + c]!;
          out[(r * outW + q) * c + k] = isU8 ? (sum + 2) >> 2 : sum / 4;
        }
      }
    }
    return store(out, outShape, image.dtype);
  }
  const tx = linearTaps(w, outW, isU8, true);
  const ty = linearTaps(h, outH, isU8, false);
  for (let r = 0; r < outH; r++) {
    const r0 = ty.i0[r]!;
    const r1 = ty.i1[r]!;
    const b0 = ty.w0[r]!;
    const b1 = ty.w1[r]!;
    for (let q = 0; q < outW; q++) {
      const q0 = tx.i0[q]!;
      const q1 = tx.i1[q]!;
      const a0 = tx.w0[q]!;
      const a1 = tx.w1[q]!;
      for (let k = 0; k < c; k++) {
        const top = src[(r0 * w + q0) * c + k]! * a0 + src[(r0 * w + q1) * c + k]! * a1;
        const bot = src[(r1 * w + q0) * c + k]! * a0 + src[(r1 * w + q1) * c + k]! * a1;
        // uint8: OpenCV's (SIMD) vertical pass in fixed point: each row term is pre-shifted
        // by 4 and multiplied high (>> 16) before the final rounding shift by 2.
        out[(r * outW + q) * c + k] = isU8 ? (((b0 * (top >> 4)) >> 16) + ((b1 * (bot >> 4)) >> 16) + 2) >> 2 : b0 * top + b1 * bot;
      }
    }
  }
  return store(out, outShape, image.dtype);
}

/**
 * `Rescale(output_size)`: resizes to `outputSize` (a number scales the shorter side to it,
 * keeping the aspect ratio; `[h, w]` gives that size). Deliberate difference: the reference
 * hands `(new_h, new_w)` to OpenCV, which reads it as `(w, h)`; this one really gives height
 * `h` and width `w`.
 */
export class Rescale {
  readonly outputSize: number | readonly [number, number];

  constructor(outputSize: number | readonly [number, number]) {
    const ok = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v > 0;
    if (!(ok(outputSize) || (Array.isArray(outputSize) && outputSize.length === 2 && outputSize.every(ok)))) {
      throw new ValueError(`Rescale: outputSize is ${fmtValue(outputSize)}, expected a positive integer or [height, width]`);
    }
    this.outputSize = outputSize;
  }

  /** The resized image. */
  call(image: Tensor): Tensor {
    checkImage("Rescale.call", image);
    const [h, w] = image.shape as [number, number];
    let nh: number;
    let nw: number;
    if (typeof this.outputSize === "number") {
      const s = this.outputSize;
      [nh, nw] = h > w ? [Math.trunc((s * h) / w), s] : [s, Math.trunc((s * w) / h)];
    } else {
      [nh, nw] = this.outputSize as [number, number];
    }
    return resizeBilinear(image, nh, nw, "Rescale.call");
  }

  /** Alias of `call`, so a Rescale is an encoder-like object too. */
  encode(image: Tensor): Tensor {
    return this.call(image);
  }
}

/** `[H, W, C]` to `[C, H, W]` (copy). A `[H, W]` image becomes `[1, H, W]`. */
export function hwcToChw(image: Tensor): Tensor {
  checkImage("hwcToChw", image);
  return image.ndim === 2 ? image.unsqueeze(0).clone() : image.permute(2, 0, 1).clone();
}

/** `[C, H, W]` to `[H, W, C]` (copy). */
export function chwToHwc(image: Tensor): Tensor {
  checkImage("chwToHwc", image, "image", [3]);
  return image.permute(1, 2, 0).clone();
}

/**
 * torchvision's `ToTensor` followed by the examples' `Lambda(x * intensity)`: converts to
 * float32 and multiplies by `scale / 255` (default `scale` 1, giving [0, 1]). Returns a
 * transform; the layout is unchanged (the datasets already give `[C, H, W]`).
 */
export function toTensor(opts: { scale?: number } = {}): ImageTransform {
  const scale = opts.scale ?? 1;
  if (typeof scale !== "number" || !Number.isFinite(scale)) throw new ValueError(`toTensor: scale is ${fmtValue(scale)}, expected a finite number`);
  const k = scale / 255;
  return (image: Tensor): Tensor => {
    if (!(image instanceof Tensor)) throw new ValueError(`toTensor: image is ${fmtValue(image)}, expected a Tensor`);
    const src = values(image);
    const out = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i]! * k;
    return new Tensor(out, image.shape, "float32");
  };
}

/**
 * torchvision's `Normalize(mean, std)` over a `[C, H, W]` float image: `(x - mean[c]) / std[c]`.
 * Returns a transform.
 */
export function normalize(mean: readonly number[], std: readonly number[]): ImageTransform {
  const op = "normalize";
  if (!Array.isArray(mean) || !Array.isArray(std) || mean.length !== std.length || mean.length === 0) {
    throw new ValueError(`${op}: mean has ${fmtValue(mean)} and std ${fmtValue(std)}, expected two arrays of one value per channel`);
  }
  if (std.some((s) => s === 0)) throw new ValueError(`${op}: std is ${fmtValue(std)}, expected non-zero values`);
  return (image: Tensor): Tensor => {
    checkImage(op, image, "image", [3]);
    const [c, h, w] = image.shape as [number, number, number];
    if (c !== mean.length) throw new ShapeError(`${op}: image has shape ${fmtShape(image.shape)}, expected ${mean.length} channels first to match mean`);
    const src = values(image);
    const out = new Float32Array(src.length);
    for (let k = 0; k < c; k++) for (let i = k * h * w; i < (k + 1) * h * w; i++) out[i] = (src[i]! - mean[k]!) / std[k]!;
    return new Tensor(out, image.shape, "float32");
  };
}

/** torchvision's `Compose`: applies the transforms left to right. */
export function compose(...transforms: ImageTransform[]): ImageTransform {
  transforms.forEach((t, i) => {
    if (typeof t !== "function") throw new ValueError(`compose: transforms[${i}] is ${fmtValue(t)}, expected a function`);
  });
  return (image: Tensor): Tensor => transforms.reduce((x, t) => t(x), image);
}
