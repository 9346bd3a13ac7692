/** A one-feature MulticompartmentConnection with settable spikes and traces, for the MCC rule tests. */
import { Input, LIFNodes } from "../../../src/network/index.js";
import { Weight, type WeightOptions } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import type { Tensor } from "../../../src/tensor/tensor.js";
import { ready } from "../../helpers/layers.js";

export function setup(nPre: number, nPost: number, w: Omit<WeightOptions, "name">, B = 1, extra: Record<string, unknown> = {}): { c: MulticompartmentConnection; f: Weight; src: Input; tgt: LIFNodes } {
  const src = ready(new Input({ n: nPre, traces: true }), B);
  const tgt = ready(new LIFNodes({ n: nPost, traces: true }), B);
  const f = new Weight({ name: "w", ...w });
  const c = new MulticompartmentConnection({ source: src, target: tgt, pipeline: [f], ...extra });
  return { c, f, src, tgt };
}

export function set(t: Tensor, values: number[]): void {
  const d = t.data;
  for (let k = 0; k < values.length; k++) d[t.offset + k] = values[k]!;
}

export { t32 } from "../../helpers/layers.js";
export const vals = (f: Weight): number[] => Array.from(f.value.to("float32").contiguousData());
