import { describe, expect, it } from "vitest";
import {
  BoundingBox,
  NormalizeToTensor,
  computeCropPadImageLocation,
  cropPadImage,
  cropSample,
  sampleExpTwoSides,
  sampleRandUniform,
  shiftCropTrainingSample,
} from "../../src/preprocessing/bounding-box.js";
import { ShapeError, ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import { Generator } from "../../src/tensor/random.js";

// A 10 x 20 single-channel image whose pixel (r, c) is r * 20 + c + 1 (so 0 means padding).
const image = tensor(Float32Array.from({ length: 200 }, (_, k) => k + 1), { shape: [10, 20, 1] });

describe("BoundingBox", () => {
  it("computes centre, size, search-region size and edge spacing", () => {
    const b = new BoundingBox(0, 0, 4, 6);
    expect([b.getCenterX(), b.getCenterY(), b.getWidth(), b.getHeight()]).toEqual([2, 3, 4, 6]);
    expect([b.computeOutputWidth(), b.computeOutputHeight()]).toEqual([8, 12]);
    expect([b.edgeSpacingX(), b.edgeSpacingY()]).toEqual([2, 3]);
    expect(new BoundingBox(1, 1, 1.2, 1.2).computeOutputWidth()).toBe(1);
  });

  it("scale maps into [0, 10] of the image size and unscale inverts it", () => {
    const b = new BoundingBox(2, 1, 10, 5);
    const s = b.scale(image);
    expect(s.getBbList()).toEqual([1, 1, 5, 5]);
    expect(s.unscale(image).getBbList()).toEqual([2, 1, 10, 5]);
  });

  it("recenter and uncenter are inverse (inside the image)", () => {
    const b = new BoundingBox(5, 3, 9, 7);
    const loc = new BoundingBox(2, 1, 12, 9);
    const r = b.recenter(loc, 1, 2);
    expect(r.getBbList()).toEqual([4, 4, 8, 8]);
    expect(r.uncenter(image, loc, 1, 2).getBbList()).toEqual([5, 3, 9, 7]);
    expect(() => new BoundingBox(Number.NaN, 0, 1, 1)).toThrow(/BoundingBox: x1 is NaN, expected a number/);
  });

  it("shift keeps boxes inside the image, is deterministic per seed, and varies", () => {
    const b = new BoundingBox(6, 3, 12, 7);
    const g1 = new Generator(5);
    const g2 = new Generator(5);
    const seen = new Set<string>();
    for (let k = 0; k < 200; k++) {
      const s = b.shift(image, {}, k % 2 === 0, g1);
      expect(s.getBbList()).toEqual(b.shift(image, {}, k % 2 === 0, g2).getBbList());
      expect(s.x1).toBeGreaterThanOrEqual(-1e-9);
      expect(s.y1).toBeGreaterThanOrEqual(-1e-9);
      expect(s.x2).toBeLessThanOrEqual(20 + 1e-9);
      expect(s.y2).toBeLessThanOrEqual(10 + 1e-9);
      expect(s.getWidth()).toBeGreaterThanOrEqual(1);
      expect(s.getWidth()).toBeLessThanOrEqual(19);
      // Scale factor clipped to [-0.4, 0.4] (or the image).
      expect(s.getWidth()).toBeGreaterThanOrEqual(6 * 0.6 - 1e-9);
      expect(s.getWidth()).toBeLessThanOrEqual(6 * 1.4 + 1e-9);
      seen.add(s.getBbList().join(","));
    }
    expect(seen.size).toBeGreaterThan(100);
  });
});

describe("sampleRandUniform / sampleExpTwoSides", () => {
  it("draws uniforms in (0, 1) and symmetric Laplace samples with mean |x| = 1 / lambda", () => {
    const g = new Generator(1);
    const n = 20000;
    let sumU = 0;
    let sumAbs = 0;
    let pos = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = sampleRandUniform(g);
      if (!(u > 0 && u < 1)) outside++;
      sumU += u;
      const e = sampleExpTwoSides(5, g);
      sumAbs += Math.abs(e);
      if (e > 0) pos++;
    }
    expect(outside).toBe(0);
    expect(sumU / n).toBeCloseTo(0.5, 2);
    expect(sumAbs / n).toBeGreaterThan(0.2 * 0.95);
    expect(sumAbs / n).toBeLessThan(0.2 * 1.05);
    expect(pos / n).toBeGreaterThan(0.48);
    expect(pos / n).toBeLessThan(0.52);
    expect(() => sampleExpTwoSides(0)).toThrow(ValueError);
  });
});

