/**
 * Pieces every recipe shares: config checking (defaults, closed keys with a did-you-mean,
 * types and ranges), the checkpoint blob (network bytes + run state + global generator +
 * config, as ONE byte array), and {@link RecipeRun}, which a recipe's loop uses to emit events,
 * yield to the event loop, notice an abort and save checkpoints.
 *
 * Nothing here touches files or Node: the browser and workers run recipes too.
 */
import { ValueError, fmtValue } from "../errors.js";
import { learningClasses } from "../learning/index.js";
import type { AbstractMonitor } from "../network/monitors.js";
import { Network } from "../network/network.js";
import { discardStorage } from "../network/storage.js";
import { deserializeNetwork, registerClasses, serializeNetwork, serializeNetworkAfter } from "../network/io/index.js";
import { checkOptions } from "../options.js";
import { poisson } from "../encoding/encodings.js";
import { assignLabels } from "../evaluation/evaluation.js";
import { Generator, defaultGenerator, manualSeed, randperm, type GeneratorState } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import type { CheckpointStore, ImageSet, RecipeContext, RecipeEvent } from "./types.js";

// learning rules by name, so a checkpointed network loads back with its rules
registerClasses(learningClasses);

/** How one config field is checked (its type comes from its default unless `type` says). */
export interface FieldRule {
  /** Integer-valued number. */
  int?: boolean;
  min?: number;
  max?: number;
  choices?: readonly (string | number)[];
  /** For fields whose default is null: the type of a non-null value. */
  type?: "number" | "string" | "boolean";
  /** Null is accepted. */
  nullable?: boolean;
}

type Rules<C> = Partial<Record<keyof C & string, FieldRule>>;

/**
 * A full config from `partial`: unknown keys are a ValueError with a did-you-mean, each field is
 * checked against its default's type and its rule. `partial` is not modified.
 */
