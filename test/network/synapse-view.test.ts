import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tsum0 } from "../../src/backend/numerics.js";
import { Connection, Input, LIFNodes } from "../../src/network/index.js";
import { DenseSynapseView, batchSumOrder, hasSynapseView, torchBatchSum, type SpikeSide } from "../../src/network/synapse-view.js";
import { tensor } from "../../src/tensor/creation.js";

const f32 = (min: number, max: number) => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true }).map((v) => (v === 0 ? 0 : v));

describe("torchBatchSum", () => {
  it("sums each element of a [B, N] tensor exactly as torch.sum(dim=0) (tsum0) does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }).chain((B) => fc.integer({ min: 1, max: 80 }).chain((N) => fc.tuple(fc.constant(B), fc.constant(N), fc.array(f32(-1e3, 1e3), { minLength: B * N, maxLength: B * N })))),
        ([B, N, v]) => {
          const m = Float32Array.from(v);
          const ref = tsum0(m, B, N);
          for (let e = 0; e < N; e++) expect(torchBatchSum(m, e, N, B, batchSumOrder(e, N))).toBe(ref[e]);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("classifies elements as torch's kernel blocks them", () => {
    expect(batchSumOrder(0, 1)).toBe("all");
    expect(batchSumOrder(31, 40)).toBe("cascade");
    expect(batchSumOrder(32, 40)).toBe("quad");
    expect(batchSumOrder(3, 6)).toBe("cascade");
    expect(batchSumOrder(4, 6)).toBe("quad");
  });
});

function view(nPre: number, nPost: number, w?: number[][]): { v: DenseSynapseView; c: Connection } {
  const X = new Input({ n: nPre });
  const Y = new LIFNodes({ n: nPost });
  for (const l of [X, Y]) {
    l.computeDecays(1);
    l.setBatchSize(1);
  }
  const c = new Connection({ source: X, target: Y, ...(w ? { w: tensor(w) } : {}) });
  return { v: c.synapseView() as DenseSynapseView, c };
}

describe("DenseSynapseView (Connection)", () => {
  it("describes w and correlates by outer products per sample", () => {
    const { v, c } = view(2, 3);
    expect(hasSynapseView(c)).toBe(true);
    expect(v.wShape).toEqual([2, 3]);
    expect(v.size).toBe(6);
    expect(v.scalesOperand).toBe(true);
    expect(v.weights()).toBe(c.w.data);
    const out = new Float32Array(12).fill(7);
    v.correlate(out, [1, 2, 0, 1], [1, 0.5, -1, 2, 3, 4], 2);
    expect(Array.from(out)).toEqual([1, 0.5, -1, 2, 1, -2, 0, 0, 0, 2, 3, 4]);
    const sparse = new Float32Array(12).fill(7);
    v.correlate(sparse, [1, 2, 0, 1], [1, 0.5, -1, 2, 3, 4], 2, "pre");
    expect(Array.from(sparse)).toEqual(Array.from(out));
  });

  it("makes a non-contiguous w contiguous before handing out its storage", () => {
    const { v, c } = view(2, 2, [[1, 2], [3, 4]]);
    c.w = c.w.t();
    const d = v.weights();
    expect(Array.from(d)).toEqual([1, 3, 2, 4]);
    expect(c.w.isContiguous()).toBe(true);
  });

  it("addCorrelation with a sparse side equals the dense form for every scaling, sign and reduction", () => {
    const arb = fc
      .record({ B: fc.integer({ min: 1, max: 9 }), nPre: fc.integer({ min: 1, max: 9 }), nPost: fc.integer({ min: 1, max: 9 }) })
      .chain(({ B, nPre, nPost }) =>
        fc.record({
          B: fc.constant(B), nPre: fc.constant(nPre), nPost: fc.constant(nPost),
          spikes: fc.array(fc.boolean(), { minLength: B * Math.max(nPre, nPost), maxLength: B * Math.max(nPre, nPost) }),
          vals: fc.array(f32(-4, 4), { minLength: B * Math.max(nPre, nPost), maxLength: B * Math.max(nPre, nPost) }),
          w: fc.array(f32(-2, 2), { minLength: nPre * nPost, maxLength: nPre * nPost }),
          side: fc.constantFrom<SpikeSide>("pre", "post"),
          scaleSide: fc.constantFrom<SpikeSide>(null, "pre", "post"),
          reduction: fc.constantFrom<"sum" | "mean">("sum", "mean"),
          sign: fc.constantFrom<1 | -1>(1, -1),
          scale: fc.constantFrom(0.1, 1, 0.003),
        }),
      );
    fc.assert(
      fc.property(arb, (k) => {
        const { v } = view(k.nPre, k.nPost);
        const spikes = (n: number) => k.spikes.slice(0, k.B * n).map((b) => (b ? 1 : 0));
        const vals = (n: number) => k.vals.slice(0, k.B * n);
        const pre = k.side === "pre" ? spikes(k.nPre) : vals(k.nPre);
        const post = k.side === "post" ? spikes(k.nPost) : vals(k.nPost);
        const a = Float32Array.from(k.w);
        const b = Float32Array.from(k.w);
        const o = { scale: k.scale, reduction: k.reduction, sign: k.sign, scaleSide: k.scaleSide };
        v.addCorrelation(a, pre, post, k.B, { ...o, sparse: k.side });
        v.addCorrelation(b, pre, post, k.B, { ...o, sparse: null });
        expect(Array.from(a, (x) => x + 0)).toEqual(Array.from(b, (x) => x + 0));
      }),
      { numRuns: 300 },
    );
  });

  it("addCorrelation: scale after the reduction, or on one operand first", () => {
    const { v } = view(1, 1);
    // two samples: pre [1, 1], post [0.1, 0.2] (float32), scale 3
    const post = Float32Array.from([0.1, 0.2]);
    const after = new Float32Array(1);
    v.addCorrelation(after, [1, 1], post, 2, { scale: 3, reduction: "sum" });
    expect(after[0]).toBe(Math.fround(3 * Math.fround(post[0]! + post[1]!)));
    const first = new Float32Array(1);
    v.addCorrelation(first, [1, 1], post, 2, { scale: 3, reduction: "sum", scaleSide: "post" });
    expect(first[0]).toBe(Math.fround(Math.fround(3 * post[0]!) + Math.fround(3 * post[1]!)));
    const mean = new Float32Array(1);
    v.addCorrelation(mean, [1, 1], post, 2, { scale: 1, reduction: "mean", sign: -1 });
    expect(mean[0]).toBe(-Math.fround(Math.fround(post[0]! + post[1]!) / 2));
  });
});

describe("DenseSynapseView batched spikes (≤ 16 samples, the batched kernels)", () => {
  it("PostPre's terms over binary spikes equal the generic per-element batch sum bit for bit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 16 }), fc.constantFrom([8, 4], [32, 3], [16, 6], [4, 1]), fc.constantFrom<SpikeSide>("pre", "post"), fc.integer({ min: 1, max: 2 ** 30 }), (B, [nPre, nPost], sparse, seed) => {
        let st = seed;
        const rnd = (): number => ((st = (st * 16807) % 2147483647) / 2147483647);
        const { v } = view(nPre, nPost);
        const spikes = (n: number): Float32Array => Float32Array.from({ length: B * n }, () => (rnd() < 0.3 ? 1 : 0));
        const traces = (n: number): Float32Array => Float32Array.from({ length: B * n }, () => Math.fround(rnd()));
        const pre = sparse === "pre" ? spikes(nPre) : traces(nPre);
        const post = sparse === "pre" ? traces(nPost) : spikes(nPost);
        const w0 = Float32Array.from({ length: nPre * nPost }, () => Math.fround(rnd() * 2 - 0.5));
        for (const sign of [1, -1] as const) {
          const fast = Float32Array.from(w0);
          v.addCorrelation(fast, pre, post, B, { scale: 0.3, sign, reduction: "sum", sparse, scaleSide: "post" });
          // sparse: null takes the generic element loop (torch's batch order per element)
          const slow = Float32Array.from(w0);
          v.addCorrelation(slow, pre, post, B, { scale: 0.3, sign, reduction: "sum", sparse: null, scaleSide: "post" });
          expect([...new Uint32Array(fast.buffer)]).toEqual([...new Uint32Array(slow.buffer)]);
        }
      }),
      { numRuns: 80, seed: 11 },
    );
  });
});
