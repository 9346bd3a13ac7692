/**
 * BindsNET's `recursive_to(item, device)`, which moves every tensor of a (nested) batch to a
 * torch device. There is no device here: tensors stay where they are (the same Tensor
 * objects), and the containers around them are rebuilt, so the caller's structure is never
 * modified. It still walks the whole structure, so a batch holding something a pipeline cannot
 * handle fails here with a clear message, as the reference's `NotImplementedError` does.
 */
import { ValueError, fmtValue } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/** What `recursiveTo` accepts: tensors, primitives, typed arrays, arrays and plain objects of these. */
export type BatchItem = Tensor | number | boolean | string | bigint | null | undefined | ArrayBufferView | readonly BatchItem[] | { readonly [key: string]: BatchItem };

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function walk(item: unknown, path: string): unknown {
  if (item instanceof Tensor) return item;
  const t = typeof item;
  if (item === null || item === undefined || t === "number" || t === "boolean" || t === "string" || t === "bigint") return item;
  if (ArrayBuffer.isView(item)) return item;
  // tuples (and namedtuples) become arrays in the reference too (`[recursive_to(x) ...]`)
  if (Array.isArray(item)) return item.map((x, i) => walk(x, `${path}[${i}]`));
  if (t === "object" && isPlainObject(item as object)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) out[k] = walk(v, `${path}.${k}`);
    return out;
  }
  const kind = t === "object" ? `a ${(item as object).constructor?.name ?? "object"}` : `a ${t}`;
  throw new ValueError(`recursiveTo: ${path} is ${kind} (${fmtValue(item)}), expected a Tensor, number, boolean, string, null, typed array, array or plain object`);
}

/**
 * Returns `item` with every container rebuilt and every tensor kept as it is (there is no
 * device to move to). Arrays and plain objects are walked recursively; anything else that is
 * not a Tensor, number, boolean, string, bigint, null/undefined or typed array throws a
 * ValueError naming its path in the structure.
 */
export function recursiveTo<T>(item: T): T {
  return walk(item, "item") as T;
}
