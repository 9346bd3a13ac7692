/**
 * Generic encoding of network objects to JSON plus tensors, and restoring them.
 *
 * Every layer, connection and monitor is written as its class name, its constructor options
 * (the `options` record the library's classes keep) and all of its own fields. Fields that are
 * Tensors or typed arrays go to the tensor section; references to layers, connections, the
 * network and seeded generators become named references; nested class instances (the
 * learning rule) are written field by field; functions are recorded by name only.
 *
 * Loading constructs each object from its options (so every derived structure, closure and
 * cache is rebuilt by the class itself), then writes every saved field back: tensors are
 * copied into the freshly allocated ones of the same shape, scalars assigned. That makes the
 * loaded state bit-identical to the saved one for any class that keeps its state in fields,
 * including custom subclasses, without per-class code.
 */
import type { TypedArray } from "../../backend/dtype.js";
import { Tensor, sameShape } from "../../tensor/tensor.js";
import { tensor } from "../../tensor/creation.js";
import { Generator, type GeneratorState } from "../../tensor/random.js";
import { ValueError } from "../../errors.js";
import { getRegisteredClass, type AnyClass } from "./registry.js";

/** JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = Record<string, unknown>;

const TYPED: Record<string, { dtype: "float32" | "float64" | "int32" | "uint8"; make: (n: ArrayLike<number>) => TypedArray }> = {
  Float32Array: { dtype: "float32", make: (d) => Float32Array.from(d) },
  Float64Array: { dtype: "float64", make: (d) => Float64Array.from(d) },
  Int32Array: { dtype: "int32", make: (d) => Int32Array.from(d) },
  Uint8Array: { dtype: "uint8", make: (d) => Uint8Array.from(d) },
};

/** State of an encoding pass. */
export class Encoder {
  readonly tensors: [string, Tensor][] = [];
  private readonly tensorNames = new Map<Tensor, string>();
  readonly generators: Generator[] = [];
  /** every class / function met, by name (a clone resolves classes from here) */
  readonly classes = new Map<string, AnyClass>();
  readonly refs = new Map<object, Json>();
  private readonly visiting = new Set<object>();

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
        const name = (v as { name?: string }).name ?? "";
        if (/^[A-Z]/.test(name) && (v as { prototype?: unknown }).prototype) {
          this.classes.set(name, v as AnyClass);
          return { $class: name };
        }
        return { $function: name };
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
      const arr = o as unknown as TypedArray;
      if (spec) return { $typed: ctor, $tensor: this.tensor(tensor(spec.make(arr), { dtype: spec.dtype, shape: [arr.length] }), path) };
      return { $typed: ctor, data: Array.from(arr as ArrayLike<number>) };
    }
    if (o instanceof Generator) {
      let id = this.generators.indexOf(o);
      if (id < 0) id = this.generators.push(o) - 1;
      return { $generator: id };
    }
    if (Array.isArray(o)) return o.map((e, i) => this.value(e, `${path}.${i}`));
    if (o instanceof Map || o instanceof Set || o instanceof WeakMap || o instanceof Promise) {
      return { $unsupported: o.constructor.name };
    }
    const proto = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) {
      const out: { [k: string]: Json } = {};
      for (const [k, e] of Object.entries(o)) out[k] = this.value(e, `${path}.${k}`);
      return { $object: out };
    }
    // a class instance held by the object (e.g. its learning rule): field by field
    if (this.visiting.has(o)) return { $cycle: o.constructor.name };
    this.classes.set(o.constructor.name, o.constructor as AnyClass);
    return { $instance: o.constructor.name, fields: this.fields(o, path) };
  }

  /** Own enumerable fields of an object, except `skip`. */
  fields(o: object, path: string, skip: readonly string[] = []): { [k: string]: Json } {
    this.visiting.add(o);
    try {
      const out: { [k: string]: Json } = {};
      for (const [k, e] of Object.entries(o)) {
        if (skip.includes(k)) continue;
        out[k] = this.value(e, `${path}.${k}`);
      }
      return out;
    } finally {
      this.visiting.delete(o);
    }
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

/** State of a decoding pass. */
export class Decoder {
  readonly warnings: string[] = [];
  readonly refs = new Map<string, unknown>();

  constructor(
    readonly tensors: Map<string, Tensor>,
    readonly generators: Generator[],
    private readonly classes: Map<string, AnyClass> = new Map(),
  ) {}

  /** A class by name: this pass's classes first (clone), then the registry. */
  cls(name: string, where: string): AnyClass {
    const c = this.classes.get(name) ?? getRegisteredClass(name);
    if (!c) {
      throw new ValueError(
        `loadNetwork: ${where} needs class "${name}", which is not registered; expected registerClass(${name}) before loading (custom classes and learning rules register themselves)`,
      );
    }
    return c;
  }

  /** Decodes a value; instances come back as KEEP markers (restored in place by `restore`). */
  value(j: Json, where: string): unknown {
    if (j === null || typeof j !== "object") return j;
    if (Array.isArray(j)) return j.map((e, i) => this.value(e, `${where}[${i}]`));
    if ("$ref" in j) {
      const key = String(j.$ref);
      if (!this.refs.has(key)) throw new ValueError(`loadNetwork: ${where} refers to ${key}, expected it to be defined earlier in the file`);
      return this.refs.get(key);
    }
    if ("$undefined" in j) return undefined;
    if ("$num" in j) return Number(j.$num);
    if ("$bigint" in j) return BigInt(String(j.$bigint));
    if ("$class" in j) return this.cls(String(j.$class), where);
    if ("$tensor" in j) {
      const t = this.tensors.get(String(j.$tensor));
      if (!t) throw new ValueError(`loadNetwork: ${where} needs tensor "${String(j.$tensor)}", which the file lacks`);
      if ("$typed" in j) {
        const spec = TYPED[String(j.$typed)];
        return spec ? spec.make(t.data) : Array.from(t.data);
      }
      return t;
    }
    if ("$typed" in j) {
      const C = (globalThis as unknown as Record<string, { from(d: unknown): unknown }>)[String(j.$typed)];
      return C ? C.from(j.data) : j.data;
    }
    if ("$generator" in j) return this.generators[Number(j.$generator)];
    if ("$object" in j) {
      const out: Obj = {};
      for (const [k, e] of Object.entries(j.$object as Record<string, Json>)) {
        const v = this.value(e, `${where}.${k}`);
        if (v !== KEEP) out[k] = v;
      }
      return out;
    }
    // functions, cycles, unsupported values and instances outside restore(): keep what the constructor made
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
        if (cur && typeof cur === "object" && cur.constructor.name === j.$instance) this.restore(cur, f, path);
        else {
          const C = this.classes.get(String(j.$instance)) ?? getRegisteredClass(String(j.$instance));
          if (!C) {
            this.warnings.push(`${path}: class ${String(j.$instance)} is not registered; left as constructed`);
            continue;
          }
          const obj = Object.create((C as unknown as { prototype: object }).prototype) as object;
          this.restore(obj, f, path);
          this.assign(t, k, obj, path);
        }
        continue;
      }
      const v = this.value(j, path);
      if (v === KEEP) continue;
      if (v instanceof Tensor && cur instanceof Tensor && cur !== v && cur.dtype === v.dtype && sameShape(cur.shape, v.shape) && cur.isContiguous()) {
        cur.copy_(v); // in place: views and cached handles of the constructed object stay valid
        continue;
      }
      if (ArrayBuffer.isView(v) && ArrayBuffer.isView(cur) && v.constructor === cur.constructor && (v as TypedArray).length === (cur as TypedArray).length) {
        (cur as TypedArray).set(v as TypedArray);
        continue;
      }
      if (typeof cur === "function" && v === cur) continue;
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
