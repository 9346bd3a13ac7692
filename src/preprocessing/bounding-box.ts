/**
 * GOTURN-style tracking helpers that the reference ships for ALOV300 (`BoundingBox`,
 * `cropPadImage`, `computeCropPadImageLocation`, `cropSample`, `shiftCropTrainingSample`,
 * `sampleRandUniform`, `sampleExpTwoSides`, `NormalizeToTensor`). Pure functions over
 * `[H, W]` / `[H, W, C]` tensors; randomness comes from a seeded `Generator`.
 *
 * Boxes are `(x1, y1, x2, y2)` in pixels, x along the width. The search region around a box
 * is `kContextFactor = 2` times its size; `scale` maps a box into `[0, kScaleFactor = 10]`
 * relative to the image.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { Generator, defaultGenerator } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { zeros } from "../tensor/creation.js";

/** Largest value of C's `rand()`, which the original sampling functions emulate. */
const RAND_MAX = 2147483647;

function checkImageHW(op: string, image: unknown): [number, number] {
  if (!(image instanceof Tensor) || (image.ndim !== 2 && image.ndim !== 3)) {
    throw new ShapeError(`${op}: image has shape ${image instanceof Tensor ? fmtShape(image.shape) : fmtValue(image)}, expected a [H, W] or [H, W, C] Tensor`);
  }
  return [image.shape[0]!, image.shape[1]!];
}

/** `sample_rand_uniform`: a uniform in (0, 1), `(randint(0, RAND_MAX) + 1) / (RAND_MAX + 2)`. */
export function sampleRandUniform(generator: Generator = defaultGenerator()): number {
  const r = generator.nextBelow(RAND_MAX + 1);
  return (r + 1) / (RAND_MAX + 2);
}

/**
 * `sample_exp_two_sides(lambda)`: a Laplace-distributed sample `±log(u) / lambda` (sign with
 * probability 1/2 each), the motion model of GOTURN.
 */
export function sampleExpTwoSides(lambda: number, generator: Generator = defaultGenerator()): number {
  if (typeof lambda !== "number" || !(lambda > 0)) throw new ValueError(`sampleExpTwoSides: lambda is ${fmtValue(lambda)}, expected a positive number`);
  const sign = generator.nextBelow(RAND_MAX + 1) % 2 === 0 ? 1 : -1;
  return (Math.log(sampleRandUniform(generator)) / lambda) * sign;
}

/** Parameters of `BoundingBox.shift` (the reference's `bb_params`). */
export interface ShiftParams {
  lambdaScaleFrac?: number;
  lambdaShiftFrac?: number;
  minScale?: number;
  maxScale?: number;
}

