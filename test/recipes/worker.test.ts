/** A recipe in a worker_threads Worker, aborted by a message: it leaves a checkpoint that resumes to the uninterrupted network. */
import { Worker } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeCheckpoint } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/index.js";
import { tinyMnist } from "../examples/tiny-mnist.js";
import { bundle } from "../cli/bundle.js";

let data = "";
let entry = "";
beforeAll(async () => {
  data = tinyMnist(1000, 4);
  entry = await bundle("test/recipes/worker-entry.ts");
}, 60_000);

interface Outcome {
  result: { aborted: boolean; samples?: { train: number } };
  saved: Uint8Array | null;
  events: RecipeEvent[];
}

/** Runs `name` in a worker; `abortAt(e)` true posts the abort message. */
function inWorker(name: string, config: object, checkpoint: Uint8Array | null, abortAt?: (e: RecipeEvent) => boolean): Promise<Outcome> {
  const w = new Worker(entry);
  const events: RecipeEvent[] = [];
  let saved: Uint8Array | null = null;
  let sent = false;
  return new Promise<Outcome>((resolve, reject) => {
    w.on("message", (m: { type: string; event?: RecipeEvent; bytes?: Uint8Array; result?: Outcome["result"]; message?: string }) => {
      if (m.type === "event") {
        events.push(m.event!);
        if (!sent && abortAt?.(m.event!)) {
          sent = true;
          w.postMessage({ type: "abort" });
        }
      } else if (m.type === "saved") saved = m.bytes!;
      else if (m.type === "result") {
        void w.terminate();
        resolve({ result: m.result!, saved, events });
      } else if (m.type === "error") {
        void w.terminate();
        reject(new Error(m.message));
      }
    });
    w.on("error", reject);
    w.postMessage({ type: "run", name, config, checkpoint, dataDir: data });
  });
}

describe("a recipe in a worker thread", () => {
  it("stops on an abort message with a checkpoint; resuming it ends with the uninterrupted network bytes", async () => {
    // the abort is sent on the first sample event and seen when the recipe yields (every ~50 ms
    // of work); enough training samples (about a second of work) that it lands in the training phase even when
    // this thread answers late under load
    const config = { nTrain: 1000, nTest: 4, time: 100, nNeurons: 50, updateInterval: 50 };
    const full = await inWorker("eth-mnist", config, null);
    expect(full.result.aborted).toBe(false);
    const part = await inWorker("eth-mnist", config, null, (e) => e.type === "sample");
    expect(part.result.aborted).toBe(true);
    const ck = decodeCheckpoint<{ phase: string; index: number }>(part.saved!);
    // the abort is seen at a sample boundary soon after the message
    expect(ck.header.state.phase).toBe("train");
    expect(ck.header.state.index).toBeGreaterThanOrEqual(1);
    expect(ck.header.state.index).toBeLessThan(1000);
    const rest = await inWorker("eth-mnist", config, part.saved);
    expect(rest.result.aborted).toBe(false);
    expect(rest.events[0]).toMatchObject({ type: "start", resumed: true });
    expect(decodeCheckpoint(rest.saved!).network).toEqual(decodeCheckpoint(full.saved!).network);
  }, 60_000);
});
