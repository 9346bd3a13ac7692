import { expect, it } from "vitest";
import { PostPre } from "../../src/learning/index.js";
import * as mcc from "../../src/learning/mcc/index.js";
import { Connection, Input, LIFNodes, Network } from "../../src/network/index.js";
import { MulticompartmentConnection } from "../../src/network/topology/index.js";
import { Weight } from "../../src/network/features/index.js";
import { serializeNetwork } from "../../src/network/io/index.js";
import { deserializeNetwork } from "../../src/class-table.js";
import { Tensor } from "../../src/tensor/tensor.js";

const t = (v: number[]): Tensor => new Tensor(Float32Array.from(v), [v.length], "float32");

it("per-neuron nu survives save and load (Connection and MCC feature)", () => {
  const net = new Network();
  const X = new Input({ n: 2, traces: true });
  const Y = new LIFNodes({ n: 2, traces: true });
  const Z = new LIFNodes({ n: 2, traces: true });
  net.addLayer(X, "X").addLayer(Y, "Y").addLayer(Z, "Z");
  net.addConnection(new Connection({ source: X, target: Y, updateRule: PostPre, nu: [t([0.1, 0.2]), t([0.3, 0.4])] }), "X", "Y");
  net.addConnection(new MulticompartmentConnection({ source: X, target: Z, pipeline: [new Weight({ name: "w", value: 0.5, range: [0, 1], learningRule: mcc.PostPre, nu: [t([0.5, 0.6]), t([0.7, 0.8])] })] }), "X", "Z");
  const back = deserializeNetwork(serializeNetwork(net));
  const r = (back.connections.get("X", "Y") as Connection).updateRule as PostPre;
  expect(r.nuPerNeuron!.map((a) => Array.from(a))).toEqual([[0.1, 0.2], [0.3, 0.4]].map((v) => v.map(Math.fround)));
  const f = (back.connections.get("X", "Z") as MulticompartmentConnection).pipeline[0]!;
  expect((f.learningRule as mcc.PostPre).nuPerNeuron!.map((a) => Array.from(a))).toEqual([[0.5, 0.6], [0.7, 0.8]].map((v) => v.map(Math.fround)));
});
