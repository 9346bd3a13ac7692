/** FeatureStore: dense, sparse (CSR per batch row) and float16 layouts. */
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/errors.js";
import { FeatureStore } from "../../../src/network/features/index.js";
import { t32 } from "./helpers.js";

describe("FeatureStore", () => {
  it("sparse stores only non-zeros, per batch copy, with row pointers and columns", () => {
    const s = FeatureStore.from(t32([0, 2, 0, 3, 0, 0], [2, 3]), "float32", true, 2);
    expect(s.size).toBe(4);
    expect(Array.from(s.rowPtr!)).toEqual([0, 1, 2, 2, 3, 4]);
    expect(s.at(1, 0, 1)).toBe(2);
    expect(s.at(1, 1, 0)).toBe(3);
    expect(s.at(0, 1, 2)).toBe(0);
    expect(s.toDense().shape).toEqual([2, 2, 3]);
    expect(s.memoryBytes()).toBe(4 * 4 + 4 * 4 + 6 * 4);
    const r = new Float32Array(3);
    s.readRow(0, 0, r);
    expect(Array.from(r)).toEqual([0, 2, 0]);
  });

  it("float16 rounds to half precision and takes 2 bytes per value", () => {
    const s = FeatureStore.from(t32([0.1, 1 / 3], [1, 2]), "float16", false);
    expect(s.memoryBytes()).toBe(4);
    expect(s.get(0)).toBe(0.0999755859375);
    s.set(1, 2.5);
    expect(s.tensor!.dtype).toBe("float16");
    expect(s.get(1)).toBe(2.5);
  });

  it("a dense float32 value is stored in place (shared, as the reference's Parameter(value)); others are copied", () => {
    const v = t32([1, 2, 3, 4, 5, 6], [2, 3]);
    const s = FeatureStore.from(v, "float32", false);
    expect(s.tensor).toBe(v);
    s.set(4, 9);
    expect(v.data[4]).toBe(9);
    // a view (offset), a transposed value and another dtype get their own storage
    const t = v.t();
    const st = FeatureStore.from(t, "float32", false);
    expect(st.tensor).not.toBe(t);
    expect(Array.from(st.tensor!.data)).toEqual([1, 4, 2, 9, 3, 6]);
    const h = FeatureStore.from(v, "float16", false);
    h.set(0, 7);
    expect(v.data[0]).toBe(1);
  });

  it("a dense value with a batch dimension is rejected", () => {
    expect(() => FeatureStore.from(t32([1, 2], [2, 1, 1]), "float32", false)).toThrow(ShapeError);
    expect(() => FeatureStore.from(t32([1], [1]), "float32", false)).toThrow(/value has shape \[1\], expected \[nPre, nPost\]/);
  });
});
