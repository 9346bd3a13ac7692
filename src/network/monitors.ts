/**
 * Monitors record state variables of layers and connections after every simulation step.
 *
 * Deliberate differences from the reference (whose versions crash):
 * - `Monitor.get` does not drain the recording: it can be called any number of times, and
 *   `resetStateVariables()` (also called by the network on a batch-size change) clears it.
 * - With `time = T`, `get` before T records returns the records made so far ([k, ...]).
 * - Before any record, `get` returns an empty [0, ...shape] tensor.
 * - `NetworkMonitor.resetStateVariables` works with connections (the reference raises KeyError).
 */
import { checkOptions } from "../options.js";
import { type DType, type TypedArray, allocArray } from "../backend/dtype.js";
import { ValueError, fmtValue } from "../errors.js";
import { fileSystem } from "../platform.js";
import { Tensor } from "../tensor/tensor.js";
import { encodeSafetensors } from "./io/safetensors.js";

/** Marker base class of monitors. */
export abstract class AbstractMonitor {
  /** Set by `Network.addMonitor` (unused, as in the reference). */
  network: object | null = null;
  dt = 1;
  abstract record(): void;
  abstract resetStateVariables(): void;
}

interface SparseRecord {
  /** Flat indices of the nonzero elements. */
  idx: Uint16Array | Uint32Array;
  /** Their values, or null when every one is 1 (spikes). */
  val: TypedArray | null;
}

interface VarInfo {
  shape: readonly number[];
  dtype: DType;
  numel: number;
}

export interface MonitorOptions {
  /** The object to record: a layer, a connection, or anything with Tensor attributes. */
  obj: object;
  /** Names of the Tensor attributes to record, e.g. ["s", "v"]. */
  stateVars: readonly string[];
  /** Keep only the last `time` records (a sliding window); unbounded when null. */
  time?: number | null;
  /** Unused (kept for BindsNET compatibility). */
  batchSize?: number;
  /**
   * Store only the indices (and values, when not all 1) of nonzero elements. For spikes this
   * takes 2 bytes per spike (4 above 65,536 elements) instead of 1 byte per neuron, so it
   * saves memory below 50% (25%) density.
   */
  sparse?: boolean;
}

