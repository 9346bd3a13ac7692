/**
 * torch's random tensor functions (`rand`, `randn`, `randint`, `normal`, `uniform`,
 * `bernoulli`, `poisson`, `multinomial`, `randperm` and the in-place `rand_`, `uniform_`,
 * `normal_`), drawing from a seeded {@link Generator} (src/tensor/generator.ts, re-exported
 * here: xoshiro128** seeded by splitmix64, with exact float conversions).
 *
 * Everything here is plain TypeScript over typed arrays, so a seed gives the same numbers on
 * every backend. The streams differ from torch's (bit-exact torch streams are impossible
 * without its Mersenne Twister and samplers); tests check statistics, not torch's values.
 */
import { checkOptions } from "../options.js";
import { getBackend } from "../backend/backend.js";
import { subview } from "../backend/view.js";
import { type DType, type TypedArray, floatToHalf, halfToFloat, isDType, isFloating } from "../backend/dtype.js";
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { type Shape, Tensor, checkShape, readElement, shapeSize, writeElement } from "./tensor.js";
import { Generator, PoissonSampler, TWO_32, TWO_M11, TWO_M24, defaultGenerator } from "./generator.js";
import { installTensorMethods } from "./methods.js";

// explicit, so a bundler keeps it (see methods.ts)
installTensorMethods();

export { DEFAULT_SEED, Generator, type GeneratorState, PoissonSampler, defaultGenerator, logFactorial, manualSeed, setDefaultGenerator } from "./generator.js";

// ---------------------------------------------------------------------------------------
// Tensor functions
// ---------------------------------------------------------------------------------------

export interface RandomOptions {
  /** Source of randomness; the global generator by default. */
  generator?: Generator;
  /** Output dtype. */
  dtype?: DType;
}

/**
 * Checks an options argument once per call: an object with only `generator` and `dtype`. A
 * number there is a shape given as separate arguments (`rand(100, 1000)`, torch style), which
 * would otherwise silently make a [100] tensor.
 */
function checkRandomOptions(op: string, opts: unknown): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== "object") {
    throw new ValueError(`${op}: options are ${fmtValue(opts)}, expected an object { generator?, dtype? }${typeof opts === "number" ? ` (a shape of several dims is one array: ${op}([a, b]))` : ""}`);
  }
  for (const k in opts) if (k !== "generator" && k !== "dtype") checkOptions(op, opts, ["generator", "dtype"]);
}

function gen(op: string, opts: RandomOptions | undefined): Generator {
  checkRandomOptions(op, opts);
  const g = opts?.generator;
  if (g === undefined) return defaultGenerator();
  if (!(g instanceof Generator)) throw new ValueError(`${op}: generator is ${fmtValue(g)}, expected a Generator`);
  return g;
}

function toShape(op: string, shape: Shape | number): number[] {
  return checkShape(op, typeof shape === "number" ? [shape] : shape);
}

function floatDType(op: string, dtype: DType | undefined, dflt: DType = "float32"): DType {
  const d = dtype ?? dflt;
  if (!isDType(d)) throw new DTypeError(`${op}: dtype is ${fmtValue(d)}, expected one of float32, float64, float16`);
  if (!isFloating(d)) throw new DTypeError(`${op}: dtype is ${fmtValue(d)}, expected a floating dtype (float32, float64, float16)`);
  return d;
}

function anyDType(op: string, dtype: DType | undefined, dflt: DType): DType {
  const d = dtype ?? dflt;
  if (!isDType(d)) throw new DTypeError(`${op}: dtype is ${fmtValue(d)}, expected one of float32, float64, int32, uint8, bool, float16`);
  return d;
}

