/**
 * Node-only file access for the data sets: reading (and gunzipping) files and locating them
 * under a root folder. Kept apart from the parsers so those run in a browser.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import { BindsNetError, ValueError } from "../errors.js";
import type { ByteImageSource } from "./dataset.js";
import { type IdxArray, idxDeclaredBytes, isGzip, parseIdx } from "./idx.js";
import { idxFileNames, idxSourceFromBytes } from "./idx-source.js";

/** A data set's files are not where they were looked for. */
export class DatasetNotFoundError extends BindsNetError {
  override name = "DatasetNotFoundError";
}

/**
 * The first inflated bytes of a gzip archive, at least `want` of them when the archive has
 * that many: inflates only a prefix of the compressed bytes (a bounded amount of output).
 */
function gunzipHead(path: string, gz: Uint8Array, want: number): Uint8Array {
  for (let k = 256; ; k *= 4) {
    // eslint-disable-next-line no-restricted-syntax -- transient: a prefix of a file's bytes, inflated in this call
    const part = gz.subarray(0, Math.min(k, gz.length));
    let out: Uint8Array;
    try {
      out = new Uint8Array(gunzipSync(part, { finishFlush: zlibConstants.Z_SYNC_FLUSH }));
    } catch (e) {
      throw new ValueError(`readBytes: ${path} is not a valid gzip file (${(e as Error).message}), expected a complete .gz archive`);
    }
    if (out.length >= want || part.length === gz.length) return out;
  }
}

/**
 * Reads a file's bytes, transparently decompressing gzip (detected by its signature). With
 * `declaredSize` (e.g. `idxDeclaredBytes`), a gzip archive is checked before it is inflated:
 * only its first bytes are inflated and handed to `declaredSize` (null: "need more"; it
 * throws on a bad header), and the whole archive is then inflated with zlib's
 * `maxOutputLength` set to the size the header declares, so a small archive that inflates to
 * gigabytes fails after the header, not after the allocation.
 */
export function readBytes(path: string, declaredSize?: (head: Uint8Array, name: string) => number | null): Uint8Array {
  const raw = readFileSync(path);
  // eslint-disable-next-line no-restricted-syntax -- a file's bytes (a Node Buffer), not tensor storage
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!isGzip(bytes)) return bytes;
  let limit: number | undefined;
  if (declaredSize !== undefined) {
    let want = 16;
    for (;;) {
      const head = gunzipHead(path, bytes, want);
      const size = declaredSize(head, path);
      if (size !== null) {
        limit = size;
        break;
      }
      if (head.length < want) break; // too short to tell: the parser reports the truncation
      want *= 4;
    }
    // one byte over the declared size is enough to tell "trailing data" from "exact"
    if (limit !== undefined && limit + 1 > 2 ** 31) throw new ValueError(`readBytes: ${path} declares ${limit} bytes, expected a file under 2 GiB`);
  }
  try {
    return new Uint8Array(gunzipSync(bytes, limit === undefined ? {} : { maxOutputLength: limit + 1 }));
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new ValueError(`readBytes: ${path} inflates to more than the ${limit} bytes its header declares, expected exactly ${limit} (trailing data: corrupt or concatenated file)`);
    }
    // A truncated or corrupt .gz: report it like the parsers report a bad IDX file.
    throw new ValueError(`readBytes: ${path} is not a valid gzip file (${(e as Error).message}), expected a complete .gz archive`);
  }
}

/** Reads an IDX file, raw or gzipped (a gzipped one is checked against its header before it is inflated). */
export function readIdxFile(path: string): IdxArray {
  return parseIdx(readBytes(path, idxDeclaredBytes), path);
}

/** True when `path` is an existing directory. */
export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * Finds the first existing file among `names` (each also tried with `.gz`) in the `dirs`;
 * returns null when none exists. Lets a root hold raw or gzipped files, flat or in the
 * `MNIST/raw` layout torchvision uses.
 */
export function findFile(dirs: readonly string[], names: readonly string[]): string | null {
  for (const dir of dirs) {
    for (const name of names) {
      for (const candidate of [name, `${name}.gz`]) {
        const p = join(dir, candidate);
        if (existsSync(p) && statSync(p).isFile()) return p;
      }
    }
  }
  return null;
}

/** Absolute form of a path for error messages. */
export function absolute(path: string): string {
  return resolve(path);
}

/**
 * Finds and parses the IDX pair of a split under `root` (also `root/<name>/raw` and
 * `root/raw`, torchvision's layout), raw or gzipped. Throws `DatasetNotFoundError` naming
 * every folder looked in and `howToObtain` when the files are absent.
 */
export function loadIdxSplit(op: string, name: string, root: string, train: boolean, howToObtain: string): ByteImageSource {
  const dirs = [root, join(root, name, "raw"), join(root, "raw")];
  const names = idxFileNames(train);
  const imagesPath = findFile(dirs, names.images);
  const labelsPath = findFile(dirs, names.labels);
  if (imagesPath === null || labelsPath === null) {
    const missing = [imagesPath === null ? names.images[0] : null, labelsPath === null ? names.labels[0] : null].filter(Boolean).join(" and ");
    const where = isDirectory(root) ? `looked in ${dirs.map((d) => absolute(d)).join(", ")}` : `root ${absolute(root)} does not exist`;
    throw new DatasetNotFoundError(`${op}: ${name} ${train ? "training" : "test"} files not found (${missing}[.gz]): ${where}. ${howToObtain}`);
  }
  // Both files are read and checked before the source exists, so a bad pair leaves nothing
  // half-loaded behind.
  return idxSourceFromBytes(readBytes(imagesPath, idxDeclaredBytes), readBytes(labelsPath, idxDeclaredBytes), { imagesName: imagesPath, labelsName: labelsPath, numClasses: 10 });
}
