/**
 * Building an `ImageSource` from a pair of IDX files (pure, over bytes: runs in a browser).
 * Shared by MNIST and Fashion-MNIST; `fs.ts` locates the files in Node.
 */
import { ByteImageSource } from "./dataset.js";
import { parseIdxPair } from "./idx.js";

/** Parses an images/labels IDX pair into a source of `[1, rows, cols]` images (no copy). */
export function idxSourceFromBytes(
  images: Uint8Array,
  labels: Uint8Array,
  opts: { imagesName?: string; labelsName?: string; numClasses?: number; rows?: number; cols?: number } = {},
): ByteImageSource {
  const set = parseIdxPair(images, labels, opts);
  const size = set.rows * set.cols;
  return new ByteImageSource(
    [{ count: set.count, pixels: set.pixels, pixelStart: 0, pixelStride: size, labels: set.labels, labelStart: 0, labelStride: 1 }],
    [1, set.rows, set.cols],
  );
}

/** The file names of the train or test split, in the spellings found in the wild. */
export function idxFileNames(train: boolean): { images: string[]; labels: string[] } {
  const split = train ? "train" : "t10k";
  return {
    images: [`${split}-images-idx3-ubyte`, `${split}-images.idx3-ubyte`],
    labels: [`${split}-labels-idx1-ubyte`, `${split}-labels.idx1-ubyte`],
  };
}
