import { describe, expect, it } from "vitest";
import { DataLoader } from "../../src/datasets/dataloader.js";
import { ByteImageSource, EncodedDataset } from "../../src/datasets/dataset.js";
import { ValueError } from "../../src/errors.js";
import { Generator, manualSeed } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const n = 10;
const ds = new EncodedDataset(
  new ByteImageSource(
    [{ count: n, pixels: Uint8Array.from({ length: n * 2 }, (_, k) => k), pixelStart: 0, pixelStride: 2, labels: Uint8Array.from({ length: n }, (_, i) => i), labelStart: 0, labelStride: 1 }],
    [1, 2],
  ),
);
const labelsOf = (loader: Iterable<unknown>): number[][] =>
  [...loader].map((b) => (b as { label: Tensor }).label.toFlatArray());

describe("DataLoader", () => {
  it("batches in order with a short last batch, time-aware collated by default", () => {
    const loader = new DataLoader(ds, { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = [...loader] as { image: Tensor; label: Tensor; encodedImage: Tensor }[];
    expect(batches.map((b) => b.label.toFlatArray())).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(batches[0]!.image.shape).toEqual([1, 4, 2]);
    expect(batches[2]!.image.toArray()).toEqual([[[16, 17], [18, 19]]]);
  });

  it("drops the short last batch with dropLast", () => {
    const loader = new DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect(labelsOf(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
  });

  it("shuffles deterministically per seed, a new permutation each epoch", () => {
    const a = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 42 });
    const b = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(42) });
    const c = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 43 });
    const a1 = labelsOf(a).flat();
    const a2 = labelsOf(a).flat();
    expect(labelsOf(b).flat()).toEqual(a1);
    expect(labelsOf(b).flat()).toEqual(a2);
    expect([...a1].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a1).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a2).not.toEqual(a1);
    expect(labelsOf(c).flat()).not.toEqual(a1);
  });

  it("draws from the global generator when no generator is given (manualSeed reproduces)", () => {
    manualSeed(7);
    const first = labelsOf(new DataLoader(ds, { shuffle: true, batchSize: 10 }));
    manualSeed(7);
    expect(labelsOf(new DataLoader(ds, { shuffle: true, batchSize: 10 }))).toEqual(first);
  });

  it("takes plain arrays, a sampler and a custom collate", () => {
    const loader = new DataLoader(["a", "b", "c", "d", "e"], { batchSize: 2, sampler: [4, 0, 2], collateFn: (xs) => xs.join("") });
    expect(loader.length).toBe(2);
    expect([...loader]).toEqual(["ea", "c"]);
  });

  it("rejects bad options", () => {
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(ValueError);
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(/DataLoader: batchSize is 0, expected a positive integer/);
    expect(() => new DataLoader(ds, { shuffle: 1 as never })).toThrow(/DataLoader: shuffle is 1, expected true or false/);
    expect(() => new DataLoader(ds, { generator: {} as never })).toThrow(/DataLoader: generator is .*expected a Generator/);
    expect(() => new DataLoader(5 as never)).toThrow(/DataLoader: dataset is 5/);
    expect(() => new DataLoader({ length: 3 } as never)).toThrow(/expected an array or an object with a get\(index\) method/);
  });
});

describe("DataLoader over the real MNIST", () => {
  it("yields [1, B, 28, 28] images and [B] labels; the same seed gives the same batches", async () => {
    const { MNIST } = await import("../../src/datasets/mnist.js");
    const mnist = new MNIST({ train: false });
    const loader = new DataLoader(mnist, { batchSize: 32, shuffle: true, seed: 1 });
    expect(loader.length).toBe(313);
    const it1 = loader[Symbol.iterator]().next().value as { image: Tensor; label: Tensor };
    expect(it1.image.shape).toEqual([1, 32, 28, 28]);
    expect(it1.label.shape).toEqual([32]);
    const again = new DataLoader(mnist, { batchSize: 32, shuffle: true, seed: 1 })[Symbol.iterator]().next().value as { label: Tensor };
    expect(again.label.toFlatArray()).toEqual(it1.label.toFlatArray());
  });

  it("batches Poisson-encoded MNIST time-first, like the reference's examples", async () => {
    const { MNIST } = await import("../../src/datasets/mnist.js");
    const { PoissonEncoder } = await import("../../src/encoding/index.js");
    const { toTensor } = await import("../../src/preprocessing/image.js");
    const mnist = new MNIST({ train: false, imageEncoder: new PoissonEncoder({ time: 50, dt: 1, generator: new Generator(0) }), transform: toTensor({ scale: 128 }) });
    const batch = new DataLoader(mnist, { batchSize: 4 })[Symbol.iterator]().next().value as { image: Tensor; encodedImage: Tensor; label: Tensor };
    expect(batch.image.shape).toEqual([1, 4, 28, 28]);
    expect(batch.image.dtype).toBe("float32");
    expect(batch.encodedImage.shape).toEqual([50, 4, 1, 28, 28]);
    expect(batch.encodedImage.dtype).toBe("uint8");
    expect(batch.label.toFlatArray()).toEqual([7, 2, 1, 0]);
    // Blank pixels never spike; some bright ones do.
    const spikes = batch.encodedImage.toFlatArray();
    const img = batch.image.toFlatArray();
    let onBlank = 0;
    let total = 0;
    for (let t = 0; t < 50; t++) {
      for (let k = 0; k < img.length; k++) {
        const v = spikes[t * img.length + k]!;
        total += v;
        if (img[k] === 0) onBlank += v;
      }
    }
    expect(onBlank).toBe(0);
    expect(total).toBeGreaterThan(0);
  });
});
