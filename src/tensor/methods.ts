/**
 * The functional ops of `ops/` as Tensor methods (declaration merging plus prototype
 * assignment), so `a.add(b).sum(1)` reads like torch.
 *
 * Installed explicitly, not by importing this file: `installTensorMethods()` is called at the
 * top level of the modules every tensor starts from (`creation.ts`, `random.ts`) and of
 * `tensor/index.ts`. A call of an imported function is code a bundler keeps whenever that
 * module is used, even with `"sideEffects": false` (a bare `import "./methods.js"` would be
 * dropped). `tensor.ts` cannot call it itself: the ops import `tensor.ts`, and lint forbids
 * the cycle. The call is idempotent.
 */
import type { DType } from "../backend/dtype.js";
import * as ops from "./ops/index.js";
import type { IndexLike, Operand, ValuesIndices, Dims } from "./ops/index.js";
import { Tensor } from "./tensor.js";

declare module "./tensor.js" {
  interface Tensor {
    add(other: Operand, alpha?: number): Tensor;
    sub(other: Operand, alpha?: number): Tensor;
    mul(other: Operand): Tensor;
    div(other: Operand): Tensor;
    pow(exponent: Operand): Tensor;
    remainder(other: Operand): Tensor;
    minimum(other: Tensor): Tensor;
    maximum(other: Tensor): Tensor;
    add_(other: Operand, alpha?: number): this;
    sub_(other: Operand, alpha?: number): this;
    mul_(other: Operand): this;
    div_(other: Operand): this;
    clamp(min?: Operand | null, max?: Operand | null): Tensor;
    clamp_(min?: Operand | null, max?: Operand | null): this;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    reciprocal(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    abs(): Tensor;
    neg(): Tensor;
    sign(): Tensor;
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    eq(other: Operand): Tensor;
    ne(other: Operand): Tensor;
    lt(other: Operand): Tensor;
    le(other: Operand): Tensor;
    gt(other: Operand): Tensor;
    ge(other: Operand): Tensor;
    logicalAnd(other: Operand): Tensor;
    logicalOr(other: Operand): Tensor;
    logicalXor(other: Operand): Tensor;
    logicalNot(): Tensor;
    /** `this` where `condition` is true, else `other` (torch's `x.where(cond, y)`). */
    where(condition: Tensor, other: Operand): Tensor;
    maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor;
    maskedFill_(mask: Tensor, value: number | boolean | Tensor): this;
    sum(dim?: Dims, keepdim?: boolean): Tensor;
    mean(dim?: Dims, keepdim?: boolean): Tensor;
    prod(dim?: number | null, keepdim?: boolean): Tensor;
    any(dim?: number | null, keepdim?: boolean): Tensor;
    all(dim?: number | null, keepdim?: boolean): Tensor;
    norm(p?: number, dim?: Dims, keepdim?: boolean): Tensor;
    max(): Tensor;
    max(dim: number, keepdim?: boolean): ValuesIndices;
    max(other: Tensor): Tensor;
    min(): Tensor;
    min(dim: number, keepdim?: boolean): ValuesIndices;
    min(other: Tensor): Tensor;
    argmax(dim?: number | null, keepdim?: boolean): Tensor;
    argmin(dim?: number | null, keepdim?: boolean): Tensor;
    cumsum(dim: number): Tensor;
    sort(dim?: number, descending?: boolean): ValuesIndices;
    argsort(dim?: number, descending?: boolean): Tensor;
    topk(k: number, dim?: number, largest?: boolean, sorted?: boolean): ValuesIndices;
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    /** Tiles the tensor (torch's `x.repeat(2, 3)`; an array works too). */
    repeat(...sizes: number[] | [readonly number[]]): Tensor;
    tile(dims: readonly number[]): Tensor;
    flip(dims: number | readonly number[]): Tensor;
    roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor;
    indexSelect(dim: number, index: IndexLike): Tensor;
    indexDim(dim: number, index: IndexLike): Tensor;
    gather(dim: number, index: IndexLike): Tensor;
    scatter(dim: number, index: IndexLike, src: Tensor | number | boolean): Tensor;
    scatter_(dim: number, index: IndexLike, src: Tensor | number | boolean): this;
    scatterAdd(dim: number, index: IndexLike, src: Tensor): Tensor;
    scatterAdd_(dim: number, index: IndexLike, src: Tensor): this;
    maskedSelect(mask: Tensor): Tensor;
    indexBool(mask: Tensor): Tensor;
    setByMask_(mask: Tensor, value: number | boolean | Tensor): this;
    take(index: IndexLike): Tensor;
    nonzero(): Tensor;
    /** Same as `to(dtype)`, with torch's name. */
    type(dtype: DType): Tensor;
  }
}

type Method = (this: Tensor, ...args: never[]) => unknown;

/** Installs `fn(this, ...args)` as method `name`. */
function method(name: string, fn: (t: Tensor, ...args: never[]) => unknown): void {
  (Tensor.prototype as unknown as Record<string, Method>)[name] = function (this: Tensor, ...args: never[]) {
    return fn(this, ...args);
  };
}

const plain = [
  "add", "sub", "mul", "div", "pow", "remainder", "minimum", "maximum",
  "add_", "sub_", "mul_", "div_", "clamp", "clamp_",
  "exp", "log", "sqrt", "reciprocal", "sigmoid", "tanh", "abs", "neg", "sign", "floor", "ceil", "round",
  "eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor", "logicalNot",
  "maskedFill", "maskedFill_",
  "sum", "mean", "prod", "any", "all", "norm", "max", "min", "argmax", "argmin", "cumsum",
  "sort", "argsort", "topk", "split", "chunk", "tile", "flip", "roll",
  "indexSelect", "indexDim", "gather", "scatter", "scatter_", "scatterAdd", "scatterAdd_",
  "maskedSelect", "indexBool", "setByMask_", "take", "nonzero",
] as const;

let installed = false;

/** Puts the op methods (`add`, `sum`, `where`, ...) on `Tensor.prototype`; idempotent. */
export function installTensorMethods(): void {
  if (installed) return;
  installed = true;
  const table = ops as unknown as Record<string, (t: Tensor, ...args: never[]) => unknown>;
  for (const name of plain) method(name, table[name]!);

  method("where", ((t: Tensor, condition: Tensor, other: Operand) => ops.where(condition, t, other)) as (t: Tensor, ...args: never[]) => unknown);
  method("repeat", ((t: Tensor, ...sizes: number[] | [readonly number[]]) =>
    ops.repeat(t, (Array.isArray(sizes[0]) ? sizes[0] : sizes) as readonly number[])) as (t: Tensor, ...args: never[]) => unknown);
  method("type", ((t: Tensor, dtype: DType) => t.to(dtype)) as (t: Tensor, ...args: never[]) => unknown);
}
