/** A small network around one MulticompartmentConnection pipeline, and its save/load round trip, for the feature tests. */
import { expect } from "vitest";
import { Network } from "../../../src/network/network.js";
import { Input } from "../../../src/network/nodes/input.js";
import { LIFNodes } from "../../../src/network/nodes/lif.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import type { AbstractFeature } from "../../../src/network/features/index.js";
import { deserializeNetwork, serializeNetwork, type LoadOptions } from "../../../src/network/io/index.js";
import { Generator } from "../../../src/tensor/random.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { bits } from "./helpers.js";

/** X (Input, nPre, traces) → Y (LIF, nPost, traces) through one MulticompartmentConnection with `pipeline`. */
export function pipelineNet(nPre: number, nPost: number, pipeline: AbstractFeature[], extra: Record<string, unknown> = {}): Network {
  const net = new Network();
  net.addLayer(new Input({ n: nPre, traces: true }), "X");
  net.addLayer(new LIFNodes({ n: nPost, traces: true, thresh: -60 }), "Y");
  net.addConnection(new MulticompartmentConnection({ source: net.layers.X!, target: net.layers.Y!, pipeline, ...extra }), "X", "Y");
  return net;
}

/** Bernoulli(p) spikes [T, 1, n] (uint8) from a seeded generator. */
export function spikeTrain(T: number, n: number, p: number, seed: number): Tensor {
  const g = new Generator(seed);
  return new Tensor(Uint8Array.from({ length: T * n }, () => (g.nextFloat32() < p ? 1 : 0)), [T, 1, n], "uint8");
}

/** The connection X→Y's pipeline of a network built by {@link pipelineNet}. */
export function pipelineOf(net: Network): AbstractFeature[] {
  return (net.connections.get("X", "Y") as MulticompartmentConnection).pipeline;
}

/**
 * Runs `net` over `first`, saves and loads it, runs both over `then`, and checks that Y's
 * voltage and every feature's value agree bit for bit. Returns the loaded copy.
 */
export function expectSameAfterSaveLoad(net: Network, first: Tensor, then: Tensor, opts: LoadOptions = {}): Network {
  net.run({ inputs: { X: first }, time: first.shape[0]! });
  const copy = deserializeNetwork<Network>(serializeNetwork(net), { Network, ...opts });
  net.run({ inputs: { X: then }, time: then.shape[0]! });
  copy.run({ inputs: { X: then }, time: then.shape[0]! });
  const [a, b] = [pipelineOf(net), pipelineOf(copy)];
  expect(b.map((f) => f.constructor.name)).toEqual(a.map((f) => f.constructor.name));
  for (let k = 0; k < a.length; k++) if (a[k]!.store !== null) expect(bits(b[k]!.value), a[k]!.name).toEqual(bits(a[k]!.value));
  expect(bits((copy.layers.Y as LIFNodes).v)).toEqual(bits((net.layers.Y as LIFNodes).v));
  return copy;
}
