/**
 * Rounding to IEEE 754 half precision, for the float16 compute of features (torch's float16 CPU
 * operations compute each result in float32 and round it to half). Node 20 has no
 * Math.f16round; this is one.
 */

const f32 = new Float32Array(1);

/** Ties to even: the integer nearest to q (q ≥ 0, exact), the even one on a tie. */
function roundHalfEven(q: number): number {
  const fl = Math.floor(q);
  const d = q - fl;
  if (d > 0.5) return fl + 1;
  if (d < 0.5) return fl;
  return fl % 2 === 0 ? fl : fl + 1;
}

/**
 * x rounded to float32, then to the nearest half-precision value (ties to even), returned as a
 * number: ±65520 and beyond overflow to ±Infinity, magnitudes below 2^-24 / 2 flush to ±0,
 * subnormal halves (multiples of 2^-24 below 2^-14) are kept, NaN stays NaN.
 */
export function f16round(x: number): number {
  f32[0] = x;
  const v = f32[0];
  if (v !== v || v === 0 || v === Infinity || v === -Infinity) return v;
  const a = Math.abs(v);
  const sign = v < 0 ? -1 : 1;
  if (a >= 65520) return sign * Infinity;
  // the spacing of halves around a: 2^-24 among subnormals, else 2^(e - 10) for a in [2^e, 2^(e+1))
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  // log2 may be off by one near powers of two: fix e so that 2^e ≤ a < 2^(e+1) (normal range)
  let ee = e;
  if (ee > -14 && 2 ** ee > a) ee--;
  else if (2 ** (ee + 1) <= a) ee++;
  const quantum = 2 ** (Math.max(ee, -14) - 10);
  return sign * roundHalfEven(a / quantum) * quantum;
}

/** Rounds every element of `d[from, to)` to half precision in place. */
export function f16roundArray(d: Float32Array, from = 0, to = d.length): void {
  for (let k = from; k < to; k++) d[k] = f16round(d[k]!);
}
