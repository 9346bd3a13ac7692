/**
 * Generic encoding of network objects to JSON plus tensors, and restoring them.
 *
 * Every layer, connection and monitor is written as its class name, its constructor
 * arguments (the `options` record the library's classes keep, or what its adapter reads from
 * its fields: src/network/io/adapters.ts) and all of its own fields. Fields that are Tensors or
 * typed arrays go to the tensor section; references to layers, connections, the network and
 * seeded generators become named references; objects with an adapter met inside another
 * (features, sparse tensors) are written once in an `objects` section and referenced by id;
 * other nested class instances (learning rules, feature stores) are written field by field,
 * once (later meetings are references); Maps and Sets are written entry by entry; functions
 * are written by registered name (classes by registered class name).
 *
 * Loading constructs each object from its arguments (so every derived structure, closure and
 * cache is rebuilt by the class itself), then writes every saved field back: tensors are
 * copied into the freshly allocated ones of the same shape, typed arrays likewise, scalars
 * assigned. That makes the loaded state bit-identical to the saved one for any class that
 * keeps its state in fields, including custom subclasses, without per-class code.
 */
import type { TypedArray } from "../../backend/dtype.js";
import { Tensor, sameShape } from "../../tensor/tensor.js";
import { Generator, type GeneratorState } from "../../tensor/random.js";
import { ValueError, fmtShape, fmtValue } from "../../errors.js";
import { adapterOf } from "./adapters.js";
import { type AnyClass, type AnyFunction, classNameOf, functionNameOf, getRegisteredClass, getRegisteredFunction } from "./registry.js";

/** JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = Record<string, unknown>;

/** An object met inside another and rebuilt from its constructor arguments. */
export interface ObjectRecord {
  class: string;
  args: Json[];
  fields: { [k: string]: Json };
}

/** Any typed array (the library's TypedArray plus the ones only held in fields). */
type AnyTyped = ArrayLike<number> & ArrayBufferView;

interface TypedSpec {
  /** typed array → tensor (lossless) */
  toTensor(a: AnyTyped): Tensor;
  /** tensor data → typed array */
  from(t: Tensor): AnyTyped;
}

const direct = (dtype: "float32" | "float64" | "int32" | "uint8", C: { from(d: ArrayLike<number>): TypedArray }): TypedSpec => ({
  // (encoding only reads it: the array itself, not a copy of a big store)
  toTensor: (a) => new Tensor(a as TypedArray, [a.length], dtype),
  from: (t) => C.from(t.contiguousData()),
});
const widened = (dtype: "int32" | "float64", C: { from(d: ArrayLike<number>): AnyTyped }): TypedSpec => ({
  toTensor: (a) => new Tensor(dtype === "int32" ? Int32Array.from(a) : Float64Array.from(a), [a.length], dtype),
  from: (t) => C.from(t.contiguousData()),
});

/** Typed arrays by constructor name. Uint16Array holds IEEE half bits in this library (float16 stores), so it is written as F16. */
const TYPED: Record<string, TypedSpec> = {
  Float32Array: direct("float32", Float32Array),
  Float64Array: direct("float64", Float64Array),
  Int32Array: direct("int32", Int32Array),
  Uint8Array: direct("uint8", Uint8Array),
  Uint16Array: { toTensor: (a) => new Tensor(Uint16Array.from(a), [a.length], "float16"), from: (t) => Uint16Array.from(t.contiguous().data as Uint16Array) },
  Int8Array: widened("int32", Int8Array),
  Int16Array: widened("int32", Int16Array),
  Uint32Array: widened("float64", Uint32Array),
};

function isClass(v: unknown): v is AnyClass {
  return typeof v === "function" && /^[A-Z]/.test(v.name) && (v as { prototype?: unknown }).prototype !== undefined;
}

