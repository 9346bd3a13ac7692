import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { ones, tensor, zeros } from "../../../src/tensor/creation.js";
import { Generator } from "../../../src/tensor/random.js";
import { CSRMNodes, Connection, Input, LIFNodes, LearningRule, Network, NoOp, type UpdateOptions } from "../../../src/network/index.js";

const X = (n = 3): Input => {
  const l = new Input({ n });
  l.computeDecays(1);
  l.setBatchSize(1);
  return l;
};
const Y = (n = 2): LIFNodes => {
  const l = new LIFNodes({ n });
  l.computeDecays(1);
  l.setBatchSize(1);
  return l;
};

class Clamping extends LearningRule {}

describe("Connection construction", () => {
  it("random w is U[0,1) without bounds, clamped with one finite bound, scaled with two", () => {
    const g = new Generator(3);
    const c = new Connection({ source: X(50), target: Y(40), rng: g });
    const w = c.w.toFlatArray();
    expect(c.w.shape).toEqual([50, 40]);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...w)).toBeLessThan(1);
    const half = new Connection({ source: X(50), target: Y(40), wmin: 0.5, rng: g }).w.toFlatArray();
    expect(half.filter((v) => v === 0.5).length).toBeGreaterThan(500); // a clamp, not a rescale
    const scaled = new Connection({ source: X(50), target: Y(40), wmin: 2, wmax: 4, rng: g }).w.toFlatArray();
    expect(Math.min(...scaled)).toBeGreaterThanOrEqual(2);
    expect(scaled.filter((v) => v === 2).length).toBeLessThan(3);
  });

  it("a given w is copied, and clamped only when a bound is finite", () => {
    const w = tensor([[-1, 5], [0.5, 2], [3, -2]]);
    const free = new Connection({ source: X(), target: Y(), w });
    expect(free.w.toArray()).toEqual(w.toArray());
    free.w.fill_(0);
    expect(w.get(0, 0)).toBe(-1);
    const clamped = new Connection({ source: X(), target: Y(), w, wmin: 0, wmax: 2 });
    expect(clamped.w.toArray()).toEqual([[0, 2], [0.5, 2], [2, 0]]);
    const perWeight = new Connection({ source: X(), target: Y(), w, wmax: tensor([[0, 0], [0, 0], [9, 9]]) });
    expect(perWeight.w.toArray()).toEqual([[-1, 0], [0, 0], [3, -2]]);
  });

  it("rejects a w, b or bound of the wrong shape and non-layer ends", () => {
    expect(() => new Connection({ source: X(), target: Y(), w: zeros([2, 3]) })).toThrow(/Connection: w has shape \[2, 3\], expected \[source.n=3, target.n=2\]/);
    expect(() => new Connection({ source: X(), target: Y(), b: zeros([3]) })).toThrow(ShapeError);
    expect(() => new Connection({ source: X(), target: Y(), wmin: zeros([5]) })).toThrow(ShapeError);
    expect(() => new Connection({ source: {} as never, target: Y() })).toThrow(/Connection: source is .*, expected a Nodes layer/);
    expect(() => new Connection({ source: X(), target: Y(), norm: "x" as never })).toThrow(ValueError);
  });
});

