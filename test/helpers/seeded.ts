/** Deterministic test data that needs no fixture file. */

/**
 * `n` seeded values in [-1, 1) from a 32-bit LCG (Numerical Recipes constants). Each value is
 * k / 2^31 - 1 for an integer k, so it is float32-exact and sums of a few stay exact.
 */
export function uniform(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}
