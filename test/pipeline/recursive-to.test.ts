import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { recursiveTo } from "../../src/pipeline/recursive-to.js";
import { tensor } from "../../src/tensor/creation.js";
import { expectError } from "../helpers/expect-error.js";

describe("recursiveTo", () => {
  it("keeps tensors as they are and rebuilds the containers around them", () => {
    const a = tensor([1, 2]);
    const b = tensor([[3]]);
    const item = { x: a, list: [b, 1, true, "s", null], nested: { n: 2.5, t: [a] }, bytes: new Uint8Array([1]) };
    const out = recursiveTo(item);
    expect(out).not.toBe(item);
    expect(out.x).toBe(a);
    expect(out.list).not.toBe(item.list);
    expect(out.list[0]).toBe(b);
    expect(out.list.slice(1)).toEqual([1, true, "s", null]);
    expect(out.nested).not.toBe(item.nested);
    expect(out.nested.t[0]).toBe(a);
    expect(out.nested.n).toBe(2.5);
    expect(out.bytes).toBe(item.bytes);
  });

  it("passes primitives and never mutates its argument", () => {
    expect(recursiveTo(3)).toBe(3);
    expect(recursiveTo("a")).toBe("a");
    const item = [[1, 2], { k: [3] }];
    const copy = JSON.parse(JSON.stringify(item)) as unknown;
    recursiveTo(item);
    expect(item).toEqual(copy);
  });

  it("rejects values a pipeline cannot handle, naming their path", () => {
    expectError(() => recursiveTo({ b: [1, new Map()] }), ValueError, "recursiveTo", "item.b[1]", "Map", "expected a Tensor");
    expectError(() => recursiveTo([() => 1]), ValueError, "recursiveTo", /item\[0\]/, "function");
    expectError(() => recursiveTo({ d: new Date(0) }), ValueError, "item.d", "Date");
  });
});
