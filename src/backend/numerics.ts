/**
 * The backend's shared numerics: float32 arithmetic with PyTorch's (CPU) rounding, so
 * simulations reproduce the reference bit for bit. Both backends' kernels use it, and so do the
 * layers above (decay factors, torch-ordered sums) through `src/backend/index.ts`.
 *
 * - `sexp` is float32 `exp` as torch computes it on x86 (SLEEF `expf_u10`): it differs from
 *   the correctly rounded exponential in about 9% of arguments, and decay factors computed
 *   with `Math.exp` drift from the reference over long runs.
 * - `tsum0`, `tsumLast`, `tsumAll` sum in the order torch's CPU reduction kernels use
 *   (4-way interleaved partial sums, 8-wide vector lanes for contiguous rows of 8 or more,
 *   a cascade of accumulators every 16 rows), which matters for normalisation column sums and
 *   the Izhikevich recurrent input.
 *
 * Every function takes and returns float32 values held in JavaScript numbers.
 */

const fround = Math.fround;

const bits32 = new Float32Array(1);
const ibits32 = new Int32Array(bits32.buffer);

/** The next float32 after `x` toward +Infinity (`x` a float32 value). */
function nextUp32(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return 1.401298464324817e-45;
  bits32[0] = x;
  ibits32[0]! += x > 0 ? 1 : -1;
  return bits32[0]!;
}

/** The next float32 after `x` toward -Infinity (`x` a float32 value). */
function nextDown32(x: number): number {
  return -nextUp32(-x);
}

/**
 * a*b + c rounded once to float32, like a hardware fused multiply-add on float32 operands.
 * The product of two float32 values is exact in float64; the float64 sum `s` is corrected by
 * its two-sum error `e` when it sits exactly halfway between two float32 values (the only case
 * where rounding through float64 first could differ from a single rounding).
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bb = s - c;
  const e = p - bb + (c - (s - bb));
  let r = fround(s);
  if (e !== 0 && Number.isFinite(r)) {
    const up = nextUp32(r);
    const dn = nextDown32(r);
    if (s - r === (up - r) / 2 && e > 0) r = up;
    else if (s - r === -(r - dn) / 2 && e < 0) r = dn;
  }
  return r;
}

const R_LN2 = fround(1.442695040888963407359924681001892137426645954152985934135449406931);
const L2U = fround(0.693145751953125);
const L2L = fround(1.428606765330187045e-6);
const P0 = fround(0.000198527617612853646278381);
const P1 = fround(0.00139304355252534151077271);
const P2 = fround(0.00833336077630519866943359);
const P3 = fround(0.0416664853692054748535156);
const P4 = fround(0.166666671633720397949219);
const P5 = fround(0.5);

/** Round half to even (numpy's `rint`). */
function rintEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/**
 * float32 exp(d) exactly as torch 1.13+ computes it on x86 CPUs (SLEEF expf_u10):
 * q = rint(d / ln 2); s = d - q ln2 (two fused steps with ln 2 split into a high and a low
 * part); u = 1 + (s² · poly5(s) + s) with fused Horner steps; result u · 2^q.
 * d < -104 gives 0 and d > 100 gives +Infinity.
 */
export function sexp(x: number): number {
  const d = fround(x);
  if (Number.isNaN(d)) return NaN;
  if (d < -104) return 0;
  if (d > 100) return Infinity;
  const q = rintEven(fround(d * R_LN2));
  let s = fma32(q, -L2U, d);
  s = fma32(q, -L2L, s);
  let u = P0;
  u = fma32(u, s, P1);
  u = fma32(u, s, P2);
  u = fma32(u, s, P3);
  u = fma32(u, s, P4);
  u = fma32(u, s, P5);
  u = fround(1 + fma32(fround(s * s), u, s));
  const h = q >> 1;
  return fround(u * 2 ** h * 2 ** (q - h));
}

/**
 * The per-step decay factor exp(-dt / tc) as the reference computes it: dt and tc rounded to
 * float32, one float32 division, then torch's float32 exp.
 */
export function decayOf(tc: number, dt: number): number {
  return sexp(fround(-fround(dt) / fround(tc)));
}

function ceilLog2(x: number): number {
  let k = 0;
  while (2 ** k < x) k++;
  return k;
}

/**
 * torch's multi_row_sum: `size` rows of `width` float32 values are added one by one into a
 * level-0 accumulator, which is folded into the next level every 16 rows
 * (2^max(4, ceil(log2 size)/4)), a cascade of 4 levels; finally level 0 += 1, 2, 3. Writes the
 * `width` sums to `out`.
 *
 * Row i, lane q·w + k (width = R·w) is read from m[base + (R·i + q)·stride + k]: contiguous
 * rows are R = 1, stride = w; a block of columns of a row-major matrix is read in place
 * (stride = the matrix's row length) instead of being copied out first.
 */
