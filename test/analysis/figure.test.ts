import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { Figure, fitAspect } from "../../src/analysis/figure.js";
import { svgToPng } from "../../src/analysis/output.js";
import { elements, xmlErrors } from "./xml.js";

describe("Figure / Axes", () => {
  it("maps data to pixels through the limits, with y up and reversed limits for images", () => {
    const fig = new Figure([4, 3]);
    const ax = fig.addAxes({ x: 50, y: 20, w: 300, h: 200 });
    ax.xlim = [0, 10];
    ax.ylim = [0, 100];
    expect([ax.sx(0), ax.sx(10), ax.sx(5)]).toEqual([50, 350, 200]);
    expect([ax.sy(0), ax.sy(100)]).toEqual([220, 20]);
    ax.ylim = [9.5, -0.5];
    expect(ax.sy(-0.5)).toBe(20);
  });

  it("draws content with the limits in force at render time, ticks and escaped text", () => {
    const fig = new Figure([4, 3]);
    const [ax] = fig.subplots(1, 1);
    ax!.line([0, 1], [0, 1]);
    ax!.xlim = [0, 2];
    ax!.ylim = [0, 2];
    ax!.title = "a < b & c";
    const svg = fig.toSVG();
    expect(xmlErrors(svg)).toEqual([]);
    expect(svg).toContain(">a &lt; b &amp; c</text>");
    const d = elements(svg, "path").find((p) => p.fill === "none")!.d!;
    const [x0, y0, x1, y1] = d.match(/-?[\d.]+/g)!.map(Number);
    // (1, 1) is the centre of the axes
    expect(x1! - x0!).toBeCloseTo(ax!.rect.w / 2, 1);
    expect(y0! - y1!).toBeCloseTo(ax!.rect.h / 2, 1);
    for (const t of ["0.0", "0.5", "1.0", "1.5", "2.0"]) expect(svg).toContain(`>${t}</text>`);
  });

  it("rasterises axes whose content lies wholly outside the limits (resvg would abort without the background)", () => {
    const fig = new Figure([2, 2]);
    const [ax] = fig.subplots(1, 1);
    ax!.scatter([5000], [5000], 1, "#000");
    ax!.line([1e5, 2e5], [1e5, 2e5]);
    const png = decode(svgToPng(fig.toSVG()));
    expect([png.width, png.height]).toEqual([200, 200]);
  });

  it("fitAspect centres the largest box of the given aspect", () => {
    expect(fitAspect({ x: 0, y: 0, w: 200, h: 100 }, 1, 1)).toEqual({ x: 50, y: 0, w: 100, h: 100 });
    expect(fitAspect({ x: 10, y: 10, w: 100, h: 100 }, 2, 1)).toEqual({ x: 10, y: 35, w: 100, h: 50 });
  });
});
