import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";

const dir = mkdtempSync(join(tmpdir(), "bindsnet-sweep-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  let err = "";
  const code = await main(argv, { out: (l) => out.push(l), err: { write: (s: string) => (err += s) } });
  return { code, out: out.join("\n"), err };
}

function file(name: string, body: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof body === "string" ? body : JSON.stringify(body));
  return p;
}

const good = { recipe: "two-layer", base: { time: 20, nSource: 10, nTarget: 10 }, grid: { rate: [0.1, 0.3] }, seeds: [0], metric: "total.B" };

describe("bindsnet sweep / worker", () => {
  it("reports bad sweep files in one line with exit code 2", async () => {
    expect(await run(["sweep", file("a.json", { ...good, grdi: {} })])).toMatchObject({ code: 2, err: "bindsnet sweep: unknown field grdi; did you mean grid?\n" });
    expect(await run(["sweep", file("b.json", { ...good, grid: { rate: [] } })])).toMatchObject({ code: 2, err: "bindsnet sweep: grid.rate is empty, expected at least one value\n" });
    expect(await run(["sweep", file("c.json", { ...good, grid: { nTarget: ["ten"] } })])).toMatchObject({ code: 2, err: 'bindsnet sweep: grid.nTarget: recipe two-layer: nTarget is "ten", expected a number\n' });
    const broken = await run(["sweep", file("d.json", "{ not json")]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^bindsnet sweep: cannot read .*d\.json: /);
    expect((await run(["sweep"])).err).toMatch(/^bindsnet sweep: missing the sweep file/);
    expect((await run(["sweep", file("e.json", good), "--workerz", "2"])).err).toMatch(/^bindsnet sweep: unknown option --workerz/);
    expect(await run(["sweep", file("f.json", good), "--queue", "http://x"])).toMatchObject({ code: 2, err: 'bindsnet sweep: --queue is "http://x", expected a URL such as redis://host:6379\n' });
    expect((await run(["worker"])).err).toMatch(/^bindsnet worker: --queue is missing, expected a Redis URL/);
  });

  it("runs a sweep file, prints the summary and resumes with nothing left to run", async () => {
    const out = join(dir, "out");
    const f = file("ok.json", { ...good, out });
    const first = await run(["sweep", f, "--workers", "1"]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/\| rate \| total\.B \(mean\) \| std \| seeds \| failed \| seconds \|/);
    expect(first.out).toMatch(/2 run, 0 already done, 0 failed/);
    expect(readFileSync(join(out, "summary.md"), "utf8").trim().split("\n")).toHaveLength(4);
    const second = await run(["sweep", f, "--workers", "1"]);
    expect(second.out).toMatch(/0 run, 2 already done, 0 failed/);
    expect(readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);
  });

  it("stops on a real SIGINT (exit 130) and the next run reruns none of the finished trials", async () => {
    const out = join(dir, "interrupted");
    const f = file("int.json", { recipe: "two-layer", base: { time: 300, nSource: 100, nTarget: 100, samples: 3 }, grid: { rate: [0.05, 0.1, 0.15] }, seeds: [0, 1, 2], metric: "total.B", out });
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/index.ts", "sweep", f, "--workers", "1"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let sent = false;
    child.stdout!.on("data", (d) => {
      stdout += d;
      if (!sent && (stdout.match(/^\[\d+\/9\]/gm) ?? []).length >= 2) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(130);
    const finished = (stdout.match(/^\[\d+\/9\] ([0-9a-f]{16}) /gm) ?? []).map((l) => l.split(" ")[1]!);
    expect(finished.length).toBeGreaterThanOrEqual(2);
    expect(finished.length).toBeLessThan(9);
    expect(stdout).toMatch(new RegExp(`Interrupted with ${9 - finished.length} trials to go: run the same command to resume`));
    const lines = readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).id).sort()).toEqual([...finished].sort());
    const again = await run(["sweep", f, "--workers", "1"]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`${9 - finished.length} run, ${finished.length} already done, 0 failed`));
    const all = readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l).id);
    expect(all).toHaveLength(9);
    expect(new Set(all).size).toBe(9);
  }, 30_000);
});
