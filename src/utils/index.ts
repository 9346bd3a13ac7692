/**
 * BindsNET's `bindsnet/utils.py`: im2col/col2im (torch's unfold/fold) and the reshaping
 * helpers that turn weight tensors into 2-D mosaics for plotting.
 *
 * Differences from the reference, all fixes of documented bugs:
 * - `col2imIndices` accepts the 4-D `[B, C, H, W]` shape its docstring promises (the
 *   reference passes it straight to `F.fold`, which wants the spatial `(H, W)`), or `[H, W]`.
 * - `reshapeLocallyConnectedWeights` with a 1×1 conv output lays filters out with the
 *   input's height and width in their own places (the reference mixes `i1` and `i2`, so it
 *   is only right for square inputs).
 * - `reshapeLocalConnection2dWeights` accepts ints or pairs for its size arguments (the
 *   reference lacks `_pair` and needs tuples).
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { type IntOrTuple, Tensor, fold, unfold, zeros } from "../tensor/index.js";

/** Padding and stride of {@link im2colIndices} / {@link col2imIndices} (default 0 and 1). */
export interface Im2colOptions {
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

function checkTensorArg(op: string, arg: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: ${arg} is ${fmtValue(t)}, expected a Tensor`);
  return t;
}

function positiveInt(op: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a positive integer`);
  return v;
}

