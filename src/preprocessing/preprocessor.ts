/**
 * `AbstractPreprocessor`: processes a file once and caches the result, keyed by an MD5 hash
 * of the file's text plus the subclass's name, so editing the file or switching the
 * preprocessor invalidates the cache. Node only (reads and writes files).
 *
 * Deliberate difference: the reference pickles `{verify, data}` to `./processed/data.pt`;
 * this port writes JSON (`{ "verify": md5, "data": ... }`) to `./processed/data.json`, so
 * `data` must be JSON-serialisable.
 */
import { ValueError, fmtValue } from "../errors.js";
import { fileSystem, nodeModule } from "../platform.js";

interface NodeFs {
  existsSync(p: string): boolean;
  readFileSync(p: string, enc: "utf8"): string;
}
interface NodeCrypto {
  createHash(alg: string): { update(s: string): { digest(enc: "hex"): string } };
}

/** The cache object `_process` fills in (`cache.data`). */
export interface PreprocessorCache<T> {
  verify?: string;
  data?: T;
}

/** Base class: subclasses implement `_process(filename, cache)` and set `cache.data`. */
export abstract class AbstractPreprocessor<T = unknown> {
  /**
   * Returns the processed data of `csvfile`, from `cachedfile` when its hash matches and
   * `useCache` is true, else by calling `_process` (and then writing the cache).
   */
  process(csvfile: string, useCache = true, cachedfile = "./processed/data.json"): T {
    const op = `${this.constructor.name}.process`;
    // Node's modules at call time (src/platform.ts), so the module bundles for browsers
    const { existsSync, readFileSync } = nodeModule<NodeFs>("node:fs", op);
    if (typeof csvfile !== "string" || !existsSync(csvfile)) throw new ValueError(`${op}: csvfile is ${fmtValue(csvfile)}, expected the path of an existing file`);
    const cache: PreprocessorCache<T> = {};
    if (useCache) {
      cache.verify = this.hash(csvfile);
      if (existsSync(cachedfile)) {
        try {
          const saved = JSON.parse(readFileSync(cachedfile, "utf8")) as PreprocessorCache<T>;
          if (saved.verify === cache.verify && "data" in saved) return saved.data as T;
        } catch {
          // An unreadable cache is treated as stale and rewritten below.
        }
      }
    }
    this._process(csvfile, cache);
    if (!("data" in cache)) throw new ValueError(`${op}: _process did not set cache.data, expected it to store the processed data`);
    if (useCache) {
      fileSystem(op, "a browser-side cache of your own").writeFile(cachedfile, JSON.stringify({ verify: cache.verify, data: cache.data }));
    }
    return cache.data as T;
  }

  /** MD5 (hex) of the file's text followed by the class name. */
  hash(filename: string): string {
    const op = `${this.constructor.name}.hash`;
    const { readFileSync } = nodeModule<NodeFs>("node:fs", op);
    const { createHash } = nodeModule<NodeCrypto>("node:crypto", op);
    return createHash("md5").update(readFileSync(filename, "utf8") + this.constructor.name).digest("hex");
  }

  /** Processes `filename` and stores the result in `cache.data`. */
  protected abstract _process(filename: string, cache: PreprocessorCache<T>): void;
}
