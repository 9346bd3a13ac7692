/**
 * The fixture format of test/fixtures/torch/linalg_*.json (matmul, conv, fold, pool): each
 * case names an op, its inputs as encoded tensors and the torch 1.13 output.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";

/** A tensor as the fixture scripts write it: shape, dtype and flat row-major data. */
export interface Enc {
  shape: number[];
  dtype: "float32" | "float64" | "int32";
  data: number[];
}

/** One fixture case; `A` and `I` narrow the args and inputs where a file knows them. */
export interface TorchCase<A = Record<string, unknown>, I = Record<string, Enc>> {
  name: string;
  op: string;
  args: A;
  inputs: I;
  out: Enc;
}

/** The cases of test/fixtures/torch/`file`. */
export function loadTorchCases<C>(file: string): C[] {
  return (JSON.parse(readFileSync(new URL(`../fixtures/torch/${file}`, import.meta.url), "utf8")) as { cases: C[] }).cases;
}

/** The tensor an `Enc` describes, in its own dtype. */
export function decodeEnc(e: Enc): Tensor {
  const arr = e.dtype === "float64" ? Float64Array.from(e.data) : e.dtype === "int32" ? Int32Array.from(e.data) : Float32Array.from(e.data);
  return tensor(arr, { shape: e.shape });
}

/** Same shape and dtype, and every element within atol + rtol * |expected| (numpy's allclose). */
export function expectCloseEnc(actual: Tensor, expected: Enc, rtol: number, atol: number): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  const a = actual.toFlatArray();
  for (let i = 0; i < a.length; i++) {
    const e = expected.data[i]!;
    if (Math.abs(a[i]! - e) > atol + rtol * Math.abs(e)) {
      throw new Error(`element ${i}: got ${a[i]}, expected ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}
