/** `bindsnet evaluate`: a finished run's checkpoint, evaluated on 1 and 2 threads, gives the run's test accuracy. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { captureIO, tinyMnist, tmp } from "../examples/tiny-mnist.js";

describe("bindsnet evaluate", () => {
  it("evaluates a checkpoint with 1 and 2 workers and refuses a missing or foreign file", async () => {
    const data = tinyMnist(12, 6);
    const dir = tmp("bindsnet-eval-");
    const flags = ["--data-dir", data, "--n-neurons", "8", "--time", "20", "--label-samples", "10", "--n-test", "6"];
    const io = captureIO();
    expect(await main(["main-job", ...flags, "--n-train", "6", "--update-interval", "3", "--checkpoint-dir", dir], io)).toBe(0);
    const line = (t: string[]): string => t.find((l) => l.startsWith("Test accuracy"))!;
    const want = line(io.lines);
    expect(want).toMatch(/Test accuracy \(6 samples\): all activity [\d.]+%/);
    for (const w of ["1", "2"]) {
      const io2 = captureIO();
      expect(await main(["evaluate", "--network", join(dir, "checkpoint.bnck"), "--data-dir", data, "--workers", w], io2)).toBe(0);
      expect(line(io2.lines)).toBe(want);
      if (w === "2") expect(io2.lines).toContain("Label and test phases on 2 worker threads");
    }
    const io3 = captureIO();
    expect(await main(["evaluate", "--network", join(dir, "nope.bnck")], io3)).toBe(2);
    expect(io3.errText()).toMatch(/evaluate: --network .*nope.bnck could not be read/);
  }, 120_000);
});
