/**
 * Convolution (torch's cross-correlation) in 1, 2 and 3 spatial dims, and the 2-D unfold
 * (im2col) and fold (col2im) it is built from: a convolution is
 * `weight.view(C_out/groups, -1) @ unfold(input)` per batch and group, plus the bias.
 */
import { getBackend, kernels } from "../backend/backend.js";
import type { Window3 } from "../backend/contract.js";
import type { MatArray } from "../backend/contract.js";
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from "../errors.js";
import { requireTensor } from "./linalg.js";
import { Tensor, shapeSize } from "./tensor.js";

/** An int for every spatial dim, or one int for all. */
export type IntOrTuple = number | readonly number[];

export interface ConvOptions {
  /** Step between windows (default 1). */
  stride?: IntOrTuple;
  /** Zeros added on both sides of each spatial dim (default 0), or "valid" (0) / "same" (output size = input size; stride must be 1). */
  padding?: IntOrTuple | "valid" | "same";
  /** Spacing between kernel taps (default 1). */
  dilation?: IntOrTuple;
  /** Input and output channels split into this many independent groups (default 1). */
  groups?: number;
}

/** @internal Expands an int-or-tuple argument to `nd` values, checking each. */
export function expandTuple(op: string, arg: string, v: IntOrTuple | undefined, nd: number, dflt: number, min: number): number[] {
  const vals = v === undefined ? new Array<number>(nd).fill(dflt) : typeof v === "number" ? new Array<number>(nd).fill(v) : [...v];
  const want = min === 0 ? "non-negative" : "positive";
  if (!Array.isArray(vals) || vals.length !== nd || vals.some((x) => !Number.isInteger(x) || x < min)) {
    throw new ValueError(`${op}: ${arg} is ${fmtValue(v)}, expected a ${want} integer or ${nd} ${want} integers`);
  }
  return vals;
}

/** @internal A Window3 from per-dim lists of length 1..3 (leading dims padded with size 1). */
export function window3(inp: number[], k: number[], s: number[], p: number[], d: number[], o: number[]): Window3 {
  const lead = <T>(a: T[], fill: T): T[] => [...new Array<T>(3 - a.length).fill(fill), ...a];
  const [inD, inH, inW] = lead(inp, 1) as [number, number, number];
  const [kD, kH, kW] = lead(k, 1) as [number, number, number];
  const [sD, sH, sW] = lead(s, 1) as [number, number, number];
  const [pD, pH, pW] = lead(p, 0) as [number, number, number];
  const [dD, dH, dW] = lead(d, 1) as [number, number, number];
  const [oD, oH, oW] = lead(o, 1) as [number, number, number];
  return { inD, inH, inW, kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW, oD, oH, oW };
}

/** @internal Throws unless `t` is float32 or float64 (and, given `like`, has its dtype). */
export function requireFloat(op: string, arg: string, t: Tensor, like?: Tensor, likeName = "input"): void {
  if (like !== undefined) {
    if (t.dtype !== like.dtype) throw new DTypeError(`${op}: ${arg} has dtype ${t.dtype}, expected ${like.dtype} to match ${likeName}`);
  } else if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new DTypeError(`${op}: ${arg} has dtype ${t.dtype}, expected float32 or float64`);
  }
}

