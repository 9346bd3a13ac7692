/**
 * The arguments every learning rule parses (src/network/learning-rule.ts): the batch
 * reductions a rule's `reduction` names, and `nu` (a pair of rates, or per-neuron tensors).
 */
import { tsum0 } from "../backend/numerics.js";
import { ValueError, fmtValue } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/** torch.sum(t, dim) in torch's summation order (float32 result). */
export function sumDim(t: Tensor, dim: number): Tensor {
  const d = dim < 0 ? dim + t.ndim : dim;
  const perm = [d, ...t.shape.map((_, i) => i).filter((i) => i !== d)];
  const moved = d === 0 ? t : t.permute(perm);
  const data = moved.to("float32").contiguousData();
  const R = t.shape[d] ?? 1;
  const rest = t.shape.filter((_, i) => i !== d);
  const C = rest.reduce((a, b) => a * b, 1);
  const out = R === 0 ? new Float32Array(C) : tsum0(data, R, C);
  return new Tensor(out, rest, "float32");
}

/** torch.mean(t, dim): the sum divided by the dimension's size. */
export function meanDim(t: Tensor, dim: number): Tensor {
  const s = sumDim(t, dim);
  const R = t.shape[dim < 0 ? dim + t.ndim : dim] ?? 1;
  const d = s.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] = Math.fround(d[i]! / R);
  return s;
}

/** torch.squeeze(t, dim) (the default reduction for batch size 1). */
export function squeezeDim(t: Tensor, dim: number): Tensor {
  return t.squeeze(dim);
}

/**
 * A per-neuron nu (BindsNET's sequence of tensors, stacked): [nu₀, nu₁] as two Tensors of
 * `n` values each, or one Tensor [2, n] — one rate per postsynaptic neuron, broadcast against
 * the postsynaptic side of each update (the target trace in depression, the target spikes in
 * potentiation). Null when `nu` holds no tensor (then {@link parseNu} applies).
 */
export function parseNuPerNeuron(name: string, nu: unknown, n: number): [Float32Array, Float32Array] | null {
  let parts: unknown[] | null = null;
  if (nu instanceof Tensor) {
    if (nu.ndim !== 2 || nu.shape[0] !== 2) throw new ValueError(`${name}: nu is a Tensor of shape [${nu.shape.join(", ")}], expected [2, ${n}] (one rate per target neuron, pre and post)`);
    const d = nu.to("float32").contiguousData();
    const m = nu.shape[1]!;
    parts = [0, 1].map((k) => new Tensor(Float32Array.from({ length: m }, (_, j) => d[k * m + j]!), [m], "float32"));
  } else if (Array.isArray(nu) && nu.some((v) => v instanceof Tensor)) parts = nu;
  if (parts === null) return null;
  if (parts.length !== 2 || !parts.every((v) => v instanceof Tensor)) throw new ValueError(`${name}: nu is ${fmtValue(nu)}, expected two Tensors [pre, post] of ${n} values (or numbers)`);
  const out = parts.map((t) => {
    const d = Float32Array.from((t as Tensor).to("float32").contiguousData());
    if (d.length !== n) throw new ValueError(`${name}: nu has a Tensor of ${d.length} values, expected ${n} (one per target neuron)`);
    for (const v of d) if (!Number.isFinite(v)) throw new ValueError(`${name}: nu has ${v}, expected finite learning rates`);
    return d;
  });
  return [out[0]!, out[1]!];
}

/** nu as [pre, post]: checked once at the door (finite numbers only; NaN would spread into every weight). */
export function parseNu(name: string, nu: unknown): [number, number] {
  if (nu === undefined || nu === null) return [0, 0];
  let pair: [number, number] | null = null;
  if (typeof nu === "number") pair = [nu, nu];
  else if (Array.isArray(nu) && nu.every((v) => typeof v === "number")) {
    if (nu.length === 2) pair = [nu[0] as number, nu[1] as number];
    else if (nu.length === 1) pair = [nu[0] as number, nu[0] as number];
  }
  if (pair === null) throw new ValueError(`${name}: nu is ${fmtValue(nu)}, expected a number or a pair of numbers [pre, post]`);
  if (!Number.isFinite(pair[0]) || !Number.isFinite(pair[1])) throw new ValueError(`${name}: nu is ${fmtValue(nu)}, expected finite learning rates`);
  return pair;
}