export function makeConfig<C extends object>(recipe: string, defaults: Readonly<C>, partial: Partial<C> | undefined, rules: Rules<C> = {}): C {
  const owner = `recipe ${recipe}`;
  checkOptions(owner, partial, Object.keys(defaults), "config field");
  const out = { ...defaults, ...(partial ?? {}) } as C;
  for (const [k, v] of Object.entries(out) as [keyof C & string, unknown][]) {
    if (v === undefined) {
      (out as Record<string, unknown>)[k] = (defaults as Record<string, unknown>)[k];
      continue;
    }
    const d = (defaults as Record<string, unknown>)[k];
    const rule: FieldRule = rules[k] ?? {};
    if (v === null) {
      if (d === null || rule.nullable) continue;
      throw new ValueError(`${owner}: ${k} is null, expected a ${typeof d}`);
    }
    const type = d === null ? (rule.type ?? typeof v) : typeof d;
    if (Array.isArray(d)) {
      if (!Array.isArray(v)) throw new ValueError(`${owner}: ${k} is ${fmtValue(v)}, expected an array`);
      continue;
    }
    if (typeof v !== type) throw new ValueError(`${owner}: ${k} is ${fmtValue(v)}, expected a ${type}`);
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new ValueError(`${owner}: ${k} is ${v}, expected a finite number`);
      if (rule.int && !Number.isInteger(v)) throw new ValueError(`${owner}: ${k} is ${v}, expected an integer`);
      if (rule.min !== undefined && v < rule.min) throw new ValueError(`${owner}: ${k} is ${v}, expected a value >= ${rule.min}`);
      if (rule.max !== undefined && v > rule.max) throw new ValueError(`${owner}: ${k} is ${v}, expected a value <= ${rule.max}`);
    }
    if (rule.choices && !rule.choices.includes(v as string | number)) {
      throw new ValueError(`${owner}: ${k} is ${fmtValue(v)}, expected one of ${rule.choices.join(", ")}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- checkpoint blob

const MAGIC = "BNRCKPT1";

/** What a recipe checkpoint holds besides the network. */
export interface CheckpointHeader<S = unknown> {
  format: "bindsnet-recipe-checkpoint";
  version: 1;
  recipe: string;
  /** The config the run was made with (a resumed run must use the same). */
  config: Record<string, unknown>;
  /** The recipe's own progress (phase, sample index, accumulators). */
  state: S;
  /** The global generator at the checkpoint. */
  rng: GeneratorState;
}

/**
 * One blob: "BNRCKPT1", the header's byte length (uint32 little-endian), the header as UTF-8
 * JSON, then the network's safetensors bytes (empty when the recipe has no network).
 */
export function encodeCheckpoint<S>(header: Omit<CheckpointHeader<S>, "format" | "version">, network: Uint8Array | NetworkWriter): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify({ format: "bindsnet-recipe-checkpoint", version: 1, ...header }));
  const head = 8 + 4 + json.length;
  // a writer leaves room for the header in its own buffer: a big network is not copied again
  const out = typeof network === "function" ? network(head) : new Uint8Array(head + network.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  // eslint-disable-next-line no-restricted-syntax -- the blob is plain bytes, written in this statement
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(8, json.length, true);
  out.set(json, 12);
  if (typeof network !== "function") out.set(network, head);
  return out;
}

/** The network's bytes after `headroom` zero bytes, in one buffer (see serializeNetworkAfter). */
export type NetworkWriter = (headroom?: number) => Uint8Array;

/**
 * A writer of `network`'s bytes without the recipe's own monitor `name` (a counting monitor is
 * not part of the checkpoint): removed for the encoding, then put back.
 */
export function writerWithout(network: Network, name: string, monitor: AbstractMonitor): NetworkWriter {
  return (headroom = 0) => {
    delete network.monitors[name];
    try {
      return serializeNetworkAfter(network, headroom);
    } finally {
      network.addMonitor(monitor, name);
    }
  };
}

/** Splits a blob written by {@link encodeCheckpoint}; a ValueError names what is wrong. */
export function decodeCheckpoint<S = unknown>(bytes: Uint8Array): { header: CheckpointHeader<S>; network: Uint8Array } {
  const bad = (what: string): never => {
    throw new ValueError(`decodeCheckpoint: checkpoint ${what}, expected a blob written by a recipe`);
  };
  if (!(bytes instanceof Uint8Array) || bytes.length < 12) return bad(`has ${bytes?.length ?? 0} bytes`);
  /* eslint-disable no-restricted-syntax -- the blob is a plain byte array from a store, not tensor storage */
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) bad(`does not start with ${MAGIC}`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + n > bytes.length) bad(`header of ${n} bytes runs past its end (${bytes.length} bytes)`);
  let header: CheckpointHeader<S>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + n))) as CheckpointHeader<S>;
  } catch (e) {
    return bad(`header is not valid JSON (${(e as Error).message})`);
  }
  if (header.format !== "bindsnet-recipe-checkpoint" || header.version !== 1) bad(`has format ${fmtValue(header.format)} version ${fmtValue(header.version)}`);
  return { header, network: bytes.subarray(12 + n) };
  /* eslint-enable no-restricted-syntax */
}

/** The fields where two configs differ (for "--resume refuses options that differ"). */
export function configDiff(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

// ---------------------------------------------------------------- the run helper

/** Milliseconds of work between yields to the event loop (so an abort is seen quickly). */
export const YIELD_MS = 50;

/** The network of a checkpoint: the object, a function giving its bytes, or none. */
export type NetworkBytes = Network | NetworkWriter | null;

/** Emits, yields, checks the abort signal and saves checkpoints for one recipe run. */
export class RecipeRun<S> {
  private lastYield = performance.now();
  private sinceSave = 0;
  /** Samples done in this invocation (all phases). */
  samples = 0;

  constructor(
    readonly recipe: string,
    readonly config: Record<string, unknown>,
    readonly ctx: RecipeContext,
  ) {}

  emit(event: RecipeEvent): void {
    this.ctx.onProgress?.(event);
  }

  log(message: string): void {
    this.emit({ type: "log", recipe: this.recipe, message });
  }

  /** True once the signal has fired. */
  get aborted(): boolean {
    return this.ctx.signal?.aborted === true;
  }

  /** Yields to the event loop when more than {@link YIELD_MS} of work ran since the last yield. */
  async tick(): Promise<void> {
    if (performance.now() - this.lastYield < YIELD_MS) return;
    await new Promise<void>((r) => setTimeout(r, 0));
    this.lastYield = performance.now();
  }

  /** True when snapshot `name` is wanted after sample `index` (1-based). */
  wants(name: string, index: number): boolean {
    const s = this.ctx.snapshots;
    return !!s && s.every > 0 && index % s.every === 0 && s.names.includes(name);
  }

  snapshot(name: string, shape: number[], data: ArrayLike<number>): void {
    this.emit({ type: "snapshot", recipe: this.recipe, name, shape, data: Float32Array.from(data) });
  }

  /**
   * The network and state to run: the checkpoint's when the store holds one (see
   * {@link resume}), otherwise the global generator is seeded with `seed` and `start()` builds
   * them. A fresh network goes through the checkpoint format once, so that it is the plain
   * `Network` a checkpoint loads back as and a resumed run ends in the same bytes as an
   * uninterrupted one. Emits the "start" event.
   */
  async begin(seed: number, start: () => { network: Network; state: S }): Promise<{ network: Network; state: S; resumed: boolean }> {
    const ck = await this.resume();
    let network: Network;
    let state: S;
    if (ck) {
      network = loadCheckpointNetwork(ck.network);
      state = ck.header.state;
    } else {
      manualSeed(seed);
      const fresh = start();
      const bytes = serializeNetwork(fresh.network);
      // the built model is dropped here: its storage is freed now, not when it is collected
      discardStorage(fresh.network);
      network = loadCheckpointNetwork(bytes);
      state = fresh.state;
    }
    this.emit({ type: "start", recipe: this.recipe, config: { ...this.config }, resumed: ck !== null });
    return { network, state, resumed: ck !== null };
  }

  /** The checkpoint in the store, checked against this recipe and config; null when none. */
  async resume(): Promise<{ header: CheckpointHeader<S>; network: Uint8Array } | null> {
    const store = this.ctx.checkpoint;
    if (!store) return null;
    const bytes = await store.load();
    if (bytes === null) return null;
    const ck = decodeCheckpoint<S>(bytes);
    if (ck.header.recipe !== this.recipe) {
      throw new ValueError(`recipe ${this.recipe}: the checkpoint was written by recipe ${JSON.stringify(ck.header.recipe)}, expected one of ${this.recipe}`);
    }
    const diff = configDiff(ck.header.config, this.config);
    if (diff.length > 0) {
      const what = diff.map((k) => `${k} (checkpoint ${fmtValue(ck.header.config[k])}, given ${fmtValue(this.config[k])})`).join(", ");
      throw new ValueError(`recipe ${this.recipe}: config differs from the checkpoint's: ${what}; expected the same config to resume`);
    }
    defaultGenerator().setState(ck.header.rng);
    return ck;
  }

  /** Saves a checkpoint now (when a store is given). */
  async save(network: NetworkBytes, state: S, phase: string, index: number): Promise<void> {
    const store: CheckpointStore | undefined = this.ctx.checkpoint;
    this.sinceSave = 0;
    if (!store) return;
    const net: Uint8Array | NetworkWriter = network === null ? new Uint8Array(0) : typeof network === "function" ? network : (headroom = 0) => serializeNetworkAfter(network, headroom);
    await store.save(encodeCheckpoint({ recipe: this.recipe, config: this.config, state, rng: defaultGenerator().getState() }, net));
    this.emit({ type: "checkpoint", recipe: this.recipe, phase, index });
  }

  /**
   * Call after every sample: counts it, saves a periodic checkpoint (context.checkpointEvery)
   * and, when the signal fired, saves one and returns true (the caller returns at once).
   */
  async afterSample(network: NetworkBytes, state: () => S, phase: string, index: number, k = 1): Promise<boolean> {
    this.samples += k;
    this.sinceSave += k;
    if (this.aborted) {
      await this.save(network, state(), phase, index);
      return true;
    }
    const every = this.ctx.checkpointEvery ?? 0;
    if (every > 0 && this.sinceSave >= every) await this.save(network, state(), phase, index);
    if (this.ctx.between) await this.ctx.between(() => (network === null ? null : typeof network === "function" ? network(0) : serializeNetwork(network)));
    await this.tick();
    // an abort that arrived during the yield is handled at this same boundary
    if (this.aborted) {
      await this.save(network, state(), phase, index);
      return true;
    }
    return false;
  }
}

