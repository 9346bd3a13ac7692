/** Shared helpers for the dataset tests: temp folders and small generated data files. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { encodeIdx } from "../../src/datasets/idx.js";

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "bindsnet-ds-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Pixel value of image i at (r, c) in the generated IDX sets: distinct and in 0..255. */
export function pixel(i: number, r: number, c: number): number {
  return (i * 31 + r * 7 + c * 3) % 256;
}

/** A small MNIST-like pair: n images of rows x cols, label of image i = (i * 3) % 10. */
export function makeIdxPair(n: number, rows = 4, cols = 5): { images: Uint8Array; labels: Uint8Array } {
  const px: number[] = [];
  for (let i = 0; i < n; i++) for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) px.push(pixel(i, r, c));
  const labels = Array.from({ length: n }, (_, i) => (i * 3) % 10);
  return { images: encodeIdx([n, rows, cols], px), labels: encodeIdx([n], labels) };
}

/** Writes a train/test IDX set into dir (optionally gzipped). */
export function writeIdxSet(dir: string, opts: { train?: number; test?: number; gzip?: boolean; rows?: number; cols?: number } = {}): void {
  const write = (name: string, bytes: Uint8Array): void => {
    if (opts.gzip) writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes));
    else writeFileSync(join(dir, name), bytes);
  };
  const tr = makeIdxPair(opts.train ?? 6, opts.rows, opts.cols);
  const te = makeIdxPair(opts.test ?? 3, opts.rows, opts.cols);
  write("train-images-idx3-ubyte", tr.images);
  write("train-labels-idx1-ubyte", tr.labels);
  write("t10k-images-idx3-ubyte", te.images);
  write("t10k-labels-idx1-ubyte", te.labels);
}

/** A CIFAR batch of n records: label of record j = (j * 7 + offset) % numClasses, pixel k = (j + k) % 256. */
export function makeCifarBatch(n: number, labelBytes: 1 | 2, offset = 0): Uint8Array {
  const rec = labelBytes + 3072;
  const out = new Uint8Array(n * rec);
  for (let j = 0; j < n; j++) {
    if (labelBytes === 1) out[j * rec] = (j * 7 + offset) % 10;
    else {
      out[j * rec] = (j * 3 + offset) % 20;
      out[j * rec + 1] = (j * 7 + offset) % 100;
    }
    for (let k = 0; k < 3072; k++) out[j * rec + labelBytes + k] = (j + k) % 256;
  }
  return out;
}