function readVar(obj: object, name: string, op: string): Tensor {
  const t = (obj as Record<string, unknown>)[name];
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: ${obj.constructor.name}.${name} is ${fmtValue(t)}, expected a Tensor attribute`);
  return t;
}

/**
 * Records state variables of one object. `get(var)` returns [records, ...varShape] in the
 * variable's dtype (bool for spikes); for a layer that is [time, B, ...shape].
 *
 * @example
 * ```ts
 * import { Monitor, LIFNodes, Network, zeros } from "bindsnet";
 * const net = new Network();
 * const layer = new LIFNodes({ n: 5 });
 * net.addLayer(layer, "B");
 * const monitor = new Monitor({ obj: layer, stateVars: ["s", "v"], time: 20 });
 * net.addMonitor(monitor, "B");
 * net.run({ inputs: { B: zeros([20, 5]) }, time: 20 });
 * console.log(monitor.get("s").shape, monitor.get("v").dtype); // [20, 1, 5] "float32"
 * ```
 */
export class Monitor extends AbstractMonitor {
  readonly obj: object;
  readonly stateVars: readonly string[];
  readonly time: number | null;
  readonly batchSize: number;
  readonly sparse: boolean;
  /** Dense records per variable: `count` rows of a ring of `cap` rows from row `start`. */
  private dense = new Map<string, { buf: TypedArray | null; dtype: DType; n: number; cap: number; start: number; count: number }>();
  private sparseRecords = new Map<string, SparseRecord[]>();
  private info = new Map<string, VarInfo>();

  constructor(opts: MonitorOptions) {
    super();
    const op = "Monitor";
    if (opts === null || typeof opts !== "object" || opts.obj === null || typeof opts.obj !== "object") {
      throw new ValueError(`${op}: obj is ${fmtValue(opts?.obj)}, expected a layer or connection`);
    }
    if (!Array.isArray(opts.stateVars) || !opts.stateVars.every((v) => typeof v === "string")) {
      throw new ValueError(`${op}: stateVars is ${fmtValue(opts.stateVars)}, expected an array of attribute names`);
    }
    checkOptions(op, opts, ["obj", "stateVars", "time", "batchSize", "sparse"]);
    for (const v of opts.stateVars) readVar(opts.obj, v, op);
    const time = opts.time ?? null;
    if (time !== null && (!Number.isInteger(time) || time < 1)) throw new ValueError(`${op}: time is ${fmtValue(time)}, expected a positive integer or null`);
    this.obj = opts.obj;
    this.stateVars = [...opts.stateVars];
    this.time = time;
    this.batchSize = opts.batchSize ?? 1;
    this.sparse = opts.sparse ?? false;
    this.resetStateVariables();
  }

  /** Copies the current value of every variable. */
  record(): void {
    for (const v of this.stateVars) {
      const t = readVar(this.obj, v, "Monitor.record");
      let info = this.info.get(v);
      if (info === undefined || info.dtype !== t.dtype || info.numel !== t.numel() || info.shape.length !== t.ndim || !sameDims(info.shape, t.shape)) {
        // first record, or the variable changed shape or dtype (e.g. new batch size): earlier
        // records no longer stack
        if (info !== undefined) this.clearVar(v);
        info = { shape: [...t.shape], dtype: t.dtype, numel: t.numel() };
        this.info.set(v, info);
      }
      const src = t.contiguousData();
      if (this.sparse) {
        let nz = 0;
        let ones = true;
        for (let i = 0; i < src.length; i++) {
          if (src[i] !== 0) {
            nz++;
            if (src[i] !== 1) ones = false;
          }
        }
        const idx = src.length <= 65536 ? new Uint16Array(nz) : new Uint32Array(nz);
        const val = ones ? null : allocArray(t.dtype, nz);
        let k = 0;
        for (let i = 0; i < src.length; i++) {
          if (src[i] !== 0) {
            idx[k] = i;
            if (val !== null) val[k] = src[i]!;
            k++;
          }
        }
        const list = this.sparseRecords.get(v)!;
        list.push({ idx, val });
        if (this.time !== null && list.length > this.time) list.shift();
      } else this.pushDense(v, info, src);
    }
  }

  /**
   * Appends one dense record to the variable's row buffer: grown by doubling (up to `time`
   * rows), then used as a ring of the last `time` rows. No allocation per record once grown.
   */
  private pushDense(v: string, info: VarInfo, src: ArrayLike<number>): void {
    const n = info.numel;
    let d = this.dense.get(v);
    if (d === undefined || d.dtype !== info.dtype || d.n !== n) {
      d = { buf: null, dtype: info.dtype, n, cap: 0, start: 0, count: 0 };
      this.dense.set(v, d);
    }
    if (d.count === d.cap && (this.time === null || d.cap < this.time)) {
      const cap = Math.max(1, this.time === null ? 2 * d.cap : Math.min(2 * d.cap, this.time));
      const buf = allocArray(info.dtype, cap * n);
      if (d.buf !== null) buf.set(d.buf);
      d.buf = buf;
      d.cap = cap;
    }
    const buf = d.buf!;
    let row: number;
    if (d.count < d.cap) row = (d.start + d.count++) % d.cap;
    else {
      row = d.start;
      d.start = (d.start + 1) % d.cap;
    }
    const o = row * n;
    // a typed array is copied as one block (the same per-element conversion as assignment)
    if (ArrayBuffer.isView(src) && (src as TypedArray).length === n) buf.set(src as TypedArray, o);
    else for (let i = 0; i < n; i++) buf[o + i] = src[i]!;
  }

  /** Forgets the records of one variable. */
  private clearVar(v: string): void {
    this.dense.delete(v);
    this.sparseRecords.set(v, []);
  }

  /** The recording of `name`: [records, ...shape], a fresh tensor. */
  get(name: string): Tensor {
    if (!this.stateVars.includes(name)) throw new ValueError(`Monitor.get: variable ${fmtValue(name)} is not monitored, expected one of ${fmtValue(this.stateVars)}`);
    let info = this.info.get(name);
    if (info === undefined) {
      const t = readVar(this.obj, name, "Monitor.get");
      info = { shape: [...t.shape], dtype: t.dtype, numel: t.numel() };
    }
    const n = info.numel;
    if (this.sparse) {
      const list = this.sparseRecords.get(name)!;
      const out = allocArray(info.dtype, list.length * n);
      list.forEach((r, k) => {
        for (let i = 0; i < r.idx.length; i++) out[k * n + r.idx[i]!] = r.val === null ? 1 : r.val[i]!;
      });
      return new Tensor(out, [list.length, ...info.shape], info.dtype);
    }
    const d = this.dense.get(name);
    const count = d?.count ?? 0;
    const out = allocArray(info.dtype, count * n);
    if (d !== undefined && d.buf !== null) {
      const buf = d.buf;
      // the ring's rows from start to the end of the buffer, then those before start
      const tail = Math.min(count, d.cap - d.start);
      out.set(buf.subarray(d.start * n, (d.start + tail) * n));
      if (count > tail) out.set(buf.subarray(0, (count - tail) * n), tail * n);
    }
    return new Tensor(out, [count, ...info.shape], info.dtype);
  }

  /** Bytes held by the recording (for comparing dense and sparse storage). */
  memoryBytes(): number {
    let b = 0;
    for (const d of this.dense.values()) b += d.count * d.n * (d.buf?.BYTES_PER_ELEMENT ?? 0);
    for (const list of this.sparseRecords.values()) for (const r of list) b += r.idx.byteLength + (r.val?.byteLength ?? 0);
    return b;
  }

  /** Clears the recording. */
  resetStateVariables(): void {
    // the dense row buffers are kept (emptied) for the next recording of the same variables
    for (const d of this.dense.values()) {
      d.start = 0;
      d.count = 0;
    }
    this.sparseRecords = new Map(this.stateVars.map((v) => [v, []]));
    this.info.clear();
  }
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The part of a Network a NetworkMonitor reads. */
export interface MonitoredNetwork {
  layers: Record<string, object>;
  /** Layer names in insertion order. */
  layerNames(): string[];
  connections: { keys(): [string, string][]; get(source: string, target: string): object | undefined };
}

export interface NetworkMonitorOptions {
  network: MonitoredNetwork;
  /** Layer names (default all). */
  layers?: readonly string[] | null;
  /** Connections as [source, target] pairs (default all). */
  connections?: readonly (readonly [string, string])[] | null;
  /** Variables recorded where present (default ["v", "s", "w"]). */
  stateVars?: readonly string[] | null;
  /** Sliding window length; unbounded when null. */
  time?: number | null;
}

/**
 * Records variables of many layers and connections. Keys are layer names and "src->tgt" for
 * connections; a variable is recorded for an object if it has it when the monitor is built.
 * Layer values are converted to float32 (spikes become 0/1). With `time = T` each recording
 * starts as T rows of zeros and slides (as in the reference).
 */
export class NetworkMonitor extends AbstractMonitor {
  readonly net: MonitoredNetwork;
  readonly layerNames: string[];
  readonly connectionPairs: [string, string][];
  readonly stateVars: readonly string[];
  readonly time: number | null;
  private rec = new Map<string, Map<string, { isLayer: boolean; shape: number[]; dtype: DType; rows: TypedArray[] }>>();

  constructor(opts: NetworkMonitorOptions) {
    super();
    const op = "NetworkMonitor";
    checkOptions(op, opts, ["network", "layers", "connections", "stateVars", "time"]);
    const net = opts?.network;
    if (net === null || typeof net !== "object" || typeof net.layers !== "object") throw new ValueError(`${op}: network is ${fmtValue(net)}, expected a Network`);
    this.net = net;
    for (const [arg, v] of [["layers", opts.layers], ["stateVars", opts.stateVars]] as const) {
      if (v !== undefined && v !== null && (!Array.isArray(v) || !v.every((x) => typeof x === "string"))) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected an array of names or null`);
    }
    if (opts.connections !== undefined && opts.connections !== null && (!Array.isArray(opts.connections) || !opts.connections.every((p) => Array.isArray(p) && p.length === 2))) {
      throw new ValueError(`${op}: connections is ${fmtValue(opts.connections)}, expected an array of [source, target] pairs or null`);
    }
    this.layerNames = opts.layers ? [...opts.layers] : net.layerNames();
    for (const l of this.layerNames) if (!Object.hasOwn(net.layers, l)) throw new ValueError(`${op}: layers has ${fmtValue(l)}, expected one of ${fmtValue(net.layerNames())}`);
    this.connectionPairs = opts.connections ? opts.connections.map(([a, b]) => [a, b] as [string, string]) : net.connections.keys();
    for (const [a, b] of this.connectionPairs) if (net.connections.get(a, b) === undefined) throw new ValueError(`${op}: connections has ${fmtValue(`${a}->${b}`)}, which is not a connection of the network`);
    this.stateVars = opts.stateVars ? [...opts.stateVars] : ["v", "s", "w"];
    const time = opts.time ?? null;
    if (time !== null && (!Number.isInteger(time) || time < 1)) throw new ValueError(`${op}: time is ${fmtValue(time)}, expected a positive integer or null`);
    this.time = time;
    this.resetStateVariables();
  }

  private objects(): [string, object, boolean][] {
    const out: [string, object, boolean][] = this.layerNames.map((l) => [l, this.net.layers[l]!, true]);
    for (const [a, b] of this.connectionPairs) out.push([`${a}->${b}`, this.net.connections.get(a, b)!, false]);
    return out;
  }

  /** Rebuilds the (empty or zero-filled) recording. */
  resetStateVariables(): void {
    this.rec = new Map();
    for (const [key, obj, isLayer] of this.objects()) {
      const m = new Map<string, { isLayer: boolean; shape: number[]; dtype: DType; rows: TypedArray[] }>();
      for (const v of this.stateVars) {
        const t = (obj as Record<string, unknown>)[v];
        if (!(t instanceof Tensor) || t.numel() === 0) continue;
        const dtype: DType = isLayer ? "float32" : t.dtype;
        const rows: TypedArray[] = [];
        if (this.time !== null) for (let i = 0; i < this.time; i++) rows.push(allocArray(dtype, t.numel()));
        m.set(v, { isLayer, shape: [...t.shape], dtype, rows });
      }
      this.rec.set(key, m);
    }
  }

  record(): void {
    for (const [key, obj] of this.objects()) {
      const m = this.rec.get(key)!;
      for (const [v, r] of m) {
        const t = (obj as Record<string, Tensor>)[v]!;
        const src = t.contiguousData();
        const row = allocArray(r.dtype, src.length);
        if (src.length !== r.shape.reduce((a, b) => a * b, 1)) {
          r.shape = [...t.shape];
          r.rows = [];
          if (this.time !== null) for (let i = 0; i < this.time; i++) r.rows.push(allocArray(r.dtype, src.length));
        }
        for (let i = 0; i < src.length; i++) row[i] = src[i]!;
        r.rows.push(row);
        if (this.time !== null && r.rows.length > this.time) r.rows.shift();
      }
    }
  }

  /**
   * Every recording as the bytes of a file: "safetensors" (default; read from Python with
   * `safetensors.numpy.load_file`) or "json" ({ name: { shape, dtype, data } }, UTF-8).
   * Tensor names are "layer_var" and "src-tgt_var" as in the reference's npz. Runs anywhere
   * (a browser included); {@link NetworkMonitor.save} writes these bytes to a file.
   */
  serialize(fmt: "safetensors" | "json" = "safetensors"): Uint8Array {
    if (fmt !== "safetensors" && fmt !== "json") throw new ValueError(`NetworkMonitor.serialize: fmt is ${fmtValue(fmt)}, expected "safetensors" or "json"`);
    const entries: [string, Tensor][] = [];
    for (const [key, vars] of Object.entries(this.get())) {
      for (const [v, t] of Object.entries(vars)) entries.push([`${key.replace("->", "-")}_${v}`, t]);
    }
    if (fmt === "safetensors") return encodeSafetensors(entries);
    return new TextEncoder().encode(JSON.stringify(Object.fromEntries(entries.map(([k, t]) => [k, { shape: t.shape, dtype: t.dtype, data: t.toFlatArray() }]))));
  }

  /**
   * Writes {@link NetworkMonitor.serialize}'s bytes to `path` through the platform's file
   * system (Node's fs by default, atomically; see `src/platform.ts`). The folder is created
   * if needed (a bare file name works, unlike the reference).
   */
  save(path: string, fmt: "safetensors" | "json" = "safetensors"): void {
    if (typeof path !== "string" || path === "") throw new ValueError(`NetworkMonitor.save: path is ${fmtValue(path)}, expected a file path`);
    if (fmt !== "safetensors" && fmt !== "json") throw new ValueError(`NetworkMonitor.save: fmt is ${fmtValue(fmt)}, expected "safetensors" or "json"`);
    const bytes = this.serialize(fmt);
    fileSystem("NetworkMonitor.save", "monitor.serialize(fmt) for the bytes").writeFile(path, bytes);
  }

  /** Every recording: { key: { var: [records, ...shape] } } (fresh tensors). */
  get(): Record<string, Record<string, Tensor>> {
    const out: Record<string, Record<string, Tensor>> = {};
    for (const [key, m] of this.rec) {
      out[key] = {};
      for (const [v, r] of m) {
        const n = r.shape.reduce((a, b) => a * b, 1);
        const data = allocArray(r.dtype, r.rows.length * n);
        r.rows.forEach((row, k) => data.set(row, k * n));
        out[key]![v] = new Tensor(data, [r.rows.length, ...r.shape], r.dtype);
      }
    }
    return out;
  }
}
