/** Checks that a command's flags map onto its recipe: every flag is a config field (or a common / CLI-only one) with the recipe's default. */
import { expect } from "vitest";
import { type OptionSpec, parseArgs } from "../../src/cli/args.js";
import { type RecipeCommandSpec, recipeOptions } from "../../src/cli/run-recipe.js";

const COMMON = new Set(parseArgs("x", recipeOptions("x"), []) ? Object.keys(parseArgs("x", recipeOptions("x"), [])) : []);

/** The config the defaults of `options` give the recipe of `spec` (checked field by field against the recipe's defaults). */
export function expectFlagsMatchRecipe(options: readonly OptionSpec[], spec: RecipeCommandSpec<object, object>, argv: string[] = []): Record<string, unknown> {
  const parsed = parseArgs("t", options, argv);
  const defaults = spec.recipe.defaults as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (COMMON.has(k) || spec.cliOnly?.includes(k)) continue;
    const field = (spec.rename as Record<string, string> | undefined)?.[k] ?? k;
    expect(Object.keys(defaults), `flag ${k} of ${spec.recipe.name}`).toContain(field);
    if (argv.length === 0) expect(v, `default of ${k} (${spec.recipe.name})`).toEqual(defaults[field]);
    config[field] = v;
  }
  expect(() => spec.recipe.config(config)).not.toThrow();
  return config;
}
