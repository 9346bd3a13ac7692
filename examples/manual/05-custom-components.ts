/**
 * Manual: custom nodes subclass `Nodes` (allocate state in `setBatchSize`, reset it in
 * `resetStateVariables`, implement the step), and custom connections subclass
 * `AbstractConnection` (implement `compute`; `update`, `normalize` and
 * `resetStateVariables` have defaults). Options are closed: a class that takes options of its
 * own lists them in `static optionKeys`, extending its parent's list.
 *
 *   npx tsx examples/manual/05-custom-components.ts
 */
import { pathToFileURL } from "node:url";
import { AbstractConnection, type AbstractConnectionOptions, Input, Monitor, Network, Nodes, type NodesOptions } from "../../src/network/index.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";

/** Integrates its input and spikes (then resets to 0) when the sum reaches `thresh`. */
class Accumulator extends Nodes {
  static override readonly optionKeys = [...Nodes.optionKeys, "thresh"];
  thresh: number;
  v: Tensor = zeros([0]);

  constructor(opts: NodesOptions & { thresh?: number } = {}) {
    super(opts);
    this.thresh = opts.thresh ?? 3;
  }

  protected override step(input: Float32Array | null): void {
    const v = this.v.data;
    const s = this.s.data;
    for (let i = 0; i < v.length; i++) {
      v[i] = Math.fround(v[i]! + (input?.[i] ?? 0));
      s[i] = v[i]! >= this.thresh ? 1 : 0;
      if (s[i]) v[i] = 0;
    }
    super.step(input); // summed input, when enabled
  }

  override setBatchSize(b: number): void {
    super.setBatchSize(b);
    this.v = zeros(this.stateShape);
  }

  override resetStateVariables(): void {
    super.resetStateVariables();
    this.v.zero_();
  }
}

/** One-to-one connection with a single shared gain. */
class OneToOne extends AbstractConnection {
  static override readonly optionKeys = [...AbstractConnection.optionKeys, "gain"];
  gain: number;

  constructor(opts: AbstractConnectionOptions & { gain?: number }) {
    super(opts);
    this.gain = opts.gain ?? 1;
  }

  compute(s: Tensor): Tensor {
    const x = s.to("float32");
    const out = zeros([x.shape[0]!, ...this.target.shape]);
    const d = x.contiguousData();
    for (let i = 0; i < d.length; i++) out.data[i] = this.gain * d[i]!;
    return out;
  }
}

export function main(): Tensor {
  const network = new Network();
  const X = new Input({ n: 2 });
  const Y = new Accumulator({ n: 2, thresh: 3 });
  network.addLayer(X, "X").addLayer(Y, "Y");
  network.addConnection(new OneToOne({ source: X, target: Y, gain: 1 }), "X", "Y");
  const m = new Monitor({ obj: Y, stateVars: ["s"] });
  network.addMonitor(m, "Y");
  const input = tensor([[1, 1], [1, 0], [1, 1], [1, 0], [1, 1], [1, 1], [0, 0]], { dtype: "uint8" });
  network.run({ inputs: { X: input }, time: 7 });
  const s = m.get("s");
  console.log(`Accumulator spikes per step: ${JSON.stringify(s.toArray())}`);
  return s;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
