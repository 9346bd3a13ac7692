/**
 * A declarative ANN for ANN → SNN conversion: the layer types BindsNET's `ann_to_snn` reads
 * from a torch `nn.Module` (Linear, Conv2d, ReLU, MaxPool2d, Flatten, Dropout, Permute,
 * ConstantPad2d and nested Sequentials), holding their weights as float32 tensors and
 * evaluated with this library's tensor ops (no torch). Layers are immutable: normalisation
 * builds new ones (`withParams`).
 */
import { ValueError, fmtShape, fmtValue } from "../errors.js";
import { conv2d, type IntOrTuple } from "../tensor/conv.js";
import { tensor } from "../tensor/creation.js";
import { matmul } from "../tensor/linalg.js";
import { add } from "../tensor/ops/elementwise.js";
import { clamp } from "../tensor/ops/select.js";
import { maxPool2d } from "../tensor/pool.js";
import { type NestedArray, Tensor } from "../tensor/tensor.js";

/** A weight given as a tensor or as nested arrays of numbers. */
export type WeightLike = Tensor | NestedArray;

/** Every layer kind of the declarative ANN. */
export type AnnLayer = Linear | Conv2d | ReLU | MaxPool2d | Flatten | Dropout | Permute | ConstantPad2d | Sequential;

/** A float32, contiguous, caller-independent copy of a weight argument with `ndim` dims. */
function weightArg(layer: string, arg: string, w: unknown, ndim: number, dimsText: string): Tensor {
  let t: Tensor;
  if (w instanceof Tensor) t = w;
  else if (typeof w === "number" || Array.isArray(w)) {
    try {
      t = tensor(w as NestedArray, { dtype: "float32" });
    } catch (e) {
      throw new ValueError(`${layer}: ${arg} is not a rectangular array of numbers, expected ${ndim} dims ${dimsText} (${(e as Error).message})`);
    }
  } else throw new ValueError(`${layer}: ${arg} is ${fmtValue(w)}, expected a Tensor or nested arrays of numbers`);
  if (t.ndim !== ndim) throw new ValueError(`${layer}: ${arg} has shape ${fmtShape(t.shape)}, expected ${ndim} dims ${dimsText}`);
  if (t.dtype !== "float32" && t.dtype !== "float64" && t.dtype !== "float16" && t.dtype !== "int32" && t.dtype !== "uint8") {
    throw new ValueError(`${layer}: ${arg} has dtype ${t.dtype}, expected a numeric tensor`);
  }
  // own copy: the caller may change its tensor later, and a layer never changes
  return t.to("float32", true).contiguous();
}

/** An optional bias [n] (null when absent). */
function biasArg(layer: string, b: unknown, n: number, what: string): Tensor | null {
  if (b === undefined || b === null) return null;
  const t = weightArg(layer, "bias", b, 1, `[${what}]`);
  if (t.shape[0] !== n) throw new ValueError(`${layer}: bias has shape ${fmtShape(t.shape)}, expected [${what}=${n}]`);
  return t;
}

/** An int-or-pair argument expanded to a pair. */
export function pairArg(layer: string, arg: string, v: unknown, dflt: number, min: number): [number, number] {
  const vals = v === undefined || v === null ? [dflt, dflt] : typeof v === "number" ? [v, v] : Array.isArray(v) ? [...(v as unknown[])] : null;
  const want = min === 0 ? "non-negative" : "positive";
  if (vals === null || vals.length !== 2 || vals.some((x) => !Number.isInteger(x) || (x as number) < min)) {
    throw new ValueError(`${layer}: ${arg} is ${fmtValue(v)}, expected a ${want} integer or a pair of ${want} integers`);
  }
  return vals as [number, number];
}

/**
 * Fully connected layer: y = x·Wᵀ + b with W [out, in]. As in BindsNET's FeatureExtractor, the
 * input is first viewed as [−1, in] (so a [B, C, H, W] input needs no explicit Flatten, as in
 * the converted network, whose connections see flat layers).
 */
