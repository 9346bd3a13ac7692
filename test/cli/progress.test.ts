/** src/cli/progress.ts: the progress bar and durations. */
import { describe, expect, it } from "vitest";
import { ProgressBar, fmtDuration } from "../../src/cli/progress.js";

function io(isTTY: boolean): { io: { out: (l: string) => void; err: { write: (s: string) => boolean; isTTY: boolean } }; text: () => string } {
  let t = "";
  return { io: { out: () => {}, err: { write: (s) => ((t += s), true), isTTY } }, text: () => t };
}

describe("fmtDuration", () => {
  it("gives seconds, minutes with two-digit seconds, hours with two-digit minutes", () => {
    expect([0, 44.6, 59.4, 60, 187, 3599, 3600, 3720, 90000, -5].map(fmtDuration)).toEqual(["0s", "45s", "59s", "1m00s", "3m07s", "59m59s", "1h00m", "1h02m", "25h00m", "0s"]);
  });
});

describe("ProgressBar", () => {
  it("off a terminal prints one line per 10 % and a last one at finish", () => {
    const c = io(false);
    const bar = new ProgressBar({ label: "train", total: 100, io: c.io });
    for (let k = 1; k <= 100; k++) bar.update(k, k === 50 ? 0.8125 : undefined);
    bar.finish();
    const lines = c.text().trim().split("\n");
    expect(lines.length).toBe(10);
    expect(lines[0]).toMatch(/^train \[##\.{22}\] 10\/100 {2}10% [\d.]+ samples\/s eta \d+s$/);
    expect(lines[9]).toMatch(/^train \[#{24}\] 100\/100 100% [\d.]+ samples\/s acc 81\.3% eta 0s$/);
  });

  it("on a terminal redraws in place (\\r) and ends with a newline; a resumed bar starts at its start", () => {
    const c = io(true);
    const bar = new ProgressBar({ label: "test", total: 4, start: 2, io: c.io, interval: 0 });
    expect(bar.done).toBe(2);
    bar.update(3);
    bar.update(4);
    bar.finish();
    const t = c.text();
    expect(t.startsWith("\rtest [##################......] 3/4  75%")).toBe(true);
    expect(t.endsWith("\n")).toBe(true);
    expect(t.split("\r").length).toBe(4);
  });

  it("a total of 0 shows a full bar", () => {
    expect(new ProgressBar({ label: "x", total: 0, io: io(false).io }).line()).toMatch(/^x \[#{24}\] 0\/0 100%/);
  });
});
