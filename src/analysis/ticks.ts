/**
 * Axis ticks the way matplotlib's default locator and formatter place and print them:
 * `MaxNLocator` with steps 1, 2, 2.5, 5, 10 (times a power of ten) choosing the smallest
 * step that covers the range in at most `maxBins` intervals, and `ScalarFormatter` printing
 * every tick with the same number of decimals and a true minus sign.
 */

const STEPS = [1, 2, 2.5, 5, 10];

/** Tick positions inside `[lo, hi]` (order of the arguments does not matter). */
export function niceTicks(lo: number, hi: number, maxBins = 9): number[] {
  let a = Math.min(lo, hi);
  let b = Math.max(lo, hi);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return [];
  if (a === b) {
    a -= 0.5;
    b += 0.5;
  }
  const bins = Math.max(1, Math.floor(maxBins));
  const raw = (b - a) / bins;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * mag;
  for (const s of STEPS) {
    const st = s * mag;
    if (Math.ceil(b / st - 1e-9) - Math.floor(a / st + 1e-9) <= bins) {
      step = st;
      break;
    }
  }
  const eps = step * 1e-9;
  const first = Math.ceil((a - eps) / step);
  const ticks: number[] = [];
  for (let k = first; k * step <= b + eps; k++) ticks.push(cleanZero(Number((k * step).toPrecision(12))));
  return ticks;
}

function cleanZero(v: number): number {
  return Object.is(v, -0) ? 0 : v;
}

/** Decimals needed to print every tick exactly (0..8). */
export function tickDecimals(ticks: readonly number[]): number {
  let d = 0;
  for (const t of ticks) {
    while (d < 8 && Math.abs(Math.round(t * 10 ** d) - t * 10 ** d) > 1e-6 * Math.max(1, Math.abs(t * 10 ** d))) d++;
  }
  return d;
}

/** Labels for `ticks`: shared decimals, U+2212 minus, exponent form for very large or small magnitudes. */
export function formatTicks(ticks: readonly number[]): string[] {
  const maxAbs = Math.max(0, ...ticks.map(Math.abs));
  if (maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-4)) return ticks.map((t) => (t === 0 ? "0" : t.toExponential(1).replace("-", "\u2212")));
  const d = tickDecimals(ticks);
  return ticks.map((t) => cleanZero(Number(t.toFixed(d))).toFixed(d).replace("-", "\u2212"));
}