/** State of an encoding pass. */
export class Encoder {
  readonly tensors: [string, Tensor][] = [];
  private readonly tensorNames = new Map<Tensor, string>();
  readonly generators: Generator[] = [];
  /** every class met, by saved name (a clone resolves classes from here) */
  readonly classes = new Map<string, AnyClass>();
  /** every function met, by id (a clone resolves unregistered functions from here) */
  readonly functions: AnyFunction[] = [];
  readonly refs = new Map<object, Json>();
  /** objects with an adapter, met inside others */
  readonly objects: ObjectRecord[] = [];
  private readonly instances = new Map<object, number>();

  /** Encodes any value; `path` names its tensors. */
  value(v: unknown, path: string): Json {
    if (v === null) return null;
    switch (typeof v) {
      case "undefined":
        return { $undefined: true };
      case "number":
        return Number.isFinite(v) ? v : { $num: String(v) };
      case "boolean":
      case "string":
        return v;
      case "bigint":
        return { $bigint: v.toString() };
      case "function": {
        if (isClass(v)) {
          const name = classNameOf(v);
          this.classes.set(name, v);
          return { $class: name };
        }
        let id = this.functions.indexOf(v);
        if (id < 0) id = this.functions.push(v) - 1;
        const reg = functionNameOf(v);
        return reg !== undefined ? { $function: reg, id } : { $function: v.name ?? "", id, unregistered: true };
      }
      case "symbol":
        return { $unsupported: "symbol" };
    }
    const o = v as object;
    const ref = this.refs.get(o);
    if (ref !== undefined) return ref;
    if (o instanceof Tensor) return { $tensor: this.tensor(o, path) };
    if (ArrayBuffer.isView(o) && !(o instanceof DataView)) {
      const ctor = o.constructor.name;
      const spec = TYPED[ctor];
      const arr = o as unknown as AnyTyped;
      if (spec) return { $typed: ctor, $tensor: this.tensor(spec.toTensor(arr), path) };
      return { $typed: ctor, data: Array.from(arr as ArrayLike<number>) };
    }
    if (o instanceof Generator) {
      let id = this.generators.indexOf(o);
      if (id < 0) id = this.generators.push(o) - 1;
      return { $generator: id };
    }
    if (Array.isArray(o)) return o.map((e, i) => this.value(e, `${path}.${i}`));
    if (o instanceof Map) return { $map: [...o.entries()].map(([k, e], i) => [this.value(k, `${path}.k${i}`), this.value(e, `${path}.${typeof k === "string" ? k : i}`)]) };
    if (o instanceof Set) return { $set: [...o].map((e, i) => this.value(e, `${path}.${i}`)) };
    if (o instanceof WeakMap || o instanceof WeakSet || o instanceof Promise) return { $unsupported: o.constructor.name };
    const proto = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) {
      const out: { [k: string]: Json } = {};
      for (const [k, e] of Object.entries(o)) out[k] = this.value(e, `${path}.${k}`);
      return { $object: out };
    }
    const name = classNameOf(o.constructor as AnyClass);
    this.classes.set(name, o.constructor as AnyClass);
    const adapter = adapterOf(o);
    if (adapter?.args) {
      // rebuilt from its constructor arguments: written once, referenced by id
      const id = this.objects.length;
      const r: Json = { $ref: `obj:${id}` };
      this.refs.set(o, r);
      const rec: ObjectRecord = { class: name, args: [], fields: {} };
      this.objects.push(rec);
      rec.fields = this.fields(o, path);
      rec.args = adapter.args(o).map((a, i) => this.value(a, `${path}.args${i}`));
      return r;
    }
    // any other instance (a learning rule, a feature store): field by field, once
    const seen = this.instances.get(o);
    if (seen !== undefined) return { $ref: `inst:${seen}` };
    const id = this.instances.size;
    this.instances.set(o, id);
    return { $instance: name, id, fields: this.fields(o, path) };
  }

  /** Own enumerable fields of an object, except `skip` and those its adapter skips. */
  fields(o: object, path: string, skip: readonly string[] = []): { [k: string]: Json } {
    const adapter = adapterOf(o);
    const out: { [k: string]: Json } = {};
    if (adapter?.noFields) return out;
    const own = adapter?.skip;
    const skipAll = [...skip, ...(typeof own === "function" ? own(o) : (own ?? []))];
    for (const k of Object.keys(o)) {
      if (skipAll.includes(k)) continue;
      out[k] = this.value((o as Obj)[k], `${path}.${k}`);
    }
    return out;
  }

  /** Registers a tensor (once per tensor object) and returns its name. */
  tensor(t: Tensor, path: string): string {
    const have = this.tensorNames.get(t);
    if (have) return have;
    let name = path;
    for (let i = 2; this.tensors.some(([n]) => n === name); i++) name = `${path}#${i}`;
    this.tensorNames.set(t, name);
    this.tensors.push([name, t]);
    return name;
  }
}

