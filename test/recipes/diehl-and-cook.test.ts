/** src/recipes/diehl-and-cook.ts: the four Diehl & Cook recipes' defaults, checks and result (abort/resume: recipes.test.ts, workers: parallel.test.ts). */
import { beforeAll, describe, expect, it } from "vitest";
import { DiehlAndCookNodes } from "../../src/network/nodes/diehl-and-cook.js";
import { NodeDataSource } from "../../src/node/data-source.js";
import { MemoryCheckpointStore, decodeCheckpoint, loadCheckpointNetwork } from "../../src/recipes/common.js";
import { DC_STREAMS, batchEthMnist, dcDefaults, ethMnist, mainJob, supervisedMnist } from "../../src/recipes/diehl-and-cook.js";
import { tinyMnist } from "../examples/tiny-mnist.js";

let data: NodeDataSource;
beforeAll(() => {
  data = new NodeDataSource(tinyMnist(6, 3));
});

describe("Diehl & Cook recipes", () => {
  it("have the reference scripts' defaults per variant", () => {
    const e = dcDefaults["eth-mnist"];
    expect([e.nNeurons, e.exc, e.inh, e.thetaPlus, e.nuPre, e.nuPost, e.time, e.intensity, e.nTrain, e.nTest, e.batchSize]).toEqual([100, 22.5, 120, 0.05, 1e-4, 1e-2, 250, 128, 60000, 10000, 1]);
    expect([dcDefaults["batch-eth-mnist"].time, dcDefaults["batch-eth-mnist"].batchSize, dcDefaults["batch-eth-mnist"].nUpdates]).toEqual([100, 32, 10]);
    const s = dcDefaults["supervised-mnist"];
    expect([s.inh, s.intensity, s.nClamp, s.nuPre, s.nuPost]).toEqual([17.5, 32, 1, 1e-10, 1e-3]);
    for (const r of [ethMnist, batchEthMnist, supervisedMnist, mainJob]) expect(r.defaults).toEqual(dcDefaults[r.name as keyof typeof dcDefaults]);
    expect(DC_STREAMS).toEqual({ label: 1, test: 2 });
  });

  it("checks configs: a batch size outside batch-eth-mnist, a bad dtype, negative rates", () => {
    expect(() => ethMnist.config({ batchSize: 2 })).toThrow(/recipe eth-mnist: batchSize is 2, expected 1/);
    expect(() => batchEthMnist.config({ wDtype: "float64" as never })).toThrow(/recipe batch-eth-mnist: wDtype is "float64", expected one of float32, float16/);
    expect(() => ethMnist.config({ nuPost: -1 })).toThrow(/recipe eth-mnist: nuPost is -1/);
  });

  it("eth-mnist: a tiny run gives its sample counts, per-neuron assignments and accuracies in [0, 1]; the network is Diehl & Cook's", async () => {
    const store = new MemoryCheckpointStore();
    const r = await ethMnist.run(ethMnist.config({ nTrain: 6, nTest: 3, time: 20, nNeurons: 5, updateInterval: 3 }), { data, checkpoint: store });
    expect(r.aborted).toBe(false);
    expect([r.samples.train, r.samples.test]).toEqual([6, 3]);
    expect(r.assignments.length).toBe(5);
    expect(r.assignments.every((a: number) => a >= -1 && a <= 9 && Number.isInteger(a))).toBe(true);
    expect(r.trainAccuracy.all.length).toBe(2);
    expect(r.testAccuracy!.all * 3).toBe(Math.round(r.testAccuracy!.all * 3));
    const net = loadCheckpointNetwork(decodeCheckpoint(store.bytes!).network);
    expect(Object.keys(net.layers)).toEqual(["X", "Ae", "Ai"]);
    expect(net.layers.Ae).toBeInstanceOf(DiehlAndCookNodes);
    expect(net.layers.Ae!.n).toBe(5);
    expect(decodeCheckpoint(store.bytes!).header.state).toMatchObject({ phase: "done" });
  });
});
