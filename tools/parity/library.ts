/**
 * The runner reaches the simulator only through its public exports, looked up by class name
 * at run time. Parts of the library land at different times (topology, learning rules,
 * multicompartment connections), so a scenario whose classes are not exported yet is reported
 * as skipped ("needs X") instead of failing to compile: modules are imported dynamically and
 * a missing module simply contributes no names.
 */
import type { Tensor } from "../../src/tensor/tensor.js";

/** Any class constructor taking one options object. */
export type AnyCtor = new (opts: Record<string, unknown>) => Record<string, unknown>;

/** What the runner uses of a Network (the pinned API in docs; structural so it needs no import). */
export interface NetworkLike {
  addLayer(layer: unknown, name: string): unknown;
  addConnection(conn: unknown, source: string, target: string): unknown;
  addMonitor(monitor: unknown, name: string): unknown;
  run(opts: Record<string, unknown>): unknown;
  resetStateVariables(): unknown;
  layers: Record<string, Record<string, unknown>>;
  connections: { get(source: string, target: string): Record<string, unknown> | undefined };
  learning?: boolean;
}

/** Thrown by {@link Library.cls} when an export is absent; the runner turns it into a skip. */
export class MissingClassError extends Error {
  constructor(readonly missing: string) {
    super(`needs ${missing}`);
    this.name = "MissingClassError";
  }
}

/** Module specifiers (relative to this file) whose exports make up the library. */
const LIBRARY_MODULES = [
  "../../src/network/index.js",
  "../../src/network/nodes/index.js",
  "../../src/network/topology/index.js",
  "../../src/network/features/index.js",
  "../../src/network/monitors.js",
  "../../src/network/network.js",
  "../../src/network/learning-rule.js",
  "../../src/learning/index.js",
  "../../src/learning/mcc/index.js",
  "../../src/index.js",
];

/** Exports merged by name; first module wins. */
export class Library {
  constructor(readonly exports: Record<string, unknown>) {}

  has(name: string): boolean {
    return typeof this.exports[name] === "function";
  }

  /** The exported class `name`, or a {@link MissingClassError}. */
  cls(name: string): AnyCtor {
    const c = this.exports[name];
    if (typeof c !== "function") throw new MissingClassError(name);
    return c as AnyCtor;
  }

  /** Constructs `name` with one options object. */
  make(name: string, opts: Record<string, unknown>): Record<string, unknown> {
    const C = this.cls(name);
    return new C(opts);
  }

  /** A new Network (needs the Network class). */
  network(opts: Record<string, unknown>): NetworkLike {
    return this.make("Network", opts) as unknown as NetworkLike;
  }
}

let cached: Promise<Library> | null = null;

/**
 * Imports every module of {@link LIBRARY_MODULES} that exists and merges their exports.
 * `extra` modules (already imported namespaces) are merged first, so a test can inject classes.
 */
export function loadLibrary(extra: Record<string, unknown>[] = []): Promise<Library> {
  if (extra.length === 0 && cached) return cached;
  const p = (async () => {
    const merged: Record<string, unknown> = {};
    for (const e of extra) for (const [k, v] of Object.entries(e)) if (!(k in merged)) merged[k] = v;
    for (const spec of LIBRARY_MODULES) {
      let mod: Record<string, unknown>;
      try {
        // a variable specifier: modules that do not exist yet must not break the type check
        mod = (await import(/* @vite-ignore */ spec)) as Record<string, unknown>;
      } catch (e) {
        if (isNotFound(e)) continue;
        throw e;
      }
      for (const [k, v] of Object.entries(mod)) if (!(k in merged)) merged[k] = v;
    }
    return new Library(merged);
  })();
  if (extra.length === 0) cached = p;
  return p;
}

function isNotFound(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  const msg = String(err?.message ?? "");
  return (
    err?.code === "ERR_MODULE_NOT_FOUND" ||
    /Cannot find module|Failed to load url|Failed to resolve|does not exist/i.test(msg)
  );
}

/** Tensor type re-exported for builders. */
export type { Tensor };