function checkFinite(op: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a finite number`);
  return v;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The largest value of `dtype` strictly below `x` (finite x). */
export function largestBelow(dtype: DType, x: number): number {
  if (dtype === "float16") {
    const h = floatToHalf(x);
    if (halfToFloat(h) < x) return halfToFloat(h);
    const v = halfToFloat(h);
    return halfToFloat(v > 0 ? h - 1 : v === 0 ? 0x8001 : h + 1);
  }
  if (dtype === "float32") {
    f32[0] = x;
    if (f32[0]! < x) return f32[0]!;
    const v = f32[0]!;
    if (v > 0) u32[0] = u32[0]! - 1;
    else if (v === 0) u32[0] = 0x80000001;
    else u32[0] = u32[0]! + 1;
    return f32[0]!;
  }
  f64[0] = x;
  if (x > 0) u64[0] = u64[0]! - 1n;
  else if (x === 0) u64[0] = 0x8000000000000001n;
  else u64[0] = u64[0]! + 1n;
  return f64[0]!;
}

/**
 * Fills `out[i]` for each storage offset in `offs` (or 0..n-1 when null) with uniforms of
 * `dtype` mapped by `low + span·u`. A value that rounds up to `high = low + span` is replaced
 * by the largest value of `dtype` below `high`, so results stay in [low, high).
 */
function fillUniform(g: Generator, out: TypedArray, dtype: DType, offs: Int32Array | null, n: number, low: number, span: number): void {
  const plain = low === 0 && span === 1;
  const high = low + span;
  const cap = span > 0 ? largestBelow(dtype, high) : high;
  const rounded = (v: number): number => (dtype === "float32" ? Math.fround(v) : dtype === "float16" ? halfToFloat(floatToHalf(v)) : v);
  const fix = (v: number): number => (span > 0 && rounded(v) >= high ? cap : v);
  if (dtype === "float32") {
    for (let i = 0; i < n; i++) {
      const u = (g.nextUint32() >>> 8) * TWO_M24;
      out[offs ? offs[i]! : i] = plain ? u : fix(low + span * u);
    }
  } else if (dtype === "float64") {
    for (let i = 0; i < n; i++) {
      const u = g.nextFloat64();
      out[offs ? offs[i]! : i] = plain ? u : fix(low + span * u);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const u = (g.nextUint32() >>> 21) * TWO_M11;
      out[offs ? offs[i]! : i] = floatToHalf(plain ? u : fix(low + span * u));
    }
  }
}

function fillNormal(g: Generator, out: TypedArray, dtype: DType, offs: Int32Array | null, n: number, mean: number, std: number): void {
  // Box–Muller in pairs; an odd count drops the last twin, so the stream depends only on n.
  const half = dtype === "float16";
  const put = (i: number, z: number): void => {
    const v = mean + std * z;
    out[offs ? offs[i]! : i] = half ? floatToHalf(v) : v;
  };
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - g.nextFloat64();
    const u2 = g.nextFloat64();
    const r = Math.sqrt(-2 * Math.log(u1));
    const th = 2 * Math.PI * u2;
    put(i, r * Math.cos(th));
    if (i + 1 < n) put(i + 1, r * Math.sin(th));
  }
}

function alloc(shape: number[], dtype: DType): Tensor {
  return new Tensor(getBackend().alloc(dtype, shapeSize(shape)), shape, dtype);
}

/** Uniform samples in [0, 1) (float dtypes only; see the module comment for the bit layout). */
export function rand(shape: Shape | number, opts: RandomOptions = {}): Tensor {
  const op = "rand";
  const s = toShape(op, shape);
  const dtype = floatDType(op, opts.dtype);
  const g = gen(op, opts);
  const t = alloc(s, dtype);
  fillUniform(g, t.data, dtype, null, t.numel(), 0, 1);
  return t;
}

/** Standard normal samples (Box–Muller over float64 uniforms). */
export function randn(shape: Shape | number, opts: RandomOptions = {}): Tensor {
  const op = "randn";
  const s = toShape(op, shape);
  const dtype = floatDType(op, opts.dtype);
  const g = gen(op, opts);
  const t = alloc(s, dtype);
  fillNormal(g, t.data, dtype, null, t.numel(), 0, 1);
  return t;
}

/** Uniform integers in [low, high) (int32 by default), each draw unbiased. */
export function randint(low: number, high: number, shape: Shape | number, opts: RandomOptions = {}): Tensor {
  const op = "randint";
  for (const [name, v] of [["low", low], ["high", high]] as const) {
    if (!Number.isSafeInteger(v)) throw new ValueError(`${op}: ${name} is ${fmtValue(v)}, expected an integer`);
  }
  if (low >= high) throw new ValueError(`${op}: low is ${low} and high is ${high}, expected low < high`);
  if (high - low > TWO_32) throw new ValueError(`${op}: high - low is ${high - low}, expected at most 2^32`);
  const s = toShape(op, shape);
  const dtype = anyDType(op, opts.dtype, "int32");
  if (dtype === "int32" && (low < -(2 ** 31) || high > 2 ** 31)) {
    throw new ValueError(`${op}: [low, high) is [${low}, ${high}), expected a range inside the int32 range [-2^31, 2^31)`);
  }
  const g = gen(op, opts);
  const t = alloc(s, dtype);
  const out = t.data;
  const n = t.numel();
  const span = high - low;
  if (dtype === "int32" || dtype === "float32" || dtype === "float64") {
    for (let i = 0; i < n; i++) out[i] = low + g.nextBelow(span);
  } else {
    for (let i = 0; i < n; i++) writeElement(out, dtype, i, low + g.nextBelow(span));
  }
  return t;
}

/** Uniform samples in [low, high) (low ≤ high, as torch's `uniform_`). */
export function uniform(low: number, high: number, shape: Shape | number, opts: RandomOptions = {}): Tensor {
  const op = "uniform";
  checkFinite(op, "low", low);
  checkFinite(op, "high", high);
  if (low > high) throw new ValueError(`${op}: low is ${low} and high is ${high}, expected low <= high`);
  const s = toShape(op, shape);
  const dtype = floatDType(op, opts.dtype);
  const g = gen(op, opts);
  const t = alloc(s, dtype);
  fillUniform(g, t.data, dtype, null, t.numel(), low, high - low);
  return t;
}

function broadcastPair(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(`${op}: mean has shape ${fmtShape(a)} and std has shape ${fmtShape(b)}, expected broadcastable shapes`);
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/**
 * Normal samples `mean + std · z`. `mean` and `std` are numbers or tensors (broadcast
 * together as in torch); `shape` is required when both are numbers and, when given with
 * tensors, must equal their broadcast shape. `std` must be ≥ 0.
 */
export function normal(mean: number | Tensor, std: number | Tensor, shape?: Shape | number, opts: RandomOptions = {}): Tensor {
  const op = "normal";
  const g = gen(op, opts);
  if (typeof mean === "number" && typeof std === "number") {
    checkFinite(op, "mean", mean);
    checkFinite(op, "std", std);
    if (std < 0) throw new ValueError(`${op}: std is ${std}, expected std >= 0`);
    if (shape === undefined) throw new ShapeError(`${op}: shape is undefined, expected a shape when mean and std are numbers`);
    const s = toShape(op, shape);
    const dtype = floatDType(op, opts.dtype);
    const t = alloc(s, dtype);
    fillNormal(g, t.data, dtype, null, t.numel(), mean, std);
    return t;
  }
  const mt = typeof mean === "number" ? null : mean;
  const st = typeof std === "number" ? null : std;
  for (const [name, v] of [["mean", mean], ["std", std]] as const) {
    if (typeof v !== "number" && !(v instanceof Tensor)) throw new ValueError(`${op}: ${name} is ${fmtValue(v)}, expected a number or a Tensor`);
  }
  const outShape = broadcastPair(op, mt?.shape ?? [], st?.shape ?? []);
  if (shape !== undefined) {
    const s = toShape(op, shape);
    if (s.length !== outShape.length || s.some((d, i) => d !== outShape[i])) {
      throw new ShapeError(`${op}: shape is ${fmtShape(s)}, expected ${fmtShape(outShape)} (the broadcast shape of mean and std)`);
    }
  }
  const inDtype = [mt, st].filter((x): x is Tensor => x !== null).map((x) => x.dtype).find(isFloating);
  const dtype = floatDType(op, opts.dtype ?? inDtype);
  const n = shapeSize(outShape);
  const z = new Float64Array(n);
  fillNormal(g, z, "float64", null, n, 0, 1);
  const mv = mt ? mt.expand(outShape) : null;
  const sv = st ? st.expand(outShape) : null;
  const mo = mv?.offsets();
  const so = sv?.offsets();
  const md = mv?.data;
  const sd = sv?.data;
  for (let i = 0; i < n; i++) {
    const sdv = sd ? readElement(sd, sv!.dtype, so![i]!) : (std as number);
    if (!(sdv >= 0) || !Number.isFinite(sdv)) throw new ValueError(`${op}: std has value ${sdv} at flat index ${i}, expected finite values >= 0`);
  }
  const t = alloc(outShape, dtype);
  const out = t.data;
  for (let i = 0; i < n; i++) {
    const m = md ? readElement(md, mv!.dtype, mo![i]!) : (mean as number);
    const s = sd ? readElement(sd, sv!.dtype, so![i]!) : (std as number);
    writeElement(out, dtype, i, m + s * z[i]!);
  }
  return t;
}

function checkTensor(op: string, arg: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(t)}, expected a Tensor`);
  return t;
}

