/**
 * Acceptance tests of the playground and the live dashboard in headless Chromium: a Worker
 * trains Diehl & Cook and the weight grid changes while accuracy shows; pause, step, resume,
 * save and load give back the same network bytes; a Worker run equals the Node run bit for bit;
 * a CLI run's `--dashboard` page receives its events. BINDSNET_SCREENSHOTS=1 also writes the
 * screenshots of docs/img/.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { initBackend } from "../../src/backend/index.js";
import { deserializeNetwork, serializeNetwork } from "../../src/index.js";
import type { Network } from "../../src/network/network.js";
import { NodeDataSource } from "../../src/node/data-source.js";
import { MemoryCheckpointStore, decodeCheckpoint, ethMnist } from "../../src/recipes/index.js";
import { tinyMnist } from "../examples/tiny-mnist.js";
import { buildPlayground, fnv1a, launch, serveStatic } from "./harness.js";

let dir = "";
let server: Server;
let url = "";
let browser: Browser;
const SHOTS = process.env.BINDSNET_SCREENSHOTS === "1";

beforeAll(async () => {
  dir = await buildPlayground();
  ({ url, server } = await serveStatic(dir));
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type State = { state: string; samples: number; accuracy: number | null; error: string | null; finalHash: string | null; savedHash: string | null; saved: number; loadedHash: string | null; loadedReserializedHash: string | null; result: Record<string, unknown> | null; backend: string };
const state = (page: Page): Promise<State> => page.evaluate(() => window.__playground as unknown as State);

async function until(page: Page, cond: (s: State) => boolean, ms = 30_000): Promise<State> {
  const t0 = Date.now();
  for (;;) {
    const s = await state(page);
    if (s.error) throw new Error(`page error: ${s.error}`);
    if (cond(s)) return s;
    if (Date.now() - t0 > ms) throw new Error(`timed out; page state ${JSON.stringify({ ...s, result: undefined })}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Hash of the weight canvas's pixels and how many are not black. */
const weightPixels = (page: Page): Promise<{ hash: number; lit: number; w: number }> =>
  page.evaluate(() => {
    const c = document.getElementById("weights") as HTMLCanvasElement;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5;
    let lit = 0;
    for (let i = 0; i < d.length; i += 4) {
      h = Math.imul(h ^ d[i]! ^ (d[i + 1]! << 8) ^ (d[i + 2]! << 16), 0x01000193) >>> 0;
      if (d[i]! + d[i + 1]! + d[i + 2]! > 0) lit++;
    }
    return { hash: h, lit, w: c.width };
  });

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on("pageerror", (e) => console.error("page error:", e.message));
  return page;
}

