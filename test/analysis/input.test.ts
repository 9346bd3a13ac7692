import { describe, expect, it } from "vitest";
import { plotInput } from "../../src/analysis/index.js";
import { zeros } from "../../src/tensor/index.js";
import { elements, xmlErrors } from "./xml.js";

describe("plotInput", () => {
  it("shows the image and the reconstruction side by side, square, with the label in the title", () => {
    const img = zeros([1, 4, 4]);
    img.set(1, 0, 1, 2);
    const svg = plotInput(img, zeros([4, 4]), { label: 7 });
    expect(xmlErrors(svg)).toEqual([]);
    expect(svg).toContain(">Current image (label = 7)</text>");
    expect(svg).toContain(">Reconstruction</text>");
    const ims = elements(svg, "image");
    expect(ims).toHaveLength(2);
    for (const im of ims) expect(+im.width!).toBeCloseTo(+im.height!, 6);
    expect(+ims[0]!.x!).toBeLessThan(+ims[1]!.x!);
    expect(plotInput(img, img)).toContain(">Current image</text>");
  });

  it("rejects non-2-D inputs and a bad label", () => {
    expect(() => plotInput(zeros([2, 4, 4]), zeros([4, 4]))).toThrow(/plotInput: image has shape \[2, 4, 4\], expected 2 dims/);
    expect(() => plotInput(zeros([4, 4]), zeros([4, 4]), { label: "x" as never })).toThrow(/plotInput: label is "x", expected a number or null/);
  });
});
