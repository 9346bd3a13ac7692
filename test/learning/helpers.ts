/** Small synapse pairs with spikes and traces set by hand (no network run needed). */
import { Connection, Input, LIFNodes, type LearningRuleClass, type Nodes, SRM0Nodes } from "../../src/network/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { ready } from "../helpers/layers.js";

export interface Pair {
  X: Nodes;
  Y: Nodes;
  c: Connection;
}

/** Input(nPre) → LIF(nPost) (or SRM0 with `srm0`), both with traces, batch B, dt 1. */
export function pair(
  w: number[][],
  rule: LearningRuleClass,
  opts: Record<string, unknown> & { B?: number; srm0?: boolean; additive?: boolean; traces?: boolean } = {},
): Pair {
  const { B = 1, srm0 = false, additive = false, traces = true, ...rest } = opts;
  const nPre = w.length;
  const nPost = w[0]!.length;
  const X = ready(new Input({ n: nPre, traces, tracesAdditive: additive }), B);
  const Y = ready(srm0 ? new SRM0Nodes({ n: nPost, traces }) : new LIFNodes({ n: nPost, traces }), B);
  const c = new Connection({ source: X, target: Y, w: tensor(w), updateRule: rule, ...rest });
  return { X, Y, c };
}

/** Writes values into a state tensor (spikes: 0/1). */
export function put(t: Tensor, values: number[]): void {
  const d = t.data;
  if (values.length !== t.numel()) throw new Error(`put: ${values.length} values for ${t.numel()}`);
  for (let i = 0; i < values.length; i++) d[t.offset + i] = values[i]!;
}

/** Sets spikes and traces of both layers (flattened over the batch). */
export function state(p: Pair, s: { sPre?: number[]; xPre?: number[]; sPost?: number[]; xPost?: number[] }): void {
  if (s.sPre) put(p.X.s, s.sPre);
  if (s.xPre) put(p.X.x, s.xPre);
  if (s.sPost) put(p.Y.s, s.sPost);
  if (s.xPost) put(p.Y.x, s.xPost);
}

export const f = Math.fround;

/** w as nested arrays. */
export function W(p: Pair): number[][] {
  return p.c.w.toArray() as number[][];
}

/** Runs one learning update per entry of `seq`, with the spikes [sPre, sPost] of that step. */
export function steps(p: Pair, seq: [number[], number[]][], opts: Record<string, unknown>): void {
  for (const [sPre, sPost] of seq) {
    state(p, { sPre, sPost });
    p.c.update({ learning: true, ...opts });
  }
}
