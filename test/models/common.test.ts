/** The models' shared helpers (src/models/common.ts): argument checks, initial weights, the excitatory layer and the plastic input connection. */
import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { PostPre } from "../../src/learning/post-pre.js";
import { checkInputShape, excitatoryLayer, finite, initialWeights, plasticInputConnection, positiveInt } from "../../src/models/common.js";
import { DiehlAndCookNodes } from "../../src/network/nodes/diehl-and-cook.js";
import { Input } from "../../src/network/nodes/input.js";
import { Connection } from "../../src/network/topology/connection.js";
import { Generator, rand } from "../../src/tensor/random.js";

describe("positiveInt and finite", () => {
  it("return a good value and name the model and the argument otherwise", () => {
    expect(positiveInt("M", "n", 3)).toBe(3);
    for (const bad of [0, -1, 2.5, Number.NaN, "3", null]) expect(() => positiveInt("M", "n", bad)).toThrow(ValueError);
    expect(() => positiveInt("M", "n", 2.5)).toThrow("M: n is 2.5, expected a positive integer");
    expect(finite("M", "dt", -0.5)).toBe(-0.5);
    expect(() => finite("M", "dt", Number.NEGATIVE_INFINITY)).toThrow("M: dt is -Infinity, expected a finite number");
    expect(() => finite("M", "dt", "1")).toThrow('M: dt is "1", expected a finite number');
  });
});

describe("initialWeights", () => {
  it("is float32(U · float32(0.3)) of the generator's rand draws, [nIn, nOut]", () => {
    const w = initialWeights(6, 4, new Generator(5));
    const u = rand([6, 4], { generator: new Generator(5) }).contiguousData();
    expect(w.shape).toEqual([6, 4]);
    expect(w.dtype).toBe("float32");
    expect(Array.from(w.contiguousData())).toEqual(Array.from(u, (x) => Math.fround(x * Math.fround(0.3))));
    const all = Array.from(initialWeights(50, 20, new Generator(6)).contiguousData());
    expect(Math.min(...all)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...all)).toBeLessThan(0.3);
    expect(Math.max(...all)).toBeGreaterThan(0.29);
  });
});

describe("checkInputShape", () => {
  it("accepts positive integers multiplying to nInpt (a copy), undefined or null, and rejects the rest", () => {
    const sh = [1, 28, 28];
    const got = checkInputShape("M", sh, 784);
    expect(got).toEqual([1, 28, 28]);
    expect(got).not.toBe(sh);
    expect(checkInputShape("M", undefined, 4)).toBeUndefined();
    expect(checkInputShape("M", null, 4)).toBeUndefined();
    expect(() => checkInputShape("M", [2, 3], 4)).toThrow("M: inptShape is [2, 3], expected positive integers whose product is nInpt=4");
    expect(() => checkInputShape("M", [0, 4], 0)).toThrow(ValueError);
    expect(() => checkInputShape("M", [2, 2.5], 5)).toThrow(ValueError);
    expect(() => checkInputShape("M", "2x2", 4)).toThrow(ValueError);
  });
});

describe("excitatoryLayer", () => {
  it("builds Diehl & Cook's excitatory layer: rest -65, reset -60, thresh excThresh (-52), refrac 5, tcDecay 100, traces tc 20", () => {
    const l = excitatoryLayer(7, {});
    expect(l).toBeInstanceOf(DiehlAndCookNodes);
    expect([l.n, l.rest, l.reset, l.thresh, l.refrac, l.tcDecay, l.traces, l.tcTrace, l.thetaPlus, l.tcThetaDecay, l.oneSpike]).toEqual([7, -65, -60, -52, 5, 100, true, 20, 0.05, 1e7, true]);
    const g = new Generator(1);
    const m = excitatoryLayer(2, { excThresh: -55, thetaPlus: 0.2, tcThetaDecay: 500, rng: g });
    expect([m.thresh, m.thetaPlus, m.tcThetaDecay, m.rng]).toEqual([-55, 0.2, 500, g]);
  });
});

describe("plasticInputConnection", () => {
  it("is a PostPre Connection with the reference defaults: nu (1e-4, 1e-2), [0, 1], norm 78.4, 0.3·U weights from the generator", () => {
    const X = new Input({ n: 5, traces: true });
    const Y = excitatoryLayer(3, {});
    const c = plasticInputConnection(X, Y, { rng: new Generator(2) });
    expect(c).toBeInstanceOf(Connection);
    expect(c.ruleClass).toBe(PostPre);
    expect(c.nu).toEqual([1e-4, 1e-2]);
    expect([c.wmin, c.wmax, c.norm, c.reduction]).toEqual([0, 1, 78.4, null]);
    expect(Array.from(c.w.contiguousData())).toEqual(Array.from(initialWeights(5, 3, new Generator(2)).contiguousData()));
    const d = plasticInputConnection(X, Y, { nu: [0.5, 0.25], wmin: -1, wmax: 2, norm: null });
    expect(d.nu).toEqual([0.5, 0.25]);
    expect([d.wmin, d.wmax, d.norm]).toEqual([-1, 2, null]);
  });
});
