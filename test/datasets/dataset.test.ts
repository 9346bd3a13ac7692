import { describe, expect, it } from "vitest";
import { ByteImageSource, EncodedDataset, TensorImageSource, checkIndex } from "../../src/datasets/dataset.js";
import { IndexError, ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const pixels = Uint8Array.from({ length: 3 * 4 }, (_, k) => k * 10);
const labels = Uint8Array.from([2, 0, 1]);
const source = (): ByteImageSource =>
  new ByteImageSource([{ count: 3, pixels, pixelStart: 0, pixelStride: 4, labels, labelStart: 0, labelStride: 1 }], [1, 2, 2]);

describe("EncodedDataset", () => {
  it("returns items shaped like the reference's dict, with identity encoders by default", () => {
    const ds = new EncodedDataset(source());
    const item = ds.get(1);
    expect(Object.keys(item)).toEqual(["image", "label", "encodedImage", "encodedLabel"]);
    expect(item.image.toArray()).toEqual([[[40, 50], [60, 70]]]);
    expect(item.label).toBe(0);
    expect(item.encodedImage).toBe(item.image);
    expect(item.encodedLabel).toBe(0);
  });

  it("gives zero-copy views into the byte buffer", () => {
    const ds = new EncodedDataset(source());
    const img = ds.get(2).image;
    expect(img.data).toBe(pixels);
    expect(img.offset).toBe(8);
  });

  it("applies transform, targetTransform and both encoders in the reference's order", () => {
    const calls: string[] = [];
    const ds = new EncodedDataset(source(), {
      transform: (t) => {
        calls.push("transform");
        return t.to("float32");
      },
      targetTransform: (l) => l + 10,
      imageEncoder: {
        encode: (t: Tensor) => {
          calls.push(`image:${t.dtype}`);
          return t.reshape([4]);
        },
      },
      labelEncoder: {
        encode: (t: Tensor) => {
          calls.push(`label:${t.dtype}:${t.shape.length}`);
          return tensor([t.item(), t.item()]);
        },
      },
    });
    const item = ds.get(0);
    expect(calls).toEqual(["transform", "image:float32", "label:int32:0"]);
    expect(item.label).toBe(12);
    expect(item.encodedImage.toFlatArray()).toEqual([0, 10, 20, 30]);
    expect((item.encodedLabel as Tensor).toFlatArray()).toEqual([12, 12]);
    expect(ds.rawLabel(0)).toBe(2);
    expect(ds.rawImage(0).dtype).toBe("uint8");
  });

  it("accepts negative indices and rejects out-of-range ones", () => {
    const ds = new EncodedDataset(source());
    expect(ds.get(-1).label).toBe(1);
    expect(() => ds.get(3)).toThrow(IndexError);
    expect(() => ds.get(3)).toThrow(/EncodedDataset\.get: index is 3, expected an integer in \[-3, 2\]/);
    expect(() => ds.get(1.5)).toThrow(/index is 1\.5/);
    expect(() => checkIndex("op", -4, 3)).toThrow(/op: index is -4/);
  });

  it("iterates all items in order", () => {
    expect([...new EncodedDataset(source())].map((it) => it.label)).toEqual([2, 0, 1]);
  });

  it("rejects encoders without encode()", () => {
    expect(() => new EncodedDataset(source(), { labelEncoder: 5 as never })).toThrow(ValueError);
    expect(() => new EncodedDataset(source(), { transform: "x" as never })).toThrow(/EncodedDataset: transform is "x", expected a function or null/);
  });
});

describe("ByteImageSource", () => {
  it("walks several interleaved chunks (CIFAR-style records)", () => {
    // Records of [label, p0, p1]: two chunks of 2 and 1 items.
    const a = Uint8Array.from([7, 1, 2, 8, 3, 4]);
    const b = Uint8Array.from([9, 5, 6]);
    const src = new ByteImageSource(
      [
        { count: 2, pixels: a, pixelStart: 1, pixelStride: 3, labels: a, labelStart: 0, labelStride: 3 },
        { count: 1, pixels: b, pixelStart: 1, pixelStride: 3, labels: b, labelStart: 0, labelStride: 3 },
      ],
      [2],
    );
    expect(src.length).toBe(3);
    expect([0, 1, 2].map((i) => src.image(i).toFlatArray())).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(Array.from(src.labelArray())).toEqual([7, 8, 9]);
  });

  it("rejects chunks too short for their count", () => {
    expect(() => new ByteImageSource([{ count: 4, pixels, pixelStart: 0, pixelStride: 4, labels, labelStart: 0, labelStride: 1 }], [1, 2, 2])).toThrow(
      /ByteImageSource: chunks\[0\] holds 12 pixel bytes and 3 label bytes, expected 16 and 4 for 4 images of \[1, 2, 2\]/,
    );
  });
});

describe("TensorImageSource", () => {
  it("wraps an in-memory tensor and labels", () => {
    const images = tensor([[[1, 2]], [[3, 4]]]);
    const ds = new EncodedDataset(new TensorImageSource(images, [4, 5]));
    expect(ds.imageShape).toEqual([1, 2]);
    expect(ds.get(1).image.toArray()).toEqual([[3, 4]]);
    expect(ds.get(1).label).toBe(5);
    expect(() => new TensorImageSource(images, [1])).toThrow(/TensorImageSource: labels has 1 elements, expected 2/);
  });
});
