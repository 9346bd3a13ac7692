/**
 * Checks of user-given tensors at the door (a constructor, a setter, the start of a run):
 * one pass over the values, never per step.
 */
import { ValueError, fmtValue } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * Throws a ValueError naming `owner` and `arg` unless `t` is a Tensor whose every element is
 * finite (no NaN, no ±Infinity), e.g. `Network.run: inputs.X has NaN at flat index 3, expected
 * finite values`. Integer and bool tensors pass without a scan; float16 is decoded first.
 */
export function checkFiniteTensor(owner: string, arg: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${owner}: ${arg} is ${fmtValue(t)}, expected a Tensor`);
  if (t.dtype !== "float32" && t.dtype !== "float64" && t.dtype !== "float16") return t;
  const d = t.dtype === "float16" ? t.to("float32").contiguousData() : t.contiguousData();
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!Number.isFinite(v)) throw new ValueError(`${owner}: ${arg} has ${fmtValue(v)} at flat index ${i}, expected finite values`);
  }
  return t;
}
