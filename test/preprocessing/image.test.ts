import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Rescale, bgr2rgb, binaryImage, chwToHwc, compose, crop, grayScale, hwcToChw, normalize, resizeBilinear, roundHalfEven, subsample, toTensor } from "../../src/preprocessing/image.js";
import { ShapeError, ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";

interface Fixture {
  gray: { h: number; w: number; c: number; dtype: string; out: number[] }[];
  resize: { h: number; w: number; c: number | null; dtype: string; x: number; y: number; out: number[] }[];
  threshold: { dtype: string; in: number[]; out: number[] }[];
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/preprocessing/opencv.json", import.meta.url), "utf8")) as Fixture;

/** The input images of scripts/gen-preprocessing-fixtures.py. */
function img(h: number, w: number, c: number | null, dtype: string): Tensor {
  const vals: number[] = [];
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      for (let k = 0; k < (c ?? 1); k++) {
        const v = (i * 37 + j * 101 + k * 53 + ((i * j) % 17)) % 256;
        vals.push(dtype === "float32" ? Math.fround(Math.fround(v / 7) - 3) : v);
      }
    }
  }
  const shape = c === null ? [h, w] : [h, w, c];
  return dtype === "float32" ? tensor(Float32Array.from(vals), { shape }) : tensor(Uint8Array.from(vals), { shape });
}

describe("grayScale", () => {
  it("matches cv2.cvtColor(RGB2GRAY / RGBA2GRAY) exactly on uint8 and to 1e-5 on float32", () => {
    for (const f of fx.gray) {
      const g = grayScale(img(f.h, f.w, f.c, f.dtype));
      expect(g.shape).toEqual([f.h, f.w]);
      expect(g.dtype).toBe(f.dtype);
      if (f.dtype === "uint8") expect(g.toFlatArray()).toEqual(f.out);
      else g.toFlatArray().forEach((v, i) => expect(v).toBeCloseTo(f.out[i]!, 5));
    }
  });

  it("returns a [H, W] image unchanged and rejects other channel counts", () => {
    const g = tensor(Uint8Array.from([1, 2, 3, 4]), { shape: [2, 2] });
    expect(grayScale(g)).toBe(g);
    expect(() => grayScale(tensor(Uint8Array.from([1, 2, 3, 4]), { shape: [1, 2, 2] }))).toThrow(ShapeError);
    expect(() => grayScale(tensor([1, 2]))).toThrow(/grayScale: image has shape \[2\], expected \[H, W\] or \[H, W, C\]/);
  });
});

describe("subsample (cv2.resize, INTER_LINEAR)", () => {
  it("matches OpenCV 4.14 exactly on uint8 (to 1e-4 on float32): down- and up-scaling, 2x reduction, colour and float images", () => {
    for (const f of fx.resize) {
      const out = subsample(img(f.h, f.w, f.c, f.dtype), f.x, f.y);
      expect(out.shape).toEqual(f.c === null ? [f.y, f.x] : [f.y, f.x, f.c]);
      const got = out.toFlatArray();
      if (f.dtype === "uint8") expect(got).toEqual(f.out);
      else got.forEach((v, i) => expect(v).toBeCloseTo(f.out[i]!, 4));
    }
  });

  it("keeps a constant image constant and rejects bad sizes", () => {
    const c = tensor(new Uint8Array(30).fill(77), { shape: [5, 6] });
    expect(new Set(subsample(c, 11, 3).toFlatArray())).toEqual(new Set([77]));
    expect(() => subsample(c, 0, 3)).toThrow(ValueError);
    expect(() => subsample(c, 0, 3)).toThrow(/subsample: width is 0, expected a positive integer/);
    expect(() => resizeBilinear(c, 2.5, 3)).toThrow(/resizeBilinear: height is 2\.5/);
  });
});

describe("binaryImage (cv2.threshold(image, 0, 1, THRESH_BINARY))", () => {
  it("matches OpenCV for uint8 and float32", () => {
    for (const f of fx.threshold) {
      const input = f.dtype === "uint8" ? tensor(Uint8Array.from(f.in), { shape: [6, 7] }) : tensor(Float32Array.from(f.in), { shape: [6, 7] });
      const out = binaryImage(input);
      expect(out.dtype).toBe(f.dtype);
      expect(out.toFlatArray()).toEqual(f.out);
    }
  });
});

