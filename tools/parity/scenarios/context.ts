/**
 * What a scenario builder gets and returns. A builder constructs the scenario's network with
 * the public API from the manifest's params and the trace's init.* / param.* arrays; the
 * runner then drives it (inputs, kwargs, run schedule) the same way for every type.
 */
import { tensor } from "../../../src/tensor/creation.js";
import type { Tensor } from "../../../src/tensor/tensor.js";
import type { DType } from "../../../src/backend/dtype.js";
import { ValueError } from "../../../src/errors.js";
import type { Library, NetworkLike } from "../library.js";
import type { Manifest, NdArray } from "../trace.js";

/** Input to a builder. */
export interface BuildContext {
  lib: Library;
  manifest: Manifest;
  params: Record<string, unknown>;
  arrays: Record<string, NdArray>;
}

/** Extra run() options a scenario type adds to every call (a_plus / a_minus of MSTDP). */
export interface Built {
  network: NetworkLike;
  runExtras?: Record<string, unknown>;
  /** notes printed with the result, e.g. a stand-in rule */
  notes?: string[];
  /** the library's monitor base class (the runner's recorder extends it); found by the runner */
  monitorBase?: unknown;
}

export type Builder = (ctx: BuildContext) => Built;

/** A trace array as a Tensor of the given dtype (a fresh copy; callers may keep it). */
export function toTensor(a: NdArray, dtype: DType = a.dtype === "uint8" ? "bool" : "float32"): Tensor {
  const data = dtype === "float32" ? Float32Array.from(a.data) : dtype === "float64" ? Float64Array.from(a.data) : Uint8Array.from(a.data);
  return tensor(data, { dtype, shape: a.shape });
}

/** The array `key` of the scenario, or a ValueError naming it. */
export function arr(ctx: BuildContext, key: string): NdArray {
  const a = ctx.arrays[key];
  if (!a) throw new ValueError(`parity ${ctx.manifest.scenario}: trace lacks "${key}", expected it for this scenario type`);
  return a;
}

/** Initial weights of connection `src->tgt` as a float32 Tensor. */
export function initW(ctx: BuildContext, key: string): Tensor {
  return toTensor(arr(ctx, `init.${key}.w`), "float32");
}

/** A number from params (nested path "lif.thresh"), or a ValueError. */
export function num(ctx: BuildContext, path: string): number {
  const v = get(ctx.params, path);
  if (typeof v !== "number") throw new ValueError(`parity ${ctx.manifest.scenario}: params.${path} expected a number, got ${JSON.stringify(v)}`);
  return v;
}

/** A nested params object. */
export function obj(ctx: BuildContext, path: string): Record<string, unknown> {
  const v = get(ctx.params, path);
  if (v === null || typeof v !== "object") throw new ValueError(`parity ${ctx.manifest.scenario}: params.${path} expected an object, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

function get(o: Record<string, unknown>, path: string): unknown {
  let cur: unknown = o;
  for (const part of path.split(".")) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}

/** snake_case → camelCase (tc_decay → tcDecay, refrac_count → refracCount). */
export function camel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** A params object with snake_case keys as camelCase options ({tc_decay: 100} → {tcDecay: 100}). */
export function opts(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
}

/** nu as the rule option: a number or a [pre, post] pair. */
export function nuOf(ctx: BuildContext): number | [number, number] {
  const v = ctx.params.nu;
  if (typeof v === "number") return v;
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  throw new ValueError(`parity ${ctx.manifest.scenario}: params.nu expected a number or a pair, got ${JSON.stringify(v)}`);
}

/** Overwrites a layer's (or connection's) parameter with values from the trace. */
export function setParam(owner: Record<string, unknown>, field: string, value: Tensor): void {
  const cur = owner[field];
  if (cur && typeof cur === "object" && typeof (cur as Tensor).copy_ === "function" && (cur as Tensor).numel() === value.numel()) {
    const t = cur as Tensor;
    t.copy_(value.to(t.dtype).reshape(t.shape));
  } else {
    owner[field] = value;
  }
}