function convNd(op: string, nd: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvOptions): Tensor {
  requireTensor(op, "input", input);
  requireTensor(op, "weight", weight);
  requireFloat(op, "input", input);
  requireFloat(op, "weight", weight, input);
  const unbatched = input.ndim === nd + 1;
  if (input.ndim !== nd + 2 && !unbatched) {
    throw new ShapeError(`${op}: input has shape ${fmtShape(input.shape)}, expected ${nd + 2} dims [B, C_in, ${spatialNames(nd)}] or ${nd + 1} unbatched`);
  }
  if (weight.ndim !== nd + 2) {
    throw new ShapeError(`${op}: weight has shape ${fmtShape(weight.shape)}, expected ${nd + 2} dims [C_out, C_in/groups, ${spatialNames(nd)}]`);
  }
  const x = unbatched ? input.unsqueeze(0) : input;
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups is ${fmtValue(groups)}, expected a positive integer`);
  const B = x.shape[0]!;
  const cin = x.shape[1]!;
  const cout = weight.shape[0]!;
  if (cin % groups !== 0) throw new ShapeError(`${op}: input has ${cin} channels (shape ${fmtShape(input.shape)}), expected a multiple of groups=${groups}`);
  if (cout % groups !== 0) throw new ShapeError(`${op}: weight has ${cout} output channels (shape ${fmtShape(weight.shape)}), expected a multiple of groups=${groups}`);
  const cinG = cin / groups;
  if (weight.shape[1] !== cinG) {
    throw new ShapeError(`${op}: weight has shape ${fmtShape(weight.shape)}, expected dim 1 = C_in/groups = ${cinG} (input has shape ${fmtShape(input.shape)}, groups=${groups})`);
  }
  if (bias !== undefined && bias !== null) {
    requireTensor(op, "bias", bias);
    requireFloat(op, "bias", bias, input);
    if (bias.ndim !== 1 || bias.shape[0] !== cout) throw new ShapeError(`${op}: bias has shape ${fmtShape(bias.shape)}, expected [${cout}]`);
  }
  const inSp = x.shape.slice(2);
  const k = weight.shape.slice(2);
  const stride = expandTuple(op, "stride", opts.stride, nd, 1, 1);
  const dilation = expandTuple(op, "dilation", opts.dilation, nd, 1, 1);
  let padLo: number[];
  let padHi: number[];
  if (opts.padding === "valid") padLo = padHi = new Array<number>(nd).fill(0);
  else if (opts.padding === "same") {
    if (stride.some((s) => s !== 1)) throw new ValueError(`${op}: padding is "same" with stride ${fmtValue(stride)}, expected stride 1`);
    const total = k.map((kk, i) => dilation[i]! * (kk - 1));
    padLo = total.map((t) => Math.floor(t / 2));
    padHi = total.map((t, i) => t - padLo[i]!);
  } else padLo = padHi = expandTuple(op, "padding", opts.padding, nd, 0, 0);
  const outSp = inSp.map((n, i) => {
    const eff = dilation[i]! * (k[i]! - 1) + 1;
    const padded = n + padLo[i]! + padHi[i]!;
    if (eff > padded) {
      throw new ShapeError(
        `${op}: weight has kernel size ${fmtShape(k)} (dilated ${fmtShape(k.map((kk, j) => dilation[j]! * (kk - 1) + 1))}), expected at most the padded input size ${fmtShape(inSp.map((m, j) => m + padLo[j]! + padHi[j]!))}`,
      );
    }
    return Math.floor((padded - eff) / stride[i]!) + 1;
  });
  // Asymmetric "same" padding: the window geometry only needs the leading pad; output sizes
  // already account for the trailing one.
  const g = window3(inSp, k, stride, padLo, dilation, outSp);
  const L = shapeSize(outSp);
  const K = cinG * shapeSize(k);
  const coutG = cout / groups;
  const outShape = [B, cout, ...outSp];
  const out = getBackend().alloc(x.dtype, shapeSize(outShape)) as Float32Array | Float64Array;
  if (out.length > 0) {
    const xd = x.contiguousData();
    const wd = weight.contiguousData() as MatArray;
    const cols = getBackend().alloc(x.dtype, K * L) as MatArray;
    const { im2col, gemm } = kernels();
    const plane = shapeSize(inSp);
    for (let b = 0; b < B; b++) {
      for (let gr = 0; gr < groups; gr++) {
        im2col(cols, xd, (b * cin + gr * cinG) * plane, cinG, g);
        gemm(out, wd, cols, coutG, K, L, gr * coutG * K, 0, (b * cout + gr * coutG) * L);
      }
    }
    if (bias) {
      const bv = bias.contiguousData();
      for (let b = 0; b < B; b++) {
        for (let c = 0; c < cout; c++) {
          const bc = bv[c]!;
          const o = (b * cout + c) * L;
          for (let l = 0; l < L; l++) out[o + l] += bc;
        }
      }
    }
  }
  const res = new Tensor(out, outShape, x.dtype);
  return unbatched ? res.squeeze(0) : res;
}

function spatialNames(nd: number): string {
  return ["L", "H, W", "D, H, W"][nd - 1]!;
}

/**
 * 1-D convolution (torch.nn.functional.conv1d): input [B, C_in, L] (or [C_in, L]), weight
 * [C_out, C_in/groups, k], optional bias [C_out].
 * out[b, o, t] = bias[o] + sum_{c, a} weight[o, c, a] * input[b, g*C_in/groups + c, t*stride - padding + a*dilation].
 */
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return convNd("conv1d", 1, input, weight, bias, opts);
}

/**
 * 2-D convolution (torch.nn.functional.conv2d): input [B, C_in, H, W] (or unbatched), weight
 * [C_out, C_in/groups, kh, kw], optional bias [C_out]. Computed as im2col + matrix product;
 * the bias is added after the sum over taps.
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return convNd("conv2d", 2, input, weight, bias, opts);
}

/** 3-D convolution (torch.nn.functional.conv3d): input [B, C_in, D, H, W], weight [C_out, C_in/groups, kd, kh, kw]. */
export function conv3d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return convNd("conv3d", 3, input, weight, bias, opts);
}

export interface UnfoldOptions {
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

function unfoldGeometry(op: string, inSp: number[], kernelSize: IntOrTuple, opts: UnfoldOptions): { g: Window3; L: number; k: number[] } {
  const k = expandTuple(op, "kernelSize", kernelSize, 2, 1, 1);
  const dil = expandTuple(op, "dilation", opts.dilation, 2, 1, 1);
  const pad = expandTuple(op, "padding", opts.padding, 2, 0, 0);
  const st = expandTuple(op, "stride", opts.stride, 2, 1, 1);
  const o = inSp.map((n, i) => {
    const eff = dil[i]! * (k[i]! - 1) + 1;
    const padded = n + 2 * pad[i]!;
    if (eff > padded) {
      throw new ShapeError(`${op}: kernelSize is ${fmtShape(k)} (dilated ${fmtShape(k.map((kk, j) => dil[j]! * (kk - 1) + 1))}), expected at most the padded input size ${fmtShape(inSp.map((m, j) => m + 2 * pad[j]!))}`);
    }
    return Math.floor((padded - eff) / st[i]!) + 1;
  });
  return { g: window3(inSp, k, st, pad, dil, o), L: o[0]! * o[1]!, k };
}

/**
 * Extracts sliding blocks (torch.nn.functional.unfold, im2col): input [B, C, H, W] (or
 * [C, H, W]) → [B, C*kh*kw, L]. Row `c*kh*kw + i*kw + j` holds tap (i, j) of channel c;
 * the L columns run over output positions in row-major order. Any dtype (it only copies).
 */
export function unfold(input: Tensor, kernelSize: IntOrTuple, opts: UnfoldOptions = {}): Tensor {
  const op = "unfold";
  requireTensor(op, "input", input);
  if (input.ndim !== 4 && input.ndim !== 3) throw new ShapeError(`${op}: input has shape ${fmtShape(input.shape)}, expected 4 dims [B, C, H, W] or 3 unbatched`);
  const x = input.ndim === 3 ? input.unsqueeze(0) : input;
  const [B, C, H, W] = x.shape as [number, number, number, number];
  const { g, L, k } = unfoldGeometry(op, [H, W], kernelSize, opts);
  const rows = C * k[0]! * k[1]!;
  const out = getBackend().alloc(x.dtype, B * rows * L);
  if (out.length > 0) {
    const xd = x.contiguousData();
    const im2col = kernels().im2col;
    for (let b = 0; b < B; b++) im2col(out, xd, b * C * H * W, C, g, b * rows * L);
  }
  const res = new Tensor(out, [B, rows, L], x.dtype);
  return input.ndim === 3 ? res.squeeze(0) : res;
}

/**
 * Sums sliding blocks back into an image (torch.nn.functional.fold, col2im): input
 * [B, C*kh*kw, L] (or [C*kh*kw, L]) → [B, C, outputSize[0], outputSize[1]]. Overlapping
 * blocks add up; `fold(unfold(x))` multiplies each pixel by the number of blocks covering it.
 */
export function fold(input: Tensor, outputSize: IntOrTuple, kernelSize: IntOrTuple, opts: UnfoldOptions = {}): Tensor {
  const op = "fold";
  requireTensor(op, "input", input);
  if (input.dtype === "bool" || input.dtype === "float16" || input.dtype === "uint8") {
    throw new DTypeError(`${op}: input has dtype ${input.dtype}, expected float32, float64 or int32`);
  }
  if (input.ndim !== 3 && input.ndim !== 2) throw new ShapeError(`${op}: input has shape ${fmtShape(input.shape)}, expected 3 dims [B, C*kh*kw, L] or 2 unbatched`);
  const x = input.ndim === 2 ? input.unsqueeze(0) : input;
  const [B, rows, L] = x.shape as [number, number, number];
  const os = expandTuple(op, "outputSize", outputSize, 2, 1, 1);
  const { g, L: Lexp, k } = unfoldGeometry(op, os, kernelSize, opts);
  const kk = k[0]! * k[1]!;
  if (rows % kk !== 0) throw new ShapeError(`${op}: input has shape ${fmtShape(input.shape)}, expected dim ${input.ndim - 2} divisible by kh*kw = ${kk}`);
  if (L !== Lexp) throw new ShapeError(`${op}: input has shape ${fmtShape(input.shape)}, expected ${Lexp} blocks in the last dim for outputSize ${fmtShape(os)}`);
  const C = rows / kk;
  const plane = os[0]! * os[1]!;
  const out = getBackend().alloc(x.dtype, B * C * plane);
  if (out.length > 0) {
    const xd = x.contiguousData();
    const col2im = kernels().col2im;
    // eslint-disable-next-line no-restricted-syntax -- transient: read by this kernel call while xd is held
    for (let b = 0; b < B; b++) col2im(out, xd.subarray(b * rows * L, (b + 1) * rows * L), b * C * plane, C, g);
  }
  const res = new Tensor(out, [B, C, os[0]!, os[1]!], x.dtype);
  return input.ndim === 2 ? res.squeeze(0) : res;
}
