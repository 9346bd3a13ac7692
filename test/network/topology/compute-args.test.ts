import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../../../src/errors.js";
import { biasOption, checkOutLength, computeFresh, spikeBatch } from "../../../src/network/topology/compute-args.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectError } from "../../helpers/expect-error.js";
import { inp, t32 } from "./helpers.js";

describe("biasOption", () => {
  it("is null when absent and a float32 [n] copy otherwise", () => {
    expect(biasOption("C", undefined, 2, "[target.n=2]")).toBeNull();
    expect(biasOption("C", null, 2, "[target.n=2]")).toBeNull();
    const given = new Tensor(Float64Array.of(1.5, -2), [1, 2], "float64");
    const b = biasOption("C", given, 2, "[target.n=2]")!;
    expect(b.dtype).toBe("float32");
    expect(b.shape).toEqual([2]);
    expect(b.toFlatArray()).toEqual([1.5, -2]);
    b.data[0] = 9;
    expect(given.toFlatArray()).toEqual([1.5, -2]);
  });

  it("rejects a non-tensor and a wrong size, naming the class and the expected shape", () => {
    expectError(() => biasOption("Conv2dConnection", [1, 2], 2, "[C_out=2]"), ValueError, "Conv2dConnection: b is", "expected a Tensor or null");
    expectError(() => biasOption("Conv2dConnection", t32([1, 2, 3], [3]), 2, "[C_out=2]"), ShapeError, "Conv2dConnection: b has shape [3], expected [C_out=2]");
  });
});

describe("spikeBatch", () => {
  it("is numel / source.n", () => {
    expect(spikeBatch("X", inp([2, 3]), t32(new Array(12).fill(0), [2, 2, 3]))).toBe(2);
    expect(spikeBatch("X", inp([2, 3]), t32(new Array(6).fill(0), [6]))).toBe(1);
  });

  it("names the expected shape as a list, or as source.shape with namedShape", () => {
    const src = inp([2, 3]);
    const s = t32([0, 0, 0, 0], [4]);
    expectError(() => spikeBatch("Conv2dConnection", src, s), ShapeError, "Conv2dConnection.compute: s has shape [4], expected [B, 2, 3]");
    expectError(() => spikeBatch("SparseConnection", src, s, true), ShapeError, "SparseConnection.compute: s has shape [4], expected [B, ...source.shape=[2, 3]]");
  });
});

describe("checkOutLength / computeFresh", () => {
  it("checkOutLength throws unless the buffer holds exactly the wanted values", () => {
    expect(() => checkOutLength("C", new Float32Array(6), 6)).not.toThrow();
    expectError(() => checkOutLength("LocalConnection", new Float32Array(5), 6), ShapeError, "LocalConnection.compute: output holds 5 values, expected 6");
  });

  it("computeFresh allocates [B, *target.shape] and fills it through computeInto", () => {
    const target = inp([2, 1]);
    const c = { target, computeInto: (out: Float32Array): void => out.forEach((_, i) => (out[i] = i + 1)) };
    const r = computeFresh(c, 3, t32([], [0]));
    expect(r.shape).toEqual([3, 2, 1]);
    expect(r.toFlatArray()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
