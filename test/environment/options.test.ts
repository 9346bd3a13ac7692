import { describe, expect, it } from "vitest";
import { checkChoice, checkInt, checkNumber, randint, resolveRng } from "../../src/environment/options.js";
import { ValueError } from "../../src/errors.js";
import { Generator } from "../../src/tensor/random.js";
import { expectError } from "../helpers/expect-error.js";

describe("environment option checks", () => {
  it("name the class, option, expected range and given value", () => {
    expect(checkInt("C", "n", 3, 1, 5)).toBe(3);
    expectError(() => checkInt("C", "n", 6, 1, 5), ValueError, "C: n is 6, expected an integer in [1, 5]");
    expectError(() => checkNumber("C", "p", Number.NaN, 0, 1), ValueError, "C: p is NaN, expected a number in [0, 1]");
    expectError(() => checkNumber("C", "x", Infinity), ValueError, "C: x is Infinity, expected a finite number");
    expectError(() => checkNumber("C", "r", 0, 0, Infinity, true), ValueError, "C: r is 0, expected a number in (0, inf)");
    expect(checkNumber("C", "x", -1e9, -Infinity, 0)).toBe(-1e9);
    expectError(() => checkNumber("C", "x", 1, -Infinity, 0), ValueError, "C: x is 1, expected a number in (-inf, 0]");
  });

  it("randint is inclusive on both ends and resolveRng prefers rng over seed", () => {
    const g = new Generator(1);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(randint(g, 2, 4));
    expect([...seen].sort()).toEqual([2, 3, 4]);
    const shared = new Generator(9);
    expect(resolveRng("C", 5, shared)).toBe(shared);
    expect(resolveRng("C", 5, undefined).initialSeed()).toBe(5);
    expect(resolveRng("C", 0, undefined).initialSeed()).toBe(0);
    expect(resolveRng("C", 0, undefined, true).initialSeed()).not.toBe(0);
    expect(checkChoice("C", "m", "a", ["a", "b"])).toBe("a");
  });
});
