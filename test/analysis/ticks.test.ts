import { describe, expect, it } from "vitest";
import { formatTicks, niceTicks, tickDecimals } from "../../src/analysis/ticks.js";

describe("niceTicks", () => {
  it("places matplotlib's ticks: steps 1, 2, 2.5, 5 times a power of ten", () => {
    expect(niceTicks(0, 1, 9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 100, 9)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-4.95, 103.95, 9)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 10, 4)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(-65, -52, 6)).toEqual([-65, -62.5, -60, -57.5, -55, -52.5]);
    expect(niceTicks(-65, -52, 7)).toEqual([-64, -62, -60, -58, -56, -54, -52]);
  });

  it("handles reversed and empty ranges", () => {
    expect(niceTicks(9.5, -0.5, 5)).toEqual([0, 2.5, 5, 7.5]);
    expect(niceTicks(9.5, -0.5, 6)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(3, 3, 5)).toEqual([2.5, 2.75, 3, 3.25, 3.5]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });
});

describe("formatTicks", () => {
  it("prints shared decimals and a true minus sign", () => {
    expect(formatTicks([0, 0.2, 0.4])).toEqual(["0.0", "0.2", "0.4"]);
    expect(formatTicks([0, 2.5, 5])).toEqual(["0.0", "2.5", "5.0"]);
    expect(formatTicks([-60, -55])).toEqual(["\u221260", "\u221255"]);
    expect(formatTicks([0, 2e6])).toEqual(["0", "2.0e+6"]);
    expect(tickDecimals([1, 10, 100])).toBe(0);
  });
});
