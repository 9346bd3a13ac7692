import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { plotSpikes, plotVoltages } from "../../src/analysis/index.js";
import { ShapeError, ValueError } from "../../src/errors.js";
import { fromDense, zeros } from "../../src/tensor/index.js";
import { elements, xmlErrors } from "./xml.js";

function record() {
  // [T=5, B=1, 4 neurons]: spikes at (0,0), (1,3), (3,1), (3,2), (4,3)
  const s = zeros([5, 1, 4], { dtype: "bool" });
  for (const [t, i] of [
    [0, 0],
    [1, 3],
    [3, 1],
    [3, 2],
    [4, 3],
  ] as const)
    s.set(1, t, 0, i);
  return s;
}

describe("plotSpikes", () => {
  it("draws one dot per spike per layer, with the reference's titles and labels", () => {
    const svg = plotSpikes({ X: record(), Y: zeros([5, 3]) });
    expect(xmlErrors(svg)).toEqual([]);
    expect(svg).toContain(`width="800" height="450"`);
    const rasters = svg.match(/<g class="raster"[^>]*>.*?<\/g>/g)!;
    expect(rasters).toHaveLength(2);
    expect(rasters[0]!.match(/<circle/g)).toHaveLength(5);
    expect(rasters[1]!.match(/<circle/g)).toBeNull();
    expect(svg).toContain(">X spikes for neurons (0 - 4) from t = 0 to 5</text>");
    expect(svg).toContain(">Simulation time</text>");
    expect(svg).toContain(">Neuron index</text>");
  });

  it("places dots at (t, neuron) through the axes' scales", () => {
    const svg = plotSpikes({ X: record() }, { time: [1, 4], nNeurons: { X: [1, 4] } });
    const dots = elements(svg, "circle").map((c) => [+c.cx!, +c.cy!]);
    expect(dots).toHaveLength(3); // (1,3), (3,1), (3,2)
    const [a, b, c] = dots as [number[], number[], number[]];
    expect(b[0]).toBeCloseTo(c[0]!, 6); // same time step
    expect(a[0]!).toBeLessThan(b[0]!);
    expect(a[1]!).toBeLessThan(c[1]!); // neuron 3 above neuron 2 (y grows downward)
    expect(c[1]!).toBeLessThan(b[1]!);
    expect(svg).toContain("neurons (1 - 4) from t = 1 to 4");
  });

  it("densifies a sparse record", () => {
    const svg = plotSpikes({ X: fromDense(record().float()) });
    expect(svg.match(/<circle/g)).toHaveLength(5);
  });

  it("renders to PNG with the figure size", () => {
    const png = decode(plotSpikes({ X: record() }, { format: "png" }));
    expect([png.width, png.height]).toEqual([800, 450]);
  });

  it("rejects a non-object, empty records and bad windows", () => {
    expect(() => plotSpikes(record() as never)).toThrow(/plotSpikes: spikes is Tensor, expected an object mapping layer names/);
    expect(() => plotSpikes({})).toThrow(/plotSpikes: spikes is empty/);
    expect(() => plotSpikes({ X: record() }, { time: [3, 9] })).toThrow(/plotSpikes: time is \[3, 9\], expected \[start, end\] integers with 0 <= start < end <= 5/);
    expect(() => plotSpikes({ X: zeros([0, 3]) })).toThrow(ShapeError);
  });
});

describe("plotVoltages", () => {
  const v = zeros([4, 1, 3]);
  for (let t = 0; t < 4; t++) for (let i = 0; i < 3; i++) v.set(-65 + t + i, t, 0, i);

  it("color: a neurons x time jet image over the data range with a colorbar", () => {
    const svg = plotVoltages({ Ae: v });
    expect(xmlErrors(svg)).toEqual([]);
    expect(elements(svg, "image")).toHaveLength(2);
    expect(svg).toContain(">Ae voltages for neurons (0 - 3) from t = 0 to 4</text>");
    const href = elements(svg, "image")[0]!.href!;
    const png = decode(Buffer.from(href.split(",")[1]!, "base64"));
    expect(png.width % 4).toBe(0); // 4 steps
    expect(png.height % 3).toBe(0); // 3 neurons
    const px = (x: number, y: number) => Array.from(png.data.slice((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));
    expect(px(0, 0)).toEqual([0, 0, 128]); // min (-65) → jet(0) dark blue
    expect(px(png.width - 1, png.height - 1)).toEqual([128, 0, 0]); // max (-60) → jet(1) dark red
  });

  it("line: one trace per neuron and a dashed threshold line", () => {
    const svg = plotVoltages({ Ae: v }, { plotType: "line", thresholds: { Ae: -52 } });
    expect(xmlErrors(svg)).toEqual([]);
    const paths = elements(svg, "path").filter((p) => p.fill === "none");
    expect(paths.filter((p) => p["stroke-dasharray"] === undefined)).toHaveLength(3);
    expect(paths.filter((p) => p["stroke-dasharray"] !== undefined)).toHaveLength(1);
    expect(svg).toContain(">Voltage</text>");
  });

  it("rejects an unknown plot type", () => {
    expect(() => plotVoltages({ Ae: v }, { plotType: "bars" as never })).toThrow(ValueError);
    expect(() => plotVoltages({ Ae: v }, { plotType: "bars" as never })).toThrow(/plotVoltages: plotType is "bars", expected "color" or "line"/);
  });
});
