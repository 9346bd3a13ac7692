/**
 * Loading of the shared parity scenarios: `<dir>/<scenario>/manifest.json` describes one run
 * of the reference implementation and `trace.json` holds every array it recorded as nested
 * lists (format: the parity README). Arrays are kept as flat typed arrays plus a shape.
 */
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ValueError, ShapeError } from "../../src/errors.js";

/** dtypes that occur in the traces. */
export type TraceDType = "uint8" | "float32" | "int64" | "float64" | "bool";

/** One recorded array: row-major data and its shape. */
export interface NdArray {
  shape: number[];
  dtype: TraceDType;
  data: Float32Array | Float64Array | Uint8Array;
}

/** One `runs` entry of a multi-run scenario. */
export interface RunCall {
  start: number;
  steps: number;
  resetBefore: boolean;
}

/** The parts of manifest.json the runner uses (everything else is kept in `raw`). */
export interface Manifest {
  scenario: string;
  seed: number;
  T: number;
  dt: number;
  batchSize: number;
  batchAxisKept: boolean;
  oneStep: boolean;
  learning: boolean;
  params: Record<string, unknown>;
  layers: Record<string, string>;
  shapes: Record<string, number[]>;
  connections: Record<string, string>;
  updateRules: Record<string, string>;
  staticConnections: string[];
  runs: RunCall[] | null;
  arrays: Record<string, { shape: number[]; dtype: TraceDType }>;
  raw: Record<string, unknown>;
}

/** A scenario folder, loaded. */
export interface Scenario {
  name: string;
  dir: string;
  manifest: Manifest;
  arrays: Record<string, NdArray>;
}

function asRecord(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new ValueError(`loadManifest: ${what} expected an object, got ${JSON.stringify(v)}`);
  }
  return v as Record<string, unknown>;
}

/** Parses a manifest object (already JSON-decoded). */
export function parseManifest(raw: unknown, where = "manifest"): Manifest {
  const m = asRecord(raw, where);
  const need = (k: string): unknown => {
    if (!(k in m)) throw new ValueError(`loadManifest: ${where} lacks "${k}", expected it to be present`);
    return m[k];
  };
  const T = need("T");
  if (typeof T !== "number" || !Number.isInteger(T) || T < 1) {
    throw new ValueError(`loadManifest: ${where} T expected a positive integer, got ${JSON.stringify(T)}`);
  }
  const runsRaw = m.runs;
  let runs: RunCall[] | null = null;
  if (Array.isArray(runsRaw)) {
    runs = runsRaw.map((r, i) => {
      const o = asRecord(r, `${where} runs[${i}]`);
      return { start: Number(o.start), steps: Number(o.steps), resetBefore: Boolean(o.reset_before) };
    });
  }
  const arrays: Manifest["arrays"] = {};
  for (const [k, v] of Object.entries(asRecord(need("arrays"), `${where} arrays`))) {
    const o = asRecord(v, `${where} arrays.${k}`);
    arrays[k] = { shape: (o.shape as number[]).slice(), dtype: o.dtype as TraceDType };
  }
  return {
    scenario: String(need("scenario")),
    seed: Number(m.seed ?? 0),
    T,
    dt: Number(m.dt ?? 1),
    batchSize: Number(m.batch_size ?? 1),
    batchAxisKept: Boolean(m.batch_axis_kept ?? false),
    oneStep: Boolean(m.one_step ?? false),
    learning: m.learning === undefined ? true : Boolean(m.learning),
    params: asRecord(m.params ?? {}, `${where} params`),
    layers: asRecord(m.layers ?? {}, `${where} layers`) as Record<string, string>,
    shapes: asRecord(m.shapes ?? {}, `${where} shapes`) as Record<string, number[]>,
    connections: asRecord(m.connections ?? {}, `${where} connections`) as Record<string, string>,
    updateRules: asRecord(m.update_rules ?? {}, `${where} update_rules`) as Record<string, string>,
    staticConnections: Array.isArray(m.static_connections) ? (m.static_connections as string[]) : [],
    runs,
    arrays,
    raw: m,
  };
}

function allocFor(dtype: TraceDType, n: number): NdArray["data"] {
  if (dtype === "uint8" || dtype === "bool") return new Uint8Array(n);
  if (dtype === "float32") return new Float32Array(n);
  return new Float64Array(n);
}

/**
 * Converts nested lists to a flat typed array, checking that they form the given shape.
 * Values are stored in the dtype's array (float32 rounding of a float32 value is exact).
 */
