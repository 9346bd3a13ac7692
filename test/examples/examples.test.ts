/** Smoke runs of every example command with tiny sample counts (in-process, tiny data folder). */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { decodeSafetensors } from "../../src/network/io/safetensors.js";
import { decodeCheckpoint } from "../../src/recipes/common.js";
import { captureIO, tinyMnist, tmp } from "./tiny-mnist.js";

let data = "";
beforeAll(() => {
  data = tinyMnist(24, 8);
});

async function smoke(name: string, args: string[]): Promise<{ code: number; out: string; err: string; ck: string }> {
  const io = captureIO();
  const ck = tmp(`bindsnet-ck-${name}-`);
  const code = await main([name, "--data-dir", data, "--checkpoint-dir", ck, ...args], io);
  return { code, out: io.lines.join("\n"), err: io.errText(), ck };
}

describe("example smoke runs", () => {
  it("eth-mnist trains, assigns labels, tests and prints accuracies (percentages)", async () => {
    const r = await smoke("eth-mnist", ["--n-train", "12", "--n-test", "4", "--time", "30", "--update-interval", "6", "--n-neurons", "16"]);
    expect(r.err).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/All activity accuracy: [\d.]+ \(last\)/);
    expect(r.out).toMatch(/Test accuracy \(4 samples\): all activity [\d.]+%, proportion weighting [\d.]+%/);
    expect(r.out).toMatch(/Training: 12 samples/);
    expect(r.err).toMatch(/samples\/s/);
    expect(existsSync(join(r.ck, "checkpoint.bnck"))).toBe(true);
  });

  it("main-job runs the labelling pass", async () => {
    const r = await smoke("main-job", ["--n-train", "6", "--n-test", "3", "--label-samples", "4", "--time", "20", "--n-neurons", "9"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Labels assigned from 4 training samples/);
  });

  it("batch-eth-mnist runs mini-batches through Network.run", async () => {
    const r = await smoke("batch-eth-mnist", ["--n-train", "8", "--n-test", "4", "--batch-size", "4", "--n-updates", "1", "--time", "15", "--n-neurons", "9"]);
    expect(r.err).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Network.run/);
    expect(r.out).toMatch(/Test accuracy \(4 samples\)/);
  });

  it("supervised-mnist clamps the label's neurons", async () => {
    const r = await smoke("supervised-mnist", ["--n-train", "6", "--n-test", "2", "--time", "20", "--n-neurons", "10", "--update-interval", "3"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Test accuracy \(2 samples\)/);
  });

  for (const [name, extra] of [
    ["conv-mnist", ["--time", "8"]],
    ["conv1d-mnist", ["--time", "8"]],
    ["conv3d-mnist", ["--time", "3", "--n-filters", "2"]],
    ["loc1d-mnist", ["--time", "8"]],
    ["loc2d-mnist", ["--time", "8", "--n-filters", "8"]],
    ["loc3d-mnist", ["--time", "3", "--n-filters", "2"]],
    ["som-lm-snns", ["--time", "20", "--n-neurons", "16", "--update-inhibition-weights", "2"]],
  ] as const) {
    it(`${name} runs to completion`, async () => {
      const r = await smoke(name, ["--n-train", "3", "--n-test", "2", "--update-interval", "2", ...extra]);
      expect(r.err).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Training: 3 samples/);
      expect(r.out).toMatch(/Test accuracy \(2 samples, all activity\)/);
    });
  }

  for (const name of ["reservoir", "mcc-reservoir"]) {
    it(`${name} trains the readout and tests on test images`, async () => {
      const r = await smoke(name, ["--examples", "6", "--n-test", "3", "--n-epochs", "2", "--time", "20", "--n-neurons", "30"]);
      expect(r.err).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Accuracy of the model on 3 test images: [\d.]+%/);
    });
  }

  it("eth-mnist resumes after an interruption and ends like an uninterrupted run", async () => {
    const args = ["--n-train", "8", "--n-test", "3", "--time", "20", "--update-interval", "4", "--n-neurons", "9", "--checkpoint-every", "0"];
    const full = await smoke("eth-mnist", args);
    const io1 = captureIO();
    const ck = tmp("bindsnet-ck-resume-");
    const c1 = await main(["eth-mnist", "--data-dir", data, "--checkpoint-dir", ck, ...args, "--stop-after", "5"], io1);
    expect(c1).toBe(130);
    expect(io1.lines.join("\n")).toMatch(/Interrupted: checkpoint saved .*sample 5/);
    const io2 = captureIO();
    const c2 = await main(["eth-mnist", "--data-dir", data, "--checkpoint-dir", ck, ...args, "--resume"], io2);
    expect(c2).toBe(0);
    const acc = (s: string): string => /Test accuracy.*/.exec(s)![0];
    expect(acc(io2.lines.join("\n"))).toBe(acc(full.out));
    expect(io2.lines.join("\n")).toMatch(/Training: 8 samples/);
    // the resumed run ends in exactly the state of the uninterrupted one (weights, θ, generator)
    const tensors = (dir: string): Record<string, number[]> => {
      const f = decodeSafetensors(decodeCheckpoint(new Uint8Array(readFileSync(join(dir, "checkpoint.bnck")))).network);
      return Object.fromEntries([...f.tensors].map(([k, t]) => [k, t.toFlatArray()]));
    };
    const a = tensors(ck);
    const b = tensors(full.ck);
    expect(Object.keys(a).length).toBeGreaterThan(5);
    expect(a).toEqual(b);
  });

  it("writes plots when --plot-dir is given", async () => {
    const plots = tmp("bindsnet-plots-");
    const r = await smoke("eth-mnist", ["--n-train", "4", "--n-test", "0", "--time", "10", "--update-interval", "2", "--n-neurons", "4", "--plot-dir", plots]);
    expect(r.code).toBe(0);
    for (const f of ["weights.png", "assignments.png", "performance.svg"]) expect(existsSync(join(plots, f))).toBe(true);
  });
});
