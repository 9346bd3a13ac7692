/**
 * CIFAR-10 and CIFAR-100 from their binary distributions (`cifar-10-binary.tar.gz`,
 * `cifar-100-binary.tar.gz`), wrapped with encoders like BindsNET's `datasets.CIFAR10`.
 * Images are `[3, 32, 32]` uint8 views into the batch files' bytes (no copy).
 *
 * Deliberate difference: torchvision reads the Python-pickle distribution; this port reads
 * the binary one (same images, same order, no pickle parser needed).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ValueError, fmtValue } from "../errors.js";
import { type ByteChunk, ByteImageSource, EncodedDataset, IMAGE_DATASET_KEYS, type ImageDatasetOptions, checkDatasetOptions } from "./dataset.js";
import { CIFAR10_FORMAT, type CifarFormat, cifar100Format, parseCifarBatch } from "./cifar-parse.js";
import { DatasetNotFoundError, absolute, isDirectory, readBytes } from "./fs.js";
import { checkBool, checkRoot } from "./mnist.js";

/** Options of `CIFAR10` and `CIFAR100`. */
export interface CIFAROptions extends ImageDatasetOptions {
  /** Folder holding the `.bin` batches, or its parent (e.g. where the tarball was extracted). */
  root: string;
  /** The 50,000 training images (default) or the 10,000 test images. */
  train?: boolean;
  /** Accepted for parity with torchvision; nothing is downloaded. */
  download?: boolean;
}

/** Reads a list of class names (one per line) if the file exists. */
function readNames(path: string | null): string[] | null {
  if (path === null || !existsSync(path)) return null;
  return readFileSync(path, "utf8")
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function loadCifar(op: string, root: string, sub: string, files: string[], format: CifarFormat, how: string): { source: ByteImageSource; dir: string } {
  const dirs = [join(root, sub), root];
  const dir = dirs.find((d) => files.every((f) => existsSync(join(d, f))));
  if (dir === undefined) {
    const where = isDirectory(root) ? `looked in ${dirs.map(absolute).join(" and ")}` : `root ${absolute(root)} does not exist`;
    throw new DatasetNotFoundError(`${op}: batch files ${files.join(", ")} not found: ${where}. ${how}`);
  }
  // Every batch is read and validated before the data set exists: nothing half-loaded.
  const chunks: ByteChunk[] = files.map((f) => parseCifarBatch(readBytes(join(dir, f)), format, join(dir, f)));
  return { source: new ByteImageSource(chunks, [3, 32, 32]), dir };
}

/** CIFAR-10: 60,000 32x32 colour images of 10 classes (50,000 train, 10,000 test). */
export class CIFAR10 extends EncodedDataset {
  static override readonly optionKeys: readonly string[] = [...EncodedDataset.optionKeys, "root", "train", "download"];
  static readonly classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
  readonly train: boolean;
  readonly root: string;

  constructor(opts: CIFAROptions) {
    const op = "CIFAR10";
    checkDatasetOptions(op, opts, CIFAR10.optionKeys);
    const root = checkRoot(op, opts?.root);
    if (root === null) throw new ValueError(`${op}: root is ${fmtValue(opts?.root)}, expected the folder holding cifar-10-batches-bin`);
    const train = checkBool(op, "train", opts.train, true);
    const files = train ? [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin`) : ["test_batch.bin"];
    const how =
      "Download https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz and extract it into root (giving root/cifar-10-batches-bin/data_batch_1.bin ...).";
    const { source } = loadCifar(op, root, "cifar-10-batches-bin", files, CIFAR10_FORMAT, how);
    super(source, opts);
    this.train = train;
    this.root = root;
  }

  /** CIFAR-10 from batch files' bytes already in memory. */
  static fromBytes(batches: readonly Uint8Array[], opts: ImageDatasetOptions = {}): EncodedDataset {
    return new EncodedDataset(new ByteImageSource(batches.map((b, k) => parseCifarBatch(b, CIFAR10_FORMAT, `batches[${k}]`)), [3, 32, 32]), opts);
  }
}

/** Options of `CIFAR100`. */
export interface CIFAR100Options extends CIFAROptions {
  /** Use the 100 fine labels (default, as torchvision) or the 20 coarse superclasses. */
  labelType?: "fine" | "coarse";
}

/** CIFAR-100: 60,000 32x32 colour images of 100 classes in 20 superclasses. */
export class CIFAR100 extends EncodedDataset {
  static override readonly optionKeys: readonly string[] = [...EncodedDataset.optionKeys, "root", "train", "download", "labelType"];
  readonly train: boolean;
  readonly root: string;
  readonly labelType: "fine" | "coarse";
  /** Class names from the distribution's `fine_label_names.txt` / `coarse_label_names.txt`, if present. */
  readonly classes: string[] | null;

  constructor(opts: CIFAR100Options) {
    const op = "CIFAR100";
    checkDatasetOptions(op, opts, CIFAR100.optionKeys);
    const root = checkRoot(op, opts?.root);
    if (root === null) throw new ValueError(`${op}: root is ${fmtValue(opts?.root)}, expected the folder holding cifar-100-binary`);
    const train = checkBool(op, "train", opts.train, true);
    const labelType = opts.labelType ?? "fine";
    if (labelType !== "fine" && labelType !== "coarse") throw new ValueError(`${op}: labelType is ${fmtValue(labelType)}, expected "fine" or "coarse"`);
    const how = "Download https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz and extract it into root (giving root/cifar-100-binary/train.bin).";
    const { source, dir } = loadCifar(op, root, "cifar-100-binary", [train ? "train.bin" : "test.bin"], cifar100Format(labelType), how);
    super(source, opts);
    this.train = train;
    this.root = root;
    this.labelType = labelType;
    this.classes = readNames(join(dir, `${labelType}_label_names.txt`));
  }

  /** CIFAR-100 from a batch file's bytes already in memory. */
  static fromBytes(batch: Uint8Array, opts: ImageDatasetOptions & { labelType?: "fine" | "coarse" } = {}): EncodedDataset {
    checkDatasetOptions("CIFAR100.fromBytes", opts, [...IMAGE_DATASET_KEYS, "labelType"]);
    const { labelType, ...imageOpts } = opts;
    return new EncodedDataset(new ByteImageSource([parseCifarBatch(batch, cifar100Format(labelType ?? "fine"), "batch")], [3, 32, 32]), imageOpts);
  }
}
