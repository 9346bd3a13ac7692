/**
 * The playground page (and, with `?dashboard` in its URL, the live dashboard of a Node run).
 *
 * Playground: a form from the chosen recipe's defaults, the run in a Web Worker (wasm
 * backend), controls (start, pause, step, reset, speed), save/load of the network as
 * .safetensors (a CLI checkpoint .bnck loads too), and the config shared by URL.
 * Dashboard: the same views fed by the server's event stream (EventSource on /events).
 */
import "uplot/dist/uPlot.min.css";
import { deserializeNetwork, initBackend, serializeNetwork } from "../../src/index.js";
import type { Network } from "../../src/network/network.js";
import { decodeCheckpoint, getRecipe } from "../../src/recipes/index.js";
import type { RecipeEvent } from "../../src/recipes/types.js";
import { eventFromJson, fnv1a, type FromWorker, type ToWorker } from "./protocol.js";
import { Views } from "./views.js";

/** The recipes offered, with the playground's smaller defaults (a browser tab, not a cluster). */
const PLAYGROUND: Record<string, { title: string; preset: Record<string, unknown>; main: string[] }> = {
  "eth-mnist": {
    title: "Diehl & Cook 2015 (MNIST, STDP)",
    preset: { nNeurons: 100, nTrain: 2000, nTest: 500, updateInterval: 100 },
    main: ["nNeurons", "time", "intensity", "thetaPlus", "nuPre", "nuPost", "exc", "inh", "seed", "nTrain", "nTest", "updateInterval"],
  },
  "two-layer": { title: "Manual: two-layer network", preset: { samples: 20 }, main: ["nSource", "nTarget", "time", "rate", "seed", "samples"] },
  "breakout-stdp": { title: "Breakout with MSTDP", preset: { nEpisodes: 20, nTest: 2 }, main: ["nEpisodes", "nTest", "nNeurons", "time", "maxSteps", "seed"] },
  reservoir: { title: "Reservoir + logistic readout (MNIST)", preset: { nNeurons: 200, nEpochs: 5, examples: 200, nTest: 200 }, main: ["nNeurons", "time", "intensity", "examples", "nTest", "nEpochs", "seed"] },
};

/** What tests (and curious users) read from the page. */
interface PlaygroundState {
  mode: "playground" | "dashboard";
  state: "idle" | "loading" | "running" | "paused" | "done" | "error";
  samples: number;
  events: number;
  accuracy: number | null;
  error: string | null;
  backend: string;
  finalHash: string | null;
  result: Record<string, unknown> | null;
  savedHash: string | null;
  saved: number;
  loadedHash: string | null;
  loadedReserializedHash: string | null;
  ms: number;
}

declare global {
  interface Window {
    __playground: PlaygroundState;
  }
}

const st: PlaygroundState = {
  mode: new URLSearchParams(location.search).has("dashboard") ? "dashboard" : "playground",
  state: "idle", samples: 0, events: 0, accuracy: null, error: null, backend: "", finalHash: null, result: null,
  savedHash: null, saved: 0, loadedHash: null, loadedReserializedHash: null, ms: 0,
};
window.__playground = st;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

document.head.append(el("style", { textContent: `
  body { font: 14px system-ui, sans-serif; background: #181a1f; color: #ddd; margin: 0; }
  header { padding: 8px 14px; background: #22252c; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
  header h1 { font-size: 16px; margin: 0 12px 0 0; }
  #form { display: flex; flex-wrap: wrap; gap: 6px; padding: 6px 14px; background: #1e2127; }
  #form label { display: flex; flex-direction: column; font-size: 11px; color: #aaa; }
  #form input, #form select { width: 84px; background: #111; color: #eee; border: 1px solid #444; }
  button { background: #345; color: #eee; border: 1px solid #567; padding: 4px 10px; cursor: pointer; }
  button:disabled { opacity: .4; cursor: default; }
  #status { padding: 6px 14px; font-family: monospace; }
  #error { color: #f77; padding: 0 14px; }
  #views { display: flex; flex-wrap: wrap; gap: 10px; padding: 10px 14px; align-items: flex-start; }
  figure.view { margin: 0; background: #111; padding: 6px; border: 1px solid #333; }
  figure.view canvas { display: block; width: auto; min-width: 110px; max-width: 330px; }
  #weights { width: 330px; height: 330px; } #input { width: 112px; height: 112px; } #frame { width: 160px; height: 160px; }
  figcaption { font-size: 11px; color: #aaa; margin-bottom: 4px; }
  .u-title { font-size: 12px !important; } .uplot { color: #ccc; }
` }));

const header = el("header", {}, el("h1", { textContent: st.mode === "dashboard" ? "bindsnet live dashboard" : "bindsnet playground" }));
const form = el("div", { id: "form" });
const status = el("div", { id: "status" });
const errorBox = el("div", { id: "error" });
const viewsRoot = el("div", { id: "views" });
document.body.append(header, form, status, errorBox, viewsRoot);
const views = new Views(viewsRoot);

