/**
 * The simulator in a real browser: bundles a page and a module Web Worker with esbuild
 * (platform=browser), serves them from 127.0.0.1, opens the page in headless Chromium
 * (playwright-core driving the system's chromium) and compares the seeded simulation's
 * spike counts and saved bytes, on the wasm backend, with the same simulation in Node.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { chromiumPath } from "./chromium.js";
import { simulate, type SimResult } from "./sim.js";

const here = resolve(__dirname);
let server: Server;
let browser: Browser;
let url = "";

beforeAll(async () => {
  const out = await build({
    entryPoints: { page: resolve(here, "page.ts"), worker: resolve(here, "worker.ts") },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    outdir: "/bundle",
    logLevel: "silent",
  });
  const files = new Map(out.outputFiles.map((f) => [f.path.replace(/^.*\//, "/"), f.text]));
  files.set("/index.html", `<!doctype html><meta charset="utf-8"><title>bindsnet</title><script type="module" src="./page.js"></script>`);
  server = createServer((req, res) => {
    const path = req.url === "/" ? "/index.html" : (req.url ?? "");
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": path.endsWith(".html") ? "text/html" : "text/javascript" }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox"] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

describe("headless Chromium", () => {
  it("runs the seeded simulation on the wasm backend in a Worker with Node's spikes and bytes", async () => {
    const node = await simulate();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    const got = (await page.evaluate(() => window.bindsnetTest)) as { main: SimResult; worker: SimResult };
    await page.close();
    expect(errors).toEqual([]);
    console.log(`spikes: Node ${node.spikes}, Chromium main thread ${got.main.spikes}, Chromium Worker ${got.worker.spikes} (backend ${got.worker.backend})`);

    expect(node.backend).toBe("wasm");
    expect(node.spikes).toBeGreaterThan(1000);
    for (const b of [got.main, got.worker]) {
      expect(b.backend).toBe("wasm");
      expect(b.spikes).toBe(node.spikes);
      expect(b.spikesAfterReload).toBe(node.spikesAfterReload);
      expect(b.bytesLength).toBe(node.bytesLength);
      expect(b.bytesHash).toBe(node.bytesHash);
      // no file system in a browser: save says so and names the bytes-level API
      expect(b.saveError).toMatch(/^NoFileSystemError: saveNetwork: no file system here.*serializeNetwork/);
    }
  }, 30_000);
});