/** Rebuilds a checkpoint's network (the global generator is left as the checkpoint set it). */
export function loadCheckpointNetwork(bytes: Uint8Array): Network {
  return deserializeNetwork<Network>(bytes, { Network }, "checkpoint");
}

/** Sum of a numeric array. */
export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** A checkpoint store in memory (tests, the browser without storage, a worker's parent). */
export class MemoryCheckpointStore implements CheckpointStore {
  bytes: Uint8Array | null = null;
  saves = 0;
  load(): Promise<Uint8Array | null> {
    return Promise.resolve(this.bytes === null ? null : this.bytes.slice());
  }
  save(bytes: Uint8Array): Promise<void> {
    this.bytes = bytes.slice();
    this.saves++;
    return Promise.resolve();
  }
}

/**
 * The order of the training samples in epoch `epoch`: a permutation drawn from a generator
 * seeded with (seed, epoch), so a resumed run sees the same order without storing it.
 */
export function epochOrder(length: number, seed: number, epoch: number, shuffle = true): Int32Array {
  if (!shuffle) return Int32Array.from({ length }, (_, i) => i);
  const p = randperm(length, { generator: new Generator(seed * 1009 + epoch + 1) });
  return Int32Array.from(p.toFlatArray());
}

/** Encodes images as Poisson spike trains of rate pixel/255·intensity Hz, reusing one rate buffer. */
export class PoissonImageEncoder {
  private readonly rates: Float32Array;
  private readonly rateTensor: Tensor;
  private out: Tensor | null = null;

  constructor(
    readonly shape: readonly number[],
    readonly intensity: number,
    readonly time: number,
    readonly dt: number,
  ) {
    const n = shape.reduce((a, b) => a * b, 1);
    this.rates = new Float32Array(n);
    this.rateTensor = new Tensor(this.rates, [...shape], "float32");
  }

  /**
   * uint8 [T, ...shape] spikes of an image (pixels 0..255: a Tensor or plain bytes), at
   * `intensity` Hz for white. The result is one buffer reused by every call: use it before
   * encoding the next image.
   */
  encode(image: Tensor | ArrayLike<number>, intensity = this.intensity, generator?: Generator): Tensor {
    const px = image instanceof Tensor ? image.contiguousData() : image;
    const k = intensity / 255;
    for (let i = 0; i < this.rates.length; i++) this.rates[i] = Math.fround(px[i]! * k);
    const out = poisson(this.rateTensor, this.time, { dt: this.dt, ...(this.out ? { out: this.out } : {}), ...(generator ? { generator } : {}) });
    this.out = out;
    return out;
  }
}

/** Image `i` of a set (a transient view of its pixels). */
export function imageOf(set: ImageSet, i: number): Uint8Array {
  const n = set.rows * set.cols;
  // eslint-disable-next-line no-restricted-syntax -- ImageSet bytes are plain JavaScript memory, not tensor storage
  return set.images.subarray(i * n, (i + 1) * n);
}

/** Mixes two 32-bit words (murmur3's finalizer over a ^ rotated b). */
function mix32(a: number, b: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1) ^ (b >>> 16)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Largest sample index {@link sampleSeed} takes (exclusive). */
export const SAMPLE_SEED_INDICES = 2 ** 21;

/**
 * The seed of sample `index` of stream `stream` (a phase) of a run seeded with `seed`: a
 * 32-bit hash of (seed, stream) times 2^21 plus the index, so every sample of a phase has its
 * own generator and a sample's randomness does not depend on which worker presents it, or
 * on what ran before it.
 */
export function sampleSeed(seed: number, stream: number, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= SAMPLE_SEED_INDICES) {
    throw new ValueError(`sampleSeed: index is ${fmtValue(index)}, expected an integer in [0, ${SAMPLE_SEED_INDICES})`);
  }
  const lo = seed % 2 ** 32 >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  return mix32(mix32(lo, hi), stream) * SAMPLE_SEED_INDICES + index;
}

