/**
 * Shared pieces of the column normalisation `w ← w · norm / Σ_pre w` (dense `Connection`,
 * dense `Weight` features): the per-column factors, with the reference's arithmetic, and a
 * reused scratch array for the column sums.
 */
import { type Backend, getBackend } from "../backend/backend.js";
import { ownedScratch } from "./storage.js";

const fround = Math.fround;

/**
 * In place, for j < n: col[j] ← fround(fround(1 / c) · norm_j) with c = col[j], or c = 1 where
 * the column sums to 0. That reciprocal-then-multiply is what torch computes for the
 * reference's `norm / colsum` when `norm` is a Python number (`number / tensor` is
 * `tensor.reciprocal() * number`). With `divide` (a per-column norm tensor: torch's
 * `tensor / tensor`), col[j] ← fround(norm_j / c), a true division.
 */
export function columnFactors(col: Float32Array, n: number, norm: number | ArrayLike<number>, divide = false): void {
  for (let j = 0; j < n; j++) {
    const c = col[j] === 0 ? 1 : col[j]!;
    const nj = typeof norm === "number" ? norm : norm[j]!;
    col[j] = divide ? fround(nj / c) : fround(fround(1 / c) * nj);
  }
}

const scratch = new Map<Backend, Float32Array>();

/**
 * A float32 array of at least `n` elements from the active backend's allocator (so its
 * kernels take it in place), reused by every normalisation: normalising runs once per sample,
 * and a fresh array each time would be heap garbage on the hot path. Valid until the next call.
 */
export function columnScratch(n: number): Float32Array {
  const be = getBackend();
  let a = scratch.get(be);
  if (a === undefined || a.length < n) {
    // owned by the backend object: one reused scratch in its memory (src/network/storage.ts)
    a = ownedScratch(be, "float32", Math.max(n, 2 * (a?.length ?? 0)), a ?? null) as Float32Array;
    scratch.set(be, a);
  }
  return a;
}
