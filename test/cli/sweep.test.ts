/** src/cli/sweep.ts: the trial lines and the command's usage errors (full sweeps run in test/sweep/cli.test.ts). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sweepMain, trialLine } from "../../src/cli/sweep.js";
import type { TrialEvent } from "../../src/node/sweep/local.js";
import type { Trial } from "../../src/sweep/spec.js";
import { captureIO } from "../examples/tiny-mnist.js";

const dir = mkdtempSync(join(tmpdir(), "bindsnet-cli-sweep-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const trial: Trial = { id: "00ab", recipe: "two-layer", params: { nu: 0.5 }, seed: 3, config: {} };

describe("trialLine", () => {
  it("prints finished, failed and retried trials, nothing for start and skip", () => {
    const ok: TrialEvent = { type: "done", trial, record: { id: "00ab", params: { nu: 0.5 }, seed: 3, metrics: { accuracy: 0.75 }, seconds: 1.234, status: "ok", attempts: 1 } };
    expect(trialLine(ok, "accuracy", 9, 4)).toBe('[4/9] 00ab {"nu":0.5} seed 3 accuracy=0.75 (1.23s)');
    expect(trialLine(ok, "loss", 9, 4)).toBe('[4/9] 00ab {"nu":0.5} seed 3 loss=(missing) (1.23s)');
    const failed: TrialEvent = { type: "done", trial: { ...trial, seed: null }, record: { id: "00ab", params: { nu: 0.5 }, seed: null, metrics: {}, seconds: 2, status: "failed", attempts: 3, error: "boom" } };
    expect(trialLine(failed, "accuracy", 9, 5)).toBe('[5/9] FAILED 00ab {"nu":0.5} after 3 attempts: boom');
    expect(trialLine({ type: "retry", trial, attempt: 2, error: "worker died" }, "accuracy", 9, 0)).toBe('retry 00ab {"nu":0.5} seed 3 (attempt 2 crashed: worker died)');
    expect(trialLine({ type: "start", trial, attempt: 1 }, "accuracy", 9, 0)).toBeNull();
    expect(trialLine({ type: "skip", trial }, "accuracy", 9, 0)).toBeNull();
  });
});

describe("sweepMain usage", () => {
  it("--help prints the usage and exits 0; a missing file, a bad flag, a bad queue URL or a bad file exit 2 with one clear line", async () => {
    const help = captureIO();
    expect(await sweepMain(["--help"], help)).toBe(0);
    expect(help.lines.join("\n")).toMatch(/--workers <int>/);
    const none = captureIO();
    expect(await sweepMain([], none)).toBe(2);
    expect(none.errText()).toMatch(/^bindsnet sweep: missing the sweep file, expected bindsnet sweep <sweep.json> \[options\]/);
    const f = join(dir, "s.json");
    writeFileSync(f, "{}");
    const flag = captureIO();
    expect(await sweepMain([f, "--wrokers", "2"], flag)).toBe(2);
    expect(flag.errText()).toMatch(/unknown option --wrokers/);
    const url = captureIO();
    expect(await sweepMain([f, "--queue", "http://x"], url)).toBe(2);
    expect(url.errText()).toBe('bindsnet sweep: --queue is "http://x", expected a URL such as redis://host:6379\n');
    const missing = captureIO();
    expect(await sweepMain([join(dir, "nope.json")], missing)).toBe(2);
    expect(missing.errText()).toMatch(/^bindsnet sweep: cannot read .*nope\.json/);
  });
});