export class Linear {
  readonly type = "Linear";
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(opts: { weight: WeightLike; bias?: WeightLike | null }) {
    const name = "Linear";
    if (opts === null || typeof opts !== "object") throw new ValueError(`${name}: options are ${fmtValue(opts)}, expected { weight, bias }`);
    this.weight = weightArg(name, "weight", opts.weight, 2, "[out, in]");
    this.bias = biasArg(name, opts.bias, this.outFeatures, "out");
  }

  get inFeatures(): number {
    return this.weight.shape[1]!;
  }

  get outFeatures(): number {
    return this.weight.shape[0]!;
  }

  forward(x: Tensor): Tensor {
    const n = x.numel();
    if (n % this.inFeatures !== 0) {
      throw new ValueError(`Linear.forward: x has shape ${fmtShape(x.shape)}, expected a multiple of inFeatures=${this.inFeatures} elements`);
    }
    const y = matmul(x.to("float32").reshape([n / this.inFeatures, this.inFeatures]), this.weight.t());
    return this.bias === null ? y : add(y, this.bias);
  }

  /** The same layer with other parameters (same shapes). */
  withParams(weight: Tensor, bias: Tensor | null): Linear {
    return new Linear({ weight, bias });
  }
}

export interface Conv2dOptions {
  /** [out_channels, in_channels, kh, kw]. */
  weight: WeightLike;
  /** [out_channels] (default none). */
  bias?: WeightLike | null;
  /** Default 1. */
  stride?: IntOrTuple;
  /** Zeros on both sides (default 0). */
  padding?: IntOrTuple;
  /** Default 1. */
  dilation?: IntOrTuple;
}

/** 2-D convolution (torch's cross-correlation, groups = 1) over [B, C_in, H, W]. */
export class Conv2d {
  readonly type = "Conv2d";
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];

  constructor(opts: Conv2dOptions) {
    const name = "Conv2d";
    if (opts === null || typeof opts !== "object") throw new ValueError(`${name}: options are ${fmtValue(opts)}, expected { weight, bias, stride, padding, dilation }`);
    this.weight = weightArg(name, "weight", opts.weight, 4, "[out_channels, in_channels, kh, kw]");
    this.bias = biasArg(name, opts.bias, this.outChannels, "out_channels");
    this.stride = pairArg(name, "stride", opts.stride, 1, 1);
    this.padding = pairArg(name, "padding", opts.padding, 0, 0);
    this.dilation = pairArg(name, "dilation", opts.dilation, 1, 1);
  }

  get inChannels(): number {
    return this.weight.shape[1]!;
  }

  get outChannels(): number {
    return this.weight.shape[0]!;
  }

  get kernelSize(): [number, number] {
    return [this.weight.shape[2]!, this.weight.shape[3]!];
  }

  /** Output [H', W'] for input [H, W]: ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1 per dim (≤ 0: too small). */
  outputSize(hw: readonly number[]): [number, number] {
    const k = this.kernelSize;
    const o = [0, 1].map((i) => Math.floor((hw[i]! + 2 * this.padding[i]! - this.dilation[i]! * (k[i]! - 1) - 1) / this.stride[i]!) + 1);
    return [o[0]!, o[1]!];
  }

  forward(x: Tensor): Tensor {
    return conv2d(x.to("float32"), this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }

  withParams(weight: Tensor, bias: Tensor | null): Conv2d {
    return new Conv2d({ weight, bias, stride: this.stride, padding: this.padding, dilation: this.dilation });
  }
}

/** max(x, 0). */
export class ReLU {
  readonly type = "ReLU";

  forward(x: Tensor): Tensor {
    return clamp(x.to("float32"), 0);
  }
}

export interface MaxPool2dOptions {
  kernelSize: IntOrTuple;
  /** Default: the kernel size (torch's default). */
  stride?: IntOrTuple | null;
  /** −∞ on both sides (default 0; at most half the kernel). */
  padding?: IntOrTuple;
  /** Default 1. */
  dilation?: IntOrTuple;
}

