/** src/recipes/index.ts: the recipe registry. */
import { describe, expect, it } from "vitest";
import { ValueError } from "../../src/errors.js";
import { ethMnist, getRecipe, recipes, reservoir } from "../../src/recipes/index.js";

describe("recipe registry", () => {
  it("holds every recipe under its own name, frozen", () => {
    expect(Object.keys(recipes).length).toBe(19);
    for (const [k, r] of Object.entries(recipes)) expect(r.name).toBe(k);
    expect(Object.isFrozen(recipes)).toBe(true);
    expect(getRecipe("eth-mnist")).toBe(ethMnist);
    expect(getRecipe("reservoir")).toBe(reservoir);
  });

  it("an unknown name is a ValueError with a did-you-mean, or the list when nothing is near", () => {
    expect(() => getRecipe("eth-mnst")).toThrow(new ValueError('getRecipe: unknown recipe "eth-mnst"; did you mean eth-mnist?'));
    expect(() => getRecipe("toString")).toThrow(/^getRecipe: unknown recipe "toString"; expected one of two-layer, eth-mnist, /);
  });
});