/** Marker for "leave the constructed value alone". */
const KEEP = Symbol("keep");

function isInstanceJson(j: Json): boolean {
  return j !== null && typeof j === "object" && !Array.isArray(j) && "$instance" in j;
}

/** What a decoding pass needs besides the tensors. */
export interface DecoderContext {
  /** the file (or "clone"), named in errors */
  where: string;
  generators: Generator[];
  /** classes by saved name, consulted before the registry */
  classes?: Map<string, AnyClass>;
  /** functions by name, consulted before the registry */
  functions?: Record<string, AnyFunction>;
  /** a clone's functions by id (unregistered closures are shared with the original's arguments) */
  functionTable?: readonly AnyFunction[];
  objects?: readonly ObjectRecord[];
}

/** State of a decoding pass. */
export class Decoder {
  readonly warnings: string[] = [];
  readonly refs = new Map<string, unknown>();
  private readonly pending: [object, Record<string, Json>, string][] = [];
  readonly where: string;

  constructor(
    readonly tensors: Map<string, Tensor>,
    private readonly ctx: DecoderContext,
  ) {
    this.where = ctx.where;
  }

  /** A class by name: this pass's classes first (clone, `classes` option), then the registry. */
  cls(name: string, what: string): AnyClass {
    const c = this.ctx.classes?.get(name) ?? getRegisteredClass(name);
    if (!c) {
      throw new ValueError(
        `loadNetwork: ${this.where}: ${what} has class ${fmtValue(name)}, which is not registered; expected loadNetwork/deserializeNetwork from "bindsnet" (they know every library class) or { classes: defaultClassTable() }; custom classes: registerClass(${name.length > 40 ? "X" : name})`,
      );
    }
    return c;
  }

  private fn(j: Record<string, Json>, what: string, args: boolean): unknown {
    const name = String(j.$function);
    const f = this.ctx.functions?.[name] ?? (j.unregistered ? undefined : getRegisteredFunction(name));
    if (f !== undefined) return f;
    if (args && this.ctx.functionTable && typeof j.id === "number") return this.ctx.functionTable[j.id];
    if (!j.unregistered) {
      throw new ValueError(`loadNetwork: ${this.where}: ${what} is the function "${name}", which is not registered; expected registerFunction(${name}) or { functions: { ${name} } }`);
    }
    if (args) this.warnings.push(`${what}: the function ${name || "(anonymous)"} was not registered when saved; the constructor's default is used (registerFunction it before saving to keep it)`);
    return KEEP;
  }

  /** Builds an object of the `objects` section (once). */
  private build(id: number, what: string): object {
    const key = `obj:${id}`;
    if (this.refs.has(key)) return this.refs.get(key) as object;
    const rec = this.ctx.objects?.[id];
    if (!rec) throw new ValueError(`loadNetwork: ${this.where}: ${what} refers to object ${id}, expected it in the manifest's objects (${this.ctx.objects?.length ?? 0} there)`);
    const C = this.cls(rec.class, `${what} (object ${id})`) as unknown as new (...a: unknown[]) => object;
    const args = rec.args.map((a, i) => {
      const v = this.value(a, `${what} argument ${i}`, true);
      return v === KEEP ? undefined : v;
    });
    const obj = new C(...args);
    this.refs.set(key, obj);
    this.pending.push([obj, rec.fields, what]);
    return obj;
  }

