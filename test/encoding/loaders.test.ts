import { describe, expect, it } from "vitest";
import { bernoulli, poisson, rankOrder } from "../../src/encoding/encodings.js";
import { bernoulliLoader, poissonLoader, rankOrderLoader } from "../../src/encoding/loaders.js";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import { Generator, rand } from "../../src/tensor/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectError } from "../helpers/expect-error.js";

describe("loaders", () => {
  it("poissonLoader encodes each entry along dim 0 of a tensor, lazily and in order", () => {
    const data = rand([4, 3, 3], { generator: new Generator(1) });
    const out = [...poissonLoader(data, 20, { generator: new Generator(2) })];
    expect(out).toHaveLength(4);
    const g = new Generator(2);
    out.forEach((s, i) => {
      expect(s.shape).toEqual([20, 3, 3]);
      expect(s.dtype).toBe("uint8");
      expect(s.toFlatArray()).toEqual(poisson(data.at(i), 20, { generator: g }).toFlatArray());
    });
  });

  it("accept arrays and other iterables of tensors", () => {
    const items = [tensor([1, 2]), tensor([3, 0])];
    const out = [...rankOrderLoader(items, 4)];
    expect(out.map((s) => s.toArray())).toEqual(items.map((d) => rankOrder(d, 4).toArray()));
    function* gen(): IterableIterator<Tensor> {
      yield tensor([0.5]);
      yield tensor([0.25]);
    }
    expect([...bernoulliLoader(gen(), 3)].map((s) => s.shape)).toEqual([
      [3, 1],
      [3, 1],
    ]);
  });

  it("bernoulliLoader honours maxProb (the reference ignores it)", () => {
    const data = tensor(new Float32Array(2 * 100).fill(1), { shape: [2, 100] });
    const T = 200;
    for (const s of bernoulliLoader(data, T, { maxProb: 0.1, generator: new Generator(3) })) {
      const c = s.toFlatArray().reduce((a, b) => a + b, 0);
      const expected = T * 100 * 0.1;
      expect(Math.abs(c - expected)).toBeLessThan(4 * Math.sqrt(expected * 0.9));
    }
  });

  it("bernoulliLoader without time yields one sample per datum", () => {
    const data = tensor([
      [1, 0, 1],
      [0, 1, 0],
    ]);
    const out = [...bernoulliLoader(data, null, { generator: new Generator(4) })];
    expect(out.map((s) => s.toArray())).toEqual([
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect(out[0]!.toFlatArray()).toEqual(bernoulli(data.at(0), null).toFlatArray());
  });

  it("reject bad time, dt and data on the first next()", () => {
    const data = tensor([[1, 2]]);
    const it1 = poissonLoader(data, -5);
    expectError(() => it1.next(), ValueError, "poissonLoader", "time is -5", "> 0");
    expectError(() => rankOrderLoader(data, 5, { dt: 0 }).next(), ValueError, "rankOrderLoader", "dt is 0", "> 0");
    expectError(() => bernoulliLoader(data, 0).next(), ValueError, "bernoulliLoader", "time is 0");
    expectError(() => poissonLoader(42 as unknown as Tensor, 5).next(), ValueError, "poissonLoader", "data is 42", "iterable of Tensors");
    expectError(() => poissonLoader(tensor(3), 5).next(), ValueError, "poissonLoader", "0-d tensor", "leading dim");
    expectError(() => poissonLoader(tensor([[-1]]), 5).next(), ValueError, "poisson", "datum has value -1");
  });
});