/** Values of a tensor in row-major order as numbers (float16 decoded); no copy when contiguous and not float16. */
function valuesOf(t: Tensor): ArrayLike<number> {
  if (t.dtype === "float16") return Float32Array.from(t.toFlatArray());
  return t.contiguousData();
}

/**
 * Bernoulli samples: 1 with probability `probs[i]`, else 0 (`u < p` with a float32-exact
 * uniform). The output has `probs`' dtype when it is floating (as torch), float32 otherwise,
 * or `opts.dtype`. Every probability must be in [0, 1].
 */
export function bernoulli(probs: Tensor, opts: RandomOptions = {}): Tensor {
  const op = "bernoulli";
  checkTensor(op, "probs", probs);
  const dtype = anyDType(op, opts.dtype, isFloating(probs.dtype) ? probs.dtype : "float32");
  const g = gen(op, opts);
  const p = valuesOf(probs);
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v <= 1)) throw new ValueError(`${op}: probs has value ${v} at flat index ${i}, expected values in [0, 1]`);
  }
  const t = alloc([...probs.shape], dtype);
  const out = t.data;
  const one = dtype === "float16" ? floatToHalf(1) : 1;
  for (let i = 0; i < n; i++) if ((g.nextUint32() >>> 8) * TWO_M24 < p[i]!) out[i] = one;
  return t;
}