let lastStatus = "";
function renderStatus(): void {
  const acc = st.accuracy === null ? "–" : `${(st.accuracy * 100).toFixed(1)}%`;
  const rate = st.ms > 0 ? ` | ${((st.samples * 1000) / st.ms).toFixed(1)} samples/s` : "";
  const text = `state: ${st.state} | samples: ${st.samples} | accuracy: ${acc}${rate}${st.backend ? ` | backend ${st.backend}` : ""}`;
  if (text !== lastStatus) {
    status.textContent = text;
    status.dataset.samples = String(st.samples);
    status.dataset.accuracy = acc;
    lastStatus = text;
  }
  errorBox.textContent = st.error ?? "";
  requestAnimationFrame(renderStatus);
}
requestAnimationFrame(renderStatus);

let runStart = 0;
function onEvent(e: RecipeEvent): void {
  st.events++;
  views.onEvent(e);
  if (e.type === "sample") {
    st.samples++;
    if (e.accuracy !== undefined) st.accuracy = e.accuracy;
    st.ms = performance.now() - runStart;
  } else if (e.type === "accuracy" && e.phase === "test" && e.scheme === "all") st.accuracy = e.value;
  else if (e.type === "start") {
    runStart = performance.now();
    if (st.state !== "paused") st.state = "running";
  } else if (e.type === "done") {
    st.state = "done";
    st.result = e.result;
  }
}

function resetRun(): void {
  views.reset();
  Object.assign(st, { samples: 0, events: 0, accuracy: null, error: null, finalHash: null, result: null, ms: 0 });
}

if (st.mode === "dashboard") {
  // ---------------------------------------------------------------- dashboard: server events
  st.state = "loading";
  const source = new EventSource("events");
  source.onmessage = (m: MessageEvent<string>) => onEvent(eventFromJson(m.data));
  source.onerror = () => {
    if (st.state !== "done") st.error = "event stream closed (the run ended or the server stopped)";
    source.close();
  };
} else {
  playground();
}

