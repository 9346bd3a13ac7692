/**
 * Sweeps across machines, for real: a redis-server on a free port (no persistence, temp dir),
 * two `bindsnet worker` child processes, one of them killed with SIGKILL in the middle of a
 * trial. Every trial must complete exactly once, with the results of a local run.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { parseResults } from "../../src/sweep/table.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "bindsnet-queue-"));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" }, () => c.write("PING\r\n"));
    c.once("data", (d) => {
      c.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
    c.once("error", () => resolve(false));
  });
}

/** A child `bindsnet worker` with its stdout lines. */
interface WorkerProc {
  proc: ChildProcess;
  lines: string[];
  waitFor(re: RegExp): Promise<string>;
}

function startWorker(url: string): WorkerProc {
  const proc = spawn(process.execPath, ["--import", "tsx", "src/cli/index.ts", "worker", "--queue", url, "--workers", "1", "--lock-ms", "2000", "--stalled-ms", "1000"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buf = "";
  let err = "";
  proc.stderr!.on("data", (d) => (err += d));
  proc.stdout!.on("data", (d) => {
    buf += d;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (!w.re.test(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    proc,
    lines,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const hit = lines.find((l) => re.test(l));
        if (hit !== undefined) return resolve(hit);
        waiters.push({ re, resolve });
        proc.once("exit", (code) => reject(new Error(`worker exited (${code}) before ${re}: ${err.slice(-500)}`)));
      }),
  };
}

const collect = () => {
  const out: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: { write: (s: string) => out.push(s) } }, out };
};

const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;

describe.skipIf(!hasRedis && process.env.CI === undefined)("bindsnet sweep --queue with bindsnet worker processes", () => {
  let redis: ChildProcess;
  let url = "";
  const workers: WorkerProc[] = [];

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
    url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !(await ping(port)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await ping(port)).toBe(true);
  });

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill("SIGKILL");
    redis?.kill("SIGTERM");
    await new Promise((r) => (redis?.exitCode !== null ? r(null) : redis.once("exit", r)));
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs every trial exactly once, with a local run's results, when a worker dies mid-trial", async () => {
    const sweep = {
      recipe: "two-layer",
      base: { time: 400, nSource: 100, samples: 4 },
      grid: { nTarget: [100, 150, 200], rate: [0.05, 0.1] },
      seeds: [0, 1],
      metric: "total.B",
      retries: 1,
    };
    const file = join(dir, "sweep.json");
    writeFileSync(file, JSON.stringify(sweep));
    workers.push(startWorker(url), startWorker(url));
    await Promise.all(workers.map((w) => w.waitFor(/^ready /)));
    const [w1, w2] = workers as [WorkerProc, WorkerProc];

    const q = collect();
    const queued = main(["sweep", file, "--queue", url, "--poll-ms", "200", "--out", join(dir, "queued")], q.io);
    // kill worker 1 while it is inside its second trial
    const victim = await new Promise<string>((resolve) => {
      const check = (): void => {
        const starts = w1.lines.filter((l) => l.startsWith("start "));
        if (starts.length >= 2) resolve(starts[1]!.split(" ")[1]!);
        else setTimeout(check, 5);
      };
      check();
    });
    w1.proc.kill("SIGKILL");
    await new Promise((r) => w1.proc.once("exit", r));
    expect(w1.lines.some((l) => l.startsWith(`done ${victim}`))).toBe(false);

    expect(await queued).toBe(0);
    const recs = parseResults(readFileSync(join(dir, "queued", "results.jsonl"), "utf8"));
    const lines = readFileSync(join(dir, "queued", "results.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(12);
    expect(recs.size).toBe(12);
    // the killed trial ran again on worker 2
    expect(recs.get(victim)!.worker).toBe(`${recs.get(victim)!.worker!.split(":")[0]}:${w2.proc.pid}`);
    // each trial finished exactly once over both workers
    const done = [...w1.lines, ...w2.lines].filter((l) => l.startsWith("done ")).map((l) => l.split(" ")[1]!);
    expect(done.sort()).toEqual([...recs.keys()].sort());

    // the same sweep, locally
    const l = collect();
    expect(await main(["sweep", file, "--workers", "2", "--out", join(dir, "local")], l.io)).toBe(0);
    const local = parseResults(readFileSync(join(dir, "local", "results.jsonl"), "utf8"));
    expect([...local.keys()].sort()).toEqual([...recs.keys()].sort());
    for (const [id, r] of recs) {
      expect(r.status).toBe("ok");
      expect(r.metrics).toEqual(local.get(id)!.metrics);
      expect(r.params).toEqual(local.get(id)!.params);
      // the final network came back through Redis with the same bytes
      expect(r.network).toBe(`networks/${id}.safetensors`);
      expect(Buffer.compare(readFileSync(join(dir, "queued", r.network!)), readFileSync(join(dir, "local", local.get(id)!.network!)))).toBe(0);
    }

    // queueing the sweep again (new folder) adds nothing: the finished jobs' results come back
    const w2Done = w2.lines.filter((x) => x.startsWith("done ")).length;
    const again = collect();
    expect(await main(["sweep", file, "--queue", url, "--poll-ms", "200", "--out", join(dir, "again")], again.io)).toBe(0);
    expect([...parseResults(readFileSync(join(dir, "again", "results.jsonl"), "utf8")).keys()].sort()).toEqual([...recs.keys()].sort());
    expect(again.out.join("\n")).toMatch(/0 failed/);
    await new Promise((r) => setTimeout(r, 300));
    expect(w2.lines.filter((x) => x.startsWith("start ") || x.startsWith("done ")).length).toBe(2 * w2Done);

    // a clean stop
    w2.proc.kill("SIGTERM");
    const code = await new Promise((r) => w2.proc.once("exit", r));
    expect(code).toBe(0);
    expect(w2.lines.at(-1)).toMatch(/^stopped after \d+ trials$/);
  }, 150_000);
});
