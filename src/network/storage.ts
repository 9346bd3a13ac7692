/**
 * A network's storage owner: one arena of the active backend's memory (wasm) per network,
 * holding its layers' state, its connections' weights and features, its learning rules' state
 * and its step scratch (docs/backends.md "Memory").
 *
 * Adoption (`adoptStorage`, run by `Network.run` before it builds or reuses its step plan):
 * every tensor reachable from the network's layers and connections (fields, arrays, nested
 * objects such as features and learning rules) whose storage is a JavaScript array moves into
 * the arena: the values are copied bit for bit and the tensor's storage object is re-pointed
 * (`moveStorage`), so the tensor, and every view sharing its storage, keeps its identity. Fields
 * of those objects that held the old array itself (a feature store's `data`) are re-pointed too.
 * Storage already in wasm memory (another network's, a user's `withArena`) is left where it is.
 * A storage that is no longer reachable (a step replaced a state tensor) is moved back to a
 * JavaScript copy and its block freed, so nothing piles up in the arena and a tensor the user
 * still holds stays valid.
 *
 * A run's external input stays where it is (a free tensor): the loop only copies its rows, one per
 * step, into the input layer's state.
 *
 * `disposeStorage` moves every adopted tensor back to JavaScript copies and frees the arena (the
 * step scratch included): the network keeps working (its next run adopts again), and no tensor
 * is left over a freed block. A network dropped without `dispose` gets its blocks back when its
 * arena is garbage-collected (a backstop; the arena stays alive while any of its tensors does).
 */
import { getBackend, type Backend } from "../backend/backend.js";
import { type StorageArena, isGcStorage, withArena } from "../backend/arena.js";
import { type DType, type TypedArray, allocArray } from "../backend/dtype.js";
import { type Storage, Tensor, moveStorage } from "../tensor/tensor.js";

/** Keeps an adopted storage's arena alive as long as the storage (see the module comment). */
const OWNER = Symbol("storageOwner");

interface Adopted {
  array: TypedArray;
  mark: number;
}

interface Owned {
  readonly backend: Backend;
  readonly arena: StorageArena;
  /** Adopted storages and the arena array each holds now. */
  readonly tensors: Map<Storage, Adopted>;
  /** Former JavaScript array -> its arena copy (storages and fields holding the same array share it). */
  moved: WeakMap<TypedArray, TypedArray>;
  /** Step scratch (spike lists, input buffers). */
  readonly scratch: Set<TypedArray>;
  /** Arena copies of raw typed-array fields (scratch a class got from the backend's alloc), with the last pass that found them. */
  readonly raw: Map<TypedArray, number>;
  /** Blocks made by `buildInArena` and not yet sorted by an adoption pass. */
  readonly built: Set<TypedArray>;
  /** What the last adoption pass saw (see Snapshot). */
  snap: Snapshot | null;
  gen: number;
}

const owned = new WeakMap<object, Owned>();

/** A field that holds a typed array: `holder[key]`. */
interface Field {
  holder: Record<string | number, unknown>;
  key: string | number;
  array: TypedArray;
}

/** The owner's record for the active backend, created on first use; null where the backend has no arenas. */
function record(owner: object): Owned | null {
  const be = getBackend();
  let r = owned.get(owner);
  if (r !== undefined && r.backend === be) return r;
  if (r !== undefined || be.createArena === undefined) return null;
  r = { backend: be, arena: be.createArena(), tensors: new Map(), moved: new WeakMap(), scratch: new Set(), raw: new Map(), built: new Set(), snap: null, gen: 0 };
  owned.set(owner, r);
  return r;
}

/** Whether `a` spans its whole buffer (not a view into a larger JavaScript array). */
const whole = (a: TypedArray): boolean => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;

/**
 * Every tensor reachable from `roots` through own fields, arrays and plain or class objects
 * (not through tensors, typed arrays, maps, functions), with the typed-array fields met.
 */
