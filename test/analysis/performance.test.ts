import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { plotPerformance } from "../../src/analysis/index.js";
import { elements, xmlErrors } from "./xml.js";

describe("plotPerformance", () => {
  it("draws one labelled line per scheme on a 0-100 axis with ticks every 10", () => {
    const svg = plotPerformance({ all: [10, 50, 80], proportion: [12, 55, 85] }, { xScale: 250 });
    expect(xmlErrors(svg)).toEqual([]);
    expect(svg).toContain(`width="700" height="400"`);
    const lines = elements(svg, "path").filter((p) => p.fill === "none");
    expect(lines).toHaveLength(2);
    expect(lines[0]!.d!.match(/[ML]/g)).toHaveLength(3);
    expect(svg).toContain(">Estimated classification accuracy</text>");
    for (const t of ["0", "50", "100", "all", "proportion", "No. of examples", "Accuracy"]) expect(svg).toContain(`>${t}</text>`);
    // x of the last point is 2 * 250 = 500 → the 500 tick label sits under it
    expect(svg).toContain(">500</text>");
  });

  it("saves versioned copies and rejects bad input", () => {
    const dir = mkdtempSync(join(tmpdir(), "bindsnet-perf-"));
    plotPerformance({ all: [1, 2] }, { save: join(dir, "perf.svg") });
    expect([existsSync(join(dir, "perf.svg")), existsSync(join(dir, "perf.1.svg"))]).toEqual([true, true]);
    expect(() => plotPerformance({ all: [1, "a"] } as never)).toThrow(/plotPerformance: performances\["all"\] is \[1, "a"\], expected an array of numbers/);
    expect(() => plotPerformance({ all: [1] }, { xScale: 0 })).toThrow(/xScale is 0, expected a positive number/);
  });
});