  /** Writes back the fields of the objects built so far (after their holders are built). */
  restorePending(): void {
    while (this.pending.length) {
      const [o, f, w] = this.pending.shift()!;
      this.restore(o, f, w);
    }
  }

  /** Decodes a value; instances come back as KEEP markers (restored in place by `restore`). */
  value(j: Json, what: string, args = false): unknown {
    if (j === null || typeof j !== "object") return j;
    if (Array.isArray(j)) return j.map((e, i) => this.value(e, `${what}[${i}]`, args));
    if ("$ref" in j) {
      const key = String(j.$ref);
      if (this.refs.has(key)) return this.refs.get(key);
      if (key.startsWith("obj:")) return this.build(Number(key.slice(4)), what);
      if (key.startsWith("inst:")) return KEEP;
      throw new ValueError(`loadNetwork: ${this.where}: ${what} refers to ${key}, expected it to be defined earlier in the file`);
    }
    if ("$undefined" in j) return undefined;
    if ("$num" in j) return Number(j.$num);
    if ("$bigint" in j) return BigInt(String(j.$bigint));
    if ("$class" in j) return this.cls(String(j.$class), what);
    if ("$function" in j) return this.fn(j, what, args);
    if ("$tensor" in j) {
      const t = this.tensors.get(String(j.$tensor));
      if (!t) throw new ValueError(`loadNetwork: ${this.where}: ${what} needs tensor ${fmtValue(j.$tensor)}, which the file lacks`);
      if ("$typed" in j) {
        const spec = TYPED[String(j.$typed)];
        return spec ? spec.from(t) : Array.from(t.contiguousData());
      }
      return t;
    }
    if ("$typed" in j) {
      const C = (globalThis as unknown as Record<string, { from(d: unknown): unknown }>)[String(j.$typed)];
      return C ? C.from(j.data) : j.data;
    }
    if ("$generator" in j) return this.ctx.generators[Number(j.$generator)];
    if ("$map" in j) {
      const m = new Map<unknown, unknown>();
      for (const [k, e] of j.$map as [Json, Json][]) {
        const v = this.value(e, `${what}.${String(k)}`, args);
        if (v !== KEEP) m.set(this.value(k, what, args), v);
      }
      return m;
    }
    if ("$set" in j) return new Set((j.$set as Json[]).map((e) => this.value(e, what, args)).filter((e) => e !== KEEP));
    if ("$object" in j) {
      const out: Obj = {};
      for (const [k, e] of Object.entries(j.$object as Record<string, Json>)) {
        const v = this.value(e, `${what}.${k}`, args);
        if (v !== KEEP) out[k] = v;
      }
      return out;
    }
    // cycles, unsupported values and instances outside restore(): keep what the constructor made
    return KEEP;
  }