describe("cropPadImage", () => {
  it("crops a search region twice the box inside the image", () => {
    const b = new BoundingBox(4, 2, 8, 6);
    expect(computeCropPadImageLocation(b, image).getBbList()).toEqual([2, 0, 10, 8]);
    const r = cropPadImage(b, image);
    expect(r.image.shape).toEqual([8, 8, 1]);
    expect([r.edgeSpacingX, r.edgeSpacingY]).toEqual([0, 0]);
    expect(r.image.get(0, 0, 0)).toBe(3); // pixel (0, 2)
    expect(r.image.get(7, 7, 0)).toBe(7 * 20 + 9 + 1);
  });

  it("pads with zeros where the region leaves the image, keeping the box centred", () => {
    const b = new BoundingBox(0, 0, 4, 4);
    const r = cropPadImage(b, image);
    expect(r.padImageLocation.getBbList()).toEqual([0, 0, 6, 6]);
    expect(r.image.shape).toEqual([8, 8, 1]);
    expect([r.edgeSpacingX, r.edgeSpacingY]).toEqual([2, 2]);
    expect(r.image.get(1, 1, 0)).toBe(0);
    expect(r.image.get(2, 2, 0)).toBe(1); // pixel (0, 0)
    expect(r.image.get(7, 7, 0)).toBe(5 * 20 + 5 + 1);
    const [s] = cropSample({ image, bb: [0, 0, 4, 4] });
    expect(s.bb).toEqual([2, 2, 6, 6]);
  });

  it("rejects non-images", () => {
    expect(() => cropPadImage(new BoundingBox(0, 0, 1, 1), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => cropPadImage(new BoundingBox(0, 0, 1, 1), tensor([1, 2]))).toThrow(/cropPadImage: image has shape \[2\], expected a \[H, W\] or \[H, W, C\] Tensor/);
  });
});

describe("shiftCropTrainingSample", () => {
  it("returns the true box inside the shifted crop", () => {
    const g = new Generator(3);
    for (let k = 0; k < 50; k++) {
      const [s, opts] = shiftCropTrainingSample({ image, bb: [6, 3, 12, 7] }, {}, g);
      const [x1, y1, x2, y2] = s.bb;
      expect(x2 - x1).toBeCloseTo(6, 9);
      expect(y2 - y1).toBeCloseTo(4, 9);
      // Mapping back gives the original box.
      const back = new BoundingBox(x1, y1, x2, y2).uncenter(image, opts.searchLocation, opts.edgeSpacingX, opts.edgeSpacingY);
      expect(back.getBbList().map((v) => Math.round(v * 1e9) / 1e9)).toEqual([6, 3, 12, 7]);
    }
  });
});

describe("NormalizeToTensor", () => {
  it("gives [3, H, W] float32 normalised with ImageNet statistics", () => {
    const img = tensor(Uint8Array.from([255, 0, 51, 0, 255, 102]), { shape: [1, 2, 3] });
    const out = new NormalizeToTensor().call({ previmg: img, currimg: img, currbb: [1, 2, 3, 4] });
    expect(out.previmg.shape).toEqual([3, 1, 2]);
    expect(out.previmg.get(0, 0, 0)).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(out.currimg.get(2, 0, 1)).toBeCloseTo((0.4 - 0.406) / 0.225, 5);
    expect(out.currbb).toEqual([1, 2, 3, 4]);
    expect(() => new NormalizeToTensor().call({ previmg: tensor([1]), currimg: img })).toThrow(/NormalizeToTensor\.call: previmg has shape \[1\], expected \[H, W, 3\]/);
  });
});