/** An axis-aligned box `(x1, y1, x2, y2)` with GOTURN's context and scale factors. */
export class BoundingBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  readonly kContextFactor = 2;
  readonly kScaleFactor = 10;

  constructor(x1: number, y1: number, x2: number, y2: number) {
    for (const [k, v] of [["x1", x1], ["y1", y1], ["x2", x2], ["y2", y2]] as const) {
      if (typeof v !== "number" || Number.isNaN(v)) throw new ValueError(`BoundingBox: ${k} is ${fmtValue(v)}, expected a number`);
    }
    this.x1 = x1;
    this.y1 = y1;
    this.x2 = x2;
    this.y2 = y2;
  }

  /** `[x1, y1, x2, y2]`. */
  getBbList(): [number, number, number, number] {
    return [this.x1, this.y1, this.x2, this.y2];
  }

  getCenterX(): number {
    return (this.x1 + this.x2) / 2;
  }

  getCenterY(): number {
    return (this.y1 + this.y2) / 2;
  }

  getWidth(): number {
    return this.x2 - this.x1;
  }

  getHeight(): number {
    return this.y2 - this.y1;
  }

  /** Height of the search region: `max(1, kContextFactor * height)`. */
  computeOutputHeight(): number {
    return Math.max(1, this.kContextFactor * this.getHeight());
  }

  /** Width of the search region: `max(1, kContextFactor * width)`. */
  computeOutputWidth(): number {
    return Math.max(1, this.kContextFactor * this.getWidth());
  }

  /** How far the search region sticks out past the image's left edge (>= 0). */
  edgeSpacingX(): number {
    return Math.max(0, this.computeOutputWidth() / 2 - this.getCenterX());
  }

  /** How far the search region sticks out past the image's top edge (>= 0). */
  edgeSpacingY(): number {
    return Math.max(0, this.computeOutputHeight() / 2 - this.getCenterY());
  }

  /** A copy. */
  clone(): BoundingBox {
    return new BoundingBox(this.x1, this.y1, this.x2, this.y2);
  }

  /** The box in `[0, kScaleFactor]` units relative to the image size (a new box). */
  scale(image: Tensor): BoundingBox {
    const [h, w] = checkImageHW("BoundingBox.scale", image);
    const k = this.kScaleFactor;
    return new BoundingBox((this.x1 / w) * k, (this.y1 / h) * k, (this.x2 / w) * k, (this.y2 / h) * k);
  }

  /** Inverse of `scale` (a new box). */
  unscale(image: Tensor): BoundingBox {
    const [h, w] = checkImageHW("BoundingBox.unscale", image);
    const k = this.kScaleFactor;
    return new BoundingBox((this.x1 / k) * w, (this.y1 / k) * h, (this.x2 / k) * w, (this.y2 / k) * h);
  }

  /** The box in the coordinates of a crop at `searchLocation` padded by the edge spacings. */
  recenter(searchLocation: BoundingBox, edgeSpacingX: number, edgeSpacingY: number): BoundingBox {
    return new BoundingBox(
      this.x1 - searchLocation.x1 + edgeSpacingX,
      this.y1 - searchLocation.y1 + edgeSpacingY,
      this.x2 - searchLocation.x1 + edgeSpacingX,
      this.y2 - searchLocation.y1 + edgeSpacingY,
    );
  }

  /** Inverse of `recenter`, clipped to the raw image. */
  uncenter(rawImage: Tensor, searchLocation: BoundingBox, edgeSpacingX: number, edgeSpacingY: number): BoundingBox {
    const [h, w] = checkImageHW("BoundingBox.uncenter", rawImage);
    return new BoundingBox(
      Math.max(0, this.x1 + searchLocation.x1 - edgeSpacingX),
      Math.max(0, this.y1 + searchLocation.y1 - edgeSpacingY),
      Math.min(w, this.x2 + searchLocation.x1 - edgeSpacingX),
      Math.min(h, this.y2 + searchLocation.y1 - edgeSpacingY),
    );
  }

  /**
   * A randomly moved and rescaled copy, GOTURN's training augmentation: the size changes by
   * a factor `1 + s` (s Laplace(lambdaScaleFrac) clipped to [minScale, maxScale], or uniform
   * in that range without `shiftMotionModel`), the centre moves by `width * Laplace(lambdaShiftFrac)`,
   * each retried up to 10 times until the box fits the image and stays within the context.
   */
  shift(image: Tensor, params: ShiftParams = {}, shiftMotionModel = true, generator: Generator = defaultGenerator()): BoundingBox {
    const [imH, imW] = checkImageHW("BoundingBox.shift", image);
    const lambdaScale = params.lambdaScaleFrac ?? 15;
    const lambdaShift = params.lambdaShiftFrac ?? 5;
    const minScale = params.minScale ?? -0.4;
    const maxScale = params.maxScale ?? 0.4;
    const width = this.getWidth();
    const height = this.getHeight();
    const cx = this.getCenterX();
    const cy = this.getCenterY();
    const kMaxNumTries = 10;
    const newSize = (size: number, limit: number): number => {
      let out = -1;
      for (let tries = 0; (out < 0 || out > limit - 1) && tries < kMaxNumTries; tries++) {
        const f = shiftMotionModel
          ? Math.max(minScale, Math.min(maxScale, sampleExpTwoSides(lambdaScale, generator)))
          : sampleRandUniform(generator) * (maxScale - minScale) + minScale;
        out = Math.max(1, Math.min(limit - 1, size * (1 + f)));
      }
      return out;
    };
    const newW = newSize(width, imW);
    const newH = newSize(height, imH);
    const newCenter = (c: number, size: number, newS: number, limit: number): number => {
      let out = -1;
      let first = true;
      for (
        let tries = 0;
        (first || out < c - (size * this.kContextFactor) / 2 || out > c + (size * this.kContextFactor) / 2 || out - newS / 2 < 0 || out + newS / 2 > limit) && tries < kMaxNumTries;
        tries++
      ) {
        const temp = shiftMotionModel ? c + size * sampleExpTwoSides(lambdaShift, generator) : c + sampleRandUniform(generator) * (2 * newS) - newS;
        out = Math.min(limit - newS / 2, Math.max(newS / 2, temp));
        first = false;
      }
      return out;
    };
    const ncx = newCenter(cx, width, newW, imW);
    const ncy = newCenter(cy, height, newH, imH);
    return new BoundingBox(ncx - newW / 2, ncy - newH / 2, ncx + newW / 2, ncy + newH / 2);
  }
}

