/**
 * Max pooling in 1, 2 and 3 spatial dims with torch's semantics (torch.nn.functional
 * max_poolNd): padding counts as -infinity, the first maximum in scan order wins ties, and
 * the returned indices are flat positions within each channel's (unpadded) input plane.
 */
import { getBackend, kernels } from "../backend/backend.js";
import { ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { type IntOrTuple, expandTuple, requireFloat, window3 } from "./conv.js";
import { requireTensor } from "./linalg.js";
import { Tensor, shapeSize } from "./tensor.js";

export interface MaxPoolOptions {
  /** Step between windows; defaults to the kernel size. */
  stride?: IntOrTuple | null;
  /** -infinity added on both sides (default 0); at most half the kernel size. */
  padding?: IntOrTuple;
  /** Spacing between window taps (default 1). */
  dilation?: IntOrTuple;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
  /** Also return the argmax indices (default false). */
  returnIndices?: boolean;
}

function maxPoolNd(op: string, nd: number, input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions): Tensor | [Tensor, Tensor] {
  requireTensor(op, "input", input);
  requireFloat(op, "input", input);
  if (input.ndim !== nd + 2 && input.ndim !== nd + 1) {
    throw new ShapeError(`${op}: input has shape ${fmtShape(input.shape)}, expected ${nd + 2} dims [B, C, ...] or ${nd + 1} [C, ...]`);
  }
  const k = expandTuple(op, "kernelSize", kernelSize, nd, 1, 1);
  const s = opts.stride === undefined || opts.stride === null ? k : expandTuple(op, "stride", opts.stride, nd, 1, 1);
  const p = expandTuple(op, "padding", opts.padding, nd, 0, 0);
  const d = expandTuple(op, "dilation", opts.dilation, nd, 1, 1);
  const ceil = opts.ceilMode ?? false;
  for (let i = 0; i < nd; i++) {
    if (p[i]! > k[i]! / 2) {
      throw new ValueError(`${op}: padding is ${fmtValue(opts.padding)}, expected at most half the kernel size ${fmtShape(k)} in every dim`);
    }
  }
  const lead = input.shape.slice(0, input.ndim - nd);
  const inSp = input.shape.slice(input.ndim - nd);
  const outSp = inSp.map((n, i) => {
    const span = n + 2 * p[i]! - d[i]! * (k[i]! - 1) - 1;
    let o = Math.floor((span + (ceil ? s[i]! - 1 : 0)) / s[i]!) + 1;
    // torch: with ceil_mode the last window must start inside the input or the left padding.
    if (ceil && (o - 1) * s[i]! >= n + p[i]!) o--;
    if (o < 1) {
      throw new ShapeError(
        `${op}: input has shape ${fmtShape(input.shape)}, expected spatial sizes of at least the dilated kernel ${fmtShape(k.map((kk, j) => d[j]! * (kk - 1) + 1))} minus 2*padding ${fmtShape(p.map((x) => 2 * x))}`,
      );
    }
    return o;
  });
  const planes = shapeSize(lead);
  const outShape = [...lead, ...outSp];
  const n = shapeSize(outShape);
  const out = getBackend().alloc(input.dtype, n) as Float32Array | Float64Array;
  const idx = getBackend().alloc("int32", n) as Int32Array;
  if (n > 0) kernels().maxPool(out, idx, input.contiguousData() as Float32Array | Float64Array, planes, window3(inSp, k, s, p, d, outSp));
  const values = new Tensor(out, outShape, input.dtype);
  return opts.returnIndices ? [values, new Tensor(idx, outShape, "int32")] : values;
}

export type WithIndices = MaxPoolOptions & { returnIndices: true };

/** 1-D max pooling over [B, C, L] or [C, L]. With `returnIndices`, also the int32 argmax indices. */
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, opts: WithIndices): [Tensor, Tensor];
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, opts?: MaxPoolOptions): Tensor;
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPoolNd("maxPool1d", 1, input, kernelSize, opts);
}

/** 2-D max pooling over [B, C, H, W] or [C, H, W]; indices are h*W + w within each plane. */
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, opts: WithIndices): [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, opts?: MaxPoolOptions): Tensor;
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPoolNd("maxPool2d", 2, input, kernelSize, opts);
}

/** 3-D max pooling over [B, C, D, H, W] or [C, D, H, W]; indices are (d*H + h)*W + w. */
export function maxPool3d(input: Tensor, kernelSize: IntOrTuple, opts: WithIndices): [Tensor, Tensor];
export function maxPool3d(input: Tensor, kernelSize: IntOrTuple, opts?: MaxPoolOptions): Tensor;
export function maxPool3d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPoolNd("maxPool3d", 3, input, kernelSize, opts);
}
