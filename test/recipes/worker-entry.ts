/**
 * A worker that runs one recipe: the parent posts { type: "run", name, config, checkpoint }
 * and later, maybe, { type: "abort" }; the worker posts every event, every checkpoint blob
 * ({ type: "saved", bytes }) and finally { type: "result", result } or { type: "error" }.
 */
import { parentPort } from "node:worker_threads";
import { NodeDataSource } from "../../src/node/data-source.js";
import { getRecipe } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/index.js";

const port = parentPort!;
const ac = new AbortController();
port.on("message", (m: { type: string; name?: string; config?: object; checkpoint?: Uint8Array | null; dataDir?: string; every?: number }) => {
  if (m.type === "abort") ac.abort();
  if (m.type !== "run") return;
  const recipe = getRecipe(m.name!);
  let stored = m.checkpoint ?? null;
  recipe
    .run(recipe.config(m.config), {
      signal: ac.signal,
      data: new NodeDataSource(m.dataDir ?? null),
      checkpointEvery: m.every ?? 0,
      checkpoint: {
        load: () => Promise.resolve(stored),
        save: (bytes) => {
          stored = bytes.slice();
          port.postMessage({ type: "saved", bytes: stored });
          return Promise.resolve();
        },
      },
      onProgress: (e: RecipeEvent) => port.postMessage({ type: "event", event: e }),
    })
    .then((result) => port.postMessage({ type: "result", result }))
    .catch((e: Error) => port.postMessage({ type: "error", message: e.message }));
});
