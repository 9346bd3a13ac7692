/** Sorting along a dim: sort (stable), argsort, topk. Indices are int32 (torch: int64). */
import { ValueError, fmtValue } from "../../errors.js";
import { Tensor } from "../tensor.js";
import { allocTensor, loadValues, normalizeDims, storeAll } from "./broadcast.js";
import type { ValuesIndices } from "./reduce.js";

function checkInput(op: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: input is ${fmtValue(t)}, expected a Tensor`);
  return t;
}

/**
 * Sorts each row along `dim` (moved last) and keeps the first `k` entries of each. NaN sorts
 * above every number, as in torch (last ascending, first descending); ties keep their order.
 */
function sortRows(op: string, t: Tensor, dim: number, descending: boolean, k: number | null): ValuesIndices {
  const nd = t.ndim;
  const [d] = normalizeDims(op, [dim], nd);
  const moved = nd === 0 ? t : t.transpose(d!, nd - 1);
  const len = nd === 0 ? 1 : t.shape[d!]!;
  const keep = k ?? len;
  const v = loadValues(moved, moved.shape, t.dtype);
  const outShape = nd === 0 ? [] : [...moved.shape.slice(0, -1), keep];
  const rowsN = len === 0 ? 0 : v.length / len;
  const vals = new Float64Array(rowsN * keep);
  const idx = new Int32Array(rowsN * keep);
  const order = new Array<number>(len);
  const sign = descending ? -1 : 1;
  for (let r = 0; r < rowsN; r++) {
    const s = r * len;
    for (let i = 0; i < len; i++) order[i] = i;
    order.sort((a, b) => {
      const x = v[s + a]!;
      const y = v[s + b]!;
      if (x !== x) return y !== y ? 0 : sign;
      if (y !== y) return -sign;
      return x < y ? -sign : x > y ? sign : 0;
    });
    for (let i = 0; i < keep; i++) {
      idx[r * keep + i] = order[i]!;
      vals[r * keep + i] = v[s + order[i]!]!;
    }
  }
  // Allocate only after the last read of v, which may view the input's storage.
  const values = allocTensor(outShape, t.dtype);
  storeAll(values, vals);
  const idxOut = allocTensor(outShape, "int32");
  storeAll(idxOut, idx);
  if (nd === 0) return { values, indices: idxOut };
  return {
    values: values.transpose(d!, nd - 1).contiguous(),
    indices: idxOut.transpose(d!, nd - 1).contiguous(),
  };
}

/** Sorted values along `dim` (default last) and their original indices; the sort is stable. */
export function sort(t: Tensor, dim = -1, descending = false): ValuesIndices {
  checkInput("sort", t);
  return sortRows("sort", t, dim, descending, null);
}

/** The indices that sort `t` along `dim` (stable). */
export function argsort(t: Tensor, dim = -1, descending = false): Tensor {
  checkInput("argsort", t);
  return sortRows("argsort", t, dim, descending, null).indices;
}

/**
 * The `k` largest (or smallest) elements along `dim` and their indices. Results are always
 * sorted (torch leaves the order unspecified when `sorted` is false); among equal values the
 * lower index comes first.
 */
export function topk(t: Tensor, k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
  const op = "topk";
  checkInput(op, t);
  void sorted;
  const nd = t.ndim;
  const [d] = normalizeDims(op, [dim], nd);
  const len = nd === 0 ? 1 : t.shape[d!]!;
  if (!Number.isInteger(k) || k < 0 || k > len) {
    throw new ValueError(`${op}: k is ${fmtValue(k)}, expected an integer in [0, ${len}] (size of dim ${dim})`);
  }
  return sortRows(op, t, dim, largest, k);
}
