/** Web Worker of the browser test: runs the simulation and posts its result. */
import { simulate } from "./sim.js";

simulate({ trySave: true }).then(
  (r) => postMessage({ ok: true, result: r }),
  (e: unknown) => postMessage({ ok: false, error: String((e as Error)?.stack ?? e) }),
);