describe("Connection.compute", () => {
  it("is s·w + b with shape [B, ...target.shape], real-valued s included", () => {
    const c = new Connection({ source: X(), target: Y(), w: tensor([[1, 2], [3, 4], [5, 6]]), b: tensor([0.5, -0.5]) });
    expect(c.compute(tensor([[1, 0, 1]], { dtype: "bool" })).toArray()).toEqual([[6.5, 7.5]]);
    expect(c.compute(tensor([[0.5, 1, 0], [0, 0, 0]])).toArray()).toEqual([[4, 4.5], [0.5, -0.5]]);
    expect(() => c.compute(zeros([1, 4]))).toThrow(ShapeError);
  });

  it("computeWindow feeds a CSRM target its window of source spikes", () => {
    const net = new Network();
    const src = new Input({ n: 2 });
    const tgt = new CSRMNodes({ n: 1, resWindowSize: 3 });
    net.addLayer(src, "X").addLayer(tgt, "Y");
    const c = new Connection({ source: src, target: tgt, w: tensor([[1], [10]]) });
    net.addConnection(c, "X", "Y");
    const out = c.computeWindow(tensor([[1, 1]], { dtype: "bool" }));
    expect(out.shape).toEqual([1, 3, 1]);
    expect(out.toFlatArray()).toEqual([0, 0, 11]);
    expect(c.computeWindow(tensor([[0, 1]], { dtype: "bool" })).toFlatArray()).toEqual([0, 11, 10]);
    net.run({ inputs: { X: tensor([[1, 1], [0, 0]], { dtype: "uint8" }) }, time: 2 });
  });

  it("sees in-place changes, a replaced w and views of s from one call to the next (step cache)", () => {
    const c = new Connection({ source: X(), target: Y(), w: tensor([[1, 2], [3, 4], [5, 6]]) });
    const s = tensor([[1, 1, 0]], { dtype: "bool" });
    const out = new Float32Array(2);
    c.computeInto(out, s);
    expect([...out]).toEqual([4, 6]);
    c.w.data[0] = 10; // in place: rows 0 and 1 → [10 + 3, 2 + 4]
    c.computeInto(out, s);
    expect([...out]).toEqual([13, 6]);
    s.data[2] = 1;
    c.computeInto(out, s);
    expect([...out]).toEqual([18, 12]);
    // a non-contiguous w ([3, 2] view of a [2, 3] tensor): w[i][j] = wt[j][i]
    c.w = tensor([[1, 0, 100], [2, 0, 200]]).t();
    c.computeInto(out, s);
    expect([...out]).toEqual([101, 202]);
    c.computeInto(out, s); // (twice: the view is not cached as contiguous)
    expect([...out]).toEqual([101, 202]);
    // a non-contiguous s: column 1 of a [3, 2] tensor, and a narrowed view with an offset
    const both = tensor([[0, 1], [0, 0], [1, 1]], { dtype: "bool" });
    const col1 = both.t().narrow(0, 1, 1);
    c.computeInto(out, col1);
    expect([...out]).toEqual([101, 202]);
    c.computeInto(out, col1);
    expect([...out]).toEqual([101, 202]);
    c.computeInto(out, both.t().narrow(0, 0, 1));
    expect([...out]).toEqual([100, 200]);
    c.computeInto(out, tensor([0, 1, 0, 0], { dtype: "bool" }).narrow(0, 1, 3).reshape([1, 3]));
    expect([...out]).toEqual([1, 2]);
  });
});

describe("Connection.update, normalize", () => {
  it("NoOp still applies weight decay but never clamps", () => {
    const c = new Connection({ source: X(), target: Y(), w: ones([3, 2]), weightDecay: 0.1, wmax: 5 });
    c.w.set(9, 0, 0);
    c.update({ learning: true });
    expect(c.w.get(0, 1)).toBe(Math.fround(0.9));
    expect(c.w.get(0, 0)).toBe(Math.fround(9 * Math.fround(0.9)));
    expect(c.updateRule).toBeInstanceOf(NoOp);
    c.update({ learning: false });
    expect(c.w.get(0, 1)).toBe(Math.fround(0.9));
  });

  it("a real rule clamps to the bounds after decay", () => {
    const c = new Connection({ source: X(), target: Y(), w: ones([3, 2]), updateRule: Clamping, wmin: 0, wmax: 5 });
    c.w.set(9, 0, 0);
    c.update({ learning: true });
    expect(c.w.get(0, 0)).toBe(5);
  });

  it("the rule receives the options it declares and is created after w exists", () => {
    let seen: { shape: readonly number[]; tcPlus: unknown; nu: unknown } | null = null;
    class Probe extends LearningRule {
      static override readonly optionKeys = ["tcPlus"];
      constructor(o: ConstructorParameters<typeof LearningRule>[0] & { tcPlus?: number }) {
        super(o);
        seen = { shape: o.connection.w.shape, tcPlus: o.tcPlus, nu: this.nu };
      }
      override update(_o: UpdateOptions): void {}
    }
    const c = new Connection({ source: X(), target: Y(), updateRule: Probe, tcPlus: 7, nu: [1e-4, 1e-2] });
    c.update({ learning: true });
    expect(seen).toEqual({ shape: [3, 2], tcPlus: 7, nu: [1e-4, 1e-2] });
  });

  it("mask zeroes weights; Dale's rule keeps signs per presynaptic neuron (fixed: the reference zeroes all)", () => {
    const c = new Connection({ source: X(), target: Y(), w: tensor([[1, -1], [1, -1], [2, 3]]), dalesRule: tensor([true, false, true]) });
    c.update({ learning: false, mask: tensor([[0, 0], [0, 0], [0, 1]], { dtype: "bool" }) });
    expect(c.w.toArray()).toEqual([[1, 0], [0, -1], [2, 0]]);
    expect(() => c.update({ mask: zeros([2, 2], { dtype: "bool" }) })).toThrow(/mask has shape \[2, 2\], expected \[3, 2\]/);
  });

  it("normalize scales |w| column sums to norm (zero columns stay zero)", () => {
    const c = new Connection({ source: X(), target: Y(), w: tensor([[-1, 0], [0, 0], [0, 0]]), norm: 2 });
    c.normalize();
    expect(c.w.toArray()).toEqual([[-2, 0], [0, 0], [0, 0]]);
    const d = new Connection({ source: X(), target: Y(), w: tensor([[1, 2], [1, -2], [2, 0]]), norm: 1 });
    d.normalize();
    expect(d.w.toArray()).toEqual([[0.25, 0.5], [0.25, -0.5], [0.5, 0]]);
  });
});
