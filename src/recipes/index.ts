/**
 * The recipes: every experiment of the `bindsnet` command (and the manual's two-layer
 * example) as a typed config with defaults plus `run(config, context)`. The registry is an
 * explicit table, not filled by import side effects.
 */
import { ValueError } from "../errors.js";
import { nearestKey } from "../options.js";
import type { Recipe } from "./types.js";
import { twoLayer } from "./two-layer.js";

export type { CheckpointStore, DataSource, ImageSet, Recipe, RecipeContext, RecipeEvent } from "./types.js";
export { type CheckpointHeader, MemoryCheckpointStore, configDiff, decodeCheckpoint, encodeCheckpoint, makeConfig } from "./common.js";
export { twoLayer, type TwoLayerConfig, type TwoLayerResult } from "./two-layer.js";

/** A recipe of any config and result (the registry's element type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds recipes of different configs
export type AnyRecipe = Recipe<any, any>;

/** Every recipe by name. */
export const recipes: Readonly<Record<string, AnyRecipe>> = Object.freeze({
  "two-layer": twoLayer,
});

/** The recipe called `name`; a ValueError with a did-you-mean for an unknown name. */
export function getRecipe(name: string): AnyRecipe {
  const r = Object.prototype.hasOwnProperty.call(recipes, name) ? recipes[name] : undefined;
  if (r !== undefined) return r;
  const names = Object.keys(recipes);
  const near = nearestKey(String(name), names);
  throw new ValueError(`getRecipe: unknown recipe ${JSON.stringify(name)}; ${near !== null ? `did you mean ${near}?` : `expected one of ${names.join(", ")}`}`);
}