/** The search region around `bboxTight` (twice its size), clipped to the image. */
export function computeCropPadImageLocation(bboxTight: BoundingBox, image: Tensor): BoundingBox {
  const [imH, imW] = checkImageHW("computeCropPadImageLocation", image);
  const cx = bboxTight.getCenterX();
  const cy = bboxTight.getCenterY();
  const ow = bboxTight.computeOutputWidth();
  const oh = bboxTight.computeOutputHeight();
  const roiLeft = Math.max(0, cx - ow / 2);
  const roiBottom = Math.max(0, cy - oh / 2);
  const roiWidth = Math.max(1, Math.min(ow / 2, cx) + Math.min(ow / 2, imW - cx));
  const roiHeight = Math.max(1, Math.min(oh / 2, cy) + Math.min(oh / 2, imH - cy));
  return new BoundingBox(roiLeft, roiBottom, roiLeft + roiWidth, roiBottom + roiHeight);
}

/** Result of `cropPadImage`. */
export interface CropPadResult {
  /** The search region, zero-padded where it leaves the image. */
  image: Tensor;
  /** Where the region lies in the original image. */
  padImageLocation: BoundingBox;
  edgeSpacingX: number;
  edgeSpacingY: number;
}

/**
 * `cropPadImage(bbox_tight, image)`: crops the search region around a box (twice its size)
 * and pads it with zeros where it leaves the image, so the object stays centred.
 */
export function cropPadImage(bboxTight: BoundingBox, image: Tensor): CropPadResult {
  const op = "cropPadImage";
  const [imH, imW] = checkImageHW(op, image);
  const pad = computeCropPadImageLocation(bboxTight, image);
  const roiLeft = Math.min(pad.x1, imW - 1);
  const roiBottom = Math.min(pad.y1, imH - 1);
  const roiWidth = Math.min(imW, Math.max(1, Math.ceil(pad.x2 - pad.x1)));
  const roiHeight = Math.min(imH, Math.max(1, Math.ceil(pad.y2 - pad.y1)));
  const err = 1e-9;
  const r0 = Math.trunc(roiBottom + err);
  const r1 = Math.min(imH, Math.trunc(roiBottom + roiHeight));
  const c0 = Math.trunc(roiLeft + err);
  const c1 = Math.min(imW, Math.trunc(roiLeft + roiWidth));
  const cropped = image.narrow(0, r0, Math.max(0, r1 - r0)).narrow(1, c0, Math.max(0, c1 - c0));
  const outW = Math.trunc(Math.max(Math.ceil(bboxTight.computeOutputWidth()), roiWidth));
  const outH = Math.trunc(Math.max(Math.ceil(bboxTight.computeOutputHeight()), roiHeight));
  const out = zeros(image.ndim === 3 ? [outH, outW, image.shape[2]!] : [outH, outW], { dtype: image.dtype });
  const edgeSpacingX = Math.min(bboxTight.edgeSpacingX(), imW - 1);
  const edgeSpacingY = Math.min(bboxTight.edgeSpacingY(), imH - 1);
  const ey = Math.trunc(edgeSpacingY);
  const ex = Math.trunc(edgeSpacingX);
  // numpy clips the destination slice at the output's edge; the source must fit in it.
  const h = Math.min(cropped.shape[0]!, outH - ey);
  const w = Math.min(cropped.shape[1]!, outW - ex);
  if (h > 0 && w > 0) out.narrow(0, ey, h).narrow(1, ex, w).copy_(cropped.narrow(0, 0, h).narrow(1, 0, w));
  return { image: out, padImageLocation: pad, edgeSpacingX, edgeSpacingY };
}

