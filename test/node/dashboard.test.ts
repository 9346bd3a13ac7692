/**
 * The dashboard server without a browser: it binds 127.0.0.1, serves the page, streams events
 * as SSE (snapshots as base64 float32), replays what a late page missed, and refuses bad ports.
 */
import { afterEach, describe, expect, it } from "vitest";
import { eventJson, startDashboard, type Dashboard } from "../../src/node/dashboard.js";
import type { RecipeEvent } from "../../src/recipes/types.js";
import { eventFromJson } from "../../web/src/protocol.js";

let dash: Dashboard | null = null;
afterEach(async () => {
  await dash?.close();
  dash = null;
});

/** Reads SSE messages from `url` until `n` arrived. */
async function readEvents(url: string, n: number): Promise<RecipeEvent[]> {
  const res = await fetch(url);
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  const reader = res.body!.getReader();
  let text = "";
  const out: RecipeEvent[] = [];
  while (out.length < n) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    let i: number;
    while ((i = text.indexOf("\n\n")) >= 0) {
      const msg = text.slice(0, i);
      text = text.slice(i + 2);
      if (msg.startsWith("data: ")) out.push(eventFromJson(msg.slice(6)));
    }
  }
  await reader.cancel();
  return out;
}

const sample = (index: number): RecipeEvent => ({ type: "sample", recipe: "eth-mnist", phase: "train", index, total: 3, spikes: index * 2 });

describe("startDashboard", () => {
  it("binds 127.0.0.1, serves the page and replays events (snapshots: the latest) to a late page", async () => {
    dash = await startDashboard({ port: 0 });
    expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?dashboard$/);
    const base = dash.url.replace("?dashboard", "");
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<script type="module"/);
    expect((await fetch(`${base}nope.js`)).status).toBe(404);

    dash.send(sample(1));
    dash.send({ type: "snapshot", recipe: "eth-mnist", name: "thresholds", shape: [3], data: Float32Array.of(1, 2, 3) });
    dash.send({ type: "snapshot", recipe: "eth-mnist", name: "thresholds", shape: [3], data: Float32Array.of(0.5, -1.25, 1e-7) });
    dash.send(sample(2));
    const got = await readEvents(`${base}events`, 3);
    expect(got.map((e) => e.type)).toEqual(["sample", "sample", "snapshot"]);
    expect(got.slice(0, 2).map((e) => (e as { index: number }).index)).toEqual([1, 2]);
    const snap = got[2] as Extract<RecipeEvent, { type: "snapshot" }>;
    expect(Array.from(snap.data)).toEqual(Array.from(Float32Array.of(0.5, -1.25, 1e-7)));
  });

  it("streams events sent while a page is connected", async () => {
    dash = await startDashboard();
    const base = dash.url.replace("?dashboard", "");
    const reading = readEvents(`${base}events`, 2);
    while (dash.clients === 0) await new Promise((r) => setTimeout(r, 10));
    dash.send(sample(1));
    dash.send({ type: "done", recipe: "eth-mnist", result: { x: 1 }, aborted: false });
    const got = await reading;
    expect(got[1]).toEqual({ type: "done", recipe: "eth-mnist", result: { x: 1 }, aborted: false });
  });

  it("writes a snapshot's floats as base64 of their bytes and refuses a bad port", async () => {
    const j = JSON.parse(eventJson({ type: "snapshot", recipe: "r", name: "input", shape: [1], data: Float32Array.of(1) })) as { data: { f32: string } };
    expect(j.data.f32).toBe(Buffer.from(Float32Array.of(1).buffer).toString("base64"));
    await expect(startDashboard({ port: 70000 })).rejects.toThrow(/startDashboard: port is 70000, expected an integer in 0\.\.65535/);
  });
});
