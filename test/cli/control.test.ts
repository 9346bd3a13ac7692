/** src/cli/control.ts: how a run is stopped (Ctrl-C or --stop-after). */
import { describe, expect, it } from "vitest";
import { interrupt, interrupted, makeControl } from "../../src/cli/control.js";

describe("run control", () => {
  it("a fresh control runs on; interrupt() stops it and aborts its signal", () => {
    const c = makeControl();
    expect([c.interrupted, c.stopAfter, c.samplesThisRun, c.abort.signal.aborted]).toEqual([false, 0, 0, false]);
    c.samplesThisRun = 10_000;
    expect(interrupted(c)).toBe(false); // stopAfter 0: never
    interrupt(c);
    expect(interrupted(c)).toBe(true);
    expect(c.abort.signal.aborted).toBe(true);
  });

  it("--stop-after n stops once n samples ran in this invocation, without aborting", () => {
    const c = makeControl(3);
    for (const [k, want] of [[0, false], [2, false], [3, true], [4, true]] as const) {
      c.samplesThisRun = k;
      expect(interrupted(c), `after ${k}`).toBe(want);
    }
    expect(c.abort.signal.aborted).toBe(false);
  });
});