/** Poisson samples with the given non-negative, finite rates; same dtype as `rates` if floating. */
export function poisson(rates: Tensor, opts: RandomOptions = {}): Tensor {
  const op = "poisson";
  checkTensor(op, "rates", rates);
  const dtype = anyDType(op, opts.dtype, isFloating(rates.dtype) ? rates.dtype : "float32");
  const g = gen(op, opts);
  const r = valuesOf(rates);
  const n = r.length;
  for (let i = 0; i < n; i++) {
    const v = r[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError(`${op}: rates has value ${v} at flat index ${i}, expected finite values >= 0`);
  }
  const t = alloc([...rates.shape], dtype);
  const out = t.data;
  let sampler: PoissonSampler | null = null;
  for (let i = 0; i < n; i++) {
    const lam = r[i]!;
    if (sampler === null || sampler.lam !== lam) sampler = new PoissonSampler(lam); // runs of equal rates share constants
    writeElement(out, dtype, i, sampler.sample(g));
  }
  return t;
}

/**
 * Draws `numSamples` category indices per row of `probs` ([n] or [B, n], non-negative
 * weights, not necessarily normalised) as int32 [numSamples] or [B, numSamples]. Without
 * replacement, every drawn category is removed, so `numSamples` may not exceed the number of
 * categories with non-zero weight (torch's rule).
 */
export function multinomial(probs: Tensor, numSamples: number, replacement = false, opts: RandomOptions = {}): Tensor {
  const op = "multinomial";
  checkTensor(op, "probs", probs);
  if (probs.ndim !== 1 && probs.ndim !== 2) {
    throw new ShapeError(`${op}: probs has shape ${fmtShape(probs.shape)}, expected [n] or [B, n]`);
  }
  const nCat = probs.shape[probs.ndim - 1]!;
  const rows = probs.ndim === 2 ? probs.shape[0]! : 1;
  if (!Number.isInteger(numSamples) || numSamples <= 0) {
    throw new ValueError(`${op}: numSamples is ${fmtValue(numSamples)}, expected a positive integer`);
  }
  if (nCat === 0) throw new ShapeError(`${op}: probs has shape ${fmtShape(probs.shape)}, expected at least one category`);
  if (!replacement && numSamples > nCat) {
    throw new ValueError(`${op}: numSamples is ${numSamples}, expected at most n = ${nCat} categories when replacement is false`);
  }
  const dtype = anyDType(op, opts.dtype, "int32");
  const g = gen(op, opts);
  const p = valuesOf(probs);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    let nonzero = 0;
    for (let j = 0; j < nCat; j++) {
      const v = p[r * nCat + j]!;
      if (!(v >= 0) || !Number.isFinite(v)) {
        throw new ValueError(`${op}: probs has value ${v} at row ${r}, column ${j}, expected finite values >= 0`);
      }
      sum += v;
      if (v > 0) nonzero++;
    }
    if (sum <= 0) throw new ValueError(`${op}: probs row ${r} sums to ${sum}, expected a positive sum`);
    if (!replacement && numSamples > nonzero) {
      throw new ValueError(`${op}: numSamples is ${numSamples}, expected at most the ${nonzero} non-zero categories of row ${r} when replacement is false`);
    }
  }
  const outShape = probs.ndim === 2 ? [rows, numSamples] : [numSamples];
  const t = alloc(outShape, dtype);
  const out = t.data;
  const w = new Float64Array(nCat);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < nCat; j++) w[j] = p[r * nCat + j]!;
    if (replacement) {
      // cumulative weights, then binary search per draw
      for (let j = 1; j < nCat; j++) w[j] = w[j]! + w[j - 1]!;
      const total = w[nCat - 1]!;
      for (let k = 0; k < numSamples; k++) {
        const u = g.nextFloat64() * total;
        let lo = 0;
        let hi = nCat - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (w[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        // skip zero-weight categories that round-off could land on
        while (lo > 0 && w[lo]! === w[lo - 1]!) lo--;
        writeElement(out, dtype, r * numSamples + k, lo);
      }
    } else {
      let total = 0;
      for (let j = 0; j < nCat; j++) total += w[j]!;
      for (let k = 0; k < numSamples; k++) {
        const u = g.nextFloat64() * total;
        let acc = 0;
        let pick = -1;
        let last = -1;
        for (let j = 0; j < nCat; j++) {
          const wj = w[j]!;
          if (wj <= 0) continue;
          last = j;
          acc += wj;
          if (u < acc) {
            pick = j;
            break;
          }
        }
        if (pick < 0) pick = last; // round-off at the top end
        writeElement(out, dtype, r * numSamples + k, pick);
        total -= w[pick]!;
        w[pick] = 0;
      }
    }
  }
  return t;
}

