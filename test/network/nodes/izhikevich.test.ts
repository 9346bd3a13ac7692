/** IzhikevichNodes (src/network/nodes/izhikevich.ts): two half Euler steps, deferred reset, recurrent coupling S. */
import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { Monitor } from "../../../src/network/monitors.js";
import { Network } from "../../../src/network/network.js";
import { Input } from "../../../src/network/nodes/input.js";
import { IzhikevichNodes } from "../../../src/network/nodes/izhikevich.js";
import { Connection } from "../../../src/network/topology/connection.js";
import { zeros } from "../../../src/tensor/creation.js";
import { Generator } from "../../../src/tensor/random.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { ready, t32 } from "../../helpers/layers.js";
import { bits, loadTrace, saveLoad } from "./helpers.js";

const f = Math.fround;

/** A generator whose float draws are the given numbers, in order. */
class Draws extends Generator {
  private k = 0;
  constructor(private readonly values: readonly number[]) {
    super(1);
  }
  override nextFloat32(): number {
    if (this.k >= this.values.length) throw new Error("Draws: out of values");
    return this.values[this.k++]!;
  }
}

/** One step of the model in float64 (no rounding): two half steps of v, then u. */
function step64(v: number, u: number, x: number, a: number, b: number): [number, number] {
  for (let h = 0; h < 2; h++) v += 0.5 * (0.04 * v * v + 5 * v + 140 - u + x);
  return [v, u + a * (b * v - u)];
}

