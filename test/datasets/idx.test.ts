import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { ValueError } from "../../src/errors.js";
import { encodeIdx, isGzip, parseIdx, parseIdxImages, parseIdxLabels, parseIdxPair } from "../../src/datasets/idx.js";
import { makeIdxPair, pixel } from "./helpers.js";

function idxBytes(code: number, dims: number[], payload: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  out[2] = code;
  out[3] = dims.length;
  const v = new DataView(out.buffer);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}

describe("parseIdxImages / parseIdxLabels", () => {
  it("reads counts, dims, pixels and labels of a generated pair without copying", () => {
    const { images, labels } = makeIdxPair(3, 4, 5);
    const img = parseIdxImages(images);
    expect([img.count, img.rows, img.cols]).toEqual([3, 4, 5]);
    expect(img.pixels.length).toBe(60);
    expect(img.pixels[1 * 20 + 2 * 5 + 3]).toBe(pixel(1, 2, 3));
    expect(img.pixels.buffer).toBe(images.buffer);
    expect(Array.from(parseIdxLabels(labels))).toEqual([0, 3, 6]);
  });

  it("rejects a wrong magic number, naming the file, the expected and the given number", () => {
    const { images, labels } = makeIdxPair(2);
    expect(() => parseIdxImages(labels, "lab.idx")).toThrow(ValueError);
    expect(() => parseIdxImages(labels, "lab.idx")).toThrow(/parseIdxImages: lab\.idx has magic number 0x00000801 \(2049\), expected 0x00000803 \(2051/);
    expect(() => parseIdxLabels(images, "img.idx")).toThrow(/parseIdxLabels: img\.idx has magic number 0x00000803 \(2051\), expected 0x00000801/);
    const junk = new Uint8Array([0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0]);
    expect(() => parseIdx(junk, "junk")).toThrow(/parseIdx: junk has magic number 0x12345678, expected an IDX magic number/);
  });

  it("rejects truncated files and files with trailing bytes", () => {
    const { images } = makeIdxPair(3, 4, 5);
    expect(() => parseIdxImages(images.subarray(0, images.length - 1), "short")).toThrow(/short is truncated: 75 bytes, expected 76 for dims \[3, 4, 5\] of ubyte/);
    expect(() => parseIdxImages(images.subarray(0, 10), "hdr")).toThrow(/hdr is truncated: 10 bytes, expected at least 16 for the header of 3 dims/);
    expect(() => parseIdxImages(new Uint8Array(2), "tiny")).toThrow(/tiny is truncated: 2 bytes, expected at least a 4-byte magic number/);
    const longer = new Uint8Array(images.length + 4);
    longer.set(images);
    expect(() => parseIdxImages(longer, "long")).toThrow(/long has 80 bytes, expected exactly 76/);
  });

  it("rejects gzip bytes with a hint to decompress", () => {
    const gz = new Uint8Array(gzipSync(makeIdxPair(1).images));
    expect(isGzip(gz)).toBe(true);
    expect(() => parseIdxImages(gz, "x.gz")).toThrow(/x\.gz is gzip-compressed, expected raw IDX bytes/);
  });

  it("checks labels against the number of classes", () => {
    const labels = encodeIdx([3], [1, 12, 2]);
    expect(() => parseIdxLabels(labels, "l", 10)).toThrow(/l has label 12 at index 1, expected a class in 0\.\.9/);
  });
});

describe("parseIdxPair", () => {
  it("rejects image and label files with different counts", () => {
    const a = makeIdxPair(5);
    const b = makeIdxPair(4);
    expect(() => parseIdxPair(a.images, b.labels, { imagesName: "imgs", labelsName: "labs" })).toThrow(
      /parseIdxPair: labs holds 4 labels, expected 5 to match the images in imgs/,
    );
  });

  it("rejects images of an unexpected size", () => {
    const a = makeIdxPair(2, 4, 5);
    expect(() => parseIdxPair(a.images, a.labels, { rows: 28, cols: 28 })).toThrow(/images of 4x5, expected 28x28/);
  });
});

describe("parseIdx", () => {
  it("decodes big-endian short, int, float and double arrays", () => {
    const s = parseIdx(idxBytes(0x0b, [2], [0xff, 0xfe, 0x01, 0x02]));
    expect(s.type).toBe("short");
    expect(Array.from(s.data)).toEqual([-2, 258]);
    const i = parseIdx(idxBytes(0x0c, [1, 1], [0x00, 0x01, 0x00, 0x00]));
    expect(i.dims).toEqual([1, 1]);
    expect(Array.from(i.data)).toEqual([65536]);
    const f = parseIdx(idxBytes(0x0d, [1], [0x3f, 0xc0, 0, 0]));
    expect(Array.from(f.data)).toEqual([1.5]);
    const d = parseIdx(idxBytes(0x0e, [1], [0xc0, 0x04, 0, 0, 0, 0, 0, 0]));
    expect(Array.from(d.data)).toEqual([-2.5]);
    const sb = parseIdx(idxBytes(0x09, [2], [0xff, 0x05]));
    expect(Array.from(sb.data)).toEqual([-1, 5]);
  });

  it("round-trips encodeIdx for random ubyte arrays", () => {
    for (let trial = 0; trial < 20; trial++) {
      const dims = [1 + (trial % 4), 1 + ((trial * 7) % 5), 2];
      const n = dims[0]! * dims[1]! * dims[2]!;
      const data = Array.from({ length: n }, (_, k) => (k * 37 + trial) % 256);
      const back = parseIdx(encodeIdx(dims, data));
      expect(back.dims).toEqual(dims);
      expect(Array.from(back.data)).toEqual(data);
    }
    expect(() => encodeIdx([2, 2], [1, 2, 3])).toThrow(/encodeIdx: data has 3 elements, expected 4 for dims \[2, 2\]/);
  });
});
