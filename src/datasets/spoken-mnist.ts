/**
 * SpokenMNIST: the Free Spoken Digit Dataset (FSDD), 8 kHz WAV recordings named
 * `{digit}_{speaker}_{index}.wav`, as log-mel filter-bank features `[frames, 40]`.
 *
 * Read from a local folder (the FSDD repository or its `recordings/` folder); features are
 * computed lazily when an item is read, so memory stays bounded.
 *
 * Deliberate differences from the reference, whose code has bugs (periphery.md §5):
 * - the train and test splits are disjoint (the reference re-processes all 1,500 files for
 *   both after its first run, leaking test data into training);
 * - `numSamples: -1` keeps all frames (the reference's `[:-1]` slice drops the last one);
 * - shuffling uses the seeded generator, and works for the test split too;
 * - there is no on-disk cache and no download.
 */
import { checkOptions } from "../options.js";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ValueError, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import { Generator, defaultGenerator, randperm } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { type LogMelOptions, logMelFeatures, parseWav } from "./audio.js";
import { type Dataset, checkIndex } from "./dataset.js";
import { DatasetNotFoundError, absolute, isDirectory, readBytes } from "./fs.js";
import { checkBool } from "./mnist.js";

/** The three speakers of the original FSDD release (1,500 recordings). */
export const FSDD_SPEAKERS = ["jackson", "nicolas", "theo"] as const;

/** Options of `SpokenMNIST` (the reference's arguments in camelCase). */
export interface SpokenMNISTOptions {
  /** The FSDD folder (holding `recordings/`), or the recordings folder itself. */
  path: string;
  /** Accepted for parity; nothing is downloaded. */
  download?: boolean;
  /** Shuffle the file list before splitting (default true; seeded by `generator`). */
  shuffle?: boolean;
  /** The training part (default) or the test part of the split. */
  train?: boolean;
  /** Fraction of files in the training part (default 0.8). */
  split?: number;
  /** Keep at most this many frames per recording; -1 (default) keeps all. */
  numSamples?: number;
  /** Speakers to include (default the original three; the current FSDD has more). */
  speakers?: readonly string[];
  /** Examples per digit and speaker to include: indices 0..n-1 (default 50). */
  examplesPerSpeaker?: number;
  /** Generator for the shuffle (default the global one). */
  generator?: Generator;
  /** Feature options (the reference's constants by default). */
  features?: LogMelOptions;
}

/** One SpokenMNIST item: the reference's `{ audio, label }`. */
export interface SpokenMNISTItem {
  /** Log-mel features `[frames, 40]` float32. */
  audio: Tensor;
  /** The spoken digit. */
  label: number;
}

interface Entry {
  file: string;
  label: number;
}

/** The Free Spoken Digit Dataset as log-mel features. */
export class SpokenMNIST implements Dataset<SpokenMNISTItem> {
  readonly path: string;
  readonly train: boolean;
  readonly numSamples: number;
  readonly recordingsDir: string;
  private readonly entries: Entry[];
  private readonly featureOpts: LogMelOptions;

  constructor(opts: SpokenMNISTOptions) {
    const op = "SpokenMNIST";
    if (opts === null || typeof opts !== "object" || typeof opts.path !== "string" || opts.path.length === 0) {
      throw new ValueError(`${op}: path is ${fmtValue(opts?.path)}, expected the folder of the Free Spoken Digit Dataset`);
    }
    checkOptions(op, opts, ["path", "download", "shuffle", "train", "split", "numSamples", "speakers", "examplesPerSpeaker", "generator", "features"]);
    const train = checkBool(op, "train", opts.train, true);
    const shuffle = checkBool(op, "shuffle", opts.shuffle, true);
    const split = opts.split ?? 0.8;
    if (typeof split !== "number" || !(split >= 0 && split <= 1)) throw new ValueError(`${op}: split is ${fmtValue(split)}, expected a number in [0, 1]`);
    const numSamples = opts.numSamples ?? -1;
    if (!Number.isInteger(numSamples) || (numSamples < 1 && numSamples !== -1)) {
      throw new ValueError(`${op}: numSamples is ${fmtValue(numSamples)}, expected a positive integer or -1 (all frames)`);
    }
    const speakers = opts.speakers ?? FSDD_SPEAKERS;
    const perSpeaker = opts.examplesPerSpeaker ?? 50;
    if (opts.generator !== undefined && !(opts.generator instanceof Generator)) throw new ValueError(`${op}: generator is ${fmtValue(opts.generator)}, expected a Generator`);

    const candidates = [join(opts.path, "recordings"), join(opts.path, "free-spoken-digit-dataset-master", "recordings"), opts.path];
    const dir = candidates.find((d) => isDirectory(d) && readdirSync(d).some((f) => /^\d_[a-z]+_\d+\.wav$/.test(f)));
    if (dir === undefined) {
      const where = existsSync(opts.path) ? `looked in ${candidates.map(absolute).join(", ")}` : `path ${absolute(opts.path)} does not exist`;
      throw new DatasetNotFoundError(
        `${op}: no recordings named {digit}_{speaker}_{index}.wav found: ${where}. Get the Free Spoken Digit Dataset from https://github.com/Jakobovski/free-spoken-digit-dataset (git clone or its zip) and pass its folder as path.`,
      );
    }
    const present = new Set(readdirSync(dir));
    const all: Entry[] = [];
    for (let digit = 0; digit < 10; digit++) {
      for (const speaker of speakers) {
        for (let k = 0; k < perSpeaker; k++) {
          const file = `${digit}_${speaker}_${k}.wav`;
          if (present.has(file)) all.push({ file: join(dir, file), label: digit });
        }
      }
    }
    if (all.length === 0) {
      throw new DatasetNotFoundError(`${op}: ${absolute(dir)} holds no recordings of speakers ${fmtValue([...speakers])}, expected files like 0_${speakers[0]}_0.wav`);
    }
    let order = all;
    if (shuffle) {
      const perm = randperm(all.length, { generator: opts.generator ?? defaultGenerator() }).data as Int32Array;
      order = Array.from(perm, (i) => all[i]!);
    }
    const nTrain = Math.floor(split * order.length);
    this.entries = train ? order.slice(0, nTrain) : order.slice(nTrain);
    this.path = opts.path;
    this.train = train;
    this.numSamples = numSamples;
    this.recordingsDir = dir;
    this.featureOpts = opts.features ?? {};
  }

  get length(): number {
    return this.entries.length;
  }

  /** The WAV file of item `index`. */
  file(index: number): string {
    return this.entries[checkIndex("SpokenMNIST.file", index, this.length)]!.file;
  }

  /** Item `index`: features computed now from its WAV file. */
  get(index: number): SpokenMNISTItem {
    const op = "SpokenMNIST.get";
    const e = this.entries[checkIndex(op, index, this.length)]!;
    const wav = parseWav(readBytes(e.file), e.file);
    if (wav.channels !== 1) throw new ValueError(`${op}: ${e.file} has ${wav.channels} channels, expected a mono recording`);
    const f = logMelFeatures(wav.samples, wav.sampleRate, this.featureOpts);
    const frames = this.numSamples === -1 ? f.frames : Math.min(this.numSamples, f.frames);
    // eslint-disable-next-line no-restricted-syntax -- transient: copied at once by Float32Array.from
    const audio = tensor(Float32Array.from(f.data.subarray(0, frames * f.nfilt)), { shape: [frames, f.nfilt] });
    return { audio, label: e.label };
  }

  *[Symbol.iterator](): Iterator<SpokenMNISTItem> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}
