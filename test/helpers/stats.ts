/** Statistics for the tests of random sampling: moments and a chi-square goodness of fit. */

/** Sample mean and unbiased variance. */
export function meanVar(xs: ArrayLike<number>): [number, number] {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i]!;
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
  return [m, v / (xs.length - 1)];
}

/** Pearson chi-square statistic of observed counts against expected counts. */
export function chiSquare(observed: number[], expected: number[]): number {
  let c = 0;
  for (let i = 0; i < observed.length; i++) c += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  return c;
}

/** A loose upper bound for a chi-square statistic with `df` degrees of freedom (mean + 5 sd). */
export function chiBound(df: number): number {
  return df + 5 * Math.sqrt(2 * df);
}
