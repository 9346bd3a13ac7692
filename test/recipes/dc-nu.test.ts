import { beforeAll, describe, expect, it } from "vitest";
import { NodeDataSource } from "../../src/node/data-source.js";
import { MemoryCheckpointStore, decodeCheckpoint, getRecipe } from "../../src/recipes/index.js";
import { tinyMnist } from "../examples/tiny-mnist.js";

let data: NodeDataSource;
beforeAll(() => {
  data = new NodeDataSource(tinyMnist(12, 3));
});

async function finalNetwork(extra: object): Promise<Uint8Array> {
  const recipe = getRecipe("eth-mnist");
  const store = new MemoryCheckpointStore();
  const config = recipe.config({ nTrain: 6, nTest: 0, time: 40, nNeurons: 6, updateInterval: 3, ...extra } as never);
  await recipe.run(config, { data, checkpoint: store });
  return decodeCheckpoint(store.bytes!).network;
}

describe("Diehl & Cook recipes: the PostPre learning rates", () => {
  it("default to BindsNET's nu = [1e-4, 1e-2] and change what is learned when set", async () => {
    const recipe = getRecipe("eth-mnist");
    expect(recipe.defaults).toMatchObject({ nuPre: 1e-4, nuPost: 1e-2 });
    const byDefault = await finalNetwork({});
    expect(await finalNetwork({ nuPre: 1e-4, nuPost: 1e-2 })).toEqual(byDefault);
    expect(await finalNetwork({ nuPost: 0.05 })).not.toEqual(byDefault);
  });
  it("refuses negative or misspelled rates", () => {
    const recipe = getRecipe("eth-mnist");
    expect(() => recipe.config({ nuPost: -1 } as never)).toThrow(/nuPost/);
    expect(() => recipe.config({ nu_post: 0.1 } as never)).toThrow(/did you mean nuPost\?/);
  });
});
