/** Layers and tensors for the feature and MCC tests. */
import { Input, LIFNodes } from "../../../src/network/index.js";
import type { Tensor } from "../../../src/tensor/tensor.js";
import { ready } from "../../helpers/layers.js";

export { spikes, t32 } from "../../helpers/layers.js";

/** An Input layer of n neurons (dt 1, batch B). */
export function inp(n: number, B = 1, traces = false): Input {
  return ready(new Input({ n, traces }), B);
}

/** A LIF layer of n neurons (dt 1, batch B). */
export function lif(n: number, B = 1, traces = false): LIFNodes {
  return ready(new LIFNodes({ n, traces }), B);
}

/** The float32 bytes of a tensor as a hex-free comparable array of bit patterns. */
export function bits(t: Tensor): number[] {
  const f = Float32Array.from(t.to("float32").contiguousData());
  return Array.from(new Uint32Array(f.buffer));
}
