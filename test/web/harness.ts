/**
 * The playground as a user hosts it: `vite build` of web/ into a temp folder (MNIST copied
 * in by the config's plugin), served by a plain node:http static server on 127.0.0.1, and
 * headless Chromium (playwright-core driving the system's chromium) to open it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createReadStream, existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { chromiumPath } from "../browser/chromium.js";

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

/** Builds web/ with Vite into a fresh folder and returns it. */
export async function buildPlayground(): Promise<string> {
  const { build } = await import("vite");
  const outDir = mkdtempSync(join(tmpdir(), "bindsnet-web-"));
  await build({ configFile: resolve("web/vite.config.ts"), root: resolve("web"), logLevel: "silent", build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Serves `dir` on 127.0.0.1 (any free port). */
export async function serveStatic(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = normalize(join(dir, path === "/" ? "index.html" : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox"] });
}

/** FNV-1a of bytes (the page's fnv1a). */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
