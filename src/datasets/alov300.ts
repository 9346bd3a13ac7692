/**
 * ALOV300++ object tracking (Amsterdam Library of Ordinary Videos), GOTURN-style: pairs of
 * consecutive annotated frames of each video, with the previous frame's box used to crop a
 * search region from both frames.
 *
 * Layout: `root/box/<category>/<video>.ann` (lines `frame x1 y1 x2 y2 x3 y3 x4 y4`, 1-based
 * frame numbers, four corners) and `root/frame/<category>/<video>/*.jpg`.
 *
 * Decoding JPEG is left to the caller: pass `imageLoader` (e.g. built on `jpeg-js`) returning
 * `[H, W, 3]` uint8 tensors. Without one, `getPair(i)` still gives paths and boxes.
 * Deliberate difference: the reference's `get_bb` indexes a `map` object and fails on every
 * sample in Python 3; here boxes are parsed as intended.
 */
import { checkOptions } from "../options.js";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ValueError, fmtValue } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { BoundingBox, cropSample } from "../preprocessing/bounding-box.js";
import { resizeBilinear } from "../preprocessing/image.js";
import { type Dataset, checkIndex } from "./dataset.js";
import { DatasetNotFoundError, absolute, isDirectory } from "./fs.js";

/** A box `[left, top, right, bottom]`. */
export type Box = [number, number, number, number];

/** A pair of consecutive annotated frames. */
export interface ALOVPair {
  prevImagePath: string;
  currImagePath: string;
  prevBox: Box;
  currBox: Box;
}

/** An ALOV300 sample: the reference's `{ previmg, currimg, currbb }`. */
export interface ALOVSample {
  /** Search region of the previous frame, `[inputSize, inputSize, C]`. */
  previmg: Tensor;
  /** Same region of the current frame. */
  currimg: Tensor;
  /** Current box inside the region, in units of region size / 10 (`BoundingBox.scale`). */
  currbb: Box;
}

/** Options of `ALOV300`. */
export interface ALOV300Options {
  root: string;
  /** Applied to each sample (e.g. `new NormalizeToTensor()` via `s => n.call(s)`). */
  transform?: ((sample: ALOVSample) => ALOVSample) | null;
  /** Side of the square network input the crops are resized to (default 224). */
  inputSize?: number;
  /** Decodes a frame file into a `[H, W, C]` tensor. */
  imageLoader?: ((path: string) => Tensor) | null;
  /** Accepted for parity; nothing is downloaded. */
  download?: boolean;
}

/**
 * Parses one annotation line: the box bounding the four corners, `[left, top, right,
 * bottom]`, and the 0-based frame index.
 */
