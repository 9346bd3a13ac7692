/** src/recipes/conv-mnist.ts: the conv / local / SOM MNIST recipes: their defaults and the networks they build. */
import { beforeAll, describe, expect, it } from "vitest";
import { filterInhibition } from "../../src/models/locally-connected-network.js";
import { NodeDataSource } from "../../src/node/data-source.js";
import { MemoryCheckpointStore, decodeCheckpoint, loadCheckpointNetwork } from "../../src/recipes/common.js";
import { conv1dMnist, conv3dMnist, convMnist, loc1dMnist, loc2dMnist, loc3dMnist, somLmSnns } from "../../src/recipes/conv-mnist.js";
import type { Network } from "../../src/network/network.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { tinyMnist } from "../examples/tiny-mnist.js";

let data: NodeDataSource;
beforeAll(() => {
  data = new NodeDataSource(tinyMnist(4, 2));
});

const bits = (t: Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.to("float32").contiguousData()).buffer));

async function finalNetwork(r: typeof convMnist | typeof loc2dMnist, cfg: object): Promise<Network> {
  const store = new MemoryCheckpointStore();
  const res = await (r as typeof convMnist).run((r as typeof convMnist).config(cfg as never), { data, checkpoint: store });
  expect(res.aborted).toBe(false);
  return loadCheckpointNetwork(decodeCheckpoint(store.bytes!).network);
}

describe("conv / local / SOM MNIST recipes", () => {
  it("have the reference scripts' defaults", () => {
    const pick = (d: object, ks: string[]): unknown[] => ks.map((k) => (d as Record<string, unknown>)[k]);
    const ks = ["kernelSize", "stride", "nFilters", "time", "nTrain"];
    expect(pick(convMnist.defaults, ks)).toEqual([16, 4, 25, 50, 60000]);
    expect(pick(conv1dMnist.defaults, ks)).toEqual([56, 28, 25, 50, 60000]);
    expect(pick(conv3dMnist.defaults, ks)).toEqual([16, 4, 25, 50, 60000]);
    expect(pick(loc1dMnist.defaults, ks)).toEqual([56, 28, 25, 250, 500]);
    expect(pick(loc2dMnist.defaults, ks)).toEqual([12, 4, 50, 250, 2500]);
    expect(pick(loc3dMnist.defaults, ks)).toEqual([16, 2, 25, 250, 500]);
    expect(pick(somLmSnns.defaults, ["nNeurons", "thetaPlus", "updateInhibitionWeights", "intensity"])).toEqual([100, 0.05, 500, 64]);
    expect(() => convMnist.config({ padding: -1 })).toThrow("recipe conv-mnist: padding is -1, expected a value >= 0");
    expect(() => loc2dMnist.config({ kernelSize: 0 })).toThrow("recipe loc2d-mnist: kernelSize is 0, expected a value >= 1");
  });

  it("conv-mnist builds X [1, 28, 28] → Y [F, 4, 4] (kernel 16, stride 4) with -100 between filters, each filter's weights normalised to 0.4·16²", async () => {
    const net = await finalNetwork(convMnist, { nTrain: 2, nTest: 0, time: 5, nFilters: 2, updateInterval: 1 });
    expect(net.layers.X!.shape).toEqual([1, 28, 28]);
    expect(net.layers.Y!.shape).toEqual([2, 4, 4]);
    expect(bits(net.connections.get("Y", "Y")!.w)).toEqual(bits(filterInhibition(2, 16, 100)));
    const w = net.connections.get("X", "Y")!.w;
    expect(w.shape).toEqual([2, 1, 16, 16]);
    const d = w.contiguousData();
    for (let f = 0; f < 2; f++) {
      let s = 0;
      for (let k = 0; k < 256; k++) s += d[f * 256 + k]!;
      expect(s).toBeCloseTo(0.4 * 256, 2);
    }
  });

  it("loc2d-mnist reads the 20×20 centre crop: X [1, 20, 20] → Y [F, 3, 3] for kernel 12, stride 4", async () => {
    const net = await finalNetwork(loc2dMnist, { nTrain: 1, nTest: 0, time: 3, nFilters: 2, updateInterval: 1 });
    expect(net.layers.X!.shape).toEqual([1, 20, 20]);
    expect(net.layers.Y!.shape).toEqual([2, 3, 3]);
    expect(bits(net.connections.get("Y", "Y")!.w)).toEqual(bits(filterInhibition(2, 9, 25)));
  });
});
