/**
 * Manual 3.1.5, lowering precision: `valueDtype: "float16"` stores a Weight feature's value as
 * IEEE half floats (2 bytes each); compute and learning run in float32 and round back to half
 * when storing.
 *
 *   npx tsx examples/manual/mcc-lowering-precision.ts
 */
import { pathToFileURL } from "node:url";
import { Input, LIFNodes, MulticompartmentConnection, Network, Weight } from "../../src/network/index.js";
import "../../src/tensor/methods.js";
import { rand } from "../../src/tensor/random.js";

export function main(opts: { nSource?: number; nTarget?: number; time?: number; valueDtype?: "float16" | "float32" } = {}): { network: Network; connection: MulticompartmentConnection } {
  const nS = opts.nSource ?? 100;
  const nT = opts.nTarget ?? 1000;
  const w = rand([nS, nT]);
  const source = new Input({ n: nS });
  const target = new LIFNodes({ n: nT });
  const connection = new MulticompartmentConnection({
    source,
    target,
    pipeline: [new Weight({ name: "weight", value: w, valueDtype: opts.valueDtype ?? "float16" })],
  });
  const network = new Network();
  network.addLayer(source, "X");
  network.addLayer(target, "Y");
  network.addConnection(connection, "X", "Y");
  const time = opts.time ?? 20;
  network.run({ inputs: { X: rand([time, nS]).lt(0.05) }, time });
  console.log(`weight dtype ${connection.pipeline[0]!.value.dtype}, ${connection.memoryBytes()} bytes`);
  return { network, connection };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
