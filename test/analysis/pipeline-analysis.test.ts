import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { FileAnalyzer, rollingMean } from "../../src/analysis/index.js";
import { rand } from "../../src/tensor/index.js";
import { xmlErrors } from "./xml.js";

describe("FileAnalyzer", () => {
  it("runs the reference analyzer test's calls and writes one file per tag plus scalars", () => {
    const dir = mkdtempSync(join(tmpdir(), "bindsnet-analyzer-"));
    const a = new FileAnalyzer({ directory: dir });
    a.plotObs(rand([1, 28, 28]));
    a.plotConv2dWeights(rand([4, 1, 8, 8]));
    a.plotReward([0, 0, 0, 0, 0], { step: 3 });
    a.plotVoltages({ X: rand([50, 1, 1, 28, 28]) }, { X: 0.75 });
    const s = rand([50, 1, 1, 28, 28]);
    a.plotSpikes({ X: s.gt(0.5) });
    expect(a.pendingTags.sort()).toEqual(["conv2d", "obs", "reward", "spike", "voltage"]);
    a.finalizeStep();
    expect(a.pendingTags).toEqual([]);
    for (const t of ["obs", "conv2d", "reward", "voltage", "spike"]) {
      const f = join(dir, `${t}.svg`);
      expect(existsSync(f)).toBe(true);
      expect(xmlErrors(readFileSync(f, "utf8"))).toEqual([]);
    }
    expect(readFileSync(join(dir, "scalars.jsonl"), "utf8")).toBe('{"tag":"reward","step":3,"value":0}\n');
  });

  it("writes PNG figures when asked", () => {
    const dir = mkdtempSync(join(tmpdir(), "bindsnet-analyzer-"));
    const a = new FileAnalyzer({ directory: dir, format: "png", voltsType: "line" });
    a.plotReward([1, 2, 3], { rewardWindow: 2, tag: "r" });
    a.finalizeStep();
    const png = decode(readFileSync(join(dir, "r.png")));
    expect([png.width, png.height]).toEqual([600, 400]);
    expect(() => new FileAnalyzer({ format: "gif" as never })).toThrow(/FileAnalyzer: format is "gif", expected "svg" or "png"/);
  });

  it("rollingMean matches pandas rolling(w, min_periods=1).mean()", () => {
    expect(rollingMean([1, 2, 3, 4], 2)).toEqual([1, 1.5, 2.5, 3.5]);
    expect(rollingMean([4, 0, 2], 5)).toEqual([4, 2, 2]);
  });
});
