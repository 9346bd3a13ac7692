/**
 * DAVIS 2017 video object segmentation (https://davischallenge.org), read from a local copy.
 * Layout: `root/JPEGImages/<resolution>/<sequence>/*.jpg`, masks in
 * `root/Annotations/<resolution>/...` (semi-supervised) or `root/Annotations_unsupervised/...`,
 * sequence lists in `root/ImageSets/<2017|2019>/<subset>.txt`.
 *
 * Items are the reference's `{ images, masks }`: sorted file paths of one sequence's frames and
 * masks, a mask being `-1` where a frame has none (test sets give only the first).
 *
 * Deliberate differences: the folder is checked before any list is read (the reference reads
 * the list first and crashes); there is no download and no thumbnail conversion (`size` is
 * accepted and recorded; decoding/resizing is left to the caller's image library).
 */
import { checkOptions } from "../options.js";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ValueError, fmtValue } from "../errors.js";
import { type Dataset, checkIndex } from "./dataset.js";
import { DatasetNotFoundError, absolute, isDirectory } from "./fs.js";

export const DAVIS_TASKS = ["semi-supervised", "unsupervised"] as const;
export const DAVIS_SUBSETS = ["train", "val", "test-dev", "test-challenge"] as const;
export const DAVIS_RESOLUTIONS = ["480p", "Full-Resolution"] as const;
const DAVIS_WEB = "https://davischallenge.org/davis2017/code.html";

/** Options of `Davis` (the reference's arguments in camelCase, its defaults). */
export interface DavisOptions {
  root: string;
  task?: (typeof DAVIS_TASKS)[number];
  subset?: (typeof DAVIS_SUBSETS)[number];
  /** "all" (the subset's list) or sequence names. */
  sequences?: "all" | string | readonly string[];
  resolution?: (typeof DAVIS_RESOLUTIONS)[number];
  /** Target size `[width, height]` of the reference's thumbnail conversion (recorded only). */
  size?: readonly [number, number];
  /** Codalab submissions: sequences without images are allowed. */
  codalab?: boolean;
  /** Accepted for parity; nothing is downloaded. */
  download?: boolean;
  /** Keep at most this many frames per sequence; -1 (default) keeps all. */
  numSamples?: number;
}

/** One sequence: frame and mask paths (`-1` for a frame without a mask). */
export interface DavisItem {
  images: string[];
  masks: (string | -1)[];
}

function oneOf<T extends string>(op: string, arg: string, v: unknown, options: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!options.includes(v as T)) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected one of ${options.map((o) => JSON.stringify(o)).join(", ")}`);
  return v as T;
}

function sortedFiles(dir: string, ext: string): string[] {
  if (!isDirectory(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

/** DAVIS 2017 sequences as lists of frame and mask paths. */
export class Davis implements Dataset<DavisItem> {
  readonly root: string;
  readonly task: (typeof DAVIS_TASKS)[number];
  readonly subset: (typeof DAVIS_SUBSETS)[number];
  readonly resolution: (typeof DAVIS_RESOLUTIONS)[number];
  readonly size: readonly [number, number];
  readonly numSamples: number;
  readonly year: "2017" | "2019";
  readonly imgPath: string;
  readonly maskPath: string;
  private readonly seqs: Map<string, DavisItem>;

  constructor(opts: DavisOptions) {
    const op = "Davis";
    if (opts === null || typeof opts !== "object" || typeof opts.root !== "string" || opts.root.length === 0) {
      throw new ValueError(`${op}: root is ${fmtValue(opts?.root)}, expected the DAVIS folder`);
    }
    checkOptions(op, opts, ["root", "task", "subset", "sequences", "resolution", "size", "codalab", "download", "numSamples"]);
    const task = oneOf(op, "task", opts.task, DAVIS_TASKS, "unsupervised");
    const subset = oneOf(op, "subset", opts.subset, DAVIS_SUBSETS, "train");
    const resolution = oneOf(op, "resolution", opts.resolution, DAVIS_RESOLUTIONS, "480p");
    const numSamples = opts.numSamples ?? -1;
    if (!Number.isInteger(numSamples) || (numSamples < 1 && numSamples !== -1)) {
      throw new ValueError(`${op}: numSamples is ${fmtValue(numSamples)}, expected a positive integer or -1 (all frames)`);
    }
    const root = opts.root;
    this.year = task === "unsupervised" && (subset === "test-dev" || subset === "test-challenge") ? "2019" : "2017";
    this.imgPath = join(root, "JPEGImages", resolution);
    this.maskPath = join(root, task === "semi-supervised" ? "Annotations" : "Annotations_unsupervised", resolution);
    const listFile = join(root, "ImageSets", this.year, `${subset}.txt`);
    if (!isDirectory(root)) throw new DatasetNotFoundError(`${op}: DAVIS not found: root ${absolute(root)} does not exist. Download DAVIS 2017 (${resolution}) from ${DAVIS_WEB} and pass its folder as root.`);
    const all = opts.sequences === undefined || opts.sequences === "all";
    if (all && !existsSync(listFile)) {
      throw new DatasetNotFoundError(`${op}: subset list ${absolute(listFile)} not found. Download the ${subset} subset for the ${task} task from ${DAVIS_WEB}.`);
    }
    if ((subset === "train" || subset === "val") && !isDirectory(this.maskPath)) {
      throw new DatasetNotFoundError(`${op}: annotations folder ${absolute(this.maskPath)} for the ${task} task not found. Download it from ${DAVIS_WEB}.`);
    }
    const names = all
      ? readFileSync(listFile, "utf8")
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : typeof opts.sequences === "string"
        ? [opts.sequences]
        : [...(opts.sequences as readonly string[])];
    this.seqs = new Map();
    for (const seq of names) {
      const images = sortedFiles(join(this.imgPath, seq), ".jpg");
      if (images.length === 0 && !opts.codalab) {
        throw new DatasetNotFoundError(`${op}: images for sequence ${fmtValue(seq)} not found in ${absolute(join(this.imgPath, seq))}, expected .jpg frames`);
      }
      const masks: (string | -1)[] = sortedFiles(join(this.maskPath, seq), ".png");
      while (masks.length < images.length) masks.push(-1);
      this.seqs.set(seq, { images, masks });
    }
    this.root = root;
    this.task = task;
    this.subset = subset;
    this.resolution = resolution;
    this.size = opts.size ?? [600, 480];
    this.numSamples = numSamples;
  }

  get length(): number {
    return this.seqs.size;
  }

  /** Sequence names in list order. */
  getSequences(): string[] {
    return [...this.seqs.keys()];
  }

  /** Frame and mask paths of a sequence by name (`numSamples` applied). */
  getFrames(sequence: string): DavisItem {
    const s = this.seqs.get(sequence);
    if (s === undefined) throw new ValueError(`Davis.getFrames: sequence is ${fmtValue(sequence)}, expected one of ${fmtValue(this.getSequences())}`);
    const n = this.numSamples === -1 ? s.images.length : Math.min(this.numSamples, s.images.length);
    return { images: s.images.slice(0, n), masks: s.masks.slice(0, n) };
  }

  /** Sequence `index`: `{ images, masks }`. */
  get(index: number): DavisItem {
    const i = checkIndex("Davis.get", index, this.length);
    return this.getFrames(this.getSequences()[i]!);
  }

  *[Symbol.iterator](): Iterator<DavisItem> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}
