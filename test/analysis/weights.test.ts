import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { plotAssignments, plotConv2dWeights, plotLocalConnection2dWeights, plotLocallyConnectedWeights, plotWeights } from "../../src/analysis/index.js";
import { ShapeError, ValueError } from "../../src/errors.js";
import { tensor, zeros } from "../../src/tensor/index.js";
import { elements, xmlErrors } from "./xml.js";

/** The PNG embedded in an SVG's first <image>, decoded. */
function embedded(svg: string) {
  const href = elements(svg, "image")[0]!.href!;
  return decode(Buffer.from(href.replace(/^data:image\/png;base64,/, ""), "base64"));
}

function pixel(png: ReturnType<typeof decode>, x: number, y: number): number[] {
  const i = (Math.floor(y) * png.width + Math.floor(x)) * png.channels;
  return Array.from(png.data.slice(i, i + 3));
}

const tmp = mkdtempSync(join(tmpdir(), "bindsnet-plots-"));

describe("plotWeights", () => {
  const w = tensor([
    [0, 1, 0.5],
    [1, 0, 0.25],
  ]);

  it("returns a well-formed SVG with the matrix as one pixel-sharp hot_r image and a colorbar", () => {
    const svg = plotWeights(w, { title: "W" });
    expect(xmlErrors(svg)).toEqual([]);
    expect(svg).toContain(`width="500" height="500"`);
    const imgs = elements(svg, "image");
    expect(imgs).toHaveLength(2); // mosaic + colorbar gradient
    const png = embedded(svg);
    const s = png.width / 3;
    expect(png.height / s).toBe(2);
    expect(pixel(png, 0.5 * s, 0.5 * s)).toEqual([255, 255, 255]); // 0 → white
    expect(pixel(png, 1.5 * s, 0.5 * s)).toEqual([11, 0, 0]); // 1 → black-red
    expect(pixel(png, 2.5 * s, 1.5 * s)).toEqual([255, 255, 3]); // 0.25: matplotlib's hot_r(0.25)
    expect(svg).toContain(">W</text>");
    expect(svg).toContain(">1.0</text>"); // colorbar tick
  });

  it("renders the figure to a 500x500 PNG whose pixels show the cells", () => {
    const png = decode(plotWeights(w, { format: "png" }));
    expect([png.width, png.height]).toEqual([500, 500]);
    const im = elements(plotWeights(w), "image")[0]!;
    const [x, y, iw, ih] = [+im.x!, +im.y!, +im.width!, +im.height!];
    expect(pixel(png, x + iw / 6, y + ih / 4)).toEqual([255, 255, 255]);
    expect(pixel(png, x + iw / 2, y + ih / 4)).toEqual([11, 0, 0]);
    expect(pixel(png, x + iw / 2, y + (3 * ih) / 4)).toEqual([255, 255, 255]);
  });

  it("writes .svg and .png files, and versioned copies with save", () => {
    const svgFile = join(tmp, "sub", "w.svg");
    const out = plotWeights(w, { file: svgFile });
    expect(readFileSync(svgFile, "utf8")).toBe(out);
    const pngFile = join(tmp, "w.png");
    plotWeights(w, { file: pngFile, dpi: 50 });
    const png = decode(readFileSync(pngFile));
    expect([png.width, png.height]).toEqual([250, 250]);
    const save = join(tmp, "saved.png");
    plotWeights(w, { save });
    plotWeights(w, { save });
    expect([existsSync(save), existsSync(join(tmp, "saved.1.png")), existsSync(join(tmp, "saved.2.png"))]).toEqual([true, true, true]);
  });

  it("rejects bad limits, shapes, colormaps and file names", () => {
    expect(() => plotWeights(w, { wmin: 1, wmax: 0 })).toThrow(/plotWeights: wmin, wmax are 1, 0, expected finite numbers with wmin < wmax/);
    expect(() => plotWeights(zeros([2, 2, 2]))).toThrow(ShapeError);
    expect(() => plotWeights(zeros([2, 2, 2]))).toThrow(/plotWeights: weights has shape \[2, 2, 2\], expected 2 dims/);
    expect(() => plotWeights(w, { cmap: "nope" })).toThrow(/getColormap: cmap is "nope"/);
    expect(() => plotWeights(w, { file: join(tmp, "w.jpg") })).toThrow(/plotWeights: file is ".*w.jpg", expected a path ending in .svg or .png/);
    expect(() => plotWeights(w, { figsize: [0, 5] })).toThrow(/plotWeights: figsize is \[0, 5\]/);
    expect(() => plotWeights([[1]] as never)).toThrow(ValueError);
  });
});

