/** Shared helpers of the pre-built models. */
import { ValueError, fmtValue } from "../errors.js";
import { rand } from "../tensor/random.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";

/** Learning rates (pre, post) as BindsNET's models take them. */
export type NuPair = number | readonly [number, number] | readonly number[];

/** Checks a positive integer model argument. */
export function positiveInt(model: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ValueError(`${model}: ${arg} is ${fmtValue(v)}, expected a positive integer`);
  return v;
}

/** Checks a finite number model argument. */
export function finite(model: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`${model}: ${arg} is ${fmtValue(v)}, expected a finite number`);
  return v;
}

/** 0.3·U[0, 1) of shape [nIn, nOut] (the models' initial input weights), float32. */
export function initialWeights(nIn: number, nOut: number, rng?: Generator): Tensor {
  const w = rand([nIn, nOut], rng ? { generator: rng } : {});
  const d = w.data as Float32Array;
  const k = Math.fround(0.3);
  for (let i = 0; i < d.length; i++) d[i] = Math.fround(d[i]! * k);
  return w;
}

/** Checks an input shape (positive integers whose product is nInpt). */
export function checkInputShape(model: string, shape: unknown, nInpt: number): number[] | undefined {
  if (shape === undefined || shape === null) return undefined;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d > 0) || shape.reduce((a: number, b: number) => a * b, 1) !== nInpt) {
    throw new ValueError(`${model}: inptShape is ${fmtValue(shape)}, expected positive integers whose product is nInpt=${nInpt}`);
  }
  return [...(shape as number[])];
}