export function fromNested(nested: unknown, shape: readonly number[], dtype: TraceDType, name = "array"): NdArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = allocFor(dtype, n);
  let k = 0;
  const walk = (v: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v === "number") data[k++] = v;
      else if (typeof v === "boolean") data[k++] = v ? 1 : 0;
      else if (v === null) data[k++] = NaN; // JSON has no NaN; a null stands for it
      else throw new ShapeError(`fromNested: ${name} element at flat index ${k} expected a number, got ${JSON.stringify(v)}`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      const got = Array.isArray(v) ? `length ${v.length}` : JSON.stringify(v)?.slice(0, 40);
      throw new ShapeError(`fromNested: ${name} dim ${dim} expected length ${shape[dim]} (shape [${shape.join(", ")}]), got ${got}`);
    }
    for (const e of v) walk(e, dim + 1);
  };
  walk(nested, 0);
  return { shape: shape.slice(), dtype, data };
}

/** Loads one scenario folder (manifest.json + trace.json). */
export function loadScenario(dir: string): Scenario {
  const mPath = join(dir, "manifest.json");
  const tPath = join(dir, "trace.json");
  if (!existsSync(mPath)) throw new ValueError(`loadScenario: dir ${dir} expected to hold manifest.json, it does not`);
  if (!existsSync(tPath)) throw new ValueError(`loadScenario: dir ${dir} expected to hold trace.json, it does not`);
  const manifest = parseManifest(JSON.parse(readFileSync(mPath, "utf8")), mPath);
  const trace = asRecord(JSON.parse(readFileSync(tPath, "utf8")), tPath);
  const arrays: Record<string, NdArray> = {};
  for (const [k, spec] of Object.entries(manifest.arrays)) {
    if (!(k in trace)) throw new ValueError(`loadScenario: ${tPath} lacks array "${k}" listed in the manifest`);
    arrays[k] = fromNested(trace[k], spec.shape, spec.dtype, k);
  }
  const name = dir.replace(/\/+$/, "").split("/").pop() ?? dir;
  return { name, dir, manifest, arrays };
}

/** Scenario folders (those holding a manifest.json) directly under `root`, sorted by name. */
export function listScenarioDirs(root: string): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ValueError(`listScenarioDirs: root expected a directory, got ${JSON.stringify(root)}`);
  }
  if (existsSync(join(root, "manifest.json"))) return [root];
  return readdirSync(root)
    .map((e) => join(root, e))
    .filter((d) => statSync(d).isDirectory() && existsSync(join(d, "manifest.json")))
    .sort();
}

/** Row t of a [T, ...] array (a copy). */
export function row(a: NdArray, t: number): NdArray {
  const per = a.shape.slice(1).reduce((x, y) => x * y, 1);
  return { shape: a.shape.slice(1), dtype: a.dtype, data: a.data.slice(t * per, (t + 1) * per) };
}

/**
 * Keeps the first `T` steps of a scenario: every input./step./param.uniform/reward array and
 * every 2-D (per-step) clamp/unclamp/injects_v array is cut to T rows; final.* becomes the
 * last kept step.* row when the full trace's final equals its last step (no end-of-run
 * normalisation), is dropped when it does not (the shorter run's normalised weights are
 * unknown), and is kept for static connections.
 * Used to check that the runner has no hard-coded length.
 */
export function truncateScenario(sc: Scenario, T: number): Scenario {
  const m = sc.manifest;
  if (!Number.isInteger(T) || T < 1 || T > m.T) {
    throw new ValueError(`truncateScenario: T expected an integer in [1, ${m.T}], got ${T}`);
  }
  if (m.runs && m.runs.length > 1) {
    throw new ValueError(`truncateScenario: scenario ${sc.name} has ${m.runs.length} run() calls, expected a single-run scenario`);
  }
  const arrays: Record<string, NdArray> = {};
  const cut = (a: NdArray): NdArray => {
    const per = a.shape.slice(1).reduce((x, y) => x * y, 1);
    return { shape: [T, ...a.shape.slice(1)], dtype: a.dtype, data: a.data.slice(0, T * per) };
  };
  for (const [k, a] of Object.entries(sc.arrays)) {
    const kind = k.split(".")[0];
    const perStep =
      kind === "input" || kind === "step" || k === "reward" || k.endsWith(".uniform") ||
      ((kind === "clamp" || kind === "unclamp" || kind === "injects_v") && a.shape.length === 2);
    arrays[k] = perStep ? cut(a) : a;
  }
  for (const k of Object.keys(arrays)) {
    if (!k.startsWith("final.")) continue;
    const stepKey = "step." + k.slice("final.".length);
    const full = sc.arrays[stepKey];
    if (!full) continue; // static connection: final == init, whatever T is
    const lastFull = row(full, m.T - 1).data;
    const fin = sc.arrays[k].data;
    const same = lastFull.length === fin.length && lastFull.every((v, i) => Object.is(v, fin[i]));
    // end-of-run normalisation makes final differ from the last step; a shorter run's
    // normalised weights are not in the trace, so that array is dropped
    if (same) arrays[k] = row(arrays[stepKey], T - 1);
    else delete arrays[k];
  }
  const manifest: Manifest = {
    ...m,
    T,
    arrays: Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, { shape: a.shape, dtype: a.dtype }])),
  };
  return { ...sc, manifest, arrays };
}
