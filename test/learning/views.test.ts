/**
 * The rules through the synapse views of the other connection types (convolutions, local
 * connections): hand-computed single steps, the reference's broken cases fixed (channel order
 * for C_in > 1, MSTDP keeping the batch on convolutions, MSTDPET learning there). The classes
 * are looked up in the library, so these run as soon as src/network/topology exports them.
 */
import { describe, expect, it } from "vitest";
import { decayOf } from "../../src/backend/numerics.js";
import { Hebbian, MSTDP, MSTDPET, PostPre, WeightDependentPostPre } from "../../src/learning/index.js";
import { Input, LIFNodes, type LearningRuleClass, type Nodes } from "../../src/network/index.js";
import type { AbstractConnection } from "../../src/network/topology/abstract-connection.js";
import { loadLibrary } from "../../tools/parity/library.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import { ValueError } from "../../src/errors.js";
import { f, put } from "./helpers.js";

const lib = await loadLibrary();
const d = decayOf(20, 1);

function layers(pre: number[], post: number[], B = 1): [Nodes, Nodes] {
  const X = new Input({ shape: pre, traces: true });
  const Y = new LIFNodes({ shape: post, traces: true });
  for (const l of [X, Y]) {
    l.computeDecays(1);
    l.setBatchSize(B);
  }
  return [X, Y];
}

function make(name: string, X: Nodes, Y: Nodes, rule: LearningRuleClass, opts: Record<string, unknown>): AbstractConnection {
  return lib.make(name, { source: X, target: Y, updateRule: rule, ...opts }) as unknown as AbstractConnection;
}

const nested = (c: AbstractConnection): unknown => c.w.toArray();

describe.skipIf(!lib.has("Conv1dConnection"))("rules on Conv1dConnection", () => {
  it("PostPre sums trace·spike products over positions, with the channel order right for C_in = 2", () => {
    const [X, Y] = layers([2, 3], [1, 2]);
    const c = make("Conv1dConnection", X, Y, PostPre, { kernelSize: 2, nu: [0.5, 0.25], w: zeros([1, 2, 2]) });
    put(X.s, [1, 0, 0, 0, 0, 1]);
    put(X.x, [1, 0.5, 0.25, 0, 0.5, 1]);
    put(Y.s, [0, 1]);
    put(Y.x, [0.5, 1]);
    c.update({ learning: true });
    // depression −0.5·Σ_l x_post[l]·s_pre[c, l+k]: c0k0 −0.25, c1k1 −0.5
    // potentiation 0.25·x_pre[c, 1+k] (post spike at l = 1): [[0.125, 0.0625], [0.125, 0.25]]
    expect(nested(c)).toEqual([[[-0.125, 0.0625], [0.125, -0.25]]]);
  });

  it("MSTDPET learns (the reference's convolutional MSTDPET never does)", () => {
    const [X, Y] = layers([1, 2], [1, 1]);
    const c = make("Conv1dConnection", X, Y, MSTDPET, { kernelSize: 2, nu: 1, w: zeros([1, 1, 2]) });
    const step = (s: number[], q: number[]): void => {
      put(X.s, s);
      put(Y.s, q);
      c.update({ learning: true, reward: 1 });
    };
    step([1, 0], [0]);
    step([0, 0], [1]);
    step([0, 0], [0]);
    expect(nested(c)).toEqual([[[f(d / 25), 0]]]);
  });
});

describe.skipIf(!lib.has("Conv2dConnection"))("rules on Conv2dConnection", () => {
  it("MSTDP keeps one eligibility per sample: each filter learns from its own pairing (the reference gives all filters one update)", () => {
    const [X, Y] = layers([1, 2, 2], [2, 1, 1], 2);
    const c = make("Conv2dConnection", X, Y, MSTDP, { kernelSize: 2, nu: 0.5, w: zeros([2, 1, 2, 2]) });
    const step = (s: number[], q: number[], reward: number | ReturnType<typeof tensor>): void => {
      put(X.s, s);
      put(Y.s, q);
      c.update({ learning: true, reward });
    };
    const r = tensor([1, 3]);
    step([1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0], r); // sample 0: all inputs spike
    step([0, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 1], r); // sample 0: filter 0; sample 1: filter 1
    expect((c.updateRule as MSTDP).eligibility!.shape).toEqual([2, 2, 1, 2, 2]);
    step([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0], r);
    const g = f(0.5 * f(1 * d)); // sample 0, reward 1, filter 0 only
    expect(nested(c)).toEqual([[[[g, g], [g, g]]], [[[0, 0], [0, 0]]]]);
  });

  it("Hebbian potentiates every tap that saw a pre spike under a post trace", () => {
    const [X, Y] = layers([1, 2, 2], [1, 1, 1]);
    const c = make("Conv2dConnection", X, Y, Hebbian, { kernelSize: 2, nu: [1, 0], w: zeros([1, 1, 2, 2]) });
    put(X.s, [1, 0, 0, 1]);
    put(Y.x, [0.5]);
    c.update({ learning: true });
    expect(nested(c)).toEqual([[[[0.5, 0], [0, 0.5]]]]);
  });
});

