import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Davis } from "../../src/datasets/davis.js";
import { DatasetNotFoundError } from "../../src/datasets/fs.js";
import { ValueError } from "../../src/errors.js";
import { tempDir } from "./helpers.js";

describe("Davis", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const touch = (p: string): void => {
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, "");
  };
  // Two train sequences: bear (3 frames, 3 masks), dog (2 frames, 1 mask).
  for (const f of ["00000", "00001", "00002"]) {
    touch(join(dir, "JPEGImages", "480p", "bear", `${f}.jpg`));
    touch(join(dir, "Annotations_unsupervised", "480p", "bear", `${f}.png`));
  }
  for (const f of ["00001", "00000"]) touch(join(dir, "JPEGImages", "480p", "dog", `${f}.jpg`));
  touch(join(dir, "Annotations_unsupervised", "480p", "dog", "00000.png"));
  mkdirSync(join(dir, "ImageSets", "2017"), { recursive: true });
  writeFileSync(join(dir, "ImageSets", "2017", "train.txt"), "bear\ndog\n");

  it("lists sequences from the subset file with sorted frame and mask paths, -1 for missing masks", () => {
    const ds = new Davis({ root: dir });
    expect(ds.length).toBe(2);
    expect(ds.getSequences()).toEqual(["bear", "dog"]);
    const dog = ds.get(1);
    expect(dog.images.map((p) => p.slice(-9))).toEqual(["00000.jpg", "00001.jpg"]);
    expect(dog.masks.length).toBe(2);
    expect(dog.masks[1]).toBe(-1);
    expect((dog.masks[0] as string).endsWith("Annotations_unsupervised/480p/dog/00000.png")).toBe(true);
    expect(new Davis({ root: dir, numSamples: 2 }).get(0).images.length).toBe(2);
    expect(new Davis({ root: dir, sequences: "dog" }).getSequences()).toEqual(["dog"]);
  });

  it("uses the 2019 lists for unsupervised test sets", () => {
    mkdirSync(join(dir, "ImageSets", "2019"), { recursive: true });
    writeFileSync(join(dir, "ImageSets", "2019", "test-dev.txt"), "bear\n");
    const ds = new Davis({ root: dir, subset: "test-dev" });
    expect([ds.year, ds.length]).toEqual(["2019", 1]);
  });

  it("validates options and says what is missing and where to get it", () => {
    expect(() => new Davis({ root: dir, task: "tracking" as never })).toThrow(ValueError);
    expect(() => new Davis({ root: dir, task: "tracking" as never })).toThrow(/Davis: task is "tracking", expected one of "semi-supervised", "unsupervised"/);
    expect(() => new Davis({ root: dir, resolution: "720p" as never })).toThrow(/resolution is "720p"/);
    expect(() => new Davis({ root: join(dir, "none") })).toThrow(DatasetNotFoundError);
    expect(() => new Davis({ root: join(dir, "none") })).toThrow(/root .*none does not exist\. Download DAVIS 2017 .*davischallenge\.org/);
    expect(() => new Davis({ root: dir, subset: "val" })).toThrow(/subset list .*ImageSets\/2017\/val\.txt not found/);
    expect(() => new Davis({ root: dir, task: "semi-supervised" })).toThrow(/annotations folder .*Annotations\/480p for the semi-supervised task not found/);
    expect(() => new Davis({ root: dir, sequences: ["cat"] })).toThrow(/images for sequence "cat" not found/);
    expect(new Davis({ root: dir, sequences: ["cat"], codalab: true }).get(0)).toEqual({ images: [], masks: [] });
  });
});