describe("plotConv2dWeights", () => {
  it("draws the conv mosaic with green dashed lines between kernels", () => {
    const svg = plotConv2dWeights(zeros([4, 1, 3, 3]).fill_(1));
    expect(xmlErrors(svg)).toEqual([]);
    const png = embedded(svg);
    expect(png.width / pixelSize(png.width, 6)).toBe(6); // 2*1*3 cells wide
    // one vertical and one horizontal boundary (at 3 of 6 cells)
    expect(svg.match(/stroke="#008000"/g)).toHaveLength(2);
    expect(() => plotConv2dWeights(zeros([4, 3, 3]))).toThrow(/plotConv2dWeights: weights has shape \[4, 3, 3\], expected 4 dims/);
  });
});

function pixelSize(width: number, cells: number): number {
  return width / cells;
}

describe("plotLocallyConnectedWeights / plotLocalConnection2dWeights", () => {
  // 3x3 input, kernel 2, conv 2x2, 2 filters
  const loc = zeros([4, 4], { dtype: "int32" });
  for (let n1 = 0; n1 < 2; n1++) for (let n2 = 0; n2 < 2; n2++) for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) loc.set((n1 + y) * 3 + n2 + x, y * 2 + x, n1 * 2 + n2);

  it("draws the LC mosaic with lines between conv positions, or none with lines: false", () => {
    const svg = plotLocallyConnectedWeights(zeros([9, 8]), 2, 2, 2, loc, 3);
    expect(xmlErrors(svg)).toEqual([]);
    expect(svg.match(/stroke="#008000"/g)).toHaveLength(2); // 8 cells, blocks of k*fs = 4
    expect(plotLocallyConnectedWeights(zeros([9, 8]), 2, 2, 2, loc, 3, { lines: false })).not.toContain("#008000");
  });

  it("views a LocalConnection2D's w as [C_in, F, c0, c1, k0, k1], whole or one filter, red lines", () => {
    const w = zeros([1, 2 * 4, 4]);
    w.set(1, 0, 4 + 3, 2); // filter 1, position (1, 1), tap (1, 0)
    const lc = { w, nFilters: 2, kernelSize: [2, 2], convSize: [2, 2], wmin: 0, wmax: 1 };
    const one = plotLocalConnection2dWeights(lc, { outputChannel: 1 });
    expect(xmlErrors(one)).toEqual([]);
    const png = embedded(one);
    const s = png.width / 4; // [c0*k0, c1*k1] = [4, 4]
    expect(pixel(png, 2.5 * s, 3.5 * s)).toEqual([11, 0, 0]);
    expect(pixel(png, 0.5 * s, 0.5 * s)).toEqual([255, 255, 255]);
    expect(one).toContain(`stroke="#ff0000"`);
    expect(() => plotLocalConnection2dWeights(lc, { inputChannel: 1 })).toThrow(/inputChannel is 1, expected an integer in \[0, 1\)/);
    expect(() => plotLocalConnection2dWeights({ ...lc, w: zeros([3]) })).toThrow(ShapeError);
  });
});

describe("plotAssignments", () => {
  it("colours -1..9 with 11 RdBu categories and labels the colorbar none, 0..9", () => {
    const a = tensor([
      [-1, 0],
      [9, 4],
    ]);
    const svg = plotAssignments(a);
    expect(xmlErrors(svg)).toEqual([]);
    expect(svg).toContain(">Categorical assignments</text>");
    expect(svg).toContain(">none</text>");
    for (const k of ["0", "5", "9"]) expect(svg).toContain(`>${k}</text>`);
    const png = embedded(svg);
    const s = png.width / 2;
    expect(pixel(png, 0.5 * s, 0.5 * s)).toEqual([103, 0, 31]); // RdBu(0): -1 = none
    expect(pixel(png, 0.5 * s, 1.5 * s)).toEqual([5, 48, 97]); // RdBu(1): 9
    expect(svg.match(/<rect [^>]*fill="#[0-9a-f]{6}"\/>/g)).toHaveLength(11); // colorbar blocks
  });

  it("takes class names and rejects values outside -1..K-1", () => {
    const svg = plotAssignments(tensor([[0, 1]]), { classes: ["cat", "dog"] });
    expect(svg).toContain(">dog</text>");
    expect(() => plotAssignments(tensor([[0, 2]]), { classes: ["cat", "dog"] })).toThrow(/plotAssignments: assignments holds 2, expected integers in \[-1, 2\)/);
  });
});