describe("IzhikevichNodes", () => {
  it("excitatory neurons from r: a 0.02, b 0.2, c = -65 + 15r², d = 8 - 6r², S = 0.5·U; v = rest, u = b·v", () => {
    const l = ready(new IzhikevichNodes({ n: 1, rng: new Draws([0.5, 0.5]) }));
    expect([l.a.data[0], l.b.data[0], l.c.data[0], l.d.data[0], l.S.data[0]]).toEqual([f(0.02), f(0.2), -61.25, 6.5, 0.25]);
    expect(l.v.data[0]).toBe(-65);
    expect(l.u.data[0]).toBe(f(f(0.2) * -65)); // -13
    // one quiet step: v = -65 → -66.5 → -67.805; u = -13 + 0.02·(0.2·v - u) = -13.01122
    l.forward(t32([0], [1, 1]));
    expect(l.v.data[0]).toBeCloseTo(-67.805, 3);
    expect(l.u.data[0]).toBeCloseTo(-13.01122, 4);
    expect(l.s.data[0]).toBe(0);
  });

  it("spikes at v >= 45 and keeps v there; the next step starts from v = c, u = u + d, with S[i, i] added to the input", () => {
    const l = ready(new IzhikevichNodes({ n: 1, rng: new Draws([0.5, 0.5]), sumInput: true }));
    l.forward(t32([100], [1, 1]));
    let [v, u] = step64(-65, -13, 100, 0.02, 0.2);
    expect(v).toBeCloseTo(74.195, 3);
    expect(l.v.data[0]).toBeCloseTo(v, 3); // above threshold, not reset yet
    expect(l.s.data[0]).toBe(1);
    expect(l.u.data[0]).toBeCloseTo(u, 4);
    l.forward(t32([0], [1, 1]));
    // deferred reset, then the self-coupling 0.25 as input
    [v, u] = step64(-61.25, u + 6.5, 0.25, 0.02, 0.2);
    expect(l.v.data[0]).toBeCloseTo(v, 3);
    expect(l.u.data[0]).toBeCloseTo(u, 4);
    expect(v).toBeCloseTo(-70.995, 2);
    expect(l.s.data[0]).toBe(0);
    // summed sees the input including the recurrent term: 100, then 0 + 0.25
    expect(l.summed.data[0]).toBe(100.25);
  });

  it("S is laid out [post, pre]: a spike of neuron 0 reaches neuron 1 through S[1, 0]", () => {
    // r = 0.5, 0.5, then U row-major: S = 0.5·U = [[0.1, 0.2], [0.3, 0.4]]
    const l = ready(new IzhikevichNodes({ n: 2, rng: new Draws([0.5, 0.5, 0.2, 0.4, 0.6, 0.8]), sumInput: true }));
    expect(Array.from(l.S.data)).toEqual([0.1, 0.2, 0.3, 0.4].map(f));
    l.forward(t32([100, 0], [1, 2]));
    expect(Array.from(l.s.data)).toEqual([1, 0]);
    l.forward(t32([0, 0], [1, 2]));
    expect(Array.from(l.summed.data)).toEqual([f(100 + f(0.1)), f(0.3)]);
  });

  it("the excitatory fraction is clipped to [0, 1]; inhibitory neurons: a = 0.02 + 0.08r, b = 0.25 - 0.05r, c -65, d 2, S = -U", () => {
    const all = new IzhikevichNodes({ n: 3, excitatory: 1.5, rng: new Generator(1) });
    expect(Array.from(all.excitatory.data)).toEqual([1, 1, 1]);
    const none = new IzhikevichNodes({ n: 2, excitatory: -0.5, rng: new Draws([0.25, 0.75, 0.5, 0.5, 0.5, 0.5]) });
    expect(Array.from(none.excitatory.data)).toEqual([0, 0]);
    expect(Array.from(none.a.data)).toEqual([f(f(0.02) + f(f(0.08) * 0.25)), f(f(0.02) + f(f(0.08) * 0.75))]);
    expect(Array.from(none.b.data)).toEqual([f(f(0.25) - f(f(0.05) * 0.25)), f(f(0.25) - f(f(0.05) * 0.75))]);
    expect(Array.from(none.c.data)).toEqual([-65, -65]);
    expect(Array.from(none.d.data)).toEqual([2, 2]);
    expect(Array.from(none.S.data)).toEqual([-0.5, -0.5, -0.5, -0.5]);
    // ⌊5·0.5⌋ = 2 excitatory neurons: columns 0-1 of S non-negative, 2-4 non-positive
    const mix = new IzhikevichNodes({ n: 5, excitatory: 0.5, rng: new Generator(3) });
    expect(Array.from(mix.excitatory.data)).toEqual([1, 1, 0, 0, 0]);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(Math.sign(mix.S.data[i * 5 + j]!) * (j < 2 ? 1 : -1)).toBeGreaterThanOrEqual(0);
  });

  it("derives the reference's parameters from its draws (r, then U for S) and then reproduces its v, u and s bit for bit", () => {
    const { T, params, arrays, shape } = loadTrace("izhikevich");
    const n = params.n as number;
    const ex = Math.trunc(n * (params.excitatory as number));
    const S = arrays["param.Y.S"]!;
    // the reference's uniform draws for S, recovered: 0.5·U (exact) on excitatory columns, -U elsewhere
    const u = S.map((s, k) => (k % n < ex ? s * 2 : -s));
    const Y = new IzhikevichNodes({ n, excitatory: params.excitatory as number, thresh: params.thresh as number, rest: params.rest as number, rng: new Draws([...arrays["param.Y.r"]!, ...u]) });
    for (const k of ["r", "a", "b", "c", "d", "S", "excitatory"] as const) expect(bits(Y[k]), k).toEqual(bits(t32(arrays[`param.Y.${k}`]!, [arrays[`param.Y.${k}`]!.length])));
    const net = new Network();
    net.addLayer(new Input({ n: params.n_in as number }), "X");
    net.addLayer(Y, "Y");
    net.addConnection(new Connection({ source: net.layers.X!, target: Y, w: t32(arrays["init.X->Y.w"]!, shape["init.X->Y.w"]!) }), "X", "Y");
    const mon = new Monitor({ obj: Y, stateVars: ["v", "u", "s"] });
    net.addMonitor(mon, "Y");
    net.run({ inputs: { X: new Tensor(Uint8Array.from(arrays["input.X"]!), shape["input.X"]!, "uint8") }, time: T });
    expect(bits(mon.get("v"))).toEqual(bits(t32(arrays["step.Y.v"]!, [T * n])));
    expect(bits(mon.get("u"))).toEqual(bits(t32(arrays["step.Y.u"]!, [T * n])));
    expect(Array.from(mon.get("s").contiguousData(), Number)).toEqual(arrays["step.Y.s"]);
    expect(arrays["step.Y.s"]!.filter((s) => s === 1).length).toBeGreaterThan(3);
  });

  it("lbound clips v; replacing b takes effect in u = b·v at the next reset", () => {
    const l = ready(new IzhikevichNodes({ n: 1, lbound: -66, rng: new Draws([0.5, 0.5]) }));
    l.forward(t32([-50], [1, 1]));
    expect(l.v.data[0]).toBe(-66);
    l.b = t32([0.5], [1]);
    l.resetStateVariables();
    expect([l.v.data[0], l.u.data[0]]).toEqual([-65, -32.5]);
    l.a = zeros([3]);
    expect(() => l.forward(t32([0], [1, 1]))).toThrow(new ShapeError("IzhikevichNodes: a has shape [3], expected [1]"));
  });

  it("a save/load round trip keeps the random parameters and the state; both copies continue identically", () => {
    const net = new Network();
    net.addLayer(new IzhikevichNodes({ n: 4, excitatory: 0.5, rng: new Generator(5) }), "Y");
    const x = (k: number): Tensor => t32(Array.from({ length: 8 * 4 }, (_, i) => ((i * 5 + k) % 4) * 6), [8, 1, 4]);
    net.run({ inputs: { Y: x(0) }, time: 8 });
    const copy = saveLoad(net);
    const a = net.layers.Y as IzhikevichNodes;
    const b = copy.layers.Y as IzhikevichNodes;
    for (const k of ["a", "b", "c", "d", "S", "excitatory", "v", "u"] as const) expect(bits(b[k]), k).toEqual(bits(a[k]));
    net.run({ inputs: { Y: x(1) }, time: 8 });
    copy.run({ inputs: { Y: x(1) }, time: 8 });
    for (const k of ["v", "u", "s"] as const) expect(bits(b[k]), k).toEqual(bits(a[k]));
  });

  it("rejects bad options with the class, the argument and the expectation", () => {
    expect(() => new IzhikevichNodes({ n: 2, exitatory: 0.5 } as never)).toThrow("IzhikevichNodes: unknown option exitatory; did you mean excitatory?");
    expect(() => new IzhikevichNodes({ n: 2, excitatory: "half" as never })).toThrow(new ValueError('IzhikevichNodes: excitatory is "half", expected a number in [0, 1]'));
    expect(() => new IzhikevichNodes({ n: 2, rng: {} as never })).toThrow(/IzhikevichNodes: rng is .*, expected a Generator/);
    expect(() => new IzhikevichNodes({ n: 2 ** 15 + 1 })).toThrow("IzhikevichNodes: n is 32769, expected at most 32768");
  });
});
