/** Shared by the node model tests: a save/load round trip, float32 bit patterns, reference traces. */
import { readFileSync } from "node:fs";
import { Network } from "../../../src/network/network.js";
import { deserializeNetwork, serializeNetwork } from "../../../src/network/io/index.js";
import type { Tensor } from "../../../src/tensor/tensor.js";

/** The network written to bytes and read back (what save + load do, without a file). */
export function saveLoad(net: Network): Network {
  return deserializeNetwork<Network>(serializeNetwork(net), { Network });
}

/** A tensor's elements as float32 bit patterns (exact comparison, -0 and NaN included). */
export function bits(t: Tensor): number[] {
  const f = Float32Array.from(t.to("float32").contiguousData());
  return Array.from(new Uint32Array(f.buffer));
}

type Nested = number | boolean | Nested[];

/** One reference trace of test/fixtures/parity: its parameters and every array, flattened. */
export function loadTrace(name: string): { params: Record<string, unknown>; T: number; shape: Record<string, number[]>; arrays: Record<string, number[]> } {
  const dir = new URL(`../../fixtures/parity/${name}/`, import.meta.url);
  const man = JSON.parse(readFileSync(new URL("manifest.json", dir), "utf8")) as { T: number; params: Record<string, unknown>; arrays: Record<string, { shape: number[] }> };
  const tr = JSON.parse(readFileSync(new URL("trace.json", dir), "utf8")) as Record<string, Nested>;
  const arrays: Record<string, number[]> = {};
  const shape: Record<string, number[]> = {};
  for (const [k, info] of Object.entries(man.arrays)) {
    arrays[k] = flatten(tr[k]!);
    shape[k] = info.shape;
  }
  return { params: man.params, T: man.T, shape, arrays };
}

function flatten(x: Nested, out: number[] = []): number[] {
  if (Array.isArray(x)) for (const y of x) flatten(y, out);
  else out.push(Number(x));
  return out;
}
