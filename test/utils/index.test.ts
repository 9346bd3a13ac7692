import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../src/errors.js";
import { arange, tensor, zeros } from "../../src/tensor/index.js";
import {
  col2imIndices,
  getSquareAssignments,
  getSquareWeights,
  im2colIndices,
  reshapeConv2dWeights,
  reshapeLocalConnection2dWeights,
  reshapeLocallyConnectedWeights,
} from "../../src/utils/index.js";

describe("im2colIndices", () => {
  it("orders rows c*kh*kw + i*kw + j and columns row-major over output positions (F.unfold)", () => {
    // x[0, c, h, w] = 100c + 10h + w, 2 channels of 3x3; 2x2 kernel, stride 1 → L = 4.
    const x = zeros([1, 2, 3, 3]);
    for (let c = 0; c < 2; c++) for (let h = 0; h < 3; h++) for (let w = 0; w < 3; w++) x.set(100 * c + 10 * h + w, 0, c, h, w);
    const cols = im2colIndices(x, 2, 2);
    expect(cols.shape).toEqual([1, 8, 4]);
    // row 0 = tap (0,0) of channel 0 at positions (0,0),(0,1),(1,0),(1,1)
    expect(cols.select(0, 0).toArray()).toEqual([
      [0, 1, 10, 11],
      [1, 2, 11, 12],
      [10, 11, 20, 21],
      [11, 12, 21, 22],
      [100, 101, 110, 111],
      [101, 102, 111, 112],
      [110, 111, 120, 121],
      [111, 112, 121, 122],
    ]);
  });

  it("applies padding and stride", () => {
    const x = arange(4).float().view(1, 1, 2, 2);
    const cols = im2colIndices(x, 2, 2, { padding: 1, stride: 2 });
    // padded 4x4, windows at (0,0),(0,2),(2,0),(2,2): each sees one real pixel
    expect(cols.shape).toEqual([1, 4, 4]);
    expect(cols.select(0, 0).toArray()).toEqual([
      [0, 0, 0, 3],
      [0, 0, 2, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it("rejects a non-4-D input and a bad kernel size", () => {
    expect(() => im2colIndices(zeros([3, 3]), 2, 2)).toThrow(ShapeError);
    expect(() => im2colIndices(zeros([3, 3]), 2, 2)).toThrow(/im2colIndices: x has shape \[3, 3\], expected 4 dims/);
    expect(() => im2colIndices(zeros([1, 1, 3, 3]), 0, 2)).toThrow(/im2colIndices: kernelHeight is 0, expected a positive integer/);
  });
});

describe("col2imIndices", () => {
  it("takes the 4-D image shape its docstring promises (fixed) and sums overlapping taps", () => {
    const x = arange(9).float().view(1, 1, 3, 3);
    const cols = im2colIndices(x, 2, 2);
    const back = col2imIndices(cols, [1, 1, 3, 3], 2, 2);
    // each pixel times the number of 2x2 windows covering it
    const cover = [1, 2, 1, 2, 4, 2, 1, 2, 1];
    expect(back.toFlatArray()).toEqual(cover.map((c, i) => c * i));
    expect(col2imIndices(cols, [3, 3], 2, 2).toFlatArray()).toEqual(back.toFlatArray());
  });

  it("rejects a shape that disagrees with cols", () => {
    const cols = im2colIndices(zeros([1, 1, 3, 3]), 2, 2);
    expect(() => col2imIndices(cols, [1, 2, 3, 3], 2, 2)).toThrow(/col2imIndices: cols has shape \[1, 4, 4\].*expected xShape \[1, 2, 3, 3\]/);
    expect(() => col2imIndices(cols, [3], 2, 2)).toThrow(ShapeError);
  });
});

describe("getSquareWeights", () => {
  it("puts column n = i*nSqrt + j, reshaped to side, at block (i, j); missing filters stay 0", () => {
    // 3 filters of 2x2 (weights[k, n] = 10n + k) in a 2x2 grid of blocks
    const w = zeros([4, 3]);
    for (let k = 0; k < 4; k++) for (let n = 0; n < 3; n++) w.set(10 * n + k, k, n);
    const sq = getSquareWeights(w, 2, 2);
    expect(sq.shape).toEqual([4, 4]);
    expect(sq.toArray()).toEqual([
      [0, 1, 10, 11],
      [2, 3, 12, 13],
      [20, 21, 0, 0],
      [22, 23, 0, 0],
    ]);
  });

  it("supports a rectangular side [h, w]", () => {
    const w = arange(6).float().view(6, 1);
    const sq = getSquareWeights(w, 1, [2, 3]);
    expect(sq.toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it("rejects a side that does not match nIn and too many filters", () => {
    expect(() => getSquareWeights(zeros([5, 2]), 2, 2)).toThrow(/getSquareWeights: weights has shape \[5, 2\], expected dim 0 = side\[0\]\*side\[1\] = 4/);
    expect(() => getSquareWeights(zeros([4, 5]), 2, 2)).toThrow(/expected at most nSqrt\^2 = 4 filters/);
    expect(() => getSquareWeights(zeros([4, 2]), 2, [2, 2, 1] as unknown as number)).toThrow(ValueError);
  });
});

describe("getSquareAssignments", () => {
  it("fills an nSqrt x nSqrt grid with -1 and writes assignments row-major", () => {
    const sq = getSquareAssignments(tensor([3, 1, 4], { dtype: "int32" }), 2);
    expect(sq.toArray()).toEqual([
      [3, 1],
      [4, -1],
    ]);
  });

  it("rejects more assignments than cells", () => {
    expect(() => getSquareAssignments(zeros([5]), 2)).toThrow(/getSquareAssignments: assignments has shape \[5\], expected at most nSqrt\^2 = 4 entries/);
  });
});

describe("reshapeConv2dWeights", () => {
  it("places kernel (out=i*s1+j, in=k*s2+l) at row i*h + k*h*s1, column j*w + l*w*s1", () => {
    // C_out=2, C_in=2 (s1 = s2 = 2), 1x1 kernels: weight[o, i] = 10o + i + 1
    const w = zeros([2, 2, 1, 1]);
    for (let o = 0; o < 2; o++) for (let i = 0; i < 2; i++) w.set(10 * o + i + 1, o, i, 0, 0);
    const m = reshapeConv2dWeights(w);
    expect(m.shape).toEqual([4, 4]);
    expect(m.toArray()).toEqual([
      [1, 11, 2, 12],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it("keeps each kernel's own rows and columns", () => {
    const w = arange(2 * 1 * 2 * 2).float().view(2, 1, 2, 2);
    const m = reshapeConv2dWeights(w); // s1 = 2, s2 = 1 → [4, 4]
    expect(m.toArray()).toEqual([
      [0, 1, 4, 5],
      [2, 3, 6, 7],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it("rejects a non-4-D tensor", () => {
    expect(() => reshapeConv2dWeights(zeros([2, 2]))).toThrow(/reshapeConv2dWeights: weights has shape \[2, 2\], expected 4 dims/);
  });
});

describe("reshapeLocallyConnectedWeights", () => {
  // 3x3 input, 2x2 kernel, stride 1 → 2x2 conv positions, 2 filters
  const locations = zeros([4, 4], { dtype: "int32" });
  for (let n1 = 0; n1 < 2; n1++)
    for (let n2 = 0; n2 < 2; n2++)
      for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) locations.set((n1 + y) * 3 + (n2 + x), y * 2 + x, n1 * 2 + n2);
  const w = zeros([9, 8]);
  for (let p = 0; p < 9; p++) for (let f = 0; f < 2; f++) for (let n = 0; n < 4; n++) w.set(100 * f + 10 * n + p, p, f * 4 + n);

  it("reads w[locations[:, n], f*c1*c2 + n] into block (n1*fs + f1, n2*fs + f2)", () => {
    const m = reshapeLocallyConnectedWeights(w, 2, 2, 2, locations, 3);
    expect(m.shape).toEqual([8, 8]); // k*fs*c = 2*2*2
    // filter 1 at position n=3 (n1=1, n2=1): rows 4..5, cols 2*(1*2+1)=6..7; reads inputs 4,5,7,8
    expect([m.get(4, 6), m.get(4, 7), m.get(5, 6), m.get(5, 7)]).toEqual([134, 135, 137, 138]);
    // filter 0 at position n=1 (n1=0, n2=1): rows 0..1, cols 4..5; inputs 1,2,4,5
    expect([m.get(0, 4), m.get(0, 5), m.get(1, 4), m.get(1, 5)]).toEqual([11, 12, 14, 15]);
    // row block f1 = 1 is empty (only 2 filters in a 2x2 filter grid)
    expect(m.get(2, 0)).toBe(0);
  });

  it("lays whole-input filters of a 1x1 conv on a non-square input without mixing height and width (fixed)", () => {
    // input 2x3, kernel = input, 1 position, 2 filters: filter f = w[:, f]
    const loc = arange(6, undefined, 1, { dtype: "int32" }).view(6, 1);
    const wf = zeros([6, 2]);
    for (let p = 0; p < 6; p++) for (let f = 0; f < 2; f++) wf.set(10 * f + p, p, f);
    const m = reshapeLocallyConnectedWeights(wf, 2, [2, 3], 1, loc, [2, 3]);
    expect(m.shape).toEqual([4, 6]);
    expect(m.toArray()).toEqual([
      [0, 1, 2, 10, 11, 12],
      [3, 4, 5, 13, 14, 15],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
  });

  it("rejects mismatched locations and weights", () => {
    expect(() => reshapeLocallyConnectedWeights(w, 2, 2, 2, zeros([3, 4], { dtype: "int32" }), 3)).toThrow(/locations has shape \[3, 4\], expected \[k1\*k2, c1\*c2\] = \[4, 4\]/);
    expect(() => reshapeLocallyConnectedWeights(w, 3, 2, 2, locations, 3)).toThrow(/w has shape \[9, 8\], expected 2 dims \[nIn, nFilters\*c1\*c2 = 12\]/);
    const bad = locations.clone().set(9, 0, 0);
    expect(() => reshapeLocallyConnectedWeights(w, 2, 2, 2, bad, 3)).toThrow(/locations holds 9, expected input indices in \[0, 9\)/);
  });
});

describe("reshapeLocalConnection2dWeights", () => {
  it("takes a 5-D [nFilters, c1, c2, k1, k2] view, ints or pairs, with the LC layout", () => {
    const w = arange(2 * 2 * 2 * 2 * 2).float().view(2, 2, 2, 2, 2);
    const m = reshapeLocalConnection2dWeights(w, 2, 2, [2, 2], 3);
    expect(m.shape).toEqual([8, 8]);
    // filter 1, position (1, 0): w[1, 1, 0] = 16 + 8 + (0..3) → rows 4..5, cols 2*(0*2+1)=2..3
    expect([m.get(4, 2), m.get(4, 3), m.get(5, 2), m.get(5, 3)]).toEqual([24, 25, 26, 27]);
    expect(m.get(0, 0)).toBe(0);
    expect(m.get(1, 1)).toBe(3);
  });

  it("rejects a wrong shape", () => {
    expect(() => reshapeLocalConnection2dWeights(zeros([2, 2, 2, 2]), 2, 2, 2, 3)).toThrow(
      /reshapeLocalConnection2dWeights: w has shape \[2, 2, 2, 2\], expected \[nFilters, c1, c2, k1, k2\] = \[2, 2, 2, 2, 2\]/,
    );
  });
});
