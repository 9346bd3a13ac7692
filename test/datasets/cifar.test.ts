import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CIFAR10, CIFAR100 } from "../../src/datasets/cifar.js";
import { DatasetNotFoundError } from "../../src/datasets/fs.js";
import { ValueError } from "../../src/errors.js";
import { makeCifarBatch, tempDir } from "./helpers.js";

describe("CIFAR10", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const root = join(dir, "c10");
  const bin = join(root, "cifar-10-batches-bin");
  mkdirSync(bin, { recursive: true });
  // Five training batches of 3, 2, 2, 2, 1 records (offsets make labels differ per batch).
  [3, 2, 2, 2, 1].forEach((n, k) => writeFileSync(join(bin, `data_batch_${k + 1}.bin`), makeCifarBatch(n, 1, k)));
  writeFileSync(join(bin, "test_batch.bin"), makeCifarBatch(4, 1, 9));

  it("reads the binary batches in order across files, as [3, 32, 32] uint8 views", () => {
    const tr = new CIFAR10({ root });
    expect(tr.length).toBe(10);
    expect(tr.get(0).image.shape).toEqual([3, 32, 32]);
    expect(tr.get(0).image.dtype).toBe("uint8");
    // Item 4 is record 1 of batch 2 (offset 1): label (1*7+1)%10 = 8, pixel k = (1 + k) % 256.
    const item = tr.get(4);
    expect(item.label).toBe(8);
    expect(item.image.get(0, 0, 0)).toBe(1);
    expect(item.image.get(2, 31, 31)).toBe((1 + 3071) % 256);
    expect(item.image.get(1, 2, 3)).toBe((1 + 1024 + 67) % 256);
    expect(tr.get(9).label).toBe(4); // batch 5, record 0, offset 4
    const te = new CIFAR10({ root: bin, train: false });
    expect([te.length, te.get(1).label]).toEqual([4, 6]);
  });

  it("rejects a batch that is not a whole number of records", () => {
    const r = join(dir, "trunc");
    mkdirSync(r);
    writeFileSync(join(r, "test_batch.bin"), makeCifarBatch(2, 1).subarray(0, 3073 + 100));
    expect(() => new CIFAR10({ root: r, train: false })).toThrow(ValueError);
    expect(() => new CIFAR10({ root: r, train: false })).toThrow(/test_batch\.bin has 3173 bytes, expected a positive multiple of 3073 .*truncated after 1 whole record/);
  });

  it("rejects labels out of range (e.g. a CIFAR-100 file read as CIFAR-10)", () => {
    const r = join(dir, "wrong");
    mkdirSync(r);
    const b = makeCifarBatch(2, 1);
    b[3073] = 10;
    writeFileSync(join(r, "test_batch.bin"), b);
    expect(() => new CIFAR10({ root: r, train: false })).toThrow(/has label 10 in record 1, expected a class in 0\.\.9/);
  });

  it("says where it looked and how to obtain the files", () => {
    const r = join(dir, "none");
    mkdirSync(r);
    expect(() => new CIFAR10({ root: r })).toThrow(DatasetNotFoundError);
    expect(() => new CIFAR10({ root: r })).toThrow(/CIFAR10: batch files data_batch_1\.bin, .* not found: looked in .*none\/cifar-10-batches-bin and .*none\. Download https:\/\/www\.cs\.toronto\.edu\/~kriz\/cifar-10-binary\.tar\.gz/);
    expect(() => new CIFAR10({} as never)).toThrow(/CIFAR10: root is undefined, expected the folder holding cifar-10-batches-bin/);
  });

  it("builds from bytes in memory", () => {
    const ds = CIFAR10.fromBytes([makeCifarBatch(2, 1), makeCifarBatch(1, 1, 5)]);
    expect([ds.length, ds.get(2).label]).toEqual([3, 5]);
  });
});

describe("CIFAR100", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const bin = join(dir, "cifar-100-binary");
  mkdirSync(bin);
  writeFileSync(join(bin, "train.bin"), makeCifarBatch(5, 2));
  writeFileSync(join(bin, "test.bin"), makeCifarBatch(2, 2, 1));
  writeFileSync(join(bin, "coarse_label_names.txt"), Array.from({ length: 20 }, (_, k) => `super${k}`).join("\n") + "\n");

  it("uses fine labels by default and coarse labels on request", () => {
    const fine = new CIFAR100({ root: dir });
    expect(fine.length).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => fine.get(i).label)).toEqual([0, 7, 14, 21, 28]);
    expect(fine.get(3).image.get(0, 0, 0)).toBe(3);
    expect(fine.classes).toBeNull();
    const coarse = new CIFAR100({ root: dir, labelType: "coarse" });
    expect([0, 1, 2, 3, 4].map((i) => coarse.get(i).label)).toEqual([0, 3, 6, 9, 12]);
    expect(coarse.classes?.[3]).toBe("super3");
    expect(new CIFAR100({ root: dir, train: false }).get(1).label).toBe(8);
    expect(() => new CIFAR100({ root: dir, labelType: "medium" as never })).toThrow(/CIFAR100: labelType is "medium", expected "fine" or "coarse"/);
  });
});