/** 2-D max pooling over [B, C, H, W] (torch semantics, floor mode). */
export class MaxPool2d {
  readonly type = "MaxPool2d";
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];

  constructor(opts: MaxPool2dOptions) {
    const name = "MaxPool2d";
    if (opts === null || typeof opts !== "object") throw new ValueError(`${name}: options are ${fmtValue(opts)}, expected { kernelSize, stride, padding }`);
    this.kernelSize = pairArg(name, "kernelSize", opts.kernelSize, 0, 1);
    this.stride = opts.stride === undefined || opts.stride === null ? [...this.kernelSize] : pairArg(name, "stride", opts.stride, 1, 1);
    this.padding = pairArg(name, "padding", opts.padding, 0, 0);
    this.dilation = pairArg(name, "dilation", opts.dilation, 1, 1);
    if (this.padding.some((p, i) => p > this.kernelSize[i]! / 2)) {
      throw new ValueError(`${name}: padding is ${fmtShape(this.padding)}, expected at most half the kernelSize ${fmtShape(this.kernelSize)}`);
    }
  }

  /** Output [H', W'] for input [H, W]. */
  outputSize(hw: readonly number[]): [number, number] {
    const o = [0, 1].map((i) => Math.floor((hw[i]! + 2 * this.padding[i]! - this.dilation[i]! * (this.kernelSize[i]! - 1) - 1) / this.stride[i]!) + 1);
    return [o[0]!, o[1]!];
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x.to("float32"), this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }
}

/** Flattens dims startDim..endDim (defaults 1 and −1, torch's nn.Flatten). */
export class Flatten {
  readonly type = "Flatten";
  readonly startDim: number;
  readonly endDim: number;

  constructor(opts: { startDim?: number; endDim?: number } = {}) {
    const o = opts ?? {};
    this.startDim = o.startDim ?? 1;
    this.endDim = o.endDim ?? -1;
    for (const [k, v] of [["startDim", this.startDim], ["endDim", this.endDim]] as const) {
      if (!Number.isInteger(v)) throw new ValueError(`Flatten: ${k} is ${fmtValue(v)}, expected an integer`);
    }
  }

  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
}

/** Dropout, evaluated in inference mode: the identity (conversion never trains). */
export class Dropout {
  readonly type = "Dropout";
  readonly p: number;

