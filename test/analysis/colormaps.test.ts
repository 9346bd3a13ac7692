import { describe, expect, it } from "vitest";
import { colormapIndex, getColormap, hex, mapColor } from "../../src/analysis/colormaps.js";
import { ValueError } from "../../src/errors.js";

describe("colormaps", () => {
  it("match matplotlib's end colours", () => {
    const hotR = getColormap("hot_r");
    expect(mapColor(hotR, 0, 0, 1)).toEqual([255, 255, 255]);
    expect(mapColor(hotR, 1, 0, 1)).toEqual([11, 0, 0]); // hot(0) = (0.0416, 0, 0)
    expect(hex(mapColor(getColormap("viridis"), 0, 0, 1)!)).toBe("#440154");
    expect(hex(mapColor(getColormap("viridis"), 1, 0, 1)!)).toBe("#fde725");
    expect(mapColor(getColormap("bwr"), 0, 0, 1)).toEqual([0, 0, 255]);
    expect(mapColor(getColormap("binary"), 1, 0, 1)).toEqual([0, 0, 0]);
  });

  it("sample entry floor(256 x), clip outside the range and skip NaN", () => {
    expect(colormapIndex(0.5, 0, 1)).toBe(128);
    expect(colormapIndex(0.999, 0, 1)).toBe(255);
    expect(colormapIndex(-3, 0, 1)).toBe(0);
    expect(colormapIndex(7, 0, 1)).toBe(255);
    expect(colormapIndex(Number.NaN, 0, 1)).toBe(-1);
    expect(mapColor(getColormap("jet"), Number.NaN, 0, 1)).toBeNull();
  });

  it("reject unknown names, listing the known ones", () => {
    expect(() => getColormap("nope")).toThrow(ValueError);
    expect(() => getColormap("nope")).toThrow(/getColormap: cmap is "nope", expected one of "viridis", "hot"/);
  });
});
