/**
 * The same torch fixtures with tensor storage in the wasm backend's memory: ops must not
 * depend on where storage lives (views of a shared memory, buffers shared by all tensors).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../../src/backend/backend.js";
import { loadWasmBackend } from "../../../src/backend/index.js";
import * as ops from "../../../src/tensor/ops/index.js";
import { tensor } from "../../../src/tensor/creation.js";
import { runFixtureGroup } from "./torch-fixtures.js";

beforeAll(() => {
  loadWasmBackend();
  setBackend("wasm");
});
afterAll(() => setBackend("js"));

describe("under the wasm backend", () => {
  it("allocates results in wasm memory", () => {
    expect(getBackend().name).toBe("wasm");
    const a = tensor([[1, 2], [3, 4]]);
    // a and a.t() share one buffer with every other tensor: the overlap check must still work
    ops.add_(a, a.t());
    expect(a.toArray()).toEqual([[2, 5], [5, 8]]);
    const b = tensor([1, 2]);
    ops.add_(b, tensor([10, 20]));
    expect(b.toFlatArray()).toEqual([11, 22]);
  });
  for (const g of ["ops_elementwise", "ops_reduce", "ops_sort", "ops_shape", "ops_indexing"]) {
    runFixtureGroup(g);
  }
});
