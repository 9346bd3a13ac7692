import { describe, expect, it } from "vitest";
import { plotSpikeTrainsForExample, plotVoltage, summary } from "../../src/analysis/index.js";
import { ValueError } from "../../src/errors.js";
import { Connection, DiehlAndCookNodes, Input, MaxPool2dConnection, Network } from "../../src/network/index.js";
import { zeros } from "../../src/tensor/index.js";
import { elements, xmlErrors } from "./xml.js";

describe("plotSpikeTrainsForExample", () => {
  // [2 examples, 3 neurons, 5 steps]; example 1: neuron 0 fires twice, neuron 2 three times
  const s = zeros([2, 3, 5], { dtype: "uint8" });
  for (const t of [0, 3]) s.set(1, 1, 0, t);
  for (const t of [1, 2, 4]) s.set(1, 1, 2, t);

  it("draws one bar per spike of the chosen example", () => {
    const svg = plotSpikeTrainsForExample(s, { nEx: 1 });
    expect(xmlErrors(svg)).toEqual([]);
    const d = elements(svg, "path").filter((p) => p.fill === "none").map((p) => p.d!);
    expect(d.join("").match(/M/g)).toHaveLength(5);
    expect(svg).toContain(">Spike trains for example 1</text>");
  });

  it("shows the top-k most active neurons, most active first", () => {
    const svg = plotSpikeTrainsForExample(s, { nEx: 1, topK: 2 });
    const d = elements(svg, "path").filter((p) => p.fill === "none").map((p) => p.d!);
    expect(d.map((x) => x.match(/M/g)?.length ?? 0)).toEqual([3, 2]);
    // y tick labels (right-aligned) name the rows from the bottom: neuron 2, then neuron 0
    const rowLabels = [...svg.matchAll(/text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(rowLabels).toEqual(["2", "0"]);
  });

  it("requires nEx and checks topK and indices", () => {
    expect(() => plotSpikeTrainsForExample(s, {} as never)).toThrow(/plotSpikeTrainsForExample: nEx is undefined, expected an integer in \[0, 2\)/);
    expect(() => plotSpikeTrainsForExample(s, { nEx: 0, topK: 4 })).toThrow(/topK is 4, expected an integer in \[1, 3\]/);
    expect(() => plotSpikeTrainsForExample(s, { nEx: 0, indices: [5] })).toThrow(ValueError);
  });
});

describe("plotVoltage", () => {
  it("draws one trace and a dashed threshold line with a legend", () => {
    const v = zeros([1, 2, 6]).fill_(-65);
    v.set(-53, 0, 1, 3);
    const svg = plotVoltage(v, { nNeuron: 1, threshold: -52 });
    expect(xmlErrors(svg)).toEqual([]);
    const paths = elements(svg, "path").filter((p) => p.fill === "none");
    expect(paths).toHaveLength(2);
    expect(paths[1]!["stroke-dasharray"]).toBeDefined();
    expect(paths[0]!.d!.match(/[ML]/g)).toHaveLength(6);
    expect(svg).toContain(">threshold</text>");
    expect(() => plotVoltage(v, { nNeuron: 2 })).toThrow(/plotVoltage: nNeuron is 2, expected an integer in \[0, 2\)/);
  });
});

describe("summary", () => {
  it("lists layers, trainability, connections with synapse counts and totals", () => {
    const net = new Network();
    net.addLayer(new Input({ n: 4, shape: [1, 2, 2] }), "X");
    net.addLayer(new DiehlAndCookNodes({ n: 3 }), "Ae");
    net.addLayer(new Input({ n: 4, shape: [1, 2, 2] }), "P");
    net.addConnection(new Connection({ source: net.layers.X!, target: net.layers.Ae! }), "X", "Ae");
    net.addConnection(new MaxPool2dConnection({ source: net.layers.X!, target: net.layers.P!, kernelSize: 1 }), "X", "P");
    const text = summary(net, { color: false });
    expect(text).toContain("Network summary (batch size 1)");
    expect(text).toContain('Layer "Ae" (DiehlAndCookNodes, trainable): 3 neurons, shape [3]');
    expect(text).toContain('-> "Ae" (Connection): 12 synapses');
    expect(text).toContain('-> "P" (MaxPool2dConnection): 0 synapses');
    expect(text).toContain("Total: 3 layers, 11 neurons, 12 synapses");
    expect(summary(net)).toContain("\x1b[");
    expect(() => summary({} as never)).toThrow(/summary: net is .*expected a Network/);
  });
});