/** A tracking sample: an image and its box `[x1, y1, x2, y2]`. */
export interface BoxSample {
  image: Tensor;
  bb: readonly [number, number, number, number];
}

/** Extra outputs of `cropSample` / `shiftCropTrainingSample` (the reference's `opts`). */
export interface CropOpts {
  edgeSpacingX: number;
  edgeSpacingY: number;
  searchLocation: BoundingBox;
  searchRegion: Tensor;
}

/** `crop_sample`: the search region around the sample's box and the box within it. */
export function cropSample(sample: BoxSample): [BoxSample, CropOpts] {
  const bb = new BoundingBox(...(sample.bb as [number, number, number, number]));
  const r = cropPadImage(bb, sample.image);
  const nb = bb.recenter(r.padImageLocation, r.edgeSpacingX, r.edgeSpacingY);
  return [
    { image: r.image, bb: nb.getBbList() },
    { edgeSpacingX: r.edgeSpacingX, edgeSpacingY: r.edgeSpacingY, searchLocation: r.padImageLocation, searchRegion: r.image },
  ];
}

/**
 * `shift_crop_training_sample`: crops around a randomly shifted box (see `BoundingBox.shift`)
 * and returns the true box in the crop's coordinates.
 */
export function shiftCropTrainingSample(sample: BoxSample, bbParams: ShiftParams = {}, generator: Generator = defaultGenerator()): [BoxSample, CropOpts] {
  const gt = new BoundingBox(...(sample.bb as [number, number, number, number]));
  const shifted = gt.shift(sample.image, bbParams, true, generator);
  const r = cropPadImage(shifted, sample.image);
  const nb = gt.recenter(r.padImageLocation, r.edgeSpacingX, r.edgeSpacingY);
  return [
    { image: r.image, bb: nb.getBbList() },
    { edgeSpacingX: r.edgeSpacingX, edgeSpacingY: r.edgeSpacingY, searchLocation: r.padImageLocation, searchRegion: r.image },
  ];
}

/**
 * `NormalizeToTensor`: turns `{ previmg, currimg }` `[H, W, 3]` images into `[3, H, W]`
 * float32 tensors scaled to [0, 1] and normalised with ImageNet's mean
 * `[0.485, 0.456, 0.406]` and std `[0.229, 0.224, 0.225]`; other fields pass through.
 */
export class NormalizeToTensor {
  readonly mean = [0.485, 0.456, 0.406] as const;
  readonly std = [0.229, 0.224, 0.225] as const;

  call<S extends { previmg: Tensor; currimg: Tensor }>(sample: S): S {
    return { ...sample, previmg: this.convert(sample.previmg, "previmg"), currimg: this.convert(sample.currimg, "currimg") };
  }

  private convert(image: Tensor, arg: string): Tensor {
    if (!(image instanceof Tensor) || image.ndim !== 3 || image.shape[2] !== 3) {
      throw new ShapeError(`NormalizeToTensor.call: ${arg} has shape ${image instanceof Tensor ? fmtShape(image.shape) : fmtValue(image)}, expected [H, W, 3]`);
    }
    const [h, w] = image.shape as [number, number];
    const src = image.toFlatArray();
    const out = new Float32Array(3 * h * w);
    for (let i = 0; i < h * w; i++) for (let k = 0; k < 3; k++) out[k * h * w + i] = (src[i * 3 + k]! / 255 - this.mean[k]!) / this.std[k]!;
    return new Tensor(out, [3, h, w], "float32");
  }
}