describe("crop", () => {
  it("slices rows x1:x2 and columns y1:y2 like numpy, clipping and counting negatives from the end", () => {
    const im = img(5, 6, 2, "uint8");
    const c = crop(im, 1, 3, 2, 5);
    expect(c.shape).toEqual([2, 3, 2]);
    expect(c.get(1, 2, 1)).toBe(im.get(2, 4, 1));
    expect(crop(im, -2, 100, 0, -1).shape).toEqual([2, 5, 2]);
    expect(crop(im, 4, 2, 0, 6).shape).toEqual([0, 6, 2]);
    expect(() => crop(im, 0.5, 2, 0, 1)).toThrow(/crop: x1 is 0\.5, expected an integer/);
  });

  it("does not share storage with (or mutate) its input", () => {
    const im = img(3, 3, null, "uint8");
    const before = im.toFlatArray();
    const c = crop(im, 0, 2, 0, 2);
    c.set(255, 0, 0);
    expect(im.toFlatArray()).toEqual(before);
  });
});

describe("bgr2rgb, layout conversions, toTensor, normalize, compose, Rescale", () => {
  it("reverses channels", () => {
    const im = tensor(Uint8Array.from([1, 2, 3, 4, 5, 6]), { shape: [1, 2, 3] });
    expect(bgr2rgb(im).toFlatArray()).toEqual([3, 2, 1, 6, 5, 4]);
    expect(() => bgr2rgb(tensor(Uint8Array.from([1, 2]), { shape: [1, 1, 2] }))).toThrow(/bgr2rgb: image has shape \[1, 1, 2\], expected \[H, W, 3\]/);
  });

  it("converts HWC <-> CHW", () => {
    const im = img(2, 3, 4, "uint8");
    const chw = hwcToChw(im);
    expect(chw.shape).toEqual([4, 2, 3]);
    expect(chw.get(3, 1, 2)).toBe(im.get(1, 2, 3));
    expect(chwToHwc(chw).toFlatArray()).toEqual(im.toFlatArray());
    expect(hwcToChw(img(2, 3, null, "uint8")).shape).toEqual([1, 2, 3]);
  });

  it("toTensor scales pixels to [0, scale] float32 (ToTensor + Lambda(x * intensity))", () => {
    const im = tensor(Uint8Array.from([0, 51, 255]), { shape: [1, 1, 3] });
    const t = toTensor({ scale: 128 })(im);
    expect(t.dtype).toBe("float32");
    expect(t.shape).toEqual([1, 1, 3]);
    expect(t.toFlatArray()).toEqual([0, Math.fround((51 * 128) / 255), 128]);
    expect(toTensor()(im).toFlatArray()[2]).toBe(1);
  });

  it("normalize subtracts the mean and divides by the std per channel", () => {
    const x = tensor([[[1, 3]], [[10, 20]]]);
    expect(normalize([1, 10], [2, 5])(x).toFlatArray()).toEqual([0, 1, 0, 2]);
    expect(() => normalize([1], [0])).toThrow(/normalize: std is \[0\], expected non-zero values/);
    expect(() => normalize([1, 2, 3], [1, 1, 1])(x)).toThrow(/normalize: image has shape \[2, 1, 2\], expected 3 channels first/);
  });

  it("compose applies left to right", () => {
    const f = compose((t) => toTensor({ scale: 255 })(t), normalize([2], [2]));
    expect(f(tensor(Uint8Array.from([4, 6]), { shape: [1, 1, 2] })).toFlatArray()).toEqual([1, 2]);
    expect(() => compose(5 as never)).toThrow(/compose: transforms\[0\] is 5, expected a function/);
  });

  it("Rescale resizes to [h, w] or the shorter side to a number", () => {
    const im = img(10, 20, 3, "uint8");
    expect(new Rescale([4, 6]).call(im).shape).toEqual([4, 6, 3]);
    expect(new Rescale(5).call(im).shape).toEqual([5, 10, 3]);
    expect(new Rescale(5).encode(img(20, 10, null, "uint8")).shape).toEqual([10, 5]);
    expect(() => new Rescale(0)).toThrow(/Rescale: outputSize is 0, expected a positive integer or \[height, width\]/);
  });

  it("roundHalfEven rounds ties to even like cvRound", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });
});
