/** src/cli/worker.ts: the worker command's usage errors (queue runs are in test/sweep/queue.test.ts). */
import { describe, expect, it } from "vitest";
import { workerMain, workerOptions } from "../../src/cli/worker.js";
import { parseArgs } from "../../src/cli/args.js";
import { captureIO } from "../examples/tiny-mnist.js";

describe("bindsnet worker", () => {
  it("--help exits 0; without --queue, or with a non-Redis URL, it exits 2 naming the option", async () => {
    const help = captureIO();
    expect(await workerMain(["-h"], help)).toBe(0);
    expect(help.lines.join("\n")).toMatch(/--queue <string>/);
    const none = captureIO();
    expect(await workerMain([], none)).toBe(2);
    expect(none.errText()).toMatch(/^bindsnet worker: --queue is missing, expected a Redis URL such as redis:\/\/host:6379\n/);
    const bad = captureIO();
    expect(await workerMain(["--queue", "localhost:6379"], bad)).toBe(2);
    expect(bad.errText()).toMatch(/^bindsnet worker: --queue is "localhost:6379", expected a URL such as redis:\/\/host:6379/);
    const lock = captureIO();
    expect(await workerMain(["--queue", "redis://h:1", "--lock-ms", "5"], lock)).toBe(2);
    expect(lock.errText()).toMatch(/--lock-ms is 5, expected a value >= 100/);
  });

  it("has the documented defaults", () => {
    expect(parseArgs("w", workerOptions, [])).toMatchObject({ queue: null, workers: null, queueName: "bindsnet-sweep", lockMs: 30000, stalledMs: 30000 });
  });
});
