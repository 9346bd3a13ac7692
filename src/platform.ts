/**
 * Where the library meets the platform: files. Everything meant for browsers bundles without
 * a Node built-in, so nothing outside `src/node`, `src/cli` and a few named Node-only files
 * imports `node:*`. The few core methods that take a path (`network.save(path)`,
 * `Network.load(path)`, `NetworkMonitor.save(path)`, a plot's `file` option) go through the
 * {@link FileSystem} hook below:
 *
 * - a hook installed with {@link setFileSystem} (bindsnet/node's `nodeFileSystem()`, or your
 *   own, e.g. an in-memory map in a browser test), else
 * - in Node, Node's own fs, reached at call time through `process.getBuiltinModule`
 *   (Node >= 20.16), which bundlers neither see nor resolve, else
 * - an error naming the bytes-level API to use instead (`serializeNetwork`, ...).
 *
 * Writes are atomic: a temporary file in the same folder, written, fsync'ed, then renamed
 * over the target, so a crash mid-save never leaves a half-written checkpoint.
 */
import { BindsNetError } from "./errors.js";

/** Thrown when a file operation is asked for where no file system is reachable (a browser). */
export class NoFileSystemError extends BindsNetError {
  override name = "NoFileSystemError";
}

/** The file operations the core needs. */
export interface FileSystem {
  /** The whole file's bytes. */
  readFile(path: string): Uint8Array;
  /** Replaces the file atomically, creating missing parent folders. */
  writeFile(path: string, data: Uint8Array | string): void;
}

/** The subset of `node:fs` that atomic writes use (`writeFileAtomic` in `bindsnet/node`). */
export interface NodeFsLike {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, data: Uint8Array): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  mkdirSync(path: string, opts: { recursive: boolean }): unknown;
  readFileSync(path: string): Uint8Array;
}

/** A Node built-in module (through `process.getBuiltinModule`), or an error saying this needs Node. */
export function nodeModule<T>(name: string, why: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.(name);
  if (mod === undefined) throw new NoFileSystemError(`${why}: needs Node.js >= 20.16 (${name} is not available here)`);
  return mod as T;
}

/** True when Node's built-in modules are reachable (Node >= 20.16). */
export function hasNodeBuiltins(): boolean {
  const proc = (globalThis as { process?: { getBuiltinModule?: unknown } }).process;
  return typeof proc?.getBuiltinModule === "function";
}

function parentOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i <= 0 ? (i === 0 ? "/" : "") : path.slice(0, i);
}

let tmpCounter = 0;

/**
 * Writes `data` to `path` atomically with the given fs: `path.<pid>.<n>.tmp` in the same
 * folder, fsync, rename over `path`. Missing parent folders are created. On failure the
 * temporary file is removed and the target is left as it was.
 */
export function atomicWriteFile(fs: NodeFsLike, path: string, data: Uint8Array | string): void {
  const dir = parentOf(path);
  if (dir !== "") fs.mkdirSync(dir, { recursive: true });
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  const tmp = `${path}.${pid}.${tmpCounter++}.tmp`;
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const fd = fs.openSync(tmp, "w", 0o644);
  try {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, off === 0 ? bytes : bytes.slice(off));
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    try {
      fs.unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, path);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

/** A {@link FileSystem} over a Node-like fs module (atomic writes). */
export function fileSystemFrom(fs: NodeFsLike): FileSystem {
  return {
    readFile(path: string): Uint8Array {
      const b = fs.readFileSync(path);
      // eslint-disable-next-line no-restricted-syntax -- a file's bytes (a Node Buffer), not tensor storage
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    writeFile(path: string, data: Uint8Array | string): void {
      atomicWriteFile(fs, path, data);
    },
  };
}

let installed: FileSystem | null = null;

/** Installs the file system that path-taking methods use (`null`: back to the default). */
export function setFileSystem(fs: FileSystem | null): void {
  if (fs !== null && (typeof fs !== "object" || typeof fs.readFile !== "function" || typeof fs.writeFile !== "function")) {
    throw new BindsNetError(`setFileSystem: fs is not a { readFile, writeFile } object, expected a FileSystem or null`);
  }
  installed = fs;
}

/**
 * The file system for `op`: the installed one, else Node's (when reachable), else a
 * {@link NoFileSystemError} that names `instead`, the bytes-level API to use.
 */
export function fileSystem(op: string, instead: string): FileSystem {
  if (installed !== null) return installed;
  if (hasNodeBuiltins()) return fileSystemFrom(nodeModule<NodeFsLike>("node:fs", op));
  throw new NoFileSystemError(`${op}: no file system here (not Node.js >= 20.16 and none installed with setFileSystem); expected Node, or use ${instead}`);
}