export function parseAlovAnnotation(line: string, where = "line"): { frame: number; box: Box } {
  const parts = line.trim().split(/\s+/).map(Number);
  if (parts.length < 9 || parts.some((v) => !Number.isFinite(v))) {
    throw new ValueError(`parseAlovAnnotation: ${where} is ${fmtValue(line.trim())}, expected "frame x1 y1 x2 y2 x3 y3 x4 y4"`);
  }
  const xs = [parts[1]!, parts[3]!, parts[5]!, parts[7]!];
  const ys = [parts[2]!, parts[4]!, parts[6]!, parts[8]!];
  return { frame: parts[0]! - 1, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
}

/** ALOV300++ frame pairs for tracking. */
export class ALOV300 implements Dataset<ALOVSample> {
  readonly root: string;
  readonly inputSize: number;
  readonly transform: ((sample: ALOVSample) => ALOVSample) | null;
  readonly imageLoader: ((path: string) => Tensor) | null;
  private readonly pairs: ALOVPair[];

  constructor(opts: ALOV300Options) {
    const op = "ALOV300";
    if (opts === null || typeof opts !== "object" || typeof opts.root !== "string" || opts.root.length === 0) {
      throw new ValueError(`${op}: root is ${fmtValue(opts?.root)}, expected the ALOV300++ folder`);
    }
    checkOptions(op, opts, ["root", "transform", "inputSize", "imageLoader", "download"]);
    const inputSize = opts.inputSize ?? 224;
    if (!Number.isInteger(inputSize) || inputSize < 1) throw new ValueError(`${op}: inputSize is ${fmtValue(inputSize)}, expected a positive integer`);
    const boxDir = join(opts.root, "box");
    const frameDir = join(opts.root, "frame");
    if (!isDirectory(boxDir) || !isDirectory(frameDir)) {
      throw new DatasetNotFoundError(
        `${op}: ALOV300++ not found: expected folders ${absolute(boxDir)} and ${absolute(frameDir)}. Download the frames and ground truth from http://alov300pp.joomlafree.it/ and extract them into root as box/ and frame/.`,
      );
    }
    const pairs: ALOVPair[] = [];
    for (const env of readdirSync(boxDir).sort()) {
      if (!isDirectory(join(boxDir, env))) continue;
      for (const annFile of readdirSync(join(boxDir, env)).filter((f) => f.endsWith(".ann")).sort()) {
        const video = annFile.slice(0, -4);
        const vidDir = join(frameDir, env, video);
        if (!isDirectory(vidDir)) throw new DatasetNotFoundError(`${op}: frames of ${env}/${video} not found: expected folder ${absolute(vidDir)}`);
        const frames = readdirSync(vidDir).sort();
        const annPath = join(boxDir, env, annFile);
        const anns = readFileSync(annPath, "utf8")
          .split(/\r?\n/)
          .filter((l) => l.trim().length > 0)
          .map((l, k) => parseAlovAnnotation(l, `${annPath}:${k + 1}`));
        for (const a of anns) {
          if (a.frame < 0 || a.frame >= frames.length) {
            throw new ValueError(`${op}: ${annPath} annotates frame ${a.frame + 1}, expected 1..${frames.length} (the frames in ${absolute(vidDir)})`);
          }
        }
        for (let k = 0; k + 1 < anns.length; k++) {
          pairs.push({
            prevImagePath: join(vidDir, frames[anns[k]!.frame]!),
            currImagePath: join(vidDir, frames[anns[k + 1]!.frame]!),
            prevBox: anns[k]!.box,
            currBox: anns[k + 1]!.box,
          });
        }
      }
    }
    this.root = opts.root;
    this.inputSize = inputSize;
    this.transform = opts.transform ?? null;
    this.imageLoader = opts.imageLoader ?? null;
    this.pairs = pairs;
  }

  get length(): number {
    return this.pairs.length;
  }

  /** Paths and boxes of pair `index` (no decoding). */
  getPair(index: number): ALOVPair {
    const p = this.pairs[checkIndex("ALOV300.getPair", index, this.length)]!;
    return { ...p, prevBox: [...p.prevBox], currBox: [...p.currBox] };
  }

  /**
   * Builds a sample from decoded frames: both crops use the previous box's search region
   * (`cropSample`), are resized to `inputSize`, and the current box is expressed in the
   * current crop (`BoundingBox.scale`).
   */
  getSampleFromImages(prev: Tensor, curr: Tensor, prevBox: Box, currBox: Box): ALOVSample {
    const [prevCrop] = cropSample({ image: prev, bb: prevBox });
    const [, currOpts] = cropSample({ image: curr, bb: prevBox });
    const currInCrop = new BoundingBox(...currBox).recenter(currOpts.searchLocation, currOpts.edgeSpacingX, currOpts.edgeSpacingY);
    const currbb = currInCrop.scale(currOpts.searchRegion).getBbList();
    const s = this.inputSize;
    let sample: ALOVSample = {
      previmg: resizeBilinear(prevCrop.image, s, s, "ALOV300.get"),
      currimg: resizeBilinear(currOpts.searchRegion, s, s, "ALOV300.get"),
      currbb,
    };
    if (this.transform) sample = this.transform(sample);
    return sample;
  }

  /** Sample `index`; needs `imageLoader`. */
  get(index: number): ALOVSample {
    const p = this.getPair(index);
    if (this.imageLoader === null) {
      throw new ValueError(`ALOV300.get: imageLoader is null, expected a function decoding ${fmtValue(p.prevImagePath)} into a [H, W, C] tensor (use getPair for paths and boxes)`);
    }
    return this.getSampleFromImages(this.imageLoader(p.prevImagePath), this.imageLoader(p.currImagePath), p.prevBox, p.currBox);
  }

  *[Symbol.iterator](): Iterator<ALOVSample> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}