  constructor(opts: { p?: number } = {}) {
    const p = (opts ?? {}).p ?? 0.5;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p is ${fmtValue(p)}, expected a number in [0, 1]`);
    this.p = p;
  }

  forward(x: Tensor): Tensor {
    return x;
  }
}

/** x.permute(dims).contiguous(); `dims` covers every dim of the (batched) input, as in torch. */
export class Permute {
  readonly type = "Permute";
  readonly dims: readonly number[];

  constructor(opts: { dims: readonly number[] }) {
    const d = opts?.dims;
    if (!Array.isArray(d) || d.length === 0 || !d.every((v) => Number.isInteger(v) && v >= 0 && v < d.length) || new Set(d).size !== d.length) {
      throw new ValueError(`Permute: dims is ${fmtValue(d)}, expected a permutation of 0..n−1`);
    }
    this.dims = Object.freeze([...d]);
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== this.dims.length) throw new ValueError(`Permute.forward: x has shape ${fmtShape(x.shape)}, expected ${this.dims.length} dims for dims ${fmtShape(this.dims)}`);
    return x.permute([...this.dims]).contiguous();
  }
}

/** Pads the last two dims with a constant: padding (left, right, top, bottom), torch's order. */
export class ConstantPad2d {
  readonly type = "ConstantPad2d";
  readonly padding: readonly [number, number, number, number];
  readonly value: number;

  constructor(opts: { padding: number | readonly number[]; value?: number }) {
    const name = "ConstantPad2d";
    const p = opts?.padding;
    const vals = typeof p === "number" ? [p, p, p, p] : Array.isArray(p) ? [...(p as number[])] : null;
    if (vals === null || vals.length !== 4 || vals.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new ValueError(`${name}: padding is ${fmtValue(p)}, expected a non-negative integer or 4 of them (left, right, top, bottom)`);
    }
    this.padding = Object.freeze(vals as [number, number, number, number]);
    const value = opts.value ?? 0;
    if (typeof value !== "number" || !Number.isFinite(value)) throw new ValueError(`${name}: value is ${fmtValue(value)}, expected a finite number`);
    this.value = value;
  }

  /** [.., H, W] → [.., top + H + bottom, left + W + right]. */
  outputShape(shape: readonly number[]): number[] {
    const [l, r, t, b] = this.padding;
    const n = shape.length;
    return [...shape.slice(0, n - 2), shape[n - 2]! + t + b, shape[n - 1]! + l + r];
  }

  forward(x: Tensor): Tensor {
    if (x.ndim < 2) throw new ValueError(`ConstantPad2d.forward: x has shape ${fmtShape(x.shape)}, expected at least 2 dims [.., H, W]`);
    return constantPad2d(x.to("float32"), this.padding, this.value);
  }
}

/** Pads the last two dims of `x` (float32) with `value`; padding (left, right, top, bottom). */
export function constantPad2d(x: Tensor, padding: readonly number[], value: number): Tensor {
  const [l, r, t, b] = padding as [number, number, number, number];
  const n = x.ndim;
  const H = x.shape[n - 2]!;
  const W = x.shape[n - 1]!;
  const H2 = H + t + b;
  const W2 = W + l + r;
  const planes = x.numel() / Math.max(1, H * W);
  const src = x.contiguousData();
  const out = new Float32Array(planes * H2 * W2).fill(value);
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < H; i++) {
      const so = (p * H + i) * W;
      const d = (p * H2 + i + t) * W2 + l;
      for (let j = 0; j < W; j++) out[d + j] = src[so + j]!;
    }
  }
  return tensor(out, { shape: [...x.shape.slice(0, n - 2), H2, W2] });
}

/** Layers applied in order; children are named "0", "1", ... as in torch. */
export class Sequential {
  readonly type = "Sequential";
  readonly layers: readonly AnnLayer[];

  constructor(layers: readonly AnnLayer[]) {
    if (!Array.isArray(layers)) throw new ValueError(`Sequential: layers is ${fmtValue(layers)}, expected an array of layers`);
    layers.forEach((l, i) => {
      if (!isAnnLayer(l)) throw new ValueError(`Sequential: layer "${i}" is ${fmtValue(l)}, expected one of Linear, Conv2d, ReLU, MaxPool2d, Flatten, Dropout, Permute, ConstantPad2d, Sequential`);
    });
    this.layers = Object.freeze([...layers]);
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const l of this.layers) y = l.forward(y);
    return y;
  }

  /** Every leaf layer in order with its dotted path ("0", "2.1", ...), nested Sequentials expanded. */
  leaves(prefix = ""): { name: string; layer: Exclude<AnnLayer, Sequential> }[] {
    const out: { name: string; layer: Exclude<AnnLayer, Sequential> }[] = [];
    this.layers.forEach((l, i) => {
      const name = `${prefix}${i}`;
      if (l instanceof Sequential) out.push(...l.leaves(`${name}.`));
      else out.push({ name, layer: l });
    });
    return out;
  }
}

const LAYER_CLASSES = [Linear, Conv2d, ReLU, MaxPool2d, Flatten, Dropout, Permute, ConstantPad2d, Sequential];

/** Whether `l` is a layer of this module. */
export function isAnnLayer(l: unknown): l is AnnLayer {
  return LAYER_CLASSES.some((C) => l instanceof C);
}

/**
 * Runs the top-level children of `model` in order and returns every output, keyed "input"
 * and then by child name ("0", "1", ...), like BindsNET's `FeatureExtractor`, in a Map (which
 * keeps that order; an object would list "input" last). Linear views its input as [−1, in]
 * itself, which is the reference extractor's flattening.
 */
export class FeatureExtractor {
  constructor(readonly submodule: Sequential) {
    if (!(submodule instanceof Sequential)) throw new ValueError(`FeatureExtractor: submodule is ${fmtValue(submodule)}, expected a Sequential`);
  }

  forward(x: Tensor): Map<string, Tensor> {
    if (!(x instanceof Tensor)) throw new ValueError(`FeatureExtractor.forward: x is ${fmtValue(x)}, expected a Tensor`);
    const out = new Map<string, Tensor>([["input", x]]);
    let y = x;
    this.submodule.layers.forEach((l, i) => {
      y = l.forward(y);
      out.set(String(i), y);
    });
    return out;
  }
}