function playground(): void {
  const params = new URLSearchParams(location.search);
  const select = el("select", { id: "recipe" });
  for (const [name, p] of Object.entries(PLAYGROUND)) select.append(el("option", { value: name, textContent: p.title }));
  select.value = PLAYGROUND[params.get("recipe") ?? ""] ? params.get("recipe")! : "eth-mnist";
  const button = (id: string, text: string): HTMLButtonElement => el("button", { id, textContent: text });
  const startB = button("start", "Start");
  const pauseB = button("pause", "Pause");
  const stepB = button("step", "Step");
  const resetB = button("reset", "Reset");
  const saveB = button("save", "Save .safetensors");
  const shareB = button("share", "Share link");
  const load = el("input", { id: "load", type: "file", accept: ".safetensors,.bnck" });
  const speed = el("input", { id: "speed", type: "range", min: "0", max: "500", value: params.get("delay") ?? "0", title: "delay per sample (ms)" });
  const every = el("input", { id: "every", type: "number", min: "0", value: params.get("every") ?? "10", title: "snapshot every N samples (0: none)" });
  every.style.width = "50px";
  header.append(select, startB, pauseB, stepB, resetB, el("label", {}, " slow ", speed, " fast"), el("label", {}, " pictures every ", every), saveB, el("label", {}, " load ", load), shareB);
  speed.style.direction = "rtl";

  let worker: Worker | null = null;
  const inputs = new Map<string, HTMLInputElement>();

  const buildForm = (fromUrl: boolean): void => {
    form.replaceChildren();
    inputs.clear();
    const name = select.value;
    const r = getRecipe(name);
    const p = PLAYGROUND[name]!;
    const values: Record<string, unknown> = { ...r.defaults, ...p.preset };
    const keys = [...p.main, ...Object.keys(r.defaults).filter((k) => !p.main.includes(k))];
    for (const k of keys) {
      const d = (r.defaults as Record<string, unknown>)[k];
      if (!["number", "boolean", "string"].includes(typeof d)) continue;
      const inp = el("input", { name: k, id: `cfg-${k}` });
      if (typeof d === "boolean") {
        inp.type = "checkbox";
        inp.checked = Boolean(values[k]);
      } else inp.value = String(values[k]);
      if (fromUrl && params.has(k)) {
        if (typeof d === "boolean") inp.checked = params.get(k) === "true";
        else inp.value = params.get(k)!;
      }
      inputs.set(k, inp);
      const lab = el("label", {}, k, inp);
      if (!p.main.includes(k)) lab.style.opacity = "0.6";
      form.append(lab);
    }
  };

  /** The form as a config, checked by the recipe (a ValueError names the bad field). */
  const readConfig = (): Record<string, unknown> => {
    const r = getRecipe(select.value);
    const out: Record<string, unknown> = {};
    for (const [k, inp] of inputs) {
      const d = (r.defaults as Record<string, unknown>)[k];
      out[k] = typeof d === "boolean" ? inp.checked : typeof d === "number" ? Number(inp.value) : inp.value;
    }
    return r.config(out) as Record<string, unknown>;
  };

  const send = (m: ToWorker): void => worker?.postMessage(m);
  const delay = (): number => 500 - Number(speed.value) === 500 ? 0 : Number(speed.value);
  const sync = (): void => {
    const active = st.state === "running" || st.state === "paused" || st.state === "loading";
    startB.disabled = active;
    pauseB.disabled = !active;
    pauseB.textContent = st.state === "paused" ? "Resume" : "Pause";
    stepB.disabled = !active;
    saveB.disabled = !(active || st.finalHash !== null);
  };
  setInterval(sync, 100);

  const onWorker = (ev: MessageEvent<FromWorker>): void => {
    const m = ev.data;
    if (m.type === "event") onEvent(m.event);
    else if (m.type === "ready") st.backend = m.backend;
    else if (m.type === "finished") {
      st.state = "done";
      st.result = m.result;
      st.finalHash = m.network ? fnv1a(m.network) : null;
      st.ms = m.ms;
    } else if (m.type === "saved") {
      st.savedHash = fnv1a(m.bytes);
      st.saved++;
      const a = el("a", { href: URL.createObjectURL(new Blob([m.bytes as BlobPart], { type: "application/octet-stream" })), download: `${select.value}.safetensors` });
      document.body.append(a);
      a.click();
      a.remove();
    } else if (m.type === "error") {
      st.state = "error";
      st.error = m.message;
    }
  };

  const start = (): void => {
    let config: Record<string, unknown>;
    try {
      config = readConfig();
    } catch (e) {
      st.error = (e as Error).message;
      return;
    }
    worker?.terminate();
    resetRun();
    st.state = "loading";
    worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = onWorker;
    worker.onerror = (e) => {
      st.state = "error";
      st.error = `worker: ${e.message}`;
    };
    send({ type: "start", recipe: select.value, config, snapshotEvery: Number(every.value), delayMs: delay(), dataBase: new URL("mnist/", document.baseURI).href });
  };

  startB.onclick = start;
  pauseB.onclick = () => {
    if (st.state === "paused") {
      st.state = "running";
      send({ type: "resume" });
    } else {
      st.state = "paused";
      send({ type: "pause" });
    }
  };
  stepB.onclick = () => {
    st.state = "paused";
    send({ type: "step" });
  };
  resetB.onclick = () => {
    worker?.terminate();
    worker = null;
    resetRun();
    st.state = "idle";
  };
  speed.oninput = () => send({ type: "speed", delayMs: delay() });
  saveB.onclick = () => send({ type: "save" });
  select.onchange = () => buildForm(false);
  shareB.onclick = () => {
    try {
      const c = readConfig();
      const r = getRecipe(select.value);
      const q = new URLSearchParams({ recipe: select.value });
      for (const [k, v] of Object.entries(c)) if (v !== (r.defaults as Record<string, unknown>)[k]) q.set(k, String(v));
      history.replaceState(null, "", `?${q}`);
      void navigator.clipboard?.writeText(location.href).catch(() => undefined);
      st.error = null;
    } catch (e) {
      st.error = (e as Error).message;
    }
  };
  load.onchange = async () => {
    const f = load.files?.[0];
    if (!f) return;
    try {
      let bytes = new Uint8Array(await f.arrayBuffer());
      st.loadedHash = fnv1a(bytes);
      if (new TextDecoder().decode(bytes.subarray(0, 8)) === "BNRCKPT1") bytes = decodeCheckpoint(bytes).network.slice();
      await initBackend("wasm");
      // the file's global generator too, so the network saves back to the same bytes
      const net = deserializeNetwork<Network>(bytes, { restoreRng: true });
      st.loadedReserializedHash = fnv1a(serializeNetwork(net));
      showNetwork(net);
      st.error = null;
    } catch (e) {
      st.error = `load ${f.name}: ${(e as Error).message}`;
    }
  };

  /** Draws a loaded network's input weights and thresholds. */
  const showNetwork = (net: Network): void => {
    const name = select.value;
    for (const [, conn] of net.connections.entries()) {
      const w = (conn as { w?: { shape: readonly number[]; toFlatArray(): number[] } }).w;
      if (w && w.shape.length === 2 && Math.sqrt(w.shape[0]!) % 1 === 0) {
        views.show({ type: "snapshot", recipe: name, name: "weights", shape: [...w.shape], data: Float32Array.from(w.toFlatArray()) });
        break;
      }
    }
    for (const layer of Object.values(net.layers)) {
      const theta = (layer as { theta?: { toFlatArray(): number[] } }).theta;
      if (theta) views.show({ type: "snapshot", recipe: name, name: "thresholds", shape: [], data: Float32Array.from(theta.toFlatArray()) });
    }
  };

  buildForm(true);
  if (params.get("autostart") === "1") start();
}