describe.skipIf(!lib.has("LocalConnection1D"))("rules on LocalConnection1D/2D", () => {
  it("PostPre: per-position products, no sum over positions", () => {
    const [X, Y] = layers([1, 4], [2]);
    const c = make("LocalConnection1D", X, Y, PostPre, { kernelSize: 2, stride: 2, nFilters: 1, nu: [0.5, 0.25], w: zeros([1, 2, 2]) });
    put(X.s, [1, 0, 0, 1]);
    put(X.x, [1, 0.5, 0.25, 0.125]);
    put(Y.s, [0, 1]);
    put(Y.x, [0.5, 1]);
    c.update({ learning: true });
    // position 0 sees inputs 0..1, position 1 sees 2..3
    expect(nested(c)).toEqual([[[-0.25, 0], [0.0625, f(-0.5 + 0.03125)]]]);
  });

  it("WeightDependentPostPre depresses in proportion to w − wmin", () => {
    if (!lib.has("LocalConnection2D")) return;
    const [X, Y] = layers([1, 2, 2], [1]);
    const c = make("LocalConnection2D", X, Y, WeightDependentPostPre, { kernelSize: 2, stride: 1, nFilters: 1, nu: [0.5, 0], wmin: 0, wmax: 2, w: tensor([[[1, 1, 1, 1]]]) });
    put(X.s, [1, 1, 0, 0]);
    put(Y.x, [1]);
    c.update({ learning: true });
    expect(nested(c)).toEqual([[[0.5, 0.5, 1, 1]]]);
  });
});

describe.skipIf(!lib.has("SparseConnection"))("rules on SparseConnection", () => {
  it.each([["PostPre", PostPre], ["Hebbian", Hebbian], ["WeightDependentPostPre", WeightDependentPostPre], ["MSTDP", MSTDP], ["MSTDPET", MSTDPET]] as const)(
    "%s learns on the stored synapses exactly as a Connection does on the same entries",
    (_name, rule) => {
      const wd = [[0.5, 0, 1], [0, 2, 0], [1.5, 0, 0.25], [0, 0, 0.75]];
      const results: number[][] = [];
      for (const kind of ["Connection", "SparseConnection"]) {
        const [X, Y] = layers([4], [3]);
        const c = make(kind, X, Y, rule, { nu: [0.25, 0.5], w: tensor(wd), wmin: -1, wmax: 3 });
        const seq = [[[1, 0, 0, 1], [0, 1, 0]], [[0, 1, 1, 0], [1, 0, 1]], [[1, 1, 0, 0], [0, 0, 1]], [[0, 0, 0, 0], [0, 0, 0]]];
        for (const [s, q] of seq) {
          put(X.s, s!);
          put(Y.s, q!);
          put(X.x, s!.map((v, i) => (v ? 1 : 0.25 * i)));
          put(Y.x, q!.map((v, j) => (v ? 1 : 0.5 * j)));
          c.update({ learning: true, reward: 1.5 });
        }
        const dense = kind === "Connection" ? (c.w.toArray() as number[][]) : ((c as unknown as { toDense(): { toArray(): number[][] } }).toDense().toArray());
        results.push(dense.flatMap((row, i) => row.filter((_, j) => wd[i]![j] !== 0)));
      }
      expect(results[1]).toEqual(results[0]);
      expect(results[0]).not.toEqual(wd.flat().filter((v) => v !== 0)); // the rule did change them
    },
  );
});

describe.skipIf(!lib.has("MaxPool2dConnection") || !lib.has("MeanFieldConnection"))("connections without a synapse view", () => {
  it.each(["MaxPool2dConnection", "MeanFieldConnection"])("%s: every rule is a ValueError (the reference raises NotImplementedError)", (name) => {
    const [X, Y] = layers([1, 2, 2], [1, 1, 1]);
    const extra = name === "MaxPool2dConnection" ? { kernelSize: 2 } : {};
    for (const rule of [PostPre, Hebbian, MSTDP]) {
      const build = (): void => make(name, X, Y, rule, { nu: 1, ...extra }).update({ learning: true, reward: 1 });
      expect(build).toThrow(ValueError);
      expect(build).toThrow(new RegExp(`${name}: updateRule is ${rule.name}, expected none|connection is a ${name}, expected a connection with a synapse view`));
    }
  });
  it("a rule handed a connection object without a view names its type", () => {
    const [X, Y] = layers([1], [1]);
    class Weightless {
      source = X;
      target = Y;
      wmin = -Infinity;
      wmax = Infinity;
    }
    expect(() => new PostPre({ connection: new Weightless() as never, nu: 1 })).toThrow(/PostPre: connection is a Weightless, expected a connection with a synapse view/);
  });
});
