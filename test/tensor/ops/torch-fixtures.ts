/**
 * Runs the torch 1.13 fixture cases of test/fixtures/torch/ops_*.json (written by
 * scripts/fixtures/gen_tensor_ops.py) against the functional ops.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BindsNetError } from "../../../src/errors.js";
import * as ops from "../../../src/tensor/ops/index.js";
import { tensor } from "../../../src/tensor/creation.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import type { DType } from "../../../src/backend/dtype.js";

type Num = number | boolean | "nan" | "inf" | "-inf";
interface TSpec {
  shape: number[];
  dtype: DType;
  data: Num[];
}
type Arg = { t: TSpec } | { ts: TSpec[] } | { v: unknown };
interface Expected {
  t?: TSpec;
  ts?: TSpec[];
  values?: TSpec;
  indices?: TSpec;
  error?: string;
}
export interface Case {
  name: string;
  op: string;
  args: Arg[];
  tol: "exact" | "approx";
  expected: Expected;
}

export function loadCases(group: string): Case[] {
  const url = new URL(`../../fixtures/torch/${group}.json`, import.meta.url);
  return (JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as { cases: Case[] }).cases;
}

function num(v: unknown): unknown {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return v;
}

export function decode(s: TSpec): Tensor {
  const values = s.data.map((v) => Number(num(v)));
  return tensor(values, { dtype: s.dtype, shape: s.shape });
}

function decodeArg(a: Arg): unknown {
  if ("t" in a) return decode(a.t);
  if ("ts" in a) return a.ts.map(decode);
  const v = a.v;
  if (Array.isArray(v)) return v.map(num);
  return num(v);
}

/** Float tolerance for ops that are not correctly rounded in torch (SLEEF vs JS Math, summation order). */
const REL: Record<DType, number> = { float16: 2 ** -10, float32: 2e-6, float64: 1e-12, int32: 0, uint8: 0, bool: 0 };

function close(a: number, b: number, dtype: DType, approx: boolean, scale: number): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!approx) return Object.is(a, b) || (a === b && a !== 0);
  if (a === b) return true;
  return Math.abs(a - b) <= REL[dtype] * Math.max(Math.abs(b), scale);
}

/**
 * Compares a tensor with a fixture tensor. `approx` allows a relative error of REL[dtype] of
 * max(|want|, rangeFactor * max|all wanted values|): sums and ranges lose precision relative to
 * their largest term, not to each result.
 */
export function expectTensor(got: unknown, want: TSpec, approx: boolean, where: string, rangeFactor = 1e-3): void {
  expect(got, where).toBeInstanceOf(Tensor);
  const t = got as Tensor;
  expect([...t.shape], `${where}: shape`).toEqual(want.shape);
  expect(t.dtype, `${where}: dtype`).toBe(want.dtype);
  const gotV = t.toFlatArray();
  const wantV = want.data.map((v) => Number(num(v)));
  const scale = approx ? Math.max(1e-30, ...wantV.filter(Number.isFinite).map(Math.abs)) * rangeFactor : 0;
  const bad: string[] = [];
  for (let i = 0; i < wantV.length; i++) {
    if (!close(gotV[i]!, wantV[i]!, want.dtype, approx, scale)) bad.push(`[${i}] got ${gotV[i]} want ${wantV[i]}`);
  }
  expect(bad.slice(0, 5), `${where}: ${bad.length} values differ`).toEqual([]);
}

/** Calls `ops[c.op]` with the decoded args. */
export function callOp(c: Case): unknown {
  const fn = (ops as unknown as Record<string, (...a: unknown[]) => unknown>)[c.op];
  if (!fn) throw new Error(`fixture op ${c.op} has no implementation`);
  return fn(...c.args.map(decodeArg));
}

/** Cases where torch 1.13 accepts the input with a deprecation warning and this library throws. */
export const STRICTER_THAN_TORCH = ["maskedSelect uint8 mask raises (torch only warns)"];

/** Defines one vitest case per fixture case; `stricter` names cases where torch only warns but we throw. */
export function runFixtureGroup(group: string, stricter: readonly string[] = STRICTER_THAN_TORCH): void {
  const cases = loadCases(group);
  describe(`matches torch 1.13 (${group}.json, ${cases.length} cases)`, () => {
    it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      if (c.expected.error !== undefined || stricter.includes(c.name)) {
        expect(() => callOp(c), `torch: ${c.expected.error}`).toThrow(BindsNetError);
        return;
      }
      const got = callOp(c);
      const approx = c.tol === "approx";
      const e = c.expected;
      if (e.t) expectTensor(got, e.t, approx, c.name);
      else if (e.values && e.indices) {
        const r = got as { values: Tensor; indices: Tensor };
        expectTensor(r.values, e.values, approx, `${c.name} values`);
        expectTensor(r.indices, e.indices, false, `${c.name} indices`);
      } else if (e.ts) {
        const list = got as Tensor[];
        expect(list.length, `${c.name}: count`).toBe(e.ts.length);
        e.ts.forEach((w, i) => expectTensor(list[i], w, approx, `${c.name}[${i}]`));
      } else throw new Error(`fixture ${c.name} has no expectation`);
    });
  });
}
