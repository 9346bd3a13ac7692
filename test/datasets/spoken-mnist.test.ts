import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeWav16 } from "../../src/datasets/audio.js";
import { DatasetNotFoundError } from "../../src/datasets/fs.js";
import { SpokenMNIST } from "../../src/datasets/spoken-mnist.js";
import { Generator } from "../../src/tensor/random.js";
import { tempDir } from "./helpers.js";

describe("SpokenMNIST", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const rec = join(dir, "fsdd", "recordings");
  mkdirSync(rec, { recursive: true });
  // 10 digits x 2 speakers x 2 examples = 40 short recordings (+ one of an unknown speaker).
  for (let d = 0; d < 10; d++) {
    for (const s of ["jackson", "theo"]) {
      for (let k = 0; k < 2; k++) {
        const n = 800 + 80 * d + k;
        writeFileSync(join(rec, `${d}_${s}_${k}.wav`), encodeWav16(Array.from({ length: n }, (_, t) => 5000 * Math.sin((2 * Math.PI * (200 + 100 * d) * t) / 8000)), 8000));
      }
    }
  }
  writeFileSync(join(rec, "3_yweweler_0.wav"), encodeWav16([1, 2, 3], 8000));

  it("splits the recordings of the original speakers 80/20 into disjoint parts", () => {
    const tr = new SpokenMNIST({ path: join(dir, "fsdd"), generator: new Generator(0) });
    const te = new SpokenMNIST({ path: join(dir, "fsdd"), train: false, generator: new Generator(0) });
    expect([tr.length, te.length]).toEqual([32, 8]);
    const files = new Set([...Array(tr.length).keys()].map((i) => tr.file(i)));
    for (let i = 0; i < te.length; i++) expect(files.has(te.file(i))).toBe(false);
    expect(files.size + te.length).toBe(40);
  });

  it("gives [frames, 40] float32 log-mel features and the digit as label", () => {
    const ds = new SpokenMNIST({ path: rec, shuffle: false });
    const item = ds.get(0); // 0_jackson_0: 800 samples
    expect(item.label).toBe(0);
    expect(item.audio.shape).toEqual([8, 40]);
    expect(item.audio.dtype).toBe("float32");
    // Unshuffled, the first 80 % are digits 0..7; the last is 7_theo_1 with 1361 samples.
    const last = ds.get(ds.length - 1);
    expect(ds.file(ds.length - 1)).toMatch(/7_theo_1\.wav$/);
    expect(last.label).toBe(7);
    expect(last.audio.shape).toEqual([Math.ceil((1361 - 200) / 80), 40]);
    expect(new SpokenMNIST({ path: rec, shuffle: false, numSamples: 3 }).get(0).audio.shape).toEqual([3, 40]);
  });

  it("shuffles deterministically per seed", () => {
    const order = (seed: number): string[] => {
      const ds = new SpokenMNIST({ path: rec, generator: new Generator(seed), split: 1 });
      return [...Array(ds.length).keys()].map((i) => ds.file(i));
    };
    expect(order(1)).toEqual(order(1));
    expect(order(1)).not.toEqual(order(2));
  });

  it("says where it looked and how to obtain the data", () => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    expect(() => new SpokenMNIST({ path: empty })).toThrow(DatasetNotFoundError);
    expect(() => new SpokenMNIST({ path: empty })).toThrow(/SpokenMNIST: no recordings named .* found: looked in .*empty\/recordings, .*Jakobovski\/free-spoken-digit-dataset/);
    expect(() => new SpokenMNIST({ path: join(dir, "nope") })).toThrow(/path .*nope does not exist/);
    expect(() => new SpokenMNIST({ path: rec, speakers: ["alice"] })).toThrow(/holds no recordings of speakers \["alice"\]/);
    expect(() => new SpokenMNIST({ path: rec, split: 2 })).toThrow(/SpokenMNIST: split is 2, expected a number in \[0, 1\]/);
    expect(() => new SpokenMNIST({ path: rec, numSamples: 0 })).toThrow(/numSamples is 0/);
  });
});
