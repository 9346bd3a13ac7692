/** src/models/index.ts: every pre-built model is exported and builds a Network with its minimal options. */
import { describe, expect, it } from "vitest";
import * as models from "../../src/models/index.js";
import { Network } from "../../src/network/network.js";

describe("models index", () => {
  it("exports the five models, each a Network subclass that builds from its required options", () => {
    const minimal: Record<string, object> = {
      TwoLayerNetwork: { nInpt: 4 },
      DiehlAndCook2015: { nInpt: 4, nNeurons: 2 },
      DiehlAndCook2015v2: { nInpt: 4, nNeurons: 2 },
      IncreasingInhibitionNetwork: { nInput: 4, nNeurons: 4 },
      LocallyConnectedNetwork: { nInpt: 16, inputShape: [4, 4], kernelSize: 2, stride: 2, nFilters: 2 },
    };
    const classes = Object.entries(models).filter(([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof Network);
    expect(classes.map(([k]) => k).sort()).toEqual(Object.keys(minimal).sort());
    for (const [name, C] of classes) {
      const net = new (C as new (o: object) => Network)(minimal[name]!);
      expect(net.layers.X, name).toBeDefined();
      expect(net.connections.keys().length, name).toBeGreaterThan(0);
    }
    expect(typeof models.inputWeights).toBe("function");
    expect(typeof models.scaledEye).toBe("function");
    expect(typeof models.filterInhibition).toBe("function");
    expect(typeof models.increasingInhibitionWeights).toBe("function");
  });
});
