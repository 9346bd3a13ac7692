import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csvFileWriter } from "../../src/environment/dot-file-writer.js";
import { DotSimulator } from "../../src/environment/dot-simulator.js";

const root = mkdtempSync(join(tmpdir(), "bindsnet-dot-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("csvFileWriter", () => {
  it("creates the folder on first write and appends DotSimulator's CSV rows", () => {
    const fpath = join(root, "nested", "out");
    const env = new DotSimulator(5, { height: 2, width: 2, seed: 30, write: true, writer: csvFileWriter(), fpath });
    env.setState({ dot: [1, 0], targets: [[0, 1]], direction: 0 });
    env.render();
    env.step(null);
    env.render();
    const file = join(fpath, "grids_s30_0.csv");
    expect(env.fileName).toBe(file);
    expect(readFileSync(file, "utf8")).toBe("0,0,0,1\n0,1,2,0\n1,0,0,1\n1,1,2,0\n");
  });

  it("writes nothing unless write is on", () => {
    const fpath = join(root, "never");
    new DotSimulator(5, { seed: 1, fpath }).render();
    expect(() => readFileSync(join(fpath, "grids_s1_0.csv"))).toThrow();
  });
});
