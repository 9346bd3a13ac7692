/**
 * The recipes: every experiment of the `bindsnet` command (and the manual's two-layer
 * example) as a typed config with defaults plus `run(config, context)`. The registry is an
 * explicit table, not filled by import side effects.
 */
import { ValueError } from "../errors.js";
import { nearestKey } from "../options.js";
import type { Recipe } from "./types.js";
import { twoLayer } from "./two-layer.js";
import { mccReservoir, reservoir } from "./reservoir.js";
import { batchEthMnist, ethMnist, mainJob, supervisedMnist } from "./diehl-and-cook.js";
import { breakout, breakoutRandomNetwork, breakoutStdp } from "./breakout.js";
import { breakoutRandomBaseline } from "./breakout-baseline.js";
import { dotTracing } from "./dot-tracing.js";
import { conv1dMnist, conv3dMnist, convMnist, loc1dMnist, loc2dMnist, loc3dMnist, somLmSnns } from "./conv-mnist.js";

export type { CheckpointStore, DataSource, ImageSet, Recipe, RecipeContext, RecipeEvent } from "./types.js";
export { type CheckpointHeader, MemoryCheckpointStore, configDiff, decodeCheckpoint, encodeCheckpoint, makeConfig } from "./common.js";
export { mccReservoir, reservoir, type ReservoirConfig, type ReservoirResult } from "./reservoir.js";
export { twoLayer, type TwoLayerConfig, type TwoLayerResult } from "./two-layer.js";
export { conv1dMnist, conv3dMnist, convMnist, loc1dMnist, loc2dMnist, loc3dMnist, somLmSnns, type ConvConfig, type LocConfig, type SomConfig } from "./conv-mnist.js";
export { stdpRecipe, type StdpBaseConfig, type StdpResult, type StdpSpec } from "./stdp-mnist.js";
export { breakout, breakoutDefaults, breakoutRandomNetwork, breakoutStdp, type BreakoutConfig, type BreakoutContext, type BreakoutResult, type BreakoutVariant } from "./breakout.js";
export { breakoutRandomBaseline, type BreakoutBaselineConfig, type BreakoutBaselineResult } from "./breakout-baseline.js";
export { dotTracing, type DotEpisode, type DotTracingConfig, type DotTracingContext, type DotTracingResult } from "./dot-tracing.js";
export { batchEthMnist, dcDefaults, ethMnist, mainJob, supervisedMnist, type DCConfig, type DCResult, type DCVariant } from "./diehl-and-cook.js";

/** A recipe of any config and result (the registry's element type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds recipes of different configs
export type AnyRecipe = Recipe<any, any>;

/** Every recipe by name. */
export const recipes: Readonly<Record<string, AnyRecipe>> = Object.freeze({
  "two-layer": twoLayer,
  "eth-mnist": ethMnist,
  "batch-eth-mnist": batchEthMnist,
  "supervised-mnist": supervisedMnist,
  "main-job": mainJob,
  "conv-mnist": convMnist,
  "conv1d-mnist": conv1dMnist,
  "conv3d-mnist": conv3dMnist,
  "loc1d-mnist": loc1dMnist,
  "loc2d-mnist": loc2dMnist,
  "loc3d-mnist": loc3dMnist,
  "som-lm-snns": somLmSnns,
  reservoir,
  "mcc-reservoir": mccReservoir,
  breakout,
  "breakout-random-network": breakoutRandomNetwork,
  "breakout-stdp": breakoutStdp,
  "breakout-random-baseline": breakoutRandomBaseline,
  "dot-tracing": dotTracing,
});

/** The recipe called `name`; a ValueError with a did-you-mean for an unknown name. */
export function getRecipe(name: string): AnyRecipe {
  const r = Object.prototype.hasOwnProperty.call(recipes, name) ? recipes[name] : undefined;
  if (r !== undefined) return r;
  const names = Object.keys(recipes);
  const near = nearestKey(String(name), names);
  throw new ValueError(`getRecipe: unknown recipe ${JSON.stringify(name)}; ${near !== null ? `did you mean ${near}?` : `expected one of ${names.join(", ")}`}`);
}
