import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { getColormap } from "../../src/analysis/colormaps.js";
import { base64, encodePng, heatmapImage, pixelScale } from "../../src/analysis/raster.js";

describe("raster", () => {
  it("scales x and y separately", () => {
    const img = heatmapImage([0, 1], 1, 2, getColormap("binary"), 0, 1, [3, 2]);
    expect([img.width, img.height]).toEqual([6, 2]);
    expect(Array.from(img.data.slice((1 * 6 + 4) * 4, (1 * 6 + 4) * 4 + 3))).toEqual([0, 0, 0]);
  });

  it("colours each cell as a scale x scale block, NaN transparent", () => {
    const img = heatmapImage([0, 1, Number.NaN, 0.5], 2, 2, getColormap("binary"), 0, 1, 3);
    expect([img.width, img.height]).toEqual([6, 6]);
    const px = (x: number, y: number) => Array.from(img.data.slice((y * 6 + x) * 4, (y * 6 + x) * 4 + 4));
    expect(px(0, 0)).toEqual([255, 255, 255, 255]);
    expect(px(5, 2)).toEqual([0, 0, 0, 255]);
    expect(px(1, 4)).toEqual([0, 0, 0, 0]);
    expect(px(4, 4)[3]).toBe(255);
  });

  it("encodes PNGs that decode to the same pixels", () => {
    const img = heatmapImage([0, 0.25, 0.5, 0.75, 1, 0], 2, 3, getColormap("viridis"), 0, 1, 2);
    const back = decode(encodePng(img));
    expect([back.width, back.height, back.channels]).toEqual([6, 4, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
  });

  it("base64 agrees with Node's", () => {
    for (const n of [0, 1, 2, 3, 10, 257]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      expect(base64(b)).toBe(Buffer.from(b).toString("base64"));
    }
  });

  it("upscales small matrices to the display size and bounds huge ones", () => {
    expect(pixelScale(28, 28, 400, 400)).toEqual([15, 15]);
    expect(pixelScale(2800, 2800, 400, 400)).toEqual([1, 1]);
    expect(pixelScale(10, 10, 1e6, 1e6)).toEqual([400, 400]);
    expect(pixelScale(784, 50, 600, 270, false)).toEqual([12, 1]);
    expect(pixelScale(784, 50, 600, 270)).toEqual([12, 12]);
  });
});
