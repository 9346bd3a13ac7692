/**
 * The playground's Web Worker: runs a recipe on the wasm backend exactly as Node does
 * (`recipe.run(config, context)`), posting every progress event back. Pause, step and speed
 * live in the context's `between` hook, which the recipe awaits after each sample; stop is the
 * context's AbortSignal. The final network comes from an in-memory checkpoint store.
 */
import { getBackend, initBackend } from "../../src/index.js";
import { MemoryCheckpointStore, decodeCheckpoint, getRecipe } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/types.js";
import { BrowserDataSource } from "./data.js";
import { SNAPSHOT_NAMES, type FromWorker, type ToWorker } from "./protocol.js";

const post = (m: FromWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);

let paused = false;
let steps = 0;
let delayMs = 0;
let wake: (() => void) | null = null;
let saveWanted = false;
let abort: AbortController | null = null;
let running = false;
let lastNetwork: (() => Uint8Array | null) | null = null;
let finalNetwork: Uint8Array | null = null;
let data: BrowserDataSource | null = null;

const poke = (): void => {
  const w = wake;
  wake = null;
  w?.();
};

function sendBytes(bytes: Uint8Array | null): void {
  if (bytes === null) post({ type: "error", message: "save: this recipe has no network to save" });
  else post({ type: "saved", bytes: bytes.slice() });
}

async function between(network: () => Uint8Array | null): Promise<void> {
  lastNetwork = network;
  if (saveWanted) {
    saveWanted = false;
    sendBytes(network());
  }
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  while (paused && steps === 0 && !abort?.signal.aborted) await new Promise<void>((r) => (wake = r));
  if (steps > 0) steps--;
}

async function start(m: Extract<ToWorker, { type: "start" }>): Promise<void> {
  const backend = await initBackend("wasm");
  post({ type: "ready", backend: `${backend}/${getBackend().name}` });
  if (data?.base !== m.dataBase) data = new BrowserDataSource(m.dataBase);
  const source = data;
  const recipe = getRecipe(m.recipe);
  const config = recipe.config(m.config);
  const store = new MemoryCheckpointStore();
  abort = new AbortController();
  running = true;
  finalNetwork = null;
  const t0 = performance.now();
  const onProgress = (event: RecipeEvent): void => {
    post({ type: "event", event }, event.type === "snapshot" ? [event.data.buffer] : []);
  };
  try {
    const r = (await recipe.run(config, {
      data: source,
      checkpoint: store,
      signal: abort.signal,
      onProgress,
      between,
      ...(m.snapshotEvery > 0 ? { snapshots: { every: m.snapshotEvery, names: SNAPSHOT_NAMES } } : {}),
    })) as Record<string, unknown> & { aborted: boolean };
    const ms = performance.now() - t0;
    finalNetwork = store.bytes ? decodeCheckpoint(store.bytes).network.slice() : null;
    running = false;
    if (saveWanted) {
      saveWanted = false;
      sendBytes(finalNetwork);
    }
    post({ type: "finished", aborted: r.aborted, result: r, network: finalNetwork?.slice() ?? null, ms });
  } catch (e) {
    running = false;
    post({ type: "error", message: `${(e as Error).name}: ${(e as Error).message}` });
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>): void => {
  const m = ev.data;
  switch (m.type) {
    case "start":
      paused = false;
      steps = 0;
      delayMs = m.delayMs;
      void start(m);
      break;
    case "pause":
      paused = true;
      break;
    case "resume":
      paused = false;
      poke();
      break;
    case "step":
      paused = true;
      steps = 1;
      poke();
      break;
    case "speed":
      delayMs = m.delayMs;
      break;
    case "stop":
      abort?.abort();
      paused = false;
      poke();
      break;
    case "save":
      if (!running) sendBytes(finalNetwork);
      else if (paused && lastNetwork) sendBytes(lastNetwork());
      else saveWanted = true;
      break;
  }
};
