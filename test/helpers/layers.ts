/** Layers and small tensors shared by the network, feature, topology and learning tests. */
import type { Nodes } from "../../src/network/index.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** Makes a freshly built layer usable outside a Network: decays for dt 1, batch B. Returns it. */
export function ready<L extends Nodes>(layer: L, B = 1): L {
  layer.computeDecays(1);
  layer.setBatchSize(B);
  return layer;
}

/** A float32 tensor from a flat array. */
export function t32(data: ArrayLike<number>, shape: number[]): Tensor {
  return new Tensor(Float32Array.from(data), shape, "float32");
}

/** A 0/1 uint8 tensor of spikes. */
export function spikes(data: ArrayLike<number>, shape: number[]): Tensor {
  return new Tensor(Uint8Array.from(data), shape, "uint8");
}
