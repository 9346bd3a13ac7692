import { describe, expect, it } from "vitest";
import {
  BernoulliEncoder,
  Encoder,
  NullEncoder,
  PoissonEncoder,
  RankOrderEncoder,
  RepeatEncoder,
  SingleEncoder,
} from "../../src/encoding/encoders.js";
import { bernoulli, poisson, rankOrder, repeat, single } from "../../src/encoding/encodings.js";
import { ValueError } from "../../src/errors.js";
import { tensor } from "../../src/tensor/creation.js";
import { Generator } from "../../src/tensor/random.js";
import { expectError } from "../helpers/expect-error.js";

const img = tensor([
  [0, 10, 20],
  [40, 80, 120],
]);

describe("encoders", () => {
  it("are callable and equal to their encoding function with the same arguments", () => {
    const e = new PoissonEncoder({ time: 50, dt: 0.5, generator: new Generator(1) });
    expect(typeof e).toBe("function");
    expect(e.time).toBe(50);
    expect(e.dt).toBe(0.5);
    expect(e.approx).toBe(false);
    const viaCall = e(img);
    const viaEncode = e.encode(img);
    const g = new Generator(1);
    expect(viaCall.toFlatArray()).toEqual(poisson(img, 50, { dt: 0.5, generator: g }).toFlatArray());
    expect(viaEncode.toFlatArray()).toEqual(poisson(img, 50, { dt: 0.5, generator: g }).toFlatArray());
    expect(viaCall.shape).toEqual([100, 2, 3]);
  });

  it("are instances of their class and of Encoder", () => {
    const encoders = [
      new NullEncoder(),
      new SingleEncoder({ time: 5 }),
      new RepeatEncoder({ time: 5 }),
      new BernoulliEncoder({ time: 5 }),
      new PoissonEncoder({ time: 5 }),
      new RankOrderEncoder({ time: 5 }),
    ];
    for (const e of encoders) expect(e).toBeInstanceOf(Encoder);
    expect(encoders[4]).toBeInstanceOf(PoissonEncoder);
    expect(encoders[4]).not.toBeInstanceOf(BernoulliEncoder);
  });

  it("NullEncoder returns the datum itself", () => {
    const e = new NullEncoder();
    expect(e(img)).toBe(img);
    expect(e.encode(img)).toBe(img);
  });

  it("SingleEncoder, RepeatEncoder and RankOrderEncoder forward their options", () => {
    const s = new SingleEncoder({ time: 4, dt: 2, sparsity: 0.2 });
    expect(s.sparsity).toBe(0.2);
    expect(s(img).toFlatArray()).toEqual(single(img, 4, { dt: 2, sparsity: 0.2 }).toFlatArray());
    expect(new SingleEncoder({ time: 4 }).sparsity).toBe(0.5);
    expect(new RepeatEncoder({ time: 3 })(img).toFlatArray()).toEqual(repeat(img, 3).toFlatArray());
    expect(new RankOrderEncoder({ time: 12, dt: 3 })(img).toFlatArray()).toEqual(rankOrder(img, 12, { dt: 3 }).toFlatArray());
  });

  it("BernoulliEncoder forwards maxProb", () => {
    const e = new BernoulliEncoder({ time: 30, maxProb: 0.3, generator: new Generator(2) });
    expect(e.maxProb).toBe(0.3);
    expect(e(img).toFlatArray()).toEqual(bernoulli(img, 30, { maxProb: 0.3, generator: new Generator(2) }).toFlatArray());
    expect(new BernoulliEncoder({ time: 1 }).maxProb).toBe(1);
  });

  it("PoissonEncoder forwards approx", () => {
    const e = new PoissonEncoder({ time: 30, approx: true, generator: new Generator(3) });
    expect(e(img).toFlatArray()).toEqual(poisson(img, 30, { approx: true, generator: new Generator(3) }).toFlatArray());
  });

  it("reject bad time and dt at construction", () => {
    expectError(() => new PoissonEncoder({ time: 0 }), ValueError, "PoissonEncoder", "time is 0", "> 0");
    expectError(() => new BernoulliEncoder({ time: 10, dt: -1 }), ValueError, "BernoulliEncoder", "dt is -1", "> 0");
    expectError(() => new RankOrderEncoder({} as { time: number }), ValueError, "RankOrderEncoder", "time is undefined");
    expectError(() => new RepeatEncoder(undefined as unknown as { time: number }), ValueError, "RepeatEncoder", "options", "time");
  });

  it("report bad data from the encoding function", () => {
    expectError(() => new PoissonEncoder({ time: 5 })(tensor([-1])), ValueError, "poisson", "datum has value -1", "non-negative");
  });
});
