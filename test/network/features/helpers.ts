/** Layers and tensors for the feature and MCC tests. */
import { Input, LIFNodes } from "../../../src/network/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";

/** An Input layer of n neurons (dt 1, batch B). */
export function inp(n: number, B = 1, traces = false): Input {
  const l = new Input({ n, traces });
  l.computeDecays(1);
  l.setBatchSize(B);
  return l;
}

/** A LIF layer of n neurons (dt 1, batch B). */
export function lif(n: number, B = 1, traces = false): LIFNodes {
  const l = new LIFNodes({ n, traces });
  l.computeDecays(1);
  l.setBatchSize(B);
  return l;
}

/** A float32 tensor from a flat array. */
export function t32(data: ArrayLike<number>, shape: number[]): Tensor {
  return new Tensor(Float32Array.from(data), shape, "float32");
}

/** A uint8 spike tensor. */
export function spikes(data: ArrayLike<number>, shape: number[]): Tensor {
  return new Tensor(Uint8Array.from(data), shape, "uint8");
}

/** The float32 bytes of a tensor as a hex-free comparable array of bit patterns. */
export function bits(t: Tensor): number[] {
  const f = Float32Array.from(t.to("float32").contiguousData());
  return Array.from(new Uint32Array(f.buffer));
}