describe("playground (Vite build, headless Chromium, Worker on wasm)", () => {
  it("trains Diehl & Cook on 300 digits: the weight grid changes as it learns and accuracy is shown", async () => {
    const page = await newPage();
    await page.goto(`${url}?recipe=eth-mnist&nNeurons=16&time=50&nTrain=300&nTest=50&updateInterval=50&every=10&autostart=1`);
    await until(page, (s) => s.samples >= 10);
    await page.waitForTimeout(100);
    const first = await weightPixels(page);
    const s = await until(page, (x) => x.state === "done", 45_000);
    await page.waitForTimeout(100);
    const last = await weightPixels(page);
    expect(s.backend).toMatch(/wasm/);
    expect(s.samples).toBe(350);
    // 16 filters of 28×28 in a 4×4 grid with 1-pixel gaps
    expect(first.w).toBe(4 * 29 + 1);
    expect(last.lit).toBeGreaterThan(16 * 28 * 28 * 0.5);
    expect(last.hash).not.toBe(first.hash);
    expect(s.accuracy).not.toBeNull();
    expect(s.accuracy!).toBeGreaterThanOrEqual(0);
    expect(s.accuracy!).toBeLessThanOrEqual(1);
    expect((s.result!.testAccuracy as { all: number }).all).toBeCloseTo(s.accuracy!, 10);
    const shown = await page.locator("#status").getAttribute("data-accuracy");
    expect(shown).toBe(`${(s.accuracy! * 100).toFixed(1)}%`);
    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    if (SHOTS) {
      mkdirSync("docs/img", { recursive: true });
      writeFileSync("docs/img/playground.png", png);
    }
    await page.close();
  }, 60_000);

  it("pauses, steps one sample, resumes, saves .safetensors and loads it back to the same bytes", async () => {
    const page = await newPage();
    await page.goto(`${url}?recipe=eth-mnist&nNeurons=16&time=50&nTrain=5000&nTest=0&every=5&autostart=1`);
    await until(page, (s) => s.samples >= 15);
    await page.click("#pause");
    await page.waitForTimeout(300);
    const s1 = (await state(page)).samples;
    await page.waitForTimeout(400);
    expect((await state(page)).samples).toBe(s1);
    await page.click("#step");
    await until(page, (s) => s.samples === s1 + 1, 5_000);
    await page.waitForTimeout(300);
    expect((await state(page)).samples).toBe(s1 + 1);

    const download = page.waitForEvent("download");
    await page.click("#save");
    const file = await (await download).path();
    const bytes = new Uint8Array(readFileSync(file));
    const after = await state(page);
    expect(after.saved).toBe(1);
    expect(after.savedHash).toBe(fnv1a(bytes));
    expect(after.samples).toBe(s1 + 1); // saving did not advance the run

    await page.click("#pause"); // resume
    await until(page, (s) => s.samples >= s1 + 10, 10_000);

    await page.setInputFiles("#load", file);
    const loaded = await until(page, (s) => s.loadedReserializedHash !== null, 10_000);
    expect(loaded.loadedHash).toBe(fnv1a(bytes));
    expect(loaded.loadedReserializedHash).toBe(fnv1a(bytes));
    // and Node reads the same file to the same bytes
    await initBackend("wasm");
    expect(fnv1a(serializeNetwork(deserializeNetwork<Network>(bytes, { restoreRng: true })))).toBe(fnv1a(bytes));
    await page.click("#reset");
    await page.close();
  }, 60_000);

  it("plays Breakout with MSTDP in the Worker: the game frame is drawn and episodes reach the reward curve", async () => {
    const page = await newPage();
    await page.goto(`${url}?recipe=breakout-stdp&nEpisodes=2&nTest=0&maxSteps=150&every=5&autostart=1`);
    const s = await until(page, (x) => x.state === "done", 45_000);
    const frame = await page.evaluate(() => {
      const c = document.getElementById("frame") as HTMLCanvasElement;
      const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! > 0) lit++;
      return { w: c.width, h: c.height, lit, shown: getComputedStyle(c.parentElement!).display !== "none" };
    });
    if (SHOTS) writeFileSync("docs/img/playground-breakout.png", await page.screenshot({ fullPage: true }));
    const rewardShown = await page.evaluate(() => Array.from(document.querySelectorAll(".u-title")).some((t) => t.textContent === "Reward per episode" && getComputedStyle(t.closest("figure")!).display !== "none"));
    await page.close();
    expect(frame).toMatchObject({ w: 80, h: 80, shown: true });
    // bricks, walls and paddle: a few hundred white pixels of 6,400
    expect(frame.lit).toBeGreaterThan(100);
    expect(frame.lit).toBeLessThan(6400);
    expect(rewardShown).toBe(true);
    expect((s.result as { train: unknown[] }).train).toHaveLength(2);
  }, 60_000);

  it("a Worker run equals the Node run bit for bit (same seed and config)", async () => {
    const config = { seed: 7, nNeurons: 16, time: 50, nTrain: 60, nTest: 20, updateInterval: 20 };
    await initBackend("wasm");
    const store = new MemoryCheckpointStore();
    const node = await ethMnist.run(ethMnist.config(config), { data: new NodeDataSource(), checkpoint: store });
    const nodeHash = fnv1a(decodeCheckpoint(store.bytes!).network);

    const page = await newPage();
    const q = new URLSearchParams(Object.entries(config).map(([k, v]) => [k, String(v)]));
    await page.goto(`${url}?recipe=eth-mnist&${q}&every=10&autostart=1`);
    const s = await until(page, (x) => x.state === "done" && x.finalHash !== null, 45_000);
    await page.close();
    expect(s.finalHash).toBe(nodeHash);
    const r = s.result as unknown as typeof node;
    expect(r.assignments).toEqual(node.assignments);
    expect(r.trainAccuracy).toEqual(node.trainAccuracy);
    expect(r.testAccuracy).toEqual(node.testAccuracy);
  }, 60_000);
});

describe("live dashboard of a CLI run (--dashboard)", () => {
  it("streams the run's events to the page over SSE", async () => {
    const data = tinyMnist(200, 10);
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/index.ts", "eth-mnist", "--data-dir", data, "--n-train", "200", "--n-test", "10", "--time", "50", "--n-neurons", "16", "--update-interval", "50", "--no-checkpoint", "--dashboard", "--dashboard-wait"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((ok) => child.on("close", (code) => ok(code)));
    try {
      const t0 = Date.now();
      while (!/Dashboard: (http:\S+)/.test(out)) {
        if (Date.now() - t0 > 30_000) throw new Error(`no dashboard URL; output: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const dash = /Dashboard: (http:\S+)/.exec(out)![1]!;
      expect(dash).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?dashboard$/);
      const page = await newPage();
      await page.goto(dash);
      const s = await until(page, (x) => x.state === "done", 45_000);
      expect(s.samples).toBe(210);
      const counted = await page.evaluate(() => (window.__playground as unknown as { events: number }).events);
      expect(counted).toBeGreaterThan(210);
      await page.waitForTimeout(100);
      const w = await weightPixels(page);
      expect(w.w).toBe(4 * 29 + 1);
      expect(w.lit).toBeGreaterThan(1000);
      const png = await page.screenshot({ fullPage: true });
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      if (SHOTS) writeFileSync("docs/img/dashboard.png", png);
      await page.close();
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBeDefined();
    expect(out).toMatch(/stays at .* until Ctrl-C/);
  }, 60_000);
});