function reach(roots: readonly object[], tensors: Set<Tensor>, fields: Field[], snap: Snapshot | null = null): void {
  const seen = new Set<object>();
  const see = (holder: Record<string | number, unknown>, k: string | number, v: unknown, depth: number): void => {
    if (v !== null && typeof v !== "object") return;
    if (snap !== null) {
      snap.h.push(holder);
      snap.k.push(k);
      snap.v.push(v);
    }
    if (v === null || v === undefined) return;
    if (v instanceof Tensor) tensors.add(v);
    else if (ArrayBuffer.isView(v)) {
      if (!(v instanceof DataView)) fields.push({ holder, key: k, array: v as TypedArray });
    } else if (depth < 8 && !seen.has(v) && !skip(v)) visit(v, depth + 1);
  };
  const visit = (o: object, depth: number): void => {
    seen.add(o);
    const rec = o as Record<string | number, unknown>;
    if (Array.isArray(o)) {
      if (snap !== null) {
        snap.h.push(rec);
        snap.k.push("length");
        snap.v.push(o.length);
      }
      for (let i = 0; i < o.length; i++) see(rec, i, o[i], depth);
      return;
    }
    let keys = objectKeys.get(o);
    if (keys === undefined) {
      keys = [];
      for (const k in rec) {
        const v = rec[k];
        if (v === null || v === undefined || typeof v === "object") keys.push(k);
      }
      objectKeys.set(o, keys);
    }
    for (const k of keys) see(rec, k, rec[k], depth);
  };
  for (const r of roots) if (!seen.has(r)) visit(r, 0);
}

/**
 * What the last adoption pass saw: every object-valued (or empty) field it read with its value,
 * array lengths, and each reached tensor's storage array. While all are unchanged there is
 * nothing to adopt, so a run checks these (no allocation) instead of walking again.
 */
interface Snapshot {
  roots: readonly object[];
  h: Record<string | number, unknown>[];
  k: (string | number)[];
  v: unknown[];
  tensors: Tensor[];
  arrays: TypedArray[];
}

function unchanged(s: Snapshot | null, roots: readonly object[]): boolean {
  if (s === null || s.roots.length !== roots.length) return false;
  for (let i = 0; i < roots.length; i++) if (s.roots[i] !== roots[i]) return false;
  const { h, k, v } = s;
  for (let i = 0; i < h.length; i++) if (h[i]![k[i]!] !== v[i]) return false;
  for (let i = 0; i < s.tensors.length; i++) if (s.tensors[i]!.storage.array !== s.arrays[i]) return false;
  return true;
}

function snapshot(roots: readonly object[]): Snapshot {
  const snap: Snapshot = { roots: [...roots], h: [], k: [], v: [], tensors: [], arrays: [] };
  const tensors = new Set<Tensor>();
  reach(roots, tensors, [], snap);
  for (const t of tensors) {
    snap.tensors.push(t);
    snap.arrays.push(t.storage.array);
  }
  return snap;
}

/**
 * The fields of each object the walk met that held an object (or nothing) then: fields holding
 * numbers, strings or booleans are not looked at again (an object's fields are fixed once it is
 * built; a parameter changed from a number to a tensor later stays where it is, and works).
 */
const objectKeys = new WeakMap<object, string[]>();

/** Objects the walk does not enter (collections keyed by objects, buffers, promises). */
function skip(v: object): boolean {
  return v instanceof Map || v instanceof Set || v instanceof WeakMap || v instanceof WeakSet || v instanceof Promise || v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer);
}

/** A JavaScript copy of `a` (same dtype class and values). */
function jsCopy(a: TypedArray, dtype: DType): TypedArray {
  const c = allocArray(dtype, a.length);
  c.set(a);
  return c;
}

/**
 * Moves the storage of every tensor reachable from `roots` into `owner`'s arena (see the module
 * comment); storages adopted before and no longer reachable go back to JavaScript copies and
 * their blocks are freed. A no-op on backends without arenas (js). Returns the arena, or null.
 */
