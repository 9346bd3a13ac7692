/**
 * Node-only file access for the data sets: reading (and gunzipping) files and locating them
 * under a root folder. Kept apart from the parsers so those run in a browser.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { BindsNetError, ValueError } from "../errors.js";
import type { ByteImageSource } from "./dataset.js";
import { type IdxArray, isGzip, parseIdx } from "./idx.js";
import { idxFileNames, idxSourceFromBytes } from "./idx-source.js";

/** A data set's files are not where they were looked for. */
export class DatasetNotFoundError extends BindsNetError {
  override name = "DatasetNotFoundError";
}

/** Reads a file's bytes, transparently decompressing gzip (detected by its signature). */
export function readBytes(path: string): Uint8Array {
  const raw = readFileSync(path);
  // eslint-disable-next-line no-restricted-syntax -- a file's bytes (a Node Buffer), not tensor storage
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!isGzip(bytes)) return bytes;
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (e) {
    // A truncated or corrupt .gz: report it like the parsers report a bad IDX file.
    throw new ValueError(`readBytes: ${path} is not a valid gzip file (${(e as Error).message}), expected a complete .gz archive`);
  }
}

/** Reads an IDX file, raw or gzipped. */
export function readIdxFile(path: string): IdxArray {
  return parseIdx(readBytes(path), path);
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
  return idxSourceFromBytes(readBytes(imagesPath), readBytes(labelsPath), { imagesName: imagesPath, labelsName: labelsPath, numClasses: 10 });
}
