/**
 * Window geometry shared by the convolutional, locally connected and pooling connections:
 * argument expansion (int or tuple), output sizes and the construction-time checks that give
 * clear errors instead of the reference's assertions.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from "../../errors.js";
import type { Window3 } from "../../backend/contract.js";
import type { Nodes } from "../nodes/nodes.js";

/** One int for every spatial dim, or one per dim. */
export type { IntOrTuple } from "../../tensor/conv.js";

/**
 * Expands an int-or-tuple constructor argument to `nd` integers, each at least `min`.
 * Throws a ValueError naming the class, the argument, what was expected and what was given.
 */
export function tupleArg(cls: string, arg: string, v: unknown, nd: number, dflt: number | undefined, min: number): number[] {
  if (v === undefined || v === null) {
    if (dflt === undefined) throw new ValueError(`${cls}: ${arg} is missing, expected ${nd === 1 ? "an integer" : `an integer or ${nd} integers`}`);
    v = dflt;
  }
  const vals = typeof v === "number" ? new Array<number>(nd).fill(v) : Array.isArray(v) ? [...(v as unknown[])] : null;
  const want = min <= 0 ? "non-negative" : "positive";
  if (vals === null || vals.length !== nd || vals.some((x) => typeof x !== "number" || !Number.isInteger(x) || x < min)) {
    throw new ValueError(`${cls}: ${arg} is ${fmtValue(v)}, expected a ${want} integer${nd > 1 ? ` or ${nd} ${want} integers` : ""}`);
  }
  return vals as number[];
}

/** The spatial input shape of a [C, *spatial] source layer, or a ShapeError. */
export function channelShape(cls: string, which: "source" | "target", layer: Nodes, nd: number): [number, number[]] {
  const sh = layer.shape;
  if (sh.length !== nd + 1) {
    const names = ["[C, L]", "[C, H, W]", "[C, D, H, W]"][nd - 1];
    throw new ShapeError(`${cls}: ${which} has shape ${fmtShape(sh)}, expected ${nd + 1} dims ${names}`);
  }
  return [sh[0]!, sh.slice(1)];
}

/** Geometry of a sliding window over the spatial dims of one channel. */
export interface WindowGeometry {
  input: number[];
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  output: number[];
}

/**
 * Output sizes floor((in + 2p − d(k − 1) − 1)/s) + 1 (torch's), after checking that the
 * dilated kernel fits the padded input. Dilation is honoured, unlike the reference, whose
 * size check ignores it.
 */
export function windowGeometry(cls: string, input: number[], kernel: number[], stride: number[], padding: number[], dilation: number[]): WindowGeometry {
  const output = input.map((n, i) => {
    const eff = dilation[i]! * (kernel[i]! - 1) + 1;
    const padded = n + 2 * padding[i]!;
    if (eff > padded) {
      const effs = kernel.map((k, j) => dilation[j]! * (k - 1) + 1);
      throw new ShapeError(
        `${cls}: kernelSize is ${fmtShape(kernel)}${dilation.some((d) => d !== 1) ? ` (dilated ${fmtShape(effs)})` : ""}, expected at most the padded input size ${fmtShape(input.map((m, j) => m + 2 * padding[j]!))} (source spatial shape ${fmtShape(input)}, padding ${fmtShape(padding)})`,
      );
    }
    return Math.floor((padded - eff) / stride[i]!) + 1;
  });
  return { input, kernel, stride, padding, dilation, output };
}

/** Throws unless the target layer's shape is exactly `expected`. */
export function checkTarget(cls: string, target: Nodes, expected: number[], why: string): void {
  const sh = target.shape;
  if (sh.length !== expected.length || sh.some((d, i) => d !== expected[i])) {
    throw new ShapeError(`${cls}: target has shape ${fmtShape(sh)}, expected ${fmtShape(expected)} (${why})`);
  }
}

/** The backend's 3-D window descriptor for a 1-, 2- or 3-D geometry (leading dims of size 1). */
export function toWindow3(g: WindowGeometry): Window3 {
  const lead = (a: number[], fill: number): number[] => [...new Array<number>(3 - a.length).fill(fill), ...a];
  const [inD, inH, inW] = lead(g.input, 1) as [number, number, number];
  const [kD, kH, kW] = lead(g.kernel, 1) as [number, number, number];
  const [sD, sH, sW] = lead(g.stride, 1) as [number, number, number];
  const [pD, pH, pW] = lead(g.padding, 0) as [number, number, number];
  const [dD, dH, dW] = lead(g.dilation, 1) as [number, number, number];
  const [oD, oH, oW] = lead(g.output, 1) as [number, number, number];
  return { inD, inH, inW, kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW, oD, oH, oW };
}

/** Product of the entries. */
export function prod(a: readonly number[]): number {
  let p = 1;
  for (const v of a) p *= v;
  return p;
}
