/**
 * `AbstractPreprocessor`: processes a file once and caches the result, keyed by an MD5 hash
 * of the file's text plus the subclass's name, so editing the file or switching the
 * preprocessor invalidates the cache. Node only (reads and writes files).
 *
 * Deliberate difference: the reference pickles `{verify, data}` to `./processed/data.pt`;
 * this port writes JSON (`{ "verify": md5, "data": ... }`) to `./processed/data.json`, so
 * `data` must be JSON-serialisable.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ValueError, fmtValue } from "../errors.js";

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
      mkdirSync(dirname(cachedfile), { recursive: true });
      writeFileSync(cachedfile, JSON.stringify({ verify: cache.verify, data: cache.data }));
    }
    return cache.data as T;
  }

  /** MD5 (hex) of the file's text followed by the class name. */
  hash(filename: string): string {
    return createHash("md5").update(readFileSync(filename, "utf8") + this.constructor.name).digest("hex");
  }

  /** Processes `filename` and stores the result in `cache.data`. */
  protected abstract _process(filename: string, cache: PreprocessorCache<T>): void;
}
