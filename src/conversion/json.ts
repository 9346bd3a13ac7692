/**
 * The declarative ANN as JSON: `{ "type": "Sequential", "layers": [ { "type": "Linear",
 * "weight": [[...]], "bias": [...] }, { "type": "ReLU" }, ... ] }`. Option names are the
 * layer classes' (camelCase: kernelSize, startDim); torch's snake_case names (kernel_size,
 * start_dim, end_dim) are accepted too. A weight is nested arrays of numbers, or
 * `{ "shape": [...], "base64": "..." }` holding little-endian float32 values.
 */
import { ValueError, fmtShape, fmtValue } from "../errors.js";
import { tensor } from "../tensor/creation.js";
import { type NestedArray, Tensor, shapeSize } from "../tensor/tensor.js";
import { type AnnLayer, ConstantPad2d, Conv2d, Dropout, Flatten, Linear, MaxPool2d, Permute, ReLU, Sequential } from "./layers.js";

/** A weight in JSON: nested arrays, or base64 float32 with its shape. */
export type WeightJson = NestedArray | { shape: number[]; base64: string };

/** One layer in JSON. */
export type AnnLayerJson = { type: string; [k: string]: unknown };

type Obj = Record<string, unknown>;

function weightFromJson(where: string, arg: string, v: unknown): Tensor | NestedArray | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v === "object" && !Array.isArray(v)) {
    const o = v as Obj;
    if (typeof o.base64 !== "string" || !Array.isArray(o.shape) || !o.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ValueError(`${where}: ${arg} is ${fmtValue(v)}, expected nested arrays or { shape: number[], base64: string }`);
    }
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(o.base64), (c) => c.charCodeAt(0));
    } catch {
      throw new ValueError(`${where}: ${arg}.base64 is not valid base64, expected little-endian float32 values`);
    }
    const shape = o.shape as number[];
    const n = shapeSize(shape);
    if (bytes.length !== 4 * n) {
      throw new ValueError(`${where}: ${arg} holds ${bytes.length} bytes, expected ${4 * n} (float32 values for shape ${fmtShape(shape)})`);
    }
    const f = new Float32Array(n);
    const dv = new DataView(bytes.buffer); // bytes owns its whole buffer (Uint8Array.from)
    for (let i = 0; i < n; i++) f[i] = dv.getFloat32(4 * i, true);
    return tensor(f, { shape });
  }
  return v as NestedArray;
}

/** Encodes a tensor as `{ shape, base64 }` (little-endian float32). */
export function weightToBase64(t: Tensor): { shape: number[]; base64: string } {
  const d = t.to("float32").contiguousData();
  const bytes = new Uint8Array(4 * d.length);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < d.length; i++) dv.setFloat32(4 * i, d[i]!, true);
  // (atob/btoa rather than Buffer: the module also runs in browsers)
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return { shape: [...t.shape], base64: btoa(bin) };
}

function pick(o: Obj, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
}

/**
 * Builds a layer (a Sequential for `{ type: "Sequential", layers }` or a bare array) from its
 * JSON description (a parsed object or a JSON string). Errors name the layer's path.
 */
export function annFromJson(json: unknown, path = "ann"): AnnLayer {
  let j = json;
  if (typeof j === "string") {
    try {
      j = JSON.parse(j) as unknown;
    } catch (e) {
      throw new ValueError(`annFromJson: json is not valid JSON, expected a layer description (${(e as Error).message})`);
    }
  }
  if (Array.isArray(j)) return new Sequential(j.map((l, i) => annFromJson(l, `${path}.${i}`)));
  if (j === null || typeof j !== "object" || typeof (j as Obj).type !== "string") {
    throw new ValueError(`annFromJson: ${path} is ${fmtValue(j)}, expected { type: "Linear" | "Conv2d" | "ReLU" | "MaxPool2d" | "Flatten" | "Dropout" | "Permute" | "ConstantPad2d" | "Sequential", ... }`);
  }
  const o = j as Obj;
  const where = `annFromJson: ${path}`;
  const w = (arg: string): Tensor | NestedArray | null | undefined => weightFromJson(where, arg, o[arg]);
  try {
    switch (o.type) {
      case "Sequential": {
        const layers = pick(o, "layers", "children");
        if (!Array.isArray(layers)) throw new ValueError(`Sequential: layers is ${fmtValue(layers)}, expected an array`);
        return new Sequential(layers.map((l, i) => annFromJson(l, `${path}.${i}`)));
      }
      case "Linear":
        return new Linear({ weight: w("weight") as Tensor, bias: w("bias") ?? null });
      case "Conv2d":
        return new Conv2d({ weight: w("weight") as Tensor, bias: w("bias") ?? null, stride: o.stride as number, padding: o.padding as number, dilation: o.dilation as number });
      case "ReLU":
        return new ReLU();
      case "MaxPool2d":
        return new MaxPool2d({ kernelSize: pick(o, "kernelSize", "kernel_size") as number, stride: o.stride as number, padding: o.padding as number, dilation: o.dilation as number });
      case "Flatten":
        return new Flatten({ startDim: pick(o, "startDim", "start_dim") as number, endDim: pick(o, "endDim", "end_dim") as number });
      case "Dropout":
        return new Dropout({ p: o.p as number });
      case "Permute":
        return new Permute({ dims: o.dims as number[] });
      case "ConstantPad2d":
        return new ConstantPad2d({ padding: o.padding as number, value: o.value as number });
      default:
        throw new ValueError(`type is ${fmtValue(o.type)}, expected one of Linear, Conv2d, ReLU, MaxPool2d, Flatten, Dropout, Permute, ConstantPad2d, Sequential`);
    }
  } catch (e) {
    if (e instanceof ValueError && !e.message.startsWith("annFromJson:")) throw new ValueError(`${where}: ${e.message}`);
    throw e;
  }
}

/** The JSON description of a layer (weights as base64 float32 unless `nestedArrays`). */
export function annToJson(layer: AnnLayer, opts: { nestedArrays?: boolean } = {}): AnnLayerJson {
  const wj = (t: Tensor | null): unknown => (t === null ? null : opts.nestedArrays ? t.tolist() : weightToBase64(t));
  if (layer instanceof Sequential) return { type: "Sequential", layers: layer.layers.map((l) => annToJson(l, opts)) };
  if (layer instanceof Linear) return { type: "Linear", weight: wj(layer.weight), bias: wj(layer.bias) };
  if (layer instanceof Conv2d) return { type: "Conv2d", weight: wj(layer.weight), bias: wj(layer.bias), stride: [...layer.stride], padding: [...layer.padding], dilation: [...layer.dilation] };
  if (layer instanceof MaxPool2d) return { type: "MaxPool2d", kernelSize: [...layer.kernelSize], stride: [...layer.stride], padding: [...layer.padding], dilation: [...layer.dilation] };
  if (layer instanceof Flatten) return { type: "Flatten", startDim: layer.startDim, endDim: layer.endDim };
  if (layer instanceof Dropout) return { type: "Dropout", p: layer.p };
  if (layer instanceof Permute) return { type: "Permute", dims: [...layer.dims] };
  if (layer instanceof ConstantPad2d) return { type: "ConstantPad2d", padding: [...layer.padding], value: layer.value };
  return { type: "ReLU" };
}
