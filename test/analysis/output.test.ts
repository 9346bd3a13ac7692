import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { emit, fileKind, nextVersionName, svgToPng } from "../../src/analysis/output.js";
import { ValueError } from "../../src/errors.js";

const square = `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect x="10" width="10" height="10" fill="#ff0000"/></svg>`;

describe("output", () => {
  it("rasterises SVG at the requested dpi", () => {
    const png = decode(svgToPng(square));
    expect([png.width, png.height]).toEqual([20, 10]);
    const px = (x: number, y: number) => Array.from(png.data.slice((y * png.width + x) * png.channels, (y * png.width + x) * png.channels + 3));
    expect(px(2, 5)).toEqual([255, 255, 255]);
    expect(px(15, 5)).toEqual([255, 0, 0]);
    expect(decode(svgToPng(square, 200)).width).toBe(40);
  });

  it("returns SVG or PNG by format", () => {
    expect(emit("t", square, {})).toBe(square);
    expect(emit("t", square, { format: "png" })).toBeInstanceOf(Uint8Array);
    expect(() => emit("t", square, { format: "gif" as never })).toThrow(/t: format is "gif", expected "svg" or "png"/);
  });

  it("names versions like the reference", () => {
    expect(nextVersionName("a.png")).toBe("a.1.png");
    expect(nextVersionName("a.1.png")).toBe("a.2.png");
    expect(nextVersionName("dir.v2/a.9.svg")).toBe("dir.v2/a.10.svg");
  });

  it("rejects other file types and non-SVG input", () => {
    expect(fileKind("op", "x.SVG")).toBe("svg");
    expect(() => fileKind("op", "x.pdf")).toThrow(ValueError);
    expect(() => svgToPng("hello")).toThrow(/svgToPng: svg is "hello", expected an SVG document/);
  });
});