/** A training recipe's running label assignment over the last window of samples. */
export interface LabelWindow {
  windowCounts: number[];
  windowLabels: number[];
  rates: number[] | null;
  assignments: number[];
  proportions?: number[];
}

/**
 * counts[e] += s[t · width + e] for t < steps: a spike record's counts per neuron (or per batch
 * row and neuron). Zero bytes of a bool record are skipped four at a time, which gives the same
 * sums (adding 0 changes no count) at a fraction of the cost for a sparse record.
 */
export function addSpikeCounts(counts: Float32Array, s: ArrayLike<number>, steps: number, width: number): void {
  const total = steps * width;
  let from = 0;
  if (s instanceof Uint8Array && s.byteOffset % 4 === 0) {
    // a transient view of the record, read in this call only
    // eslint-disable-next-line no-restricted-syntax -- the record is a fresh JavaScript array (Monitor.get), read in this call only
    const words = new Uint32Array(s.buffer, s.byteOffset, total >> 2);
    for (let q = 0; q < words.length; q++) {
      if (words[q] === 0) continue;
      for (let i = 4 * q; i < 4 * q + 4; i++) if (s[i] !== 0) counts[i % width]! += s[i]!;
    }
    from = 4 * words.length;
  }
  for (let i = from; i < total; i++) if (s[i] !== 0) counts[i % width]! += s[i]!;
}

/**
 * Closes a window of `windowLabels.length` samples whose spike counts [w, n] are `counts`:
 * assigns labels from it (continuing the running rates, as BindsNET's examples do), stores
 * the assignments (and proportions where the state keeps them) and empties the window.
 */
export function closeLabelWindow(st: LabelWindow, counts: Float32Array, n: number): void {
  const w = st.windowLabels.length;
  const res = assignLabels(new Tensor(counts, [w, 1, n], "float32"), st.windowLabels, 10, st.rates === null ? null : new Tensor(Float32Array.from(st.rates), [n, 10], "float32"));
  st.assignments = res.assignments.toFlatArray();
  if (st.proportions !== undefined) st.proportions = res.proportions.toFlatArray();
  st.rates = res.rates.toFlatArray();
  st.windowCounts = [];
  st.windowLabels = [];
}