/** A random permutation of 0..n-1 (int32; Fisher–Yates with unbiased draws). */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const op = "randperm";
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${op}: n is ${fmtValue(n)}, expected a non-negative integer`);
  const dtype = anyDType(op, opts.dtype, "int32");
  const g = gen(op, opts);
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.nextBelow(i + 1);
    const tmp = a[i]!;
    a[i] = a[j]!;
    a[j] = tmp;
  }
  const t = alloc([n], dtype);
  if (dtype === "int32") t.data.set(a);
  else for (let i = 0; i < n; i++) writeElement(t.data, dtype, i, a[i]!);
  return t;
}

function inplaceTarget(op: string, t: Tensor): { out: TypedArray; offs: Int32Array | null; n: number } {
  checkTensor(op, "tensor", t);
  if (!isFloating(t.dtype)) throw new DTypeError(`${op}: tensor has dtype ${t.dtype}, expected a floating dtype (float32, float64, float16)`);
  const n = t.numel();
  if (t.isContiguous()) {
    const out = subview(t.data, t.offset, t.offset + n);
    return { out, offs: null, n };
  }
  return { out: t.data, offs: t.offsets(), n };
}

/** Fills `t` in place with uniforms in [0, 1) and returns it. */
export function rand_(t: Tensor, opts: Omit<RandomOptions, "dtype"> = {}): Tensor {
  return uniform_(t, 0, 1, opts);
}

/** Fills `t` in place with uniforms in [low, high) and returns it. */
export function uniform_(t: Tensor, low = 0, high = 1, opts: Omit<RandomOptions, "dtype"> = {}): Tensor {
  const op = "uniform_";
  checkFinite(op, "low", low);
  checkFinite(op, "high", high);
  if (low > high) throw new ValueError(`${op}: low is ${low} and high is ${high}, expected low <= high`);
  const g = gen(op, opts);
  const { out, offs, n } = inplaceTarget(op, t);
  fillUniform(g, out, t.dtype, offs, n, low, high - low);
  return t;
}

/** Fills `t` in place with normal samples `mean + std · z` and returns it. */
export function normal_(t: Tensor, mean = 0, std = 1, opts: Omit<RandomOptions, "dtype"> = {}): Tensor {
  const op = "normal_";
  checkFinite(op, "mean", mean);
  checkFinite(op, "std", std);
  if (std < 0) throw new ValueError(`${op}: std is ${std}, expected std >= 0`);
  const g = gen(op, opts);
  const { out, offs, n } = inplaceTarget(op, t);
  fillNormal(g, out, t.dtype, offs, n, mean, std);
  return t;
}
