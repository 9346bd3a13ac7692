import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { FASHION_MNIST_DEBIAN_ROOT, FashionMNIST } from "../../src/datasets/fashion-mnist.js";
import { DatasetNotFoundError } from "../../src/datasets/fs.js";
import { makeIdxPair, pixel, tempDir, writeIdxSet } from "./helpers.js";

describe("FashionMNIST", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it("reads gzipped IDX files from a folder, as Debian's dataset-fashion-mnist installs them", () => {
    const root = join(dir, "gz");
    mkdirSync(root);
    writeIdxSet(root, { train: 7, test: 2, gzip: true, rows: 3, cols: 3 });
    const tr = new FashionMNIST({ root });
    const te = new FashionMNIST({ root, train: false });
    expect([tr.length, te.length]).toEqual([7, 2]);
    expect(tr.get(5).label).toBe(5);
    expect(tr.get(5).image.shape).toEqual([1, 3, 3]);
    expect(tr.get(5).image.get(0, 2, 1)).toBe(pixel(5, 2, 1));
    expect(FashionMNIST.classes[tr.get(5).label]).toBe("Sandal");
  });

  it("defaults to the Debian package's folder and says how to install it when absent", () => {
    expect(FASHION_MNIST_DEBIAN_ROOT).toBe("/usr/share/datasets/fashion-mnist");
    if (existsSync(join(FASHION_MNIST_DEBIAN_ROOT, "train-images-idx3-ubyte.gz"))) {
      expect(new FashionMNIST().length).toBe(60000);
      return;
    }
    expect(() => new FashionMNIST()).toThrow(DatasetNotFoundError);
    expect(() => new FashionMNIST()).toThrow(/FashionMNIST: .*\/usr\/share\/datasets\/fashion-mnist.*apt-get install dataset-fashion-mnist/);
  });

  it("names the folders it looked in when the files are missing", () => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    expect(() => new FashionMNIST({ root: empty, train: false })).toThrow(/FashionMNIST test files not found \(t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte\[\.gz\]\): looked in .*empty, .*empty\/FashionMNIST\/raw/);
  });

  it("builds from bytes in memory", () => {
    const { images, labels } = makeIdxPair(2);
    expect(FashionMNIST.fromBytes(images, labels).get(1).label).toBe(3);
  });
});
