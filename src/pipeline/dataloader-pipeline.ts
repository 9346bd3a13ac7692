/**
 * BindsNET's `DataLoaderPipeline` (epochs over a data set with the project's `DataLoader`,
 * batches time-first) and `TorchVisionDatasetPipeline` (unsupervised runs of a network on
 * each batch's `encodedImage`), also exported as `DatasetPipeline`.
 *
 * The batch `TorchVisionDatasetPipeline` accepts is what `DataLoader` (with its default
 * `timeAwareCollate`) makes of the items of `MNIST` and the other encoded data sets:
 * `{ encodedImage: Tensor [T, B, ...imageShape], ... }` (other keys are ignored). An
 * uncollated item, `encodedImage` `[T, ...imageShape]`, is read as batch 1.
 */
import { checkOptions } from "../options.js";
import { BindsNetError, ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import type { PipelineAnalyzer } from "../analysis/pipeline-analysis.js";
import { DataLoader, type IndexedDataset } from "../datasets/dataloader.js";
import type { Network } from "../network/network.js";
import { Generator } from "../tensor/random.js";
import { sum } from "../tensor/ops/reduce.js";
import { Tensor, sameShape } from "../tensor/tensor.js";
import { BasePipeline, type BasePipelineOptions } from "./base-pipeline.js";
import { bool, nonNegInt, optionsObject, posInt, str } from "./options.js";

/** Options of `DataLoaderPipeline` (BindsNET's defaults). */
export interface DataLoaderPipelineOptions extends BasePipelineOptions {
  /** Epochs `train()` runs (default 10). */
  numEpochs?: number;
  /** Items per batch (default 1). */
  batchSize?: number;
  /** Accepted for parity; loading is in-thread (default 0). */
  numWorkers?: number;
  /** Accepted for parity and ignored (default true). */
  pinMemory?: boolean;
  /** A new random order every epoch (default true). */
  shuffle?: boolean;
  /** Generator of the shuffling order (default: `new Generator(seed)` when `seed` is given, else the global one). */
  generator?: Generator;
  /** Seed of the shuffling order. */
  seed?: number;
}

/**
 * Runs `step(batch)` on every batch of `trainDs` for `numEpochs` epochs, logging
 * `Epoch e/N` at the start and `Epoch e/N: k batches in s s` at the end of each.
 * `test()` is not implemented (as in the reference): override it to use `testInterval`.
 */
export abstract class DataLoaderPipeline<T = unknown, B = unknown, O = unknown> extends BasePipeline<B, O> {
  readonly trainDs: IndexedDataset<T> | readonly T[];
  readonly testDs: IndexedDataset<T> | readonly T[] | null;
  readonly numEpochs: number;
  readonly batchSize: number;
  readonly numWorkers: number;
  readonly pinMemory: boolean;
  readonly shuffle: boolean;
  readonly generator: Generator | null;

  constructor(network: Network, trainDs: IndexedDataset<T> | readonly T[], testDs: IndexedDataset<T> | readonly T[] | null = null, opts?: DataLoaderPipelineOptions, op = "DataLoaderPipeline") {
    if (op === "DataLoaderPipeline") checkOptions(op, opts, ["saveDir", "saveInterval", "plotConfig", "printInterval", "testInterval", "plotInterval", "allowGpu", "log", "numEpochs", "batchSize", "numWorkers", "pinMemory", "shuffle", "generator", "seed"]);
    super(network, opts, op);
    const o = optionsObject(op, opts);
    checkDataset(op, "trainDs", trainDs);
    if (testDs !== null && testDs !== undefined) checkDataset(op, "testDs", testDs);
    this.trainDs = trainDs;
    this.testDs = testDs ?? null;
    this.numEpochs = posInt(op, "numEpochs", o.numEpochs, 10);
    this.batchSize = posInt(op, "batchSize", o.batchSize, 1);
    this.numWorkers = nonNegInt(op, "numWorkers", o.numWorkers, 0);
    this.pinMemory = bool(op, "pinMemory", o.pinMemory, true);
    this.shuffle = bool(op, "shuffle", o.shuffle, true);
    if (o.generator !== undefined && !(o.generator instanceof Generator)) throw new ValueError(`${op}: generator is ${fmtValue(o.generator)}, expected a Generator`);
    if (o.seed !== undefined && (typeof o.seed !== "number" || !Number.isInteger(o.seed))) throw new ValueError(`${op}: seed is ${fmtValue(o.seed)}, expected an integer`);
    this.generator = o.generator ?? (o.seed !== undefined ? new Generator(o.seed) : null);
  }

  /** `numEpochs` epochs of `step(batch)` over a fresh `DataLoader` (new shuffled order each). */
  train(): void {
    for (let epoch = 0; epoch < this.numEpochs; epoch++) {
      const loader = new DataLoader<T, B>(this.trainDs, {
        batchSize: this.batchSize,
        shuffle: this.shuffle,
        numWorkers: this.numWorkers,
        pinMemory: this.pinMemory,
        ...(this.generator !== null ? { generator: this.generator } : {}),
      });
      const head = `Epoch ${epoch + 1}/${this.numEpochs}`;
      this.log(head);
      const t0 = globalThis.performance?.now() ?? Date.now();
      let k = 0;
      for (const batch of loader) {
        this.step(batch);
        k++;
      }
      const sec = ((globalThis.performance?.now() ?? Date.now()) - t0) / 1000;
      this.log(`${head}: ${k} batches in ${sec.toFixed(2)} s`);
    }
  }

  /** Not implemented, as in the reference: subclasses that test override it. */
  test(): void {
    throw new BindsNetError(`${this.constructor.name}.test: not implemented, expected a subclass to override test() (testInterval is ${fmtValue(this.testInterval)})`);
  }

  initFn(): void {}
}

function checkDataset(op: string, arg: string, ds: unknown): void {
  const ok = ds !== null && typeof ds === "object" && typeof (ds as { length?: unknown }).length === "number" && (Array.isArray(ds) || typeof (ds as { get?: unknown }).get === "function");
  if (!ok) throw new ValueError(`${op}: ${arg} is ${fmtValue(ds)}, expected an array or a data set with length and get(index)`);
}

/** Options of `TorchVisionDatasetPipeline`. */
export interface DatasetPipelineOptions extends DataLoaderPipelineOptions {
  /** The Input layer the encoded images go to (default "X"). */
  inputLayer?: string;
  /** Draws observations, spikes and voltages every `plotInterval` steps (default null: none). */
  pipelineAnalyzer?: PipelineAnalyzer | null;
}

/** The batch `TorchVisionDatasetPipeline.step_` reads. */
export interface EncodedBatch {
  /** Spikes `[T, B, ...imageShape]` (collated) or `[T, ...imageShape]` (one item). */
  encodedImage: Tensor;
  [key: string]: unknown;
}

/**
 * Unsupervised training on an encoded image data set: each step resets the network's state
 * and runs it on the batch's `encodedImage` for its `T` rows (`time = T · dt`; the reference
 * passes `time = T`, which is only right for dt = 1). Returns nothing.
 */
export class TorchVisionDatasetPipeline<T = unknown> extends DataLoaderPipeline<T, EncodedBatch, void> {
  readonly inputLayer: string;
  readonly pipelineAnalyzer: PipelineAnalyzer | null;

  constructor(network: Network, trainDs: IndexedDataset<T> | readonly T[], opts?: DatasetPipelineOptions) {
    const op = "TorchVisionDatasetPipeline";
    checkOptions(op, opts, ["saveDir", "saveInterval", "plotConfig", "printInterval", "testInterval", "plotInterval", "allowGpu", "log", "numEpochs", "batchSize", "numWorkers", "pinMemory", "shuffle", "generator", "seed", "inputLayer", "pipelineAnalyzer"]);
    super(network, trainDs, null, opts, op);
    const o = optionsObject(op, opts);
    this.inputLayer = str(op, "inputLayer", o.inputLayer, "X");
    if (!(this.inputLayer in network.layers)) throw new ValueError(`${op}: inputLayer is ${fmtValue(this.inputLayer)}, expected one of the network's layers ${fmtValue(network.layerNames())}`);
    const a = o.pipelineAnalyzer ?? null;
    if (a !== null && (typeof a !== "object" || typeof (a as { finalizeStep?: unknown }).finalizeStep !== "function")) {
      throw new ValueError(`${op}: pipelineAnalyzer is ${fmtValue(a)}, expected a PipelineAnalyzer or null`);
    }
    this.pipelineAnalyzer = a;
  }

  /** The batch's `encodedImage` shaped `[T, B, ...inputLayer.shape]` (a view, or a reshape of the same elements). */
  inputOf(batch: EncodedBatch): Tensor {
    const op = `${this.constructor.name}.step_`;
    const x = (batch as { encodedImage?: unknown } | null)?.encodedImage;
    if (!(x instanceof Tensor)) throw new ValueError(`${op}: batch.encodedImage is ${fmtValue(x)}, expected a Tensor [T, B, ...shape] (a DataLoader batch of an encoded data set)`);
    const shape = this.network.layers[this.inputLayer]!.shape;
    const n = shape.reduce((a, b) => a * b, 1);
    if (x.ndim === shape.length + 2 && sameShape(x.shape.slice(2), shape)) return x;
    if (x.ndim === shape.length + 1 && sameShape(x.shape.slice(1), shape)) return x.unsqueeze(1);
    // same elements per sample, different layout (e.g. [T, B, 1, 28, 28] into an Input of n = 784)
    if (x.ndim >= 3 && x.numel() === x.shape[0]! * x.shape[1]! * n) return x.reshape([x.shape[0]!, x.shape[1]!, ...shape]);
    throw new ShapeError(`${op}: batch.encodedImage has shape ${fmtShape(x.shape)}, expected [T, B, ${shape.join(", ")}] (or B·${n} elements per time step) for input layer ${fmtValue(this.inputLayer)}`);
  }

  step_(batch: EncodedBatch): void {
    const x = this.inputOf(batch);
    this.network.resetStateVariables();
    this.network.run({ inputs: { [this.inputLayer]: x }, time: x.shape[0]! * this.network.dt });
  }

  /**
   * Draws the first sample's encoded image summed over time (the reference sums time step 0
   * over the batch), then, every `plotConfig.dataStep` steps, spikes and voltages, and
   * finalizes the analyzer's step.
   */
  plots(batch: EncodedBatch): void {
    const a = this.pipelineAnalyzer;
    if (a === null) return;
    this.inputOf(batch); // checks the batch
    const x = batch.encodedImage;
    // [T, B, C, H, W] / [T, B, H, W]: the first sample; [T, H, W]: one item
    a.plotObs(sum(x.ndim >= 4 ? x.select(1, 0) : x, 0), { step: this.stepCount });
    const ds = this.plotConfig.dataStep;
    if (ds !== null && this.stepCount % ds === 0) {
      a.plotSpikes(this.getSpikeData(), { step: this.stepCount });
      const [v, th] = this.getVoltageData();
      a.plotVoltages(v, th, { step: this.stepCount });
    }
    a.finalizeStep();
  }
}

/** `TorchVisionDatasetPipeline` under a name that does not mention torchvision. */
export const DatasetPipeline = TorchVisionDatasetPipeline;
export type DatasetPipeline<T = unknown> = TorchVisionDatasetPipeline<T>;
