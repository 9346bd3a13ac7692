/**
 * Fashion-MNIST (Zalando): 60,000 training and 10,000 test 28x28 grayscale images of 10
 * clothing classes, in MNIST's IDX format. Read from a folder holding the four IDX files,
 * raw or gzipped; by default the folder Debian's `dataset-fashion-mnist` package installs.
 */
import { EncodedDataset, type ImageDatasetOptions, checkDatasetOptions } from "./dataset.js";
import { loadIdxSplit } from "./fs.js";
import { idxSourceFromBytes } from "./idx-source.js";
import { checkBool, checkRoot } from "./mnist.js";

/** Where Debian's (and Ubuntu's) `dataset-fashion-mnist` package puts the gzipped IDX files. */
export const FASHION_MNIST_DEBIAN_ROOT = "/usr/share/datasets/fashion-mnist";

const HOW_TO_OBTAIN_FASHION =
  `On Debian/Ubuntu: \`sudo apt-get install dataset-fashion-mnist\` (installs train-images-idx3-ubyte.gz and the three other files into ${FASHION_MNIST_DEBIAN_ROOT}). ` +
  "Elsewhere: download the four .gz files from https://github.com/zalandoresearch/fashion-mnist (data/fashion) into a folder and pass it as root.";

/** Options of `FashionMNIST`. */
export interface FashionMNISTOptions extends ImageDatasetOptions {
  /** Folder with the four IDX files (raw or `.gz`). Default: `/usr/share/datasets/fashion-mnist`. */
  root?: string | null;
  /** Training split (default) or test split. */
  train?: boolean;
  /** Accepted for parity with torchvision; nothing is downloaded. */
  download?: boolean;
}

/** Fashion-MNIST wrapped with encoders (BindsNET's `datasets.FashionMNIST`). */
export class FashionMNIST extends EncodedDataset {
  static override readonly optionKeys: readonly string[] = [...EncodedDataset.optionKeys, "root", "train", "download"];
  static readonly classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
  readonly train: boolean;
  readonly root: string;

  constructor(opts: FashionMNISTOptions = {}) {
    const op = "FashionMNIST";
    checkDatasetOptions(op, opts, FashionMNIST.optionKeys);
    const train = checkBool(op, "train", opts.train, true);
    const root = checkRoot(op, opts.root) ?? FASHION_MNIST_DEBIAN_ROOT;
    super(loadIdxSplit(op, "FashionMNIST", root, train, HOW_TO_OBTAIN_FASHION), opts);
    this.train = train;
    this.root = root;
  }

  /** Fashion-MNIST from IDX bytes already in memory (raw, not gzipped). */
  static fromBytes(images: Uint8Array, labels: Uint8Array, opts: ImageDatasetOptions = {}): EncodedDataset {
    return new EncodedDataset(idxSourceFromBytes(images, labels, { numClasses: 10 }), opts);
  }
}
