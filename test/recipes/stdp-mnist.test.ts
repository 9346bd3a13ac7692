/** src/recipes/stdp-mnist.ts: the shared train / label / test loop of the STDP MNIST recipes, driven by a hand-built spec. */
import { describe, expect, it } from "vitest";
import { Network } from "../../src/network/network.js";
import { Input } from "../../src/network/nodes/input.js";
import { LIFNodes } from "../../src/network/nodes/lif.js";
import { Connection } from "../../src/network/topology/connection.js";
import { MemoryCheckpointStore } from "../../src/recipes/common.js";
import { type StdpBaseConfig, stdpRecipe } from "../../src/recipes/stdp-mnist.js";
import type { DataSource, ImageSet } from "../../src/recipes/types.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** Label 0: the top half white; label 1: the bottom half. */
function images(labels: number[]): ImageSet {
  const px = new Uint8Array(labels.length * 784);
  labels.forEach((l, k) => px.fill(255, k * 784 + l * 392, k * 784 + (l + 1) * 392));
  return { images: px, labels: Uint8Array.from(labels), count: labels.length, rows: 28, cols: 28 };
}

const data: DataSource = { mnist: (split) => Promise.resolve(split === "train" ? images([0, 1, 0, 1]) : images([1, 0, 1])) };

const defaults: StdpBaseConfig = { seed: 0, nEpochs: 1, nTest: 3, nTrain: 4, time: 4, dt: 1, intensity: 1, updateInterval: 2, train: true };

/** Input X (784) → LIF Y (2): Y0 sees the top half, Y1 the bottom half; a white pixel spikes every step. */
function spec(log: { steps: number[]; attempts: number[] }, retry?: { minSpikes: number; tries: number }) {
  return {
    name: "halves",
    summary: "two halves, two neurons",
    defaults,
    input: "X",
    output: "Y",
    build: (): Network => {
      const net = new Network();
      net.addLayer(new Input({ n: 784 }), "X");
      net.addLayer(new LIFNodes({ n: 2 }), "Y");
      const w = new Float32Array(784 * 2);
      for (let i = 0; i < 784; i++) w[i * 2 + (i < 392 ? 0 : 1)] = 1;
      net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Y!, w: new Tensor(w, [784, 2], "float32") }), "X", "Y");
      return net;
    },
    encode: (px: Uint8Array, c: StdpBaseConfig, attempt: number): Tensor => {
      log.attempts.push(attempt);
      const T = c.time;
      const s = new Uint8Array(T * 784);
      for (let t = 0; t < T; t++) for (let i = 0; i < 784; i++) s[t * 784 + i] = px[i]! > 128 ? 1 : 0;
      return new Tensor(s, [T, 784], "uint8");
    },
    afterSample: (_n: Network, step: number): void => void log.steps.push(step),
    ...(retry ? { retry } : {}),
  };
}

describe("stdpRecipe", () => {
  it("assigns each output neuron the label it fires for and then classifies the test set perfectly", async () => {
    const log = { steps: [] as number[], attempts: [] as number[] };
    const r = stdpRecipe(spec(log));
    expect(r.config()).toEqual(defaults);
    const res = await r.run(r.config(), { data, checkpoint: new MemoryCheckpointStore() });
    expect(res.aborted).toBe(false);
    expect(res.assignments).toEqual([0, 1]);
    expect(res.testAccuracy).toBe(1);
    expect(res.samples).toEqual({ train: 4, test: 3 });
    expect(res.trainAccuracy.length).toBe(2); // one per window of updateInterval 2
    expect(res.trainAccuracy[1]).toBe(1); // the second window is judged with the first window's assignments
    expect(log.steps).toEqual([1, 2, 3, 4]);
    expect(log.attempts.every((a) => a === 0)).toBe(true);
    expect(log.attempts.length).toBe(4 + 3);
  });

  it("retry: a training sample with fewer output spikes than minSpikes is encoded again, tries more times", async () => {
    const log = { steps: [] as number[], attempts: [] as number[] };
    const r = stdpRecipe(spec(log, { minSpikes: 1e6, tries: 2 }));
    await r.run(r.config({ nTrain: 2, nTest: 0 }), { data });
    expect(log.attempts).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it("checks its config with the shared rules", () => {
    const r = stdpRecipe(spec({ steps: [], attempts: [] }));
    expect(() => r.config({ updateInterval: 0 })).toThrow("recipe halves: updateInterval is 0, expected a value >= 1");
    expect(() => r.config({ nTrain: 1.5 })).toThrow("recipe halves: nTrain is 1.5, expected an integer");
    expect(() => r.config({ n_train: 3 } as never)).toThrow("recipe halves: unknown config field n_train; did you mean nTrain?");
  });
});