  /** Writes saved fields back into a constructed object. */
  restore(target: object, fields: Record<string, Json>, where: string): void {
    const t = target as Obj;
    for (const [k, j] of Object.entries(fields)) {
      const path = `${where}.${k}`;
      const cur = t[k];
      if (j !== null && typeof j === "object" && !Array.isArray(j) && "$instance" in j) {
        const f = j.fields as Record<string, Json>;
        const key = `inst:${String(j.id)}`;
        // the same class, by its saved name or by another name it is known under (an alias
        // such as "MCCPostPre" for PostPre, in files written before the two were one class)
        const sameClass = (o: object): boolean => classNameOf(o.constructor as AnyClass) === j.$instance || (this.ctx.classes?.get(String(j.$instance)) ?? getRegisteredClass(String(j.$instance))) === o.constructor;
        if (cur && typeof cur === "object" && sameClass(cur)) {
          this.refs.set(key, cur);
          this.restore(cur, f, path);
        } else if (cur === null || cur === undefined) {
          // made lazily by its holder (a cache: synapse view, column sum): the holder makes it
          // again when needed, through its constructor, which a field-by-field copy would skip
          continue;
        } else {
          const C = this.ctx.classes?.get(String(j.$instance)) ?? getRegisteredClass(String(j.$instance));
          if (!C) {
            this.warnings.push(`${path}: class ${String(j.$instance)} is not registered; left as constructed`);
            continue;
          }
          const obj = Object.create((C as unknown as { prototype: object }).prototype) as object;
          this.refs.set(key, obj);
          this.restore(obj, f, path);
          this.assign(t, k, obj, path);
        }
        continue;
      }
      // an array holding instances (a pipeline, a list of rules): element by element, in place
      if (Array.isArray(j) && Array.isArray(cur) && cur.length === j.length && j.some(isInstanceJson)) {
        this.restore(cur, Object.fromEntries(j.map((e, i) => [String(i), e])), path);
        continue;
      }
      const v = this.value(j, path);
      if (v === KEEP) continue;
      if (v instanceof Tensor && cur instanceof Tensor && cur !== v) {
        if (!sameShape(cur.shape, v.shape) && cur.numel() > 0 && v.numel() > 0) {
          throw new ValueError(`loadNetwork: ${this.where}: tensor ${path} has shape ${fmtShape(v.shape)} in the file, expected ${fmtShape(cur.shape)} (the shape of the rebuilt object's ${k})`);
        }
        if (cur.dtype === v.dtype && sameShape(cur.shape, v.shape) && cur.isContiguous()) {
          cur.copy_(v); // in place: views and cached handles of the constructed object stay valid
          continue;
        }
      }
      if (ArrayBuffer.isView(v) && ArrayBuffer.isView(cur) && v.constructor === cur.constructor && (v as AnyTyped).length === (cur as AnyTyped).length) {
        (cur as unknown as { set(a: ArrayLike<number>): void }).set(v as AnyTyped);
        continue;
      }
      if (deepEqual(cur, v)) continue;
      this.assign(t, k, v, path);
    }
  }

  private assign(t: Obj, k: string, v: unknown, path: string): void {
    try {
      t[k] = v;
    } catch (e) {
      this.warnings.push(`${path}: could not be restored (${(e as Error).message})`);
    }
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  return false;
}

/** Saved generator states, restored into fresh generators (one per saved generator object). */
export function makeGenerators(states: readonly GeneratorState[]): Generator[] {
  return states.map((s) => new Generator(s.seed).setState(s));
}

/**
 * Checks the sizes an object's saved options claim against the bytes of the file before the
 * object is built, so a small file cannot claim a huge layer (a 3.6 KB file claiming 4e8
 * neurons used 13 GB): every layer saves its spikes (B·n bytes at least) and a dense
 * connection its weights (4 bytes per synapse), so what a file may make is bounded by its
 * size. `budget` is shared by the objects of one file; it starts at 8 × the file's bytes.
 */
export class LoadBudget {
  private left: number;

  constructor(
    readonly where: string,
    fileBytes: number,
    private readonly batchSize: number,
  ) {
    this.left = 8 * fileBytes + 4096;
  }

  private take(what: string, n: number): void {
    if (!Number.isFinite(n) || n > this.left) {
      throw new ValueError(`loadNetwork: ${this.where}: ${what} claims ${n} elements, expected at most ${Math.max(0, Math.floor(this.left))} for a file of this size (a corrupt or hostile manifest)`);
    }
    this.left -= n;
  }

  /** A layer's options: n or shape (times the batch size); n² more for a class holding an n×n matrix. */
  layer(what: string, opts: unknown, squareState: boolean): void {
    if (opts === null || typeof opts !== "object") return;
    const o = opts as { n?: unknown; shape?: unknown };
    let n = 0;
    if (typeof o.n === "number") n = o.n;
    else if (Array.isArray(o.shape) && o.shape.every((d) => typeof d === "number")) n = (o.shape as number[]).reduce((a, b) => a * b, 1);
    this.take(what, n * Math.max(1, this.batchSize));
    if (squareState) this.take(what, n * n);
  }

  /** A dense connection: source.n × target.n weights. */
  dense(what: string, nPre: number, nPost: number): void {
    this.take(what, nPre * nPost);
  }
}
