/**
 * The manual's end-to-end two-layer example (3.1.3 "Running Simulations") as a recipe:
 * `nSource` Bernoulli(`rate`) input neurons drive `nTarget` LIF neurons through
 * Normal(0.05, 0.1) weights, with small inhibitory recurrent weights (−0.025 off the diagonal)
 * in the output layer. Each sample is one `network.run` of `time` steps on fresh input; the
 * layers' state is reset between samples. Spikes are read from monitors, as the manual does.
 */
import { Connection, Input, LIFNodes, Monitor, Network } from "../network/index.js";
import { eye, full } from "../tensor/creation.js";
import { bernoulli, randn } from "../tensor/random.js";
import { RecipeRun, makeConfig, sum } from "./common.js";
import type { Recipe, RecipeContext } from "./types.js";

export interface TwoLayerConfig {
  seed: number;
  /** Simulation steps per sample (dt = 1 ms). */
  time: number;
  nSource: number;
  nTarget: number;
  /** Probability of an input spike per neuron and step. */
  rate: number;
  /** How many runs of `time` steps (sample boundaries: progress, abort, checkpoints). */
  samples: number;
}

export interface TwoLayerResult {
  /** Spikes of the input layer A and the output layer B, per sample. */
  spikes: { A: number[]; B: number[] };
  /** Sums over all samples. */
  total: { A: number; B: number };
  /** Lowest and highest recorded voltage of B in the last sample (mV). */
  voltageRange: [number, number];
}

interface State {
  index: number;
  spikes: { A: number[]; B: number[] };
  voltageRange: [number, number];
}

const defaults: TwoLayerConfig = { seed: 0, time: 500, nSource: 100, nTarget: 1000, rate: 0.1, samples: 1 };

function build(c: TwoLayerConfig): Network {
  const network = new Network();
  const source = new Input({ n: c.nSource });
  const target = new LIFNodes({ n: c.nTarget });
  network.addLayer(source, "A");
  network.addLayer(target, "B");
  const w = randn([c.nSource, c.nTarget]);
  w.data.forEach((v, i, d) => (d[i] = 0.05 + 0.1 * v));
  network.addConnection(new Connection({ source, target, w }), "A", "B");
  const r = eye(c.nTarget);
  r.data.forEach((v, i, d) => (d[i] = 0.025 * (v - 1)));
  network.addConnection(new Connection({ source: target, target, w: r }), "B", "B");
  network.addMonitor(new Monitor({ obj: source, stateVars: ["s"], time: c.time }), "A");
  network.addMonitor(new Monitor({ obj: target, stateVars: ["s", "v"], time: c.time }), "B");
  return network;
}

export const twoLayer: Recipe<TwoLayerConfig, TwoLayerResult> = {
  name: "two-layer",
  summary: "The manual's two-layer example: Bernoulli input → 1000 LIF neurons with lateral inhibition; spike counts per run.",
  defaults,
  config: (partial) =>
    makeConfig("two-layer", defaults, partial, {
      seed: { int: true },
      time: { int: true, min: 1 },
      nSource: { int: true, min: 1 },
      nTarget: { int: true, min: 1 },
      rate: { min: 0, max: 1 },
      samples: { int: true, min: 0 },
    }),

  async run(config: TwoLayerConfig, ctx: RecipeContext = {}) {
    const c = twoLayer.config(config);
    const run = new RecipeRun<State>("two-layer", { ...c }, ctx);
    const begun = await run.begin(c.seed, () => ({ network: build(c), state: { index: 0, spikes: { A: [], B: [] }, voltageRange: [0, 0] } as State }));
    const network = begun.network;
    let st = begun.state;
    run.emit({ type: "phase", recipe: "two-layer", phase: "run", total: c.samples });
    const A = network.monitors.A as Monitor;
    const B = network.monitors.B as Monitor;
    const done = (aborted: boolean) => {
      const result: TwoLayerResult = { spikes: st.spikes, total: { A: sum(st.spikes.A), B: sum(st.spikes.B) }, voltageRange: st.voltageRange };
      run.emit({ type: "done", recipe: "two-layer", result: { ...result }, aborted });
      return { ...result, aborted };
    };
    while (st.index < c.samples) {
      if (run.aborted) {
        await run.save(network, st, "run", st.index);
        return done(true);
      }
      const input = bernoulli(full([c.time, c.nSource], c.rate)).to("uint8");
      network.run({ inputs: { A: input }, time: c.time });
      const sA = sum(A.get("s").toFlatArray());
      const sB = sum(B.get("s").toFlatArray());
      const v = B.get("v").data;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < v.length; i++) {
        lo = Math.min(lo, v[i]!);
        hi = Math.max(hi, v[i]!);
      }
      const idx = st.index + 1;
      if (run.wants("voltages", idx)) run.snapshot("voltages", [c.nTarget], (network.layers.B as LIFNodes).v.toFlatArray());
      if (run.wants("weights", idx)) {
        const w = network.connections.get("A", "B")!.w;
        run.snapshot("weights", [...w.shape], w.toFlatArray());
      }
      network.resetStateVariables();
      st = { index: idx, spikes: { A: [...st.spikes.A, sA], B: [...st.spikes.B, sB] }, voltageRange: [lo, hi] };
      run.emit({ type: "sample", recipe: "two-layer", phase: "run", index: idx, total: c.samples, spikes: sB });
      if (await run.afterSample(network, () => st, "run", idx)) return done(true);
    }
    await run.save(network, st, "done", st.index);
    return done(false);
  },
};
