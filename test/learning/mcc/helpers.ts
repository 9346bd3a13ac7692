/** A one-feature MulticompartmentConnection with settable spikes and traces, for the MCC rule tests. */
import { Input, LIFNodes } from "../../../src/network/index.js";
import { Weight, type WeightOptions } from "../../../src/network/features/index.js";
import { MulticompartmentConnection } from "../../../src/network/topology/multicompartment-connection.js";
import { Tensor } from "../../../src/tensor/tensor.js";

export function setup(nPre: number, nPost: number, w: Omit<WeightOptions, "name">, B = 1, extra: Record<string, unknown> = {}): { c: MulticompartmentConnection; f: Weight; src: Input; tgt: LIFNodes } {
  const src = new Input({ n: nPre, traces: true });
  const tgt = new LIFNodes({ n: nPost, traces: true });
  for (const l of [src, tgt]) {
    l.computeDecays(1);
    l.setBatchSize(B);
  }
  const f = new Weight({ name: "w", ...w });
  const c = new MulticompartmentConnection({ source: src, target: tgt, pipeline: [f], ...extra });
  return { c, f, src, tgt };
}

export function set(t: Tensor, values: number[]): void {
  const d = t.data;
  for (let k = 0; k < values.length; k++) d[t.offset + k] = values[k]!;
}

export const t32 = (data: number[], shape: number[]): Tensor => new Tensor(Float32Array.from(data), shape, "float32");
export const vals = (f: Weight): number[] => Array.from(f.value.to("float32").contiguousData());
