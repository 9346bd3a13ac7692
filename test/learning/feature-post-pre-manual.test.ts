/**
 * The manual's learning rule on a feature (BindsNET manual 3.2.2: `PostPre` on the Weight
 * feature of a MulticompartmentConnection, a Bias without a rule), translated line by line
 * with the ordinary `PostPre`, run in a Network (the event-driven path: the loop's spike lists,
 * touched-only clamps), and every step checked against the dense update computed here by hand.
 */
import { describe, expect, it } from "vitest";
import { PostPre } from "../../src/learning/index.js";
import * as MCC_learning from "../../src/learning/mcc/index.js";
import { Bias, Input, LIFNodes, MulticompartmentConnection, Network, Weight } from "../../src/network/index.js";
import { Generator, rand } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

const f = Math.fround;

/**
 * w ← w − s_pre ⊗ fround(nu₀·x_post), then w ← w + x_pre ⊗ fround(nu₁·s_post) (times dt = 1),
 * each product and sum rounded to float32, then the clamp to [lo, hi]: the dense form of the
 * rule, over every synapse.
 */
function denseUpdate(w: Float32Array, nPre: number, nPost: number, sPre: ArrayLike<number>, xPre: ArrayLike<number>, sPost: ArrayLike<number>, xPost: ArrayLike<number>, nu: [number, number], lo = -Infinity, hi = Infinity): Float32Array {
  const out = Float32Array.from(w);
  const nu0 = f(nu[0]);
  const nu1 = f(nu[1]);
  for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) out[i * nPost + j] = f(out[i * nPost + j]! - f(sPre[i]! * f(nu0 * xPost[j]!)));
  for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) out[i * nPost + j] = f(out[i * nPost + j]! + f(xPre[i]! * f(nu1 * sPost[j]!)));
  for (let k = 0; k < out.length; k++) out[k] = Math.min(Math.max(out[k]!, f(lo)), f(hi));
  return out;
}

const data = (t: Tensor): Float32Array => Float32Array.from(t.to("float32").contiguousData());

describe("the manual's PostPre on a Weight feature", () => {
  it("learns exactly the dense update, step by step; the Bias stays static", () => {
    // source_layer = Input(n=100, traces=True); target_layer = LIFNodes(n=1000, traces=True)
    const sourceLayer = new Input({ n: 100, traces: true });
    const targetLayer = new LIFNodes({ n: 1000, traces: true });
    // weights = Weight(name='weight_feature', value=torch.rand(100, 1000), learning_rule=PostPre, nu=(1e-4, 1e-2))
    const weights = new Weight({ name: "weight_feature", value: rand([100, 1000], { generator: new Generator(1) }), learningRule: PostPre, nu: [1e-4, 1e-2] });
    // bias = Bias(name='bias_feature', value=torch.rand(100, 1000))
    const bias = new Bias({ name: "bias_feature", value: rand([100, 1000], { generator: new Generator(2) }) });
    // connection = MulticompartmentConnection(source=source_layer, target=target_layer, pipeline=[weights, bias])
    const connection = new MulticompartmentConnection({ source: sourceLayer, target: targetLayer, pipeline: [weights, bias] });

    expect(weights.learningRule).toBeInstanceOf(PostPre);
    expect(PostPre).toBe(MCC_learning.PostPre); // bindsnet.learning.MCC_learning.PostPre is the same rule
    expect((weights.learningRule as PostPre).dtScaled).toBe(true);

    const network = new Network();
    network.addLayer(sourceLayer, "A");
    network.addLayer(targetLayer, "B");
    network.addConnection(connection, "A", "B");
    const g = new Generator(3);
    const b0 = data(bias.value);
    let preSpikes = 0;
    let postSpikes = 0;
    let changed = 0;
    for (let t = 0; t < 6; t++) {
      const before = data(weights.value);
      const input = new Tensor(Uint8Array.from({ length: 100 }, () => (g.nextBelow(5) === 0 ? 1 : 0)), [1, 100], "uint8");
      network.run({ inputs: { A: input }, time: 1 });
      // the rule saw this step's spikes and the traces that include them
      const expected = denseUpdate(before, 100, 1000, sourceLayer.s.contiguousData(), sourceLayer.x.contiguousData(), targetLayer.s.contiguousData(), targetLayer.x.contiguousData(), [1e-4, 1e-2]);
      const got = data(weights.value);
      expect(Array.from(got)).toEqual(Array.from(expected));
      preSpikes += data(sourceLayer.s).reduce((a, v) => a + v, 0);
      postSpikes += data(targetLayer.s).reduce((a, v) => a + v, 0);
      for (let k = 0; k < got.length; k++) if (got[k] !== before[k]) changed++;
    }
    // both terms ran (the bias drives the targets: each receives the column sum of the bias)
    expect(preSpikes).toBeGreaterThan(50);
    expect(postSpikes).toBeGreaterThan(500);
    expect(changed).toBeGreaterThan(100000);
    expect(Array.from(data(bias.value))).toEqual(Array.from(b0));
  });

  it("with a range: the event-driven updates and touched-only clamps equal the dense update and full clamp", () => {
    const source = new Input({ n: 40, traces: true });
    const target = new LIFNodes({ n: 30, traces: true, thresh: -64 });
    const init = rand([40, 30], { generator: new Generator(5) }).contiguousData().map((v) => f(0.1 + 0.8 * v));
    const w = new Weight({ name: "w", value: new Tensor(Float32Array.from(init), [40, 30], "float32"), learningRule: PostPre, nu: [0.05, 0.2], range: [0.1, 0.9] });
    const c = new MulticompartmentConnection({ source, target, pipeline: [w] });
    const net = new Network();
    net.addLayer(source, "A").addLayer(target, "B").addConnection(c, "A", "B");
    const g = new Generator(6);
    let atBound = 0;
    for (let t = 0; t < 25; t++) {
      const before = data(w.value);
      const input = new Tensor(Uint8Array.from({ length: 40 }, () => (g.nextBelow(3) === 0 ? 1 : 0)), [1, 40], "uint8");
      net.run({ inputs: { A: input }, time: 1 });
      const expected = denseUpdate(before, 40, 30, source.s.contiguousData(), source.x.contiguousData(), target.s.contiguousData(), target.x.contiguousData(), [0.05, 0.2], 0.1, 0.9);
      expect(Array.from(data(w.value)), `step ${t}`).toEqual(Array.from(expected));
    }
    for (const v of data(w.value)) if (v === f(0.1) || v === f(0.9)) atBound++;
    expect(atBound).toBeGreaterThan(20);
  });
});
