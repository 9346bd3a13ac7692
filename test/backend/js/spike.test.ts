import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  csrOuterAddCols,
  csrOuterAddRows,
  outerAddCols,
  outerAddColsBatch,
  outerAddRows,
  outerAddRowsBatch,
  spikeMatmul,
  spikeMatmulCSR,
} from "../../../src/backend/js/spike.js";
import { gemm } from "../../../src/backend/js/linalg.js";
import { jsKernels } from "../../../src/backend/js/index.js";
import { uniform } from "../../helpers/seeded.js";

/** Activity vector: a fraction `p` of entries non-zero, either 1 (spikes) or real values (traces). */
function activity(n: number, p: number, seed: number, binary: boolean): Float32Array {
  const u = uniform(n, seed);
  const v = uniform(n, seed + 99);
  return u.map((x, i) => ((x + 1) / 2 < p ? (binary ? 1 : v[i]! * 3) : 0));
}

/** Equal as values: +0 and -0 count as equal (the only difference skipping zero terms can make). */
function expectSameValues(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!(a[i] === b[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) throw new Error(`element ${i}: ${a[i]} !== ${b[i]}`);
  }
}

const dims = fc.record({
  batch: fc.integer({ min: 1, max: 4 }),
  nPre: fc.integer({ min: 1, max: 40 }),
  nPost: fc.integer({ min: 1, max: 30 }),
  p: fc.constantFrom(0, 0.01, 0.05, 0.2, 0.5, 1),
  binary: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1e9 }),
});

/** Dense CSR of w with entries kept where keep[i] is true. */
function toCSR(w: Float32Array, nPre: number, nPost: number, keep: (idx: number) => boolean): { rowPtr: Int32Array; colIdx: Int32Array; values: Float32Array; dense: Float32Array } {
  const rowPtr = new Int32Array(nPre + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const dense = new Float32Array(nPre * nPost);
  for (let i = 0; i < nPre; i++) {
    for (let j = 0; j < nPost; j++) {
      if (keep(i * nPost + j)) {
        cols.push(j);
        vals.push(w[i * nPost + j]!);
        dense[i * nPost + j] = w[i * nPost + j]!;
      }
    }
    rowPtr[i + 1] = cols.length;
  }
  return { rowPtr, colIdx: Int32Array.from(cols), values: Float32Array.from(vals), dense };
}

describe("spikeMatmul (event-driven propagation)", () => {
  it("equals the dense product in the same order, bit for bit (float32)", () => {
    fc.assert(
      fc.property(dims, ({ batch, nPre, nPost, p, binary, seed }) => {
        const s = activity(batch * nPre, p, seed, binary);
        const w = uniform(nPre * nPost, seed + 1);
        const ev = new Float32Array(batch * nPost);
        spikeMatmul(ev, s, w, batch, nPre, nPost);
        // Dense loop, no skipping: acc = fround(acc + fround(s * w)) in increasing i.
        const dense = new Float32Array(batch * nPost);
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < nPost; j++) {
            let acc = 0;
            for (let i = 0; i < nPre; i++) acc = Math.fround(acc + Math.fround(s[b * nPre + i]! * w[i * nPost + j]!));
            dense[b * nPost + j] = acc;
          }
        }
        expectSameValues(ev, dense);
        // ... and the general matmul kernel agrees too.
        const mm = new Float32Array(batch * nPost);
        gemm(mm, s, w, batch, nPre, nPost);
        expectSameValues(ev, mm);
      }),
      { numRuns: 150 },
    );
  });

  it("equals the dense product in float64", () => {
    const s = Float64Array.from(activity(3 * 20, 0.3, 5, false));
    const w = Float64Array.from(uniform(20 * 7, 6));
    const ev = new Float64Array(3 * 7);
    const mm = new Float64Array(3 * 7);
    spikeMatmul(ev, s, w, 3, 20, 7);
    gemm(mm, s, w, 3, 20, 7);
    expectSameValues(ev, mm);
  });

  it("accepts uint8 spikes and overwrites its output", () => {
    const out = new Float32Array([9, 9]);
    spikeMatmul(out, new Uint8Array([1, 0, 1]), new Float32Array([1, 2, 3, 4, 5, 6]), 1, 3, 2);
    expect([...out]).toEqual([6, 8]);
  });
});

