/**
 * `bindsnet/node`: the Node-only helpers. Everything else in the package bundles for
 * browsers; what needs files, folders or native addons is here.
 *
 * - {@link nodeFileSystem} / {@link writeFileAtomic}: atomic file writes (temporary file,
 *   fsync, rename). `network.save(path)`, `Network.load(path)` and `NetworkMonitor.save(path)`
 *   already use Node's fs by default (see `setFileSystem`); install this explicitly with
 *   `setFileSystem(nodeFileSystem())` when the default is unavailable.
 * - {@link saveNetworkFile} / {@link loadNetworkFile}: network files.
 * - Folder data sets: `MNIST`, `FashionMNIST`, `CIFAR10`, `CIFAR100`, `SpokenMNIST`, `Davis`,
 *   `ALOV300`, and `readIdxFile` / `readBytes`.
 * - Plot files: `svgToPng` (PNG through the optional native package `@resvg/resvg-js`) and
 *   {@link writePlotFile}.
 * - `csvFileWriter`: DotSimulator's CSV output.
 * - {@link PoolEvaluator}: worker threads for the label and test phases of the Diehl & Cook
 *   recipes (a recipe context's `parallel`; see docs/recipes.md).
 *
 * @example
 * ```ts
 * import { Network } from "bindsnet";
 * import { saveNetworkFile, loadNetworkFile, MNIST } from "bindsnet/node";
 * saveNetworkFile(net, "runs/net.safetensors");
 * const again = loadNetworkFile<Network>("runs/net.safetensors");
 * ```
 * @module
 */
import * as fs from "node:fs";
import { type FileSystem, atomicWriteFile, fileSystemFrom } from "../platform.js";
import { ValueError, fmtValue } from "../errors.js";
import { Network } from "../network/network.js";
import { serializeNetwork, deserializeNetwork, type LoadOptions, type SerializableNetwork } from "../network/io/index.js";
import { writeFile } from "../analysis/output.js";

export { type FileSystem, type NodeFsLike, NoFileSystemError, setFileSystem, fileSystemFrom } from "../platform.js";
export * from "../datasets/node.js";
export { csvFileWriter } from "../environment/dot-file-writer.js";
export { svgToPng, nextVersionName } from "../analysis/output.js";
export { PoolEvaluator, type PoolEvaluatorOptions } from "./parallel-eval.js";

/** A {@link FileSystem} over Node's fs with atomic writes (temporary file, fsync, rename). */
export function nodeFileSystem(): FileSystem {
  return fileSystemFrom(fs);
}

/** Replaces `path` atomically with `data` (temporary file in the same folder, fsync, rename); creates missing folders. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  atomicWriteFile(fs, path, data);
}

/**
 * Writes a network to a safetensors file with Node's fs (atomically: temporary file, fsync,
 * rename), whatever file system `setFileSystem` installed; the same file as `network.save`.
 */
export function saveNetworkFile(net: SerializableNetwork, path: string): void {
  if (typeof path !== "string" || path === "") throw new ValueError(`saveNetworkFile: path is ${fmtValue(path)}, expected a file path`);
  writeFileAtomic(path, serializeNetwork(net));
}

/** Reads a network written by {@link saveNetworkFile} or `network.save` with Node's fs; like `Network.load(path)`. */
export function loadNetworkFile<N = SerializableNetwork>(path: string, opts: LoadOptions = {}): N {
  if (typeof path !== "string" || path === "") throw new ValueError(`loadNetworkFile: path is ${fmtValue(path)}, expected a file path`);
  let bytes: Uint8Array;
  try {
    bytes = nodeFileSystem().readFile(path);
  } catch (e) {
    throw new ValueError(`loadNetworkFile: path "${path}" could not be read, expected a file written by save (${(e as Error).message})`);
  }
  return deserializeNetwork<N>(bytes, { ...opts, Network: opts.Network ?? Network }, path);
}

/** Writes a plot (an SVG string, or PNG bytes from `svgToPng`) to a file, creating its folder. */
export function writePlotFile(path: string, data: string | Uint8Array): void {
  writeFile(path, data, "writePlotFile");
}
