/**
 * The live dashboard of a Node run (`bindsnet <example> --dashboard [port]`): a small
 * node:http server on 127.0.0.1 that serves the playground's page in dashboard mode and
 * streams the running recipe's progress events to it as server-sent events (GET /events).
 *
 * The page is web/dist when it was built (`npm run build:web`), else web/src bundled now with
 * esbuild (a devDependency; about a second). A page that connects late first receives what it
 * missed: every event but snapshots (the last 20,000), then the latest snapshot of each name.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { ValueError } from "../errors.js";
import type { RecipeEvent } from "../recipes/types.js";

/** Snapshots a dashboard asks the recipe for. */
export const DASHBOARD_SNAPSHOTS = ["weights", "input", "spikes", "voltages", "thresholds", "frame"];

/** Events kept for a page that connects late (snapshots: only the latest of each name). */
const REPLAY = 20_000;

export interface DashboardOptions {
  /** Port (0: any free port). */
  port?: number;
  /** Interface to bind (default 127.0.0.1: only this machine). */
  host?: string;
  /** The web app's folder (default: the package's web/). */
  webDir?: string;
}

export interface Dashboard {
  /** The page's address (dashboard mode). */
  readonly url: string;
  /** Pages connected now. */
  readonly clients: number;
  /** Streams one event to every page (and keeps it for later ones). */
  send(event: RecipeEvent): void;
  /** Ends the streams and stops the server. */
  close(): Promise<void>;
}

/** One event as the JSON of an SSE message (a snapshot's floats as base64 little-endian bytes). */
export function eventJson(e: RecipeEvent): string {
  if (e.type !== "snapshot") return JSON.stringify(e);
  const b = Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
  return JSON.stringify({ ...e, data: { f32: b.toString("base64") } });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml",
};

/** The page's files: web/dist as built, or web/src bundled with esbuild now. */
async function pageFiles(webDir: string): Promise<(path: string) => { body: Buffer | string; type: string } | null> {
  const dist = join(webDir, "dist");
  if (existsSync(join(dist, "index.html"))) {
    return (path) => {
      const file = normalize(join(dist, path === "/" ? "index.html" : path));
      if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return null;
      return { body: readFileSync(file), type: TYPES[extname(file)] ?? "application/octet-stream" };
    };
  }
  const entry = join(webDir, "src", "main.ts");
  if (!existsSync(entry)) throw new ValueError(`startDashboard: webDir ${webDir} holds neither dist/index.html nor src/main.ts, expected the bindsnet web app`);
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new ValueError(`startDashboard: web/dist is not built and esbuild is not installed; expected \`npm run build:web\` or esbuild`);
  }
  const out = await esbuild.build({ entryPoints: { main: entry }, bundle: true, platform: "browser", format: "esm", write: false, outdir: "/page", logLevel: "silent", loader: { ".css": "css" } });
  const files = new Map<string, string>(out.outputFiles.map((f) => [f.path.replace(/^.*\//, "/"), f.text]));
  files.set("/index.html", `<!doctype html><html lang="en"><meta charset="utf-8"><title>bindsnet dashboard</title><link rel="stylesheet" href="./main.css"><body><script type="module" src="./main.js"></script></body></html>`);
  return (path) => {
    const key = path === "/" ? "/index.html" : path;
    const body = files.get(key);
    return body === undefined ? null : { body, type: TYPES[extname(key)] ?? "text/plain" };
  };
}

/** Starts the dashboard server; resolves once it listens. */
export async function startDashboard(opts: DashboardOptions = {}): Promise<Dashboard> {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValueError(`startDashboard: port is ${port}, expected an integer in 0..65535`);
  const host = opts.host ?? "127.0.0.1";
  const webDir = opts.webDir ?? fileURLToPath(new URL("../../web/", import.meta.url));
  const files = await pageFiles(webDir);
  const clients = new Set<ServerResponse>();
  const replay: string[] = [];
  const snapshots = new Map<string, string>();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      for (const m of replay) res.write(`data: ${m}\n\n`);
      for (const m of snapshots.values()) res.write(`data: ${m}\n\n`);
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    const f = req.method === "GET" ? files(path) : null;
    if (f === null) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": f.type, "cache-control": "no-store" }).end(f.body);
  };
  const server: Server = createServer(handle);
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok());
  });
  const addr = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${addr.port}/?dashboard`,
    get clients() {
      return clients.size;
    },
    send(event) {
      const m = eventJson(event);
      if (event.type === "snapshot") snapshots.set(event.name, m);
      else {
        replay.push(m);
        if (replay.length > REPLAY) replay.splice(0, replay.length - REPLAY);
      }
      for (const c of clients) c.write(`data: ${m}\n\n`);
    },
    close() {
      for (const c of clients) c.end();
      clients.clear();
      return new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}
