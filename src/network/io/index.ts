/**
 * Portable save / load / clone of a Network: ONE file in the safetensors layout. Its
 * `__metadata__` holds `format: "bindsnet-network"`, `version` and `manifest`, our JSON
 * description of the architecture (network options; layers, connections and monitors in
 * insertion order with class name, constructor options and fields; seeded generator states),
 * and its tensors hold every weight and state array under readable names
 * ("layers.Y.v", "connections.X->Y.w", "connections.X->Y.rule.eligibility", ...), so Python
 * reads them with `safetensors.numpy.load_file(path)` (or plain numpy: see
 * scripts/read_safetensors.py).
 *
 * A loaded (or cloned) network continues a run bit for bit: same spikes, voltages,
 * thresholds, traces, refractory counters, learning-rule state and per-layer generator state.
 * The global generator is saved too and restored when asked (`restoreRng`).
 *
 * This module does not import network.ts (that would be an import cycle: Network's save/load
 * call these functions). `loadNetwork` takes the Network class from its options or from the
 * class registry.
 */
import { ValueError, fmtValue } from "../../errors.js";
import { fileSystem } from "../../platform.js";
import type { Tensor } from "../../tensor/tensor.js";
import { defaultGenerator, type GeneratorState } from "../../tensor/random.js";
import { encodeSafetensors, decodeSafetensors } from "./safetensors.js";
import { Encoder, Decoder, LoadBudget, makeGenerators, type Json, type ObjectRecord } from "./codec.js";
import { Nodes } from "../nodes/nodes.js";
import { IzhikevichNodes } from "../nodes/izhikevich.js";
import { Connection } from "../topology/connection.js";
import { adapterOf } from "./adapters.js";
import { buildInArena } from "../storage.js";
import { classNameOf, getRegisteredClass, type AnyClass, type AnyFunction } from "./registry.js";

export { encodeSafetensors, decodeSafetensors, type SafetensorsFile } from "./safetensors.js";
export {
  registerClass,
  registerClasses,
  getRegisteredClass,
  registeredClassNames,
  classNameOf,
  registerFunction,
  getRegisteredFunction,
  functionNameOf,
  type AnyClass,
  type AnyFunction,
} from "./registry.js";

type Obj = Record<string, unknown>;

/** What save/load need of a Network (its public API; structural to avoid an import cycle). */
export interface SerializableNetwork {
  dt: number;
  batchSize: number;
  learning: boolean;
  layers: Record<string, object>;
  /** Layer names in insertion order (Object.keys would put integer-like names first). */
  layerNames(): string[];
  monitors: Record<string, object>;
  connections: { entries(): Iterable<[[string, string], object]> };
  addLayer(layer: never, name: string): unknown;
  addConnection(conn: never, source: string, target: string): unknown;
  addMonitor(monitor: never, name: string): unknown;
  train(mode?: boolean): unknown;
}

/** Options of {@link loadNetwork} / {@link deserializeNetwork}. */
export interface LoadOptions {
  /** Override the saved learning flag: calls `network.train(learning)` (layers included). */
  learning?: boolean;
  /** Also set the global generator to its saved state (default false). */
  restoreRng?: boolean;
  /** The Network class (default: the registered "Network"). */
  Network?: AnyClass;
  /** Extra classes by name (e.g. learning rules, custom nodes) for this load only. */
  classes?: Record<string, AnyClass>;
  /** Extra functions by name (custom reductions, degradation functions) for this load only. */
  functions?: Record<string, AnyFunction>;
  /** Receives restore warnings (fields that could not be written back). */
  onWarning?: (msg: string) => void;
}

/** Current file version. */
export const FORMAT_VERSION = "1";

const NET_SKIP = ["layers", "connections", "monitors"];

interface ObjectEntry {
  name: string;
  class: string;
  options: Json;
  fields: { [k: string]: Json };
  source?: string;
  target?: string;
}

interface Manifest {
  format: "bindsnet-network";
  version: string;
  network: { class: string; dt: number; batchSize: number; learning: boolean; fields: { [k: string]: Json } };
  layers: ObjectEntry[];
  connections: ObjectEntry[];
  monitors: ObjectEntry[];
  /** objects met inside others and rebuilt from their arguments (features, sparse tensors) */
  objects?: ObjectRecord[];
  generators: GeneratorState[];
  globalGenerator: GeneratorState;
}

/** NetworkMonitor keeps its arguments network / layers / connections as net / layerNames / connectionPairs. */
const FIELD_ALIASES: Record<string, string> = { net: "network", layerNames: "layers", connectionPairs: "connections" };

function withAliases(fields: { [k: string]: Json }): { [k: string]: Json } {
  const out = { ...fields };
  for (const [f, opt] of Object.entries(FIELD_ALIASES)) if (f in fields && !(opt in fields)) out[opt] = fields[f];
  return out;
}