/** `_pair`: an int becomes `[v, v]`; a pair is checked. */
function pair(op: string, arg: string, v: IntOrTuple): [number, number] {
  if (typeof v === "number") {
    positiveInt(op, arg, v);
    return [v, v];
  }
  if (!Array.isArray(v) || v.length !== 2) throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a positive integer or a pair of them`);
  return [positiveInt(op, arg, v[0]), positiveInt(op, arg, v[1])];
}

/**
 * im2col (`F.unfold`): x `[B, C, H, W]` → `[B, C*kh*kw, L]`. Row `c*kh*kw + i*kw + j` holds
 * kernel tap (i, j) of channel c; the L columns run over output positions row-major.
 */
export function im2colIndices(x: Tensor, kernelHeight: number, kernelWidth: number, opts: Im2colOptions = {}): Tensor {
  const op = "im2colIndices";
  checkTensorArg(op, "x", x);
  if (x.ndim !== 4) throw new ShapeError(`${op}: x has shape ${fmtShape(x.shape)}, expected 4 dims [B, C, H, W]`);
  positiveInt(op, "kernelHeight", kernelHeight);
  positiveInt(op, "kernelWidth", kernelWidth);
  return unfold(x, [kernelHeight, kernelWidth], { padding: opts.padding ?? 0, stride: opts.stride ?? 1 });
}

/**
 * col2im (`F.fold`): cols `[B, C*kh*kw, L]` → `[B, C, H, W]`, overlapping taps summed.
 * `xShape` is the image shape `[B, C, H, W]` (as the reference's docstring says) or `[H, W]`.
 */
export function col2imIndices(cols: Tensor, xShape: readonly number[], kernelHeight: number, kernelWidth: number, opts: Im2colOptions = {}): Tensor {
  const op = "col2imIndices";
  checkTensorArg(op, "cols", cols);
  if (!Array.isArray(xShape) || (xShape.length !== 4 && xShape.length !== 2)) {
    throw new ShapeError(`${op}: xShape is ${fmtValue(xShape)}, expected [B, C, H, W] or [H, W]`);
  }
  positiveInt(op, "kernelHeight", kernelHeight);
  positiveInt(op, "kernelWidth", kernelWidth);
  const hw = xShape.slice(-2);
  const out = fold(cols, hw, [kernelHeight, kernelWidth], { padding: opts.padding ?? 0, stride: opts.stride ?? 1 });
  if (xShape.length === 4 && (out.shape[0] !== xShape[0] || out.shape[1] !== xShape[1])) {
    throw new ShapeError(`${op}: cols has shape ${fmtShape(cols.shape)}, which folds to ${fmtShape(out.shape)}, expected xShape ${fmtShape(xShape)}`);
  }
  return out;
}

/** Reads a tensor as a contiguous array of numbers (any dtype). */
function values(t: Tensor): ArrayLike<number> {
  return t.dtype === "float16" || t.dtype === "bool" ? t.toFlatArray() : t.contiguousData();
}

/**
 * Tiles the columns of `weights` `[nIn, nFilters]` into a `[side0*nSqrt, side1*nSqrt]`
 * float32 mosaic: column `n = i*nSqrt + j`, reshaped row-major to `side`, goes to block
 * (i, j); blocks past the last filter stay 0. `nIn` must equal `side0*side1`.
 */
export function getSquareWeights(weights: Tensor, nSqrt: number, side: IntOrTuple): Tensor {
  const op = "getSquareWeights";
  checkTensorArg(op, "weights", weights);
  positiveInt(op, "nSqrt", nSqrt);
  const [s0, s1] = pair(op, "side", side);
  if (weights.ndim !== 2) throw new ShapeError(`${op}: weights has shape ${fmtShape(weights.shape)}, expected 2 dims [nIn, nFilters]`);
  const [nIn, nFilters] = weights.shape as [number, number];
  if (nIn !== s0 * s1) throw new ShapeError(`${op}: weights has shape ${fmtShape(weights.shape)}, expected dim 0 = side[0]*side[1] = ${s0 * s1}`);
  if (nFilters > nSqrt * nSqrt) throw new ShapeError(`${op}: weights has shape ${fmtShape(weights.shape)}, expected at most nSqrt^2 = ${nSqrt * nSqrt} filters in dim 1`);
  const w = values(weights);
  const W = s1 * nSqrt;
  const out = zeros([s0 * nSqrt, W]);
  const o = out.data;
  for (let n = 0; n < nFilters; n++) {
    const r0 = Math.floor(n / nSqrt) * s0;
    const c0 = (n % nSqrt) * s1;
    for (let k = 0; k < nIn; k++) o[(r0 + Math.floor(k / s1)) * W + c0 + (k % s1)] = w[k * nFilters + n]!;
  }
  return out;
}

/**
 * Lays `assignments` `[n]` row-major into an `nSqrt × nSqrt` float32 grid filled with −1.
 */
export function getSquareAssignments(assignments: Tensor, nSqrt: number): Tensor {
  const op = "getSquareAssignments";
  checkTensorArg(op, "assignments", assignments);
  positiveInt(op, "nSqrt", nSqrt);
  if (assignments.ndim !== 1) throw new ShapeError(`${op}: assignments has shape ${fmtShape(assignments.shape)}, expected 1 dim [n]`);
  const n = assignments.shape[0]!;
  if (n > nSqrt * nSqrt) throw new ShapeError(`${op}: assignments has shape ${fmtShape(assignments.shape)}, expected at most nSqrt^2 = ${nSqrt * nSqrt} entries`);
  const out = zeros([nSqrt, nSqrt]).fill_(-1);
  const a = values(assignments);
  for (let i = 0; i < n; i++) out.data[i] = a[i]!;
  return out;
}

/**
 * Places every (out, in) kernel of conv weights `[C_out, C_in, h, w]` in a float32
 * `[s1*s2*h, s1*s2*w]` mosaic, `s1 = ceil(sqrt(C_out))`, `s2 = ceil(sqrt(C_in))`: kernel
 * (out = i*s1 + j, in = k*s2 + l) has its top-left corner at row `i*h + k*h*s1`, column
 * `j*w + l*w*s1` (so each input channel is an `s1 × s1` block of output channels).
 */
export function reshapeConv2dWeights(weights: Tensor): Tensor {
  const op = "reshapeConv2dWeights";
  checkTensorArg(op, "weights", weights);
  if (weights.ndim !== 4) throw new ShapeError(`${op}: weights has shape ${fmtShape(weights.shape)}, expected 4 dims [C_out, C_in, h, w]`);
  const [cout, cin, h, w] = weights.shape as [number, number, number, number];
  const s1 = Math.ceil(Math.sqrt(cout));
  const s2 = Math.ceil(Math.sqrt(cin));
  const W = s1 * s2 * w;
  const out = zeros([s1 * s2 * h, W]);
  const o = out.data;
  const src = values(weights);
  for (let i = 0; i < s1; i++) {
    for (let j = 0; j < s1; j++) {
      const oc = i * s1 + j;
      if (oc >= cout) continue;
      for (let k = 0; k < s2; k++) {
        for (let l = 0; l < s2; l++) {
          const ic = k * s2 + l;
          if (ic >= cin) continue;
          const base = (oc * cin + ic) * h * w;
          const r0 = i * h + k * h * s1;
          const c0 = j * w + l * w * s1;
          for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) o[(r0 + y) * W + c0 + x] = src[base + y * w + x]!;
        }
      }
    }
  }
  return out;
}

/**
 * The common mosaic of locally connected filters: for every conv position (n1, n2) an
 * `fs × fs` block (`fs = ceil(sqrt(nFilters))`) of `k1 × k2` kernels, filter `f = f1*fs + f2`
 * at rows `k1*(n1*fs + f1)`, columns `k2*(n2*fs + f2)`. `kernel(f, n1, n2, y, x)` reads a tap.
 */
function lcMosaic(nFilters: number, k: [number, number], c: [number, number], kernel: (f: number, n1: number, n2: number, y: number, x: number) => number): Tensor {
  const [k1, k2] = k;
  const [c1, c2] = c;
  const fs = Math.ceil(Math.sqrt(nFilters));
  const W = k2 * fs * c2;
  const out = zeros([k1 * fs * c1, W]);
  const o = out.data;
  for (let n1 = 0; n1 < c1; n1++) {
    for (let n2 = 0; n2 < c2; n2++) {
      for (let f = 0; f < nFilters; f++) {
        const r0 = k1 * (n1 * fs + Math.floor(f / fs));
        const c0 = k2 * (n2 * fs + (f % fs));
        for (let y = 0; y < k1; y++) for (let x = 0; x < k2; x++) o[(r0 + y) * W + c0 + x] = kernel(f, n1, n2, y, x);
      }
    }
  }
  return out;
}

/**
 * Mosaic of the legacy masked-dense `LocalConnection` weights `w` `[nIn, nFilters*c1*c2]`
 * (filter-major columns). `locations` `[k1*k2, c1*c2]` holds, for conv position
 * `n = n1*c2 + n2`, the input indices its kernel reads; filter f at n is
 * `w[locations[:, n], f*c1*c2 + n]` viewed `k1 × k2`. Result `[k1*fs*c1, k2*fs*c2]`,
 * `fs = ceil(sqrt(nFilters))`. With a 1×1 conv output this is the `[i1*fs, i2*fs]` grid of
 * whole-input filters (the reference mixes i1 and i2 there; fixed). `inputSqrt` is checked
 * against the locations (the largest index must lie inside the `i1 × i2` input).
 */
export function reshapeLocallyConnectedWeights(
  w: Tensor,
  nFilters: number,
  kernelSize: IntOrTuple,
  convSize: IntOrTuple,
  locations: Tensor,
  inputSqrt: IntOrTuple,
): Tensor {
  const op = "reshapeLocallyConnectedWeights";
  checkTensorArg(op, "w", w);
  checkTensorArg(op, "locations", locations);
  positiveInt(op, "nFilters", nFilters);
  const k = pair(op, "kernelSize", kernelSize);
  const c = pair(op, "convSize", convSize);
  const inp = pair(op, "inputSqrt", inputSqrt);
  const kp = k[0] * k[1];
  const cp = c[0] * c[1];
  if (locations.ndim !== 2 || locations.shape[0] !== kp || locations.shape[1] !== cp) {
    throw new ShapeError(`${op}: locations has shape ${fmtShape(locations.shape)}, expected [k1*k2, c1*c2] = [${kp}, ${cp}]`);
  }
  if (w.ndim !== 2 || w.shape[1] !== nFilters * cp) {
    throw new ShapeError(`${op}: w has shape ${fmtShape(w.shape)}, expected 2 dims [nIn, nFilters*c1*c2 = ${nFilters * cp}]`);
  }
  const nIn = w.shape[0]!;
  const loc = values(locations);
  for (let i = 0; i < loc.length; i++) {
    const v = loc[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= Math.min(nIn, inp[0] * inp[1])) {
      throw new ValueError(`${op}: locations holds ${v}, expected input indices in [0, ${Math.min(nIn, inp[0] * inp[1])})`);
    }
  }
  const wd = values(w);
  const cols = nFilters * cp;
  return lcMosaic(nFilters, k, c, (f, n1, n2, y, x) => {
    const n = n1 * c[1] + n2;
    return wd[loc[(y * k[1] + x) * cp + n]! * cols + f * cp + n]!;
  });
}

/**
 * Mosaic of `LocalConnection2D` weights viewed `[nFilters, c1, c2, k1, k2]` (one input
 * channel): same layout as {@link reshapeLocallyConnectedWeights}. Sizes are ints or pairs.
 * `inputSqrt` is accepted for the reference's signature; the layout does not depend on it.
 */
export function reshapeLocalConnection2dWeights(
  w: Tensor,
  nFilters: number,
  kernelSize: IntOrTuple,
  convSize: IntOrTuple,
  inputSqrt: IntOrTuple,
): Tensor {
  const op = "reshapeLocalConnection2dWeights";
  checkTensorArg(op, "w", w);
  positiveInt(op, "nFilters", nFilters);
  const k = pair(op, "kernelSize", kernelSize);
  const c = pair(op, "convSize", convSize);
  pair(op, "inputSqrt", inputSqrt);
  const want = [nFilters, c[0], c[1], k[0], k[1]];
  if (w.ndim !== 5 || w.shape.some((d, i) => d !== want[i])) {
    throw new ShapeError(`${op}: w has shape ${fmtShape(w.shape)}, expected [nFilters, c1, c2, k1, k2] = ${fmtShape(want)}`);
  }
  const wd = values(w);
  return lcMosaic(nFilters, k, c, (f, n1, n2, y, x) => wd[(((f * c[0] + n1) * c[1] + n2) * k[0] + y) * k[1] + x]!);
}