export function adoptStorage(owner: object, roots: readonly object[]): StorageArena | null {
  const r = record(owner);
  if (r === null) return null;
  const { arena } = r;
  if (r.built.size === 0 && unchanged(r.snap, roots)) return arena;
  const gen = ++r.gen;
  const tensors = new Set<Tensor>();
  const fields: Field[] = [];
  reach(roots, tensors, fields);
  const back = new Map<TypedArray, TypedArray>();
  for (const t of tensors) {
    const st = t.storage;
    const a = st.array;
    const ad = r.tensors.get(st);
    if (ad !== undefined && ad.array === a) {
      ad.mark = gen;
      continue;
    }
    if (r.built.size > 0 && builtHolds(r.built, arena, a)) {
      // made in this network's arena by buildInArena: owned as it is, no copy
      (st as unknown as Record<symbol, unknown>)[OWNER] = arena;
      r.tensors.set(st, { array: a, mark: gen });
      continue;
    }
    if (arena.inMemory(a) || !whole(a) || a.length === 0) continue;
    let b = r.moved.get(a);
    if (b === undefined || !arena.holds(b)) {
      b = arena.alloc(t.dtype, a.length);
      if (!arena.inMemory(b)) continue; // the memory is full: it stays a JavaScript array
      b.set(a);
      r.moved.set(a, b);
    }
    moveStorage(st, b);
    (st as unknown as Record<symbol, unknown>)[OWNER] = arena;
    r.tensors.set(st, { array: b, mark: gen });
  }
  // storages no longer reachable: back to JavaScript copies, blocks nobody else holds freed
  const live = new Set<TypedArray>();
  for (const ad of r.tensors.values()) if (ad.mark === gen) live.add(ad.array);
  for (const [st, ad] of r.tensors) {
    if (ad.mark === gen) continue;
    evict(r, st, ad, back, dtypeOf(ad.array));
    if (!live.has(ad.array)) arena.free(ad.array);
  }
  refresh(r, fields, back);
  // raw fields: scratch the class asked the backend for (a feature's row sums, a rule's spike
  // lists) moves into the arena too; copies no field holds any more (the class replaced them)
  // are freed
  for (const f of fields) {
    const a = f.holder[f.key] as TypedArray;
    if (r.raw.has(a) || r.built.has(a)) {
      r.raw.set(a, gen);
      continue;
    }
    if (!isGcStorage(a) || !whole(a) || a.length === 0 || arena.inMemory(a)) continue;
    let b = r.moved.get(a);
    if (b === undefined || !arena.holds(b)) {
      b = arena.alloc(dtypeOf(a), a.length);
      if (!arena.inMemory(b)) continue;
      b.set(a);
      r.moved.set(a, b);
    }
    if (Reflect.set(f.holder, f.key, b)) r.raw.set(b, gen);
  }
  for (const [b, g] of r.raw) {
    if (g === gen) continue;
    r.raw.delete(b);
    if (!live.has(b)) arena.free(b);
  }
  // what buildInArena made and the network does not hold (the build's temporaries) is freed
  if (r.built.size > 0) {
    // (a reached view into a block, e.g. a tensor over a subview, keeps the block too)
    const reached: TypedArray[] = [];
    for (const t of tensors) if (arena.inMemory(t.storage.array)) reached.push(t.storage.array);
    for (const f of fields) if (arena.inMemory(f.array)) reached.push(f.array);
    const overlaps = (b: TypedArray): boolean => reached.some((a) => a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength);
    for (const b of r.built) if (!live.has(b) && !r.raw.has(b) && !overlaps(b)) arena.free(b);
    r.built.clear();
  }
  r.snap = snapshot(roots);
  return arena;
}

/** Whether `a` is one of `built`'s blocks or a view into one (all in `arena`'s memory). */
function builtHolds(built: ReadonlySet<TypedArray>, arena: StorageArena, a: TypedArray): boolean {
  if (built.has(a)) return true;
  if (!arena.inMemory(a)) return false;
  for (const b of built) if (a.byteOffset >= b.byteOffset && a.byteOffset + a.byteLength <= b.byteOffset + b.byteLength) return true;
  return false;
}

/** The storage class's dtype (Uint8Array: bool and uint8 share it). */
function dtypeOf(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Uint16Array) return "float16";
  return "uint8";
}

function evict(r: Owned, st: Storage, ad: Adopted, back: Map<TypedArray, TypedArray>, dtype: DType): void {
  let c = back.get(ad.array);
  if (c === undefined) back.set(ad.array, (c = jsCopy(ad.array, dtype)));
  if (st.array === ad.array) moveStorage(st, c);
  delete (st as unknown as Record<symbol, unknown>)[OWNER];
  r.tensors.delete(st);
}

/** Re-points fields that held a moved array (to its arena copy) or an evicted one (to its JavaScript copy). */
function refresh(r: Owned, fields: readonly Field[], back: ReadonlyMap<TypedArray, TypedArray>): void {
  for (const f of fields) {
    const b = back.get(f.array) ?? r.moved.get(f.array);
    if (b !== undefined && b !== f.array && (back.has(f.array) || r.arena.holds(b))) Reflect.set(f.holder, f.key, b);
  }
}

