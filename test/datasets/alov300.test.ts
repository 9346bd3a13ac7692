import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALOV300, parseAlovAnnotation } from "../../src/datasets/alov300.js";
import { DatasetNotFoundError } from "../../src/datasets/fs.js";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { tempDir } from "./helpers.js";

describe("parseAlovAnnotation", () => {
  it("gives the 0-based frame and the box bounding the four corners", () => {
    expect(parseAlovAnnotation("3 10 20 30 20 30 40 10 40")).toEqual({ frame: 2, box: [10, 20, 30, 40] });
    expect(parseAlovAnnotation("1 5.5 9 2 9 2 1 5.5 1")).toEqual({ frame: 0, box: [2, 1, 5.5, 9] });
    expect(() => parseAlovAnnotation("1 2 3", "a.ann:1")).toThrow(/parseAlovAnnotation: a\.ann:1 is "1 2 3", expected "frame x1 y1/);
  });
});

describe("ALOV300", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const vid = join(dir, "frame", "01-Light", "01-Light_video00001");
  mkdirSync(vid, { recursive: true });
  mkdirSync(join(dir, "box", "01-Light"), { recursive: true });
  for (let f = 1; f <= 6; f++) writeFileSync(join(vid, `${String(f).padStart(8, "0")}.jpg`), `frame${f}`);
  // Annotated frames 1, 3, 6 give two pairs.
  writeFileSync(join(dir, "box", "01-Light", "01-Light_video00001.ann"), "1 4 2 8 2 8 6 4 6\n3 5 2 9 2 9 6 5 6\n6 6 3 10 3 10 7 6 7\n");

  it("pairs consecutive annotated frames with their boxes", () => {
    const ds = new ALOV300({ root: dir });
    expect(ds.length).toBe(2);
    const p = ds.getPair(1);
    expect(p.prevImagePath.endsWith("00000003.jpg")).toBe(true);
    expect(p.currImagePath.endsWith("00000006.jpg")).toBe(true);
    expect(p.prevBox).toEqual([5, 2, 9, 6]);
    expect(p.currBox).toEqual([6, 3, 10, 7]);
  });

  it("crops both frames around the previous box, resizes to inputSize and scales the current box", () => {
    // 10 x 20 images; the loader maps a path to an image whose pixels encode the frame number.
    const loader = (path: string): Tensor => {
      const f = Number(path.slice(-12, -4));
      return tensor(Uint8Array.from({ length: 200 }, () => f), { shape: [10, 20, 1] });
    };
    const ds = new ALOV300({ root: dir, imageLoader: loader, inputSize: 16 });
    const s = ds.get(0);
    expect(s.previmg.shape).toEqual([16, 16, 1]);
    expect(s.currimg.shape).toEqual([16, 16, 1]);
    // Prev box [4,2,8,6] -> region [2,0,10,8] (8x8, no padding); curr box [5,2,9,6] in it is
    // [3,2,7,6], scaled by 10/8: [3.75, 2.5, 8.75, 7.5].
    expect(s.currbb).toEqual([3.75, 2.5, 8.75, 7.5]);
    expect(s.currimg.get(8, 8, 0)).toBe(3);
    expect(s.previmg.get(8, 8, 0)).toBe(1);
    const t = new ALOV300({ root: dir, imageLoader: loader, transform: (x) => ({ ...x, currbb: [0, 0, 0, 0] }) });
    expect(t.get(1).currbb).toEqual([0, 0, 0, 0]);
  });

  it("needs an image loader to decode frames, and says where to get the data", () => {
    expect(() => new ALOV300({ root: dir }).get(0)).toThrow(ValueError);
    expect(() => new ALOV300({ root: dir }).get(0)).toThrow(/ALOV300\.get: imageLoader is null, expected a function decoding/);
    expect(() => new ALOV300({ root: join(dir, "x") })).toThrow(DatasetNotFoundError);
    expect(() => new ALOV300({ root: join(dir, "x") })).toThrow(/ALOV300\+\+ not found: expected folders .*x\/box and .*x\/frame/);
  });

  it("rejects annotations of frames that do not exist", () => {
    const bad = join(dir, "bad");
    mkdirSync(join(bad, "frame", "e", "v"), { recursive: true });
    mkdirSync(join(bad, "box", "e"), { recursive: true });
    writeFileSync(join(bad, "frame", "e", "v", "00000001.jpg"), "");
    writeFileSync(join(bad, "box", "e", "v.ann"), "1 0 0 1 0 1 1 0 1\n9 0 0 1 0 1 1 0 1\n");
    expect(() => new ALOV300({ root: bad })).toThrow(/v\.ann annotates frame 9, expected 1\.\.1/);
  });
});