function multiRowSumS(m: ArrayLike<number>, base: number, size: number, R: number, w: number, stride: number, out: Float32Array): void {
  const width = R * w;
  const power = Math.max(4, Math.floor(ceilLog2(size) / 4));
  const step = 1 << power;
  const mask = step - 1;
  const acc = [new Float32Array(width), new Float32Array(width), new Float32Array(width), new Float32Array(width)];
  const a0 = acc[0]!;
  const addRow = (i: number): void => {
    for (let q = 0; q < R; q++) {
      const o = base + (R * i + q) * stride;
      const l = q * w;
      for (let k = 0; k < w; k++) a0[l + k] = a0[l + k]! + m[o + k]!;
    }
  };
  let i = 0;
  while (i + step <= size) {
    for (let r = 0; r < step; r++) addRow(i++);
    for (let j = 1; j < 4; j++) {
      const aj = acc[j]!;
      const ap = acc[j - 1]!;
      for (let k = 0; k < width; k++) aj[k] = aj[k]! + ap[k]!;
      ap.fill(0);
      if (i & (mask << (j * power))) break;
    }
  }
  while (i < size) addRow(i++);
  for (let j = 1; j < 4; j++) {
    const aj = acc[j]!;
    for (let k = 0; k < width; k++) a0[k] = a0[k]! + aj[k]!;
  }
  out.set(a0);
}

/**
 * torch's row_sum over `size` rows of `w` values (row i at m[base + i·stride]): row i goes to
 * partial sum i % 4 (for i < 4·floor(size/4)), leftovers to partial 0, then
 * ((p0 + p1) + p2) + p3.
 */
function rowSumS(m: ArrayLike<number>, base: number, size: number, w: number, stride: number, out: Float32Array): void {
  const n4 = Math.floor(size / 4);
  const lanes = new Float32Array(4 * w);
  if (n4 > 0) multiRowSumS(m, base, n4, 4, w, stride, lanes);
  for (let i = n4 * 4; i < size; i++) {
    const o = base + i * stride;
    for (let k = 0; k < w; k++) lanes[k] = lanes[k]! + m[o + k]!;
  }
  for (let k = 0; k < w; k++) {
    out[k] = fround(fround(fround(lanes[k]! + lanes[w + k]!) + lanes[2 * w + k]!) + lanes[3 * w + k]!);
  }
}

const lane8 = new Float32Array(8);
const one = new Float32Array(1);

/** torch.sum of the contiguous float32 vector `v[offset, offset+len)`. */
export function tsumAll(v: ArrayLike<number>, offset = 0, len = v.length - offset): number {
  if (len >= 8) {
    const nv = Math.floor(len / 8);
    rowSumS(v, offset, nv, 8, 8, lane8);
    let acc = 0;
    for (let k = nv * 8; k < len; k++) acc = fround(acc + v[offset + k]!);
    for (let k = 0; k < 8; k++) acc = fround(acc + lane8[k]!);
    return acc;
  }
  rowSumS(v, offset, len, 1, 1, one);
  return one[0]!;
}

/**
 * torch.sum(m, -1) of a contiguous row-major array with rows of `k` elements: returns one sum
 * per row (rows of 8 or more are summed as 8-wide vectors, as the vectorised kernel does).
 */
export function tsumLast(m: ArrayLike<number>, k: number, out?: Float32Array): Float32Array {
  const rows = k === 0 ? 0 : Math.floor(m.length / k);
  const res = out ?? new Float32Array(rows);
  for (let r = 0; r < rows; r++) res[r] = tsumAll(m, r * k, k);
  return res;
}

/**
 * torch.sum(m, 0) of a contiguous row-major [rows, cols] float32 array (outer reduction).
 * Blocks of 32 columns use the multi-row cascade, blocks of 8 and single columns the 4-way
 * row sum; with fewer than 8 columns, blocks of 4 use the cascade; one column is an inner sum.
 */
export function tsum0(m: ArrayLike<number>, rows: number, cols: number, out?: Float32Array): Float32Array {
  const res = out ?? new Float32Array(cols);
  if (cols === 1) {
    const col = new Float32Array(rows);
    for (let r = 0; r < rows; r++) col[r] = m[r]!;
    res[0] = tsumAll(col);
    return res;
  }
  // each block of columns is summed in place (rows strided by `cols`), in torch's order
  const o32 = new Float32Array(32);
  let j = 0;
  if (cols >= 8) {
    for (; j + 32 <= cols; j += 32) {
      multiRowSumS(m, j, rows, 1, 32, cols, o32);
      res.set(o32, j);
    }
    for (; j + 8 <= cols; j += 8) {
      rowSumS(m, j, rows, 8, cols, o32);
      res.set(o32.subarray(0, 8), j);
    }
  } else {
    for (; j + 3 < cols; j += 4) {
      multiRowSumS(m, j, rows, 1, 4, cols, o32);
      res.set(o32.subarray(0, 4), j);
    }
  }
  for (; j < cols; j++) {
    rowSumS(m, j, rows, 1, cols, o32);
    res[j] = o32[0]!;
  }
  return res;
}
