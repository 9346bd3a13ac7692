/**
 * Merging a list of items into a batch. `timeAwareCollate` is BindsNET's default for its
 * `DataLoader` (tensors stacked along dim 1, giving `[time, batch, ...]`); `defaultCollate`
 * is PyTorch's batch-first rule.
 */
import { getBackend } from "../backend/backend.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import { Tensor, sameShape, shapeSize } from "../tensor/tensor.js";

/** What a collate function may return for a field. */
export type Collated = Tensor | string[] | null[] | Collated[] | { [key: string]: Collated };

/**
 * Stacks same-shaped, same-dtype tensors along a new dim `dim` (0 or 1; `dim` 1 on a 0-d
 * tensor treats it as `[1]`). Never mutates its inputs.
 */
export function stackTensors(op: string, items: readonly Tensor[], dim: 0 | 1, path = "batch"): Tensor {
  if (items.length === 0) throw new ValueError(`${op}: ${path} is empty, expected at least one item`);
  const first = items[0]!;
  items.forEach((t, b) => {
    if (!sameShape(t.shape, first.shape)) {
      throw new ShapeError(`${op}: ${path}[${b}] has shape ${fmtShape(t.shape)}, expected ${fmtShape(first.shape)} like ${path}[0]`);
    }
    if (t.dtype !== first.dtype) throw new ShapeError(`${op}: ${path}[${b}] has dtype ${t.dtype}, expected ${first.dtype} like ${path}[0]`);
  });
  const B = items.length;
  const n = first.numel();
  const out = getBackend().alloc(first.dtype, n * B);
  if (dim === 0) {
    items.forEach((t, b) => out.set(t.contiguousData(), b * n));
    return new Tensor(out, [B, ...first.shape], first.dtype);
  }
  // dim 1: `[S0, B, ...rest]`; each item contributes S0 blocks of prod(rest) elements.
  const s0 = first.ndim === 0 ? 1 : first.shape[0]!;
  const rest = first.ndim <= 1 ? [1] : first.shape.slice(1);
  const block = shapeSize(rest);
  items.forEach((t, b) => {
    const src = t.contiguousData();
    for (let i = 0; i < s0; i++) out.set(src.subarray(i * block, (i + 1) * block), (i * B + b) * block);
  });
  return new Tensor(out, [s0, B, ...rest], first.dtype);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function collateNumbers(values: readonly number[]): Tensor {
  // torch: Python ints become int64, floats float64. JavaScript has one number type, so
  // integers in int32 range become int32 (our widest integer dtype) and the rest float64.
  const allInt = values.every((v) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
  return tensor(allInt ? Int32Array.from(values) : Float64Array.from(values));
}

function collate(op: string, batch: readonly unknown[], dim: 0 | 1, path: string): Collated {
  if (batch.length === 0) throw new ValueError(`${op}: ${path} is empty, expected at least one item`);
  const first = batch[0];
  const kind = (x: unknown): string => (x instanceof Tensor ? "Tensor" : Array.isArray(x) ? "array" : isPlainObject(x) ? "object" : x === null ? "null" : typeof x);
  batch.forEach((x, b) => {
    if (kind(x) !== kind(first)) throw new ValueError(`${op}: ${path}[${b}] is ${kind(x)}, expected ${kind(first)} like ${path}[0]`);
  });
  if (first instanceof Tensor) return stackTensors(op, batch as Tensor[], dim, path);
  if (typeof first === "number") return collateNumbers(batch as number[]);
  if (typeof first === "boolean") return tensor(Uint8Array.from(batch as boolean[], (v) => (v ? 1 : 0)), { dtype: "bool" });
  if (typeof first === "string") return [...(batch as string[])];
  if (first === null) return batch as null[];
  if (Array.isArray(first)) {
    const len = first.length;
    batch.forEach((x, b) => {
      if ((x as unknown[]).length !== len) throw new ValueError(`${op}: ${path}[${b}] has length ${(x as unknown[]).length}, expected ${len} like ${path}[0] (each element in a batch must have equal length)`);
    });
    // Transposed, like torch: a batch of pairs becomes a pair of batches.
    return first.map((_, k) => collate(op, batch.map((x) => (x as unknown[])[k]), dim, `${path}[*][${k}]`));
  }
  if (isPlainObject(first)) {
    const out: Record<string, Collated> = {};
    for (const key of Object.keys(first)) {
      batch.forEach((x, b) => {
        if (!(key in (x as object))) throw new ValueError(`${op}: ${path}[${b}] lacks key ${fmtValue(key)}, expected the keys of ${path}[0]`);
      });
      out[key] = collate(op, batch.map((x) => (x as Record<string, unknown>)[key]), dim, `${path}[*].${key}`);
    }
    return out;
  }
  throw new ValueError(`${op}: ${path}[0] is ${fmtValue(first)}, expected a Tensor, number, boolean, string, array or plain object`);
}

/**
 * BindsNET's `time_aware_collate`: tensors are stacked along dim 1 (`[time, batch, ...]`; a
 * 0-d tensor gives `[1, B, 1]`, a 1-d `[T]` gives `[T, B, 1]`), numbers become a `[B]`
 * tensor (int32 for integers, float64 otherwise), booleans a bool `[B]`, strings stay a list,
 * objects are collated per key and arrays transposed.
 */
export function timeAwareCollate(batch: readonly unknown[]): Collated {
  return collate("timeAwareCollate", batch, 1, "batch");
}

/** PyTorch's `default_collate`: like `timeAwareCollate` but tensors stack along a new dim 0. */
export function defaultCollate(batch: readonly unknown[]): Collated {
  return collate("defaultCollate", batch, 0, "batch");
}
