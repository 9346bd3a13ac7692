import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { AbstractPreprocessor, type PreprocessorCache } from "../../src/preprocessing/preprocessor.js";

class LineCounter extends AbstractPreprocessor<number> {
  calls = 0;
  protected _process(filename: string, cache: PreprocessorCache<number>): void {
    this.calls++;
    cache.data = readFileSync(filename, "utf8").trim().split("\n").length;
  }
}
class Lazy extends AbstractPreprocessor<number> {
  protected _process(): void {}
}

describe("AbstractPreprocessor", () => {
  const dir = mkdtempSync(join(tmpdir(), "bindsnet-pre-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = join(dir, "a.csv");
  const cached = join(dir, "processed", "nested", "data.json");

  it("processes once, then serves the cache until the file changes", () => {
    writeFileSync(csv, "1,2\n3,4\n");
    const p = new LineCounter();
    expect(p.process(csv, true, cached)).toBe(2);
    expect(p.process(csv, true, cached)).toBe(2);
    expect(p.calls).toBe(1);
    const saved = JSON.parse(readFileSync(cached, "utf8")) as { verify: string; data: number };
    expect(saved.verify).toBe(createHash("md5").update("1,2\n3,4\nLineCounter").digest("hex"));
    writeFileSync(csv, "1,2\n3,4\n5,6\n");
    expect(p.process(csv, true, cached)).toBe(3);
    expect(p.calls).toBe(2);
    expect(p.process(csv, false, cached)).toBe(3);
    expect(p.calls).toBe(3);
  });

  it("rejects a missing file and a _process that sets no data", () => {
    expect(() => new LineCounter().process(join(dir, "none.csv"))).toThrow(/LineCounter\.process: csvfile is ".*none\.csv", expected the path of an existing file/);
    expect(() => new Lazy().process(csv, false)).toThrow(/Lazy\.process: _process did not set cache\.data/);
  });
});