function hasOptions(o: object): boolean {
  const opts = (o as { options?: unknown }).options;
  return !!opts && typeof opts === "object";
}

function optionsOf(o: object): Obj {
  const opts = (o as { options?: unknown }).options;
  return opts && typeof opts === "object" ? (opts as Obj) : {};
}

function isTensorLike(v: unknown): v is Tensor {
  return !!v && typeof v === "object" && typeof (v as Tensor).contiguousData === "function";
}

/**
 * Constructor options as written: a tensor option the object also holds as a field of the
 * same name and shape (w, b) is replaced by that field, so it is stored once and the
 * constructor gets the current values instead of drawing random ones; one of another shape
 * is left out (the field is restored after construction anyway).
 */
function leanOptions(o: object): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(optionsOf(o))) {
    const f = (o as Obj)[k];
    if (isTensorLike(v) && isTensorLike(f)) {
      if (f.shape.length === v.shape.length && f.shape.every((d, i) => d === v.shape[i])) out[k] = f;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** Encodes a network into the safetensors bytes and, for clone, the classes met. */
function encodeNetwork(net: SerializableNetwork, headroom = 0): { bytes: Uint8Array; classes: Map<string, AnyClass>; functions: AnyFunction[] } {
  if (!net || typeof net !== "object" || !net.layers || !net.connections) {
    throw new ValueError(`saveNetwork: network is ${fmtValue(net)}, expected a Network`);
  }
  const enc = new Encoder();
  enc.refs.set(net, { $ref: "network" });
  for (const name of net.layerNames()) enc.refs.set(net.layers[name]!, { $ref: `layer:${name}` });
  const conns = [...net.connections.entries()];
  for (const [[s, t], c] of conns) enc.refs.set(c, { $ref: `connection:${s}->${t}` });
  for (const [name, m] of Object.entries(net.monitors ?? {})) enc.refs.set(m, { $ref: `monitor:${name}` });

  const entry = (prefix: string, name: string, o: object): ObjectEntry => {
    const cls = classNameOf(o.constructor as AnyClass);
    enc.classes.set(cls, o.constructor as AnyClass);
    // fields first, so tensors are named after the fields rather than the options
    const fields = enc.fields(o, `${prefix}.${name}`, ["options"]);
    // constructor options: from the class's adapter (classes that keep no complete `options`
    // record: monitors, multicompartment and sparse connections), else its `options` record;
    // a class with neither is rebuilt from its fields, which carry its arguments by name
    const adapter = adapterOf(o);
    const options = adapter?.args
      ? enc.value(adapter.args(o)[0], `${prefix}.${name}.options`)
      : hasOptions(o)
        ? enc.value(leanOptions(o), `${prefix}.${name}.options`)
        : { $object: withAliases(fields) };
    return { name, class: cls, options, fields };
  };
  const layers = net.layerNames().map((name) => entry("layers", name, net.layers[name]!));
  const connections = conns.map(([[s, t], c]) => ({ ...entry("connections", `${s}->${t}`, c), source: s, target: t }));
  const monitors = Object.entries(net.monitors ?? {}).map(([name, m]) => entry("monitors", name, m));
  enc.classes.set(classNameOf(net.constructor as AnyClass), net.constructor as AnyClass);
  const manifest: Manifest = {
    format: "bindsnet-network",
    version: FORMAT_VERSION,
    network: {
      class: classNameOf(net.constructor as AnyClass),
      dt: net.dt,
      batchSize: net.batchSize,
      learning: net.learning,
      fields: enc.fields(net, "network", NET_SKIP),
    },
    layers,
    connections,
    monitors,
    objects: enc.objects,
    generators: enc.generators.map((g) => g.getState()),
    globalGenerator: defaultGenerator().getState(),
  };
  const bytes = encodeSafetensors(enc.tensors, {
    format: "bindsnet-network",
    version: FORMAT_VERSION,
    manifest: JSON.stringify(manifest),
  }, headroom);
  return { bytes, classes: enc.classes, functions: enc.functions };
}

/**
 * {@link serializeNetwork}'s bytes after `headroom` zero bytes, in one buffer: for a container
 * that writes its own header in front (a recipe checkpoint) without copying a big network.
 */
export function serializeNetworkAfter(net: SerializableNetwork, headroom: number): Uint8Array {
  return encodeNetwork(net, headroom).bytes;
}

/** The network as the bytes of one safetensors file. */
export function serializeNetwork(net: SerializableNetwork): Uint8Array {
  return encodeNetwork(net).bytes;
}

/**
 * Writes the network to `path` (one safetensors file; see the module doc) through the
 * platform's file system (`src/platform.ts`): Node's fs by default, atomically (temporary
 * file, fsync, rename). In a browser use {@link serializeNetwork}.
 */
export function saveNetwork(net: SerializableNetwork, path: string): void {
  if (typeof path !== "string" || path === "") throw new ValueError(`saveNetwork: path is ${fmtValue(path)}, expected a file path`);
  const bytes = serializeNetwork(net);
  fileSystem("saveNetwork", "serializeNetwork(network) for the bytes").writeFile(path, bytes);
}

/** Clone-only context: the live classes and functions of the original. */
export interface CloneContext {
  classes: Map<string, AnyClass>;
  functions: AnyFunction[];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Checks the manifest's outline, naming what is missing. */
function checkManifest(m: unknown, where: string): Manifest {
  const bad = (what: string): never => {
    throw new ValueError(`loadNetwork: ${where} manifest ${what}`);
  };
  if (!isObj(m)) return bad(`is ${fmtValue(m)}, expected an object`);
  if (!isObj(m.network) || typeof m.network.class !== "string" || typeof m.network.dt !== "number" || typeof m.network.batchSize !== "number") {
    bad(`network is ${fmtValue(m.network)}, expected { class, dt, batchSize, learning, fields }`);
  }
  for (const k of ["layers", "connections", "monitors", "generators"] as const) {
    if (!Array.isArray(m[k])) bad(`${k} is ${fmtValue(m[k])}, expected an array`);
  }
  for (const k of ["layers", "connections", "monitors"] as const) {
    (m[k] as unknown[]).forEach((e, i) => {
      if (!isObj(e) || typeof e.name !== "string" || typeof e.class !== "string" || !isObj(e.fields)) bad(`${k}[${i}] is ${fmtValue(e)}, expected { name, class, options, fields }`);
    });
  }
  return m as unknown as Manifest;
}

/** Rebuilds a network from {@link serializeNetwork}'s bytes. */
/** Checks the sizes a layer's or dense connection's options claim before it is built (see LoadBudget). */
function checkClaims(budget: LoadBudget, C: new (o: unknown) => object, o: unknown, what: string): void {
  const proto = (C as { prototype?: unknown }).prototype;
  if (proto instanceof Nodes) budget.layer(what, o, proto instanceof IzhikevichNodes);
  else if ((proto instanceof Connection || C === Connection) && o !== null && typeof o === "object") {
    const { source, target } = o as { source?: unknown; target?: unknown };
    if (source instanceof Nodes && target instanceof Nodes) budget.dense(what, source.n, target.n);
  }
}

export function deserializeNetwork<N = SerializableNetwork>(bytes: Uint8Array, opts: LoadOptions = {}, where = "buffer", clone?: CloneContext): N {
  const file = decodeSafetensors(bytes, where, { lazy: true });
  if (file.metadata.format !== "bindsnet-network") {
    throw new ValueError(`loadNetwork: ${where} has format ${fmtValue(file.metadata.format)}, expected "bindsnet-network"`);
  }
  if (file.metadata.version !== FORMAT_VERSION) {
    throw new ValueError(`loadNetwork: ${where} has version ${fmtValue(file.metadata.version)}, expected "${FORMAT_VERSION}"`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.metadata.manifest ?? "");
  } catch (e) {
    throw new ValueError(`loadNetwork: ${where} manifest is not valid JSON, expected the network description written by save (${(e as Error).message})`);
  }
  const m = checkManifest(parsed, where);
  const classes = new Map<string, AnyClass>(clone?.classes ?? []);
  for (const [k, v] of Object.entries(opts.classes ?? {})) classes.set(k, v);
  if (opts.Network) classes.set(m.network.class, opts.Network);
  const gens = makeGenerators(m.generators);
  const dec = new Decoder(file.tensors, {
    where,
    generators: gens,
    classes,
    functions: opts.functions,
    functionTable: clone?.functions,
    objects: m.objects ?? [],
  });
  const NetCls = (classes.get(m.network.class) ?? getRegisteredClass(m.network.class) ?? getRegisteredClass("Network")) as
    | (new (o: Obj) => SerializableNetwork)
    | undefined;
  if (!NetCls) throw new ValueError(`loadNetwork: ${where} needs class "${m.network.class}", which is not registered; expected opts.Network or registerClass(Network)`);

  // constructors may draw from the global generator (random weights, Izhikevich parameters);
  // loading must not disturb it
  const global = defaultGenerator();
  const globalState = global.getState();
  let net: SerializableNetwork;
  try {
    // the reward function is instantiated by the Network from its class (kept as rewardClass)
    const rc = m.network.fields.rewardClass;
    const rewardFn = rc && typeof rc === "object" && !Array.isArray(rc) && "$class" in rc ? dec.value(rc, "network rewardClass") : undefined;
    const netOpts = { dt: m.network.dt, batchSize: m.network.batchSize, learning: m.network.learning, ...(rewardFn ? { rewardFn } : {}) };
    // a subclass that builds its own layers (the models: DiehlAndCook2015, TwoLayerNetwork, ...)
    // takes its own options: the file holds its layers and fields, so only the base
    // Network's constructor runs, with the subclass's prototype
    let Base: new (o: Obj) => SerializableNetwork = NetCls;
    while (Object.getPrototypeOf(Base.prototype) !== Object.prototype) Base = Object.getPrototypeOf(Base) as typeof Base;
    net = Base !== NetCls ? (Reflect.construct(Base, [netOpts], NetCls) as SerializableNetwork) : new NetCls(netOpts);
    dec.refs.set("network", net);
    // the network's storage is made in its own arena (wasm): a big network's weights are not
    // built in the JavaScript heap and copied at the first run
    const owner = net;
    buildInArena(owner, () => {
      const budget = new LoadBudget(where, bytes.length, typeof m.network.batchSize === "number" ? m.network.batchSize : 1);
      const build = (e: ObjectEntry, kind: string): object => {
        const C = dec.cls(e.class, `${kind} "${e.name}"`) as unknown as new (o: unknown) => object;
        const o = dec.value(e.options, `${kind} "${e.name}" options`, true);
        checkClaims(budget, C, o, `${kind} "${e.name}"`);
        return new C(o && typeof o === "object" ? o : {});
      };
      for (const e of m.layers) {
        const layer = build(e, "layer");
        net.addLayer(layer as never, e.name);
        dec.refs.set(`layer:${e.name}`, layer);
      }
      for (const e of m.connections) {
        if (typeof e.source !== "string" || !(e.source in net.layers) || typeof e.target !== "string" || !(e.target in net.layers)) {
          throw new ValueError(`loadNetwork: ${where} connection "${e.name}" joins ${fmtValue(e.source)} and ${fmtValue(e.target)}, expected two of the saved layers ${fmtValue(net.layerNames())}`);
        }
        const c = build(e, "connection");
        net.addConnection(c as never, e.source, e.target);
        dec.refs.set(`connection:${e.name}`, c);
      }
      for (const e of m.monitors) {
        const mon = build(e, "monitor");
        net.addMonitor(mon as never, e.name);
        dec.refs.set(`monitor:${e.name}`, mon);
      }
    });
  } finally {
    global.setState(globalState);
  }
  // construction may have drawn from the restored generators: put their saved states back
  gens.forEach((g, i) => g.setState(m.generators[i]!));

  buildInArena(net, () => restoreFields(dec, m, net));
  if (opts.restoreRng) global.setState(m.globalGenerator);
  if (opts.learning !== undefined) net.train(opts.learning);
  for (const w of dec.warnings) opts.onWarning?.(w);
  return net as unknown as N;
}

function restoreFields(dec: Decoder, m: Manifest, net: SerializableNetwork): void {
  dec.restore(net, m.network.fields, "network");
  for (const e of m.layers) dec.restore(dec.refs.get(`layer:${e.name}`) as object, e.fields, `layers.${e.name}`);
  for (const e of m.connections) {
    const c = dec.refs.get(`connection:${e.name}`) as Obj;
    // a lazily created rule is created now, by its class, so its closures (reduction) exist
    void c.updateRule;
    dec.restore(c, e.fields, `connections.${e.name}`);
  }
  // features and other objects rebuilt from their arguments: their fields, now that they are primed
  dec.restorePending();
  for (const e of m.monitors) dec.restore(dec.refs.get(`monitor:${e.name}`) as object, e.fields, `monitors.${e.name}`);
  dec.restorePending();
}

/** Loads a network written by {@link saveNetwork}. */
export function loadNetwork<N = SerializableNetwork>(path: string, opts: LoadOptions = {}): N {
  if (typeof path !== "string" || path === "") throw new ValueError(`loadNetwork: path is ${fmtValue(path)}, expected a file path`);
  const fs = fileSystem("loadNetwork", "deserializeNetwork(bytes)");
  let bytes: Uint8Array;
  try {
    bytes = fs.readFile(path);
  } catch (e) {
    throw new ValueError(`loadNetwork: path "${path}" could not be read, expected a file written by save (${(e as Error).message})`);
  }
  return deserializeNetwork<N>(bytes, opts, path);
}

/**
 * A deep, independent copy (the reference's clone goes through pickle; here it is the same
 * encoding as save, in memory, so a clone continues a run exactly like the original).
 * Classes are taken from the live objects, so nothing needs registering.
 */
export function cloneNetwork<N extends SerializableNetwork>(net: N, opts: Omit<LoadOptions, "restoreRng"> = {}): N {
  const { bytes, classes, functions } = encodeNetwork(net);
  return deserializeNetwork<N>(bytes, { ...opts, Network: opts.Network ?? (net.constructor as AnyClass) }, "clone", { classes, functions });
}
