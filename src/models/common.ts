/** Shared helpers of the pre-built models. */
import { ValueError, fmtValue } from "../errors.js";
import { rand } from "../tensor/random.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { Connection, DiehlAndCookNodes, type Nodes, type Reduction } from "../network/index.js";
import { PostPre } from "../learning/post-pre.js";

/** Learning rates (pre, post) as BindsNET's models take them. */
export type NuPair = number | readonly [number, number] | readonly number[];

/** Checks a positive integer model argument. */
export function positiveInt(model: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ValueError(`${model}: ${arg} is ${fmtValue(v)}, expected a positive integer`);
  return v;
}

/** Checks a finite number model argument. */
export function finite(model: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`${model}: ${arg} is ${fmtValue(v)}, expected a finite number`);
  return v;
}

/** 0.3·U[0, 1) of shape [nIn, nOut] (the models' initial input weights), float32. */
export function initialWeights(nIn: number, nOut: number, rng?: Generator): Tensor {
  const w = rand([nIn, nOut], rng ? { generator: rng } : {});
  const d = w.data as Float32Array;
  const k = Math.fround(0.3);
  for (let i = 0; i < d.length; i++) d[i] = Math.fround(d[i]! * k);
  return w;
}

/** Checks an input shape (positive integers whose product is nInpt). */
export function checkInputShape(model: string, shape: unknown, nInpt: number): number[] | undefined {
  if (shape === undefined || shape === null) return undefined;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d > 0) || shape.reduce((a: number, b: number) => a * b, 1) !== nInpt) {
    throw new ValueError(`${model}: inptShape is ${fmtValue(shape)}, expected positive integers whose product is nInpt=${nInpt}`);
  }
  return [...(shape as number[])];
}

/** Options of the Diehl & Cook excitatory layer that the models expose. */
export interface ExcitatoryOptions {
  excThresh?: number;
  thetaPlus?: number;
  tcThetaDecay?: number;
  rng?: Generator;
}

/**
 * Diehl & Cook's excitatory layer as every model builds it: adaptive-threshold LIF with
 * traces (rest −65, reset −60, thresh `excThresh` (−52), refrac 5, tcDecay 100, tcTrace 20,
 * thetaPlus 0.05, tcThetaDecay 1e7).
 */
export function excitatoryLayer(n: number, opts: ExcitatoryOptions): DiehlAndCookNodes {
  return new DiehlAndCookNodes({
    n,
    traces: true,
    rest: -65.0,
    reset: -60.0,
    thresh: opts.excThresh ?? -52.0,
    refrac: 5,
    tcDecay: 100.0,
    tcTrace: 20.0,
    thetaPlus: opts.thetaPlus ?? 0.05,
    tcThetaDecay: opts.tcThetaDecay ?? 1e7,
    ...(opts.rng ? { rng: opts.rng } : {}),
  });
}

/** Options of the plastic input connection that the models expose. */
export interface InputConnectionOptions {
  nu?: NuPair;
  reduction?: Reduction | null;
  wmin?: number;
  wmax?: number;
  norm?: number | null;
  rng?: Generator;
}

/**
 * The dense input → excitatory connection learning with PostPre: 0.3·U[0, 1) weights, nu
 * (1e-4, 1e-2), bounds [0, 1], column norm 78.4 (BindsNET's defaults).
 */
export function plasticInputConnection(source: Nodes, target: Nodes, opts: InputConnectionOptions): Connection {
  return new Connection({
    source,
    target,
    w: initialWeights(source.n, target.n, opts.rng),
    updateRule: PostPre,
    nu: opts.nu ?? [1e-4, 1e-2],
    reduction: opts.reduction ?? null,
    wmin: opts.wmin ?? 0.0,
    wmax: opts.wmax ?? 1.0,
    norm: opts.norm === undefined ? 78.4 : opts.norm,
  });
}