describe("spikeMatmulCSR", () => {
  it("equals spikeMatmul over the densified weights", () => {
    fc.assert(
      fc.property(dims, fc.constantFrom(0.1, 0.5, 1), ({ batch, nPre, nPost, p, binary, seed }, density) => {
        const s = activity(batch * nPre, p, seed, binary);
        const keepU = uniform(nPre * nPost, seed + 7);
        const csr = toCSR(uniform(nPre * nPost, seed + 1), nPre, nPost, (k) => (keepU[k]! + 1) / 2 < density);
        const a = new Float32Array(batch * nPost);
        const b = new Float32Array(batch * nPost);
        spikeMatmulCSR(a, s, csr.rowPtr, csr.colIdx, csr.values, batch, nPre, nPost);
        spikeMatmul(b, s, csr.dense, batch, nPre, nPost);
        expectSameValues(a, b);
      }),
      { numRuns: 100 },
    );
  });
});

describe("restricted outer-product updates equal the dense update exactly", () => {
  it("outerAddRows: w += outer(scale * pre, post), touching only rows with pre != 0", () => {
    fc.assert(
      fc.property(dims, fc.constantFrom(1, -1, 0.01, -3.7e-4), ({ nPre, nPost, p, binary, seed }, scale) => {
        const pre = activity(nPre, p, seed, binary);
        const post = uniform(nPost, seed + 2);
        const w0 = uniform(nPre * nPost, seed + 3);
        const w = w0.slice();
        outerAddRows(w, pre, post, scale, nPre, nPost);
        const ref = w0.slice();
        for (let i = 0; i < nPre; i++) {
          const c = Math.fround(scale * pre[i]!);
          for (let j = 0; j < nPost; j++) ref[i * nPost + j] = Math.fround(ref[i * nPost + j]! + Math.fround(c * post[j]!));
        }
        expectSameValues(w, ref);
        for (let i = 0; i < nPre; i++) if (pre[i] === 0) expectSameValues(w.subarray(i * nPost, (i + 1) * nPost), w0.subarray(i * nPost, (i + 1) * nPost));
      }),
      { numRuns: 120 },
    );
  });

  it("outerAddCols: w += outer(pre, scale * post), touching only columns with post != 0", () => {
    fc.assert(
      fc.property(dims, fc.constantFrom(1, -1, 0.01, -3.7e-4), ({ nPre, nPost, p, binary, seed }, scale) => {
        const pre = uniform(nPre, seed + 2);
        const post = activity(nPost, p, seed, binary);
        const w0 = uniform(nPre * nPost, seed + 3);
        const w = w0.slice();
        outerAddCols(w, pre, post, scale, nPre, nPost);
        const ref = w0.slice();
        for (let j = 0; j < nPost; j++) {
          const c = Math.fround(scale * post[j]!);
          for (let i = 0; i < nPre; i++) ref[i * nPost + j] = Math.fround(ref[i * nPost + j]! + Math.fround(pre[i]! * c));
        }
        expectSameValues(w, ref);
      }),
      { numRuns: 120 },
    );
  });

  /** Dense batched reference: acc = sum_b in batch order from 0 (float32), then w += acc. */
  function batchRef(w0: Float32Array, pre: Float32Array, post: Float32Array, scale: number, batch: number, nPre: number, nPost: number, side: "rows" | "cols"): Float32Array {
    const ref = w0.slice();
    for (let i = 0; i < nPre; i++) {
      for (let j = 0; j < nPost; j++) {
        let acc = 0;
        for (let b = 0; b < batch; b++) {
          const term = side === "rows" ? Math.fround(Math.fround(scale * pre[b * nPre + i]!) * post[b * nPost + j]!) : Math.fround(pre[b * nPre + i]! * Math.fround(scale * post[b * nPost + j]!));
          acc = Math.fround(acc + term);
        }
        ref[i * nPost + j] = Math.fround(ref[i * nPost + j]! + acc);
      }
    }
    return ref;
  }

  it("outerAddRowsBatch: w += sum_b outer(scale * pre[b], post[b]), batch summed in order", () => {
    fc.assert(
      fc.property(dims, fc.constantFrom(1, -0.05), ({ batch, nPre, nPost, p, binary, seed }, scale) => {
        const pre = activity(batch * nPre, p, seed, binary);
        const post = uniform(batch * nPost, seed + 2);
        const w0 = uniform(nPre * nPost, seed + 3);
        const w = w0.slice();
        outerAddRowsBatch(w, pre, post, scale, batch, nPre, nPost);
        expectSameValues(w, batchRef(w0, pre, post, scale, batch, nPre, nPost, "rows"));
      }),
      { numRuns: 120 },
    );
  });

  it("outerAddColsBatch: w += sum_b outer(pre[b], scale * post[b]), batch summed in order", () => {
    fc.assert(
      fc.property(dims, fc.constantFrom(1, -0.05), ({ batch, nPre, nPost, p, binary, seed }, scale) => {
        const pre = uniform(batch * nPre, seed + 2);
        const post = activity(batch * nPost, p, seed, binary);
        const w0 = uniform(nPre * nPost, seed + 3);
        const w = w0.slice();
        outerAddColsBatch(w, pre, post, scale, batch, nPre, nPost);
        expectSameValues(w, batchRef(w0, pre, post, scale, batch, nPre, nPost, "cols"));
      }),
      { numRuns: 120 },
    );
  });

  it("work in float64 as well", () => {
    const pre = Float64Array.from([0, 2, 0.5]);
    const post = Float64Array.from([1, -1]);
    const w = new Float64Array(6);
    outerAddRows(w, pre, post, 0.1, 3, 2);
    expect([...w]).toEqual([0, 0, 0.1 * 2 * 1, 0.1 * 2 * -1, 0.1 * 0.5, 0.1 * 0.5 * -1]);
    const w2 = new Float64Array(6);
    outerAddCols(w2, pre, post, 0.1, 3, 2);
    expect([...w2]).toEqual([0, 0, 2 * 0.1, 2 * -0.1, 0.5 * 0.1, 0.5 * -0.1]);
  });

  it("csrOuterAddRows updates the stored entries like the dense update, leaving absent ones absent", () => {
    fc.assert(
      fc.property(dims, ({ nPre, nPost, p, binary, seed }) => {
        const keepU = uniform(nPre * nPost, seed + 9);
        const csr = toCSR(uniform(nPre * nPost, seed + 1), nPre, nPost, (k) => keepU[k]! > 0);
        const pre = activity(nPre, p, seed, binary);
        const post = uniform(nPost, seed + 4);
        const values = csr.values.slice();
        csrOuterAddRows(values, csr.rowPtr, csr.colIdx, pre, post, 0.25, nPre);
        const dense = csr.dense.slice();
        outerAddRows(dense, pre, post, 0.25, nPre, nPost);
        for (let i = 0; i < nPre; i++) {
          for (let q = csr.rowPtr[i]!; q < csr.rowPtr[i + 1]!; q++) expect(values[q]).toBe(dense[i * nPost + csr.colIdx[q]!]);
        }
        expect(csr.rowPtr.length).toBe(nPre + 1); // structure untouched
      }),
      { numRuns: 60 },
    );
  });

  it("csrOuterAddCols updates the stored entries like the dense column update", () => {
    fc.assert(
      fc.property(dims, ({ nPre, nPost, p, binary, seed }) => {
        const keepU = uniform(nPre * nPost, seed + 9);
        const csr = toCSR(uniform(nPre * nPost, seed + 1), nPre, nPost, (k) => keepU[k]! > 0);
        const pre = uniform(nPre, seed + 4);
        const post = activity(nPost, p, seed, binary);
        const values = csr.values.slice();
        csrOuterAddCols(values, csr.rowPtr, csr.colIdx, pre, post, -0.5, nPre);
        const dense = csr.dense.slice();
        outerAddCols(dense, pre, post, -0.5, nPre, nPost);
        for (let i = 0; i < nPre; i++) {
          for (let q = csr.rowPtr[i]!; q < csr.rowPtr[i + 1]!; q++) expect(values[q]).toBe(dense[i * nPost + csr.colIdx[q]!]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("js kernel table", () => {
  it("exposes the spike and linear-algebra kernels", () => {
    for (const k of ["spikeMatmul", "spikeMatmulCSR", "outerAddRows", "outerAddCols", "outerAddRowsBatch", "outerAddColsBatch", "csrOuterAddRows", "csrOuterAddCols", "gemm", "csrDenseMatmul", "im2col", "col2im", "maxPool"]) {
      expect(typeof (jsKernels as Record<string, unknown>)[k]).toBe("function");
    }
  });
});