/**
 * Runs `fn` (the construction of `owner`'s layers and connections) with `owner`'s arena as the
 * owner of new storage, so big weights are born in wasm memory instead of being built in the
 * JavaScript heap and copied at the first run (which would hold both until V8 collects the
 * originals). At the next adoption (the first run), storage made by `fn` that the network
 * holds is owned as it is, and the rest (the build's temporaries) is freed: do not keep
 * tensors made inside `fn` that the network does not hold. Backends without arenas: `fn()`.
 */
export function buildInArena<T>(owner: object, fn: () => T): T {
  const r = record(owner);
  if (r === null) return fn();
  const prev = r.arena.track ?? null;
  r.arena.track = r.built;
  try {
    return withArena(r.arena, fn);
  } finally {
    r.arena.track = prev;
  }
}

/**
 * Step scratch of `n` elements of `dtype` owned by `owner` (in its arena on wasm, a JavaScript
 * array elsewhere), freeing `old` if the owner holds it. Zero-filled.
 */
export function ownedScratch(owner: object, dtype: DType, n: number, old: TypedArray | null = null): TypedArray {
  const r = record(owner);
  if (r === null) return allocArray(dtype, n);
  if (old !== null && r.scratch.delete(old)) r.arena.free(old);
  const a = r.arena.alloc(dtype, n);
  if (r.arena.holds(a)) r.scratch.add(a);
  return a;
}

/**
 * `owner`'s step scratch of `n` elements kept in `cache` (one entry per owner, outside the
 * object so it is never saved): made by {@link ownedScratch} on first use and again when `n`
 * changes.
 */
export function cachedScratch<A extends TypedArray>(cache: WeakMap<object, A>, owner: object, dtype: DType, n: number): A {
  let a = cache.get(owner);
  if (a === undefined || a.length !== n) cache.set(owner, (a = ownedScratch(owner, dtype, n, a ?? null) as A));
  return a;
}

/** Frees scratch from `ownedScratch` now (ignored if `owner` does not hold it). */
export function freeScratch(owner: object, a: TypedArray): void {
  const r = owned.get(owner);
  if (r !== undefined && r.scratch.delete(a)) r.arena.free(a);
}

/**
 * Frees `owner`'s arena: adopted tensors move back to JavaScript copies (fields reachable from
 * `roots` that held their arena arrays too), scratch and input copies are freed. The owner may
 * adopt again later. Returns the bytes freed.
 */
export function disposeStorage(owner: object, roots: readonly object[]): number {
  let r = owned.get(owner);
  if (r === undefined) return 0;
  if (r.built.size > 0 && r.backend === getBackend()) {
    // built in the arena and never run: own what the network holds before moving it out
    adoptStorage(owner, roots);
    r = owned.get(owner)!;
  }
  const tensors = new Set<Tensor>();
  const fields: Field[] = [];
  reach(roots, tensors, fields);
  const back = new Map<TypedArray, TypedArray>();
  for (const [st, ad] of r.tensors) evict(r, st, ad, back, dtypeOf(ad.array));
  for (const b of r.raw.keys()) if (!back.has(b)) back.set(b, jsCopy(b, dtypeOf(b)));
  r.moved = new WeakMap();
  refresh(r, fields, back);
  return discardStorage(owner);
}

/**
 * Frees `owner`'s arena without moving anything back: for an owner that is dropped at once
 * (its tensors then view freed memory and must not be used). A recipe's freshly built model,
 * copied into the network it trains, is dropped this way, so the two are never both held.
 * Returns the bytes freed.
 */
export function discardStorage(owner: object): number {
  const r = owned.get(owner);
  if (r === undefined) return 0;
  const bytes = r.arena.bytesInUse;
  r.raw.clear();
  r.arena.dispose();
  r.scratch.clear();
  owned.delete(owner);
  return bytes;
}

/** Bytes `owner`'s arena holds now (0 when it has none). */
export function storageBytes(owner: object): number {
  return owned.get(owner)?.arena.bytesInUse ?? 0;
}

/** `owner`'s arena, if it has one (for tests and statistics). */
export function storageArena(owner: object): StorageArena | null {
  return owned.get(owner)?.arena ?? null;
}
