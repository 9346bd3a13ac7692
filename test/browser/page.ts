/** The browser test's page: the simulation on the main thread and in a module Web Worker. */
import { simulate } from "./sim.js";

declare global {
  interface Window {
    bindsnetTest?: Promise<unknown>;
  }
}

window.bindsnetTest = (async () => {
  const main = await simulate({ trySave: true });
  const worker = await new Promise((resolve, reject) => {
    const w = new Worker("./worker.js", { type: "module" });
    w.onmessage = (ev: MessageEvent<{ ok: boolean; result?: unknown; error?: string }>) => (ev.data.ok ? resolve(ev.data.result) : reject(new Error(ev.data.error)));
    w.onerror = (ev) => reject(new Error(`worker error: ${ev.message}`));
  });
  return { main, worker, workerIsWorker: true };
})();
