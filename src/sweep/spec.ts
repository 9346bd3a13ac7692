/**
 * Sweep files: a recipe, a base config, a grid and/or random search over any of the recipe's
 * config fields, times seeds. Parsing is strict (unknown fields, empty grids, wrong types are
 * short errors naming the field) and every trial's config goes through the recipe's own
 * `config()`, so a sweep can only ask for configs the recipe accepts. Pure: no Node imports.
 *
 * ```json
 * { "recipe": "two-layer", "base": { "nTrain": 20 }, "grid": { "nNeurons": [10, 20] },
 *   "random": { "intensity": { "uniform": [32, 128] }, "samples": 4 },
 *   "seeds": [0, 1], "metric": "accuracy", "out": "sweeps/x" }
 * ```
 */
import { ValueError, fmtValue } from "../errors.js";
import { unknownOptionMessage } from "../options.js";
import type { Recipe } from "../recipes/types.js";
import { trialId } from "./hash.js";

/** A distribution of a random-search parameter. */
export type Distribution =
  | { uniform: [number, number] }
  | { loguniform: [number, number] }
  | { int: [number, number] }
  | { choice: unknown[] };

/** A parsed, validated sweep file. */
export interface SweepSpec {
  recipe: string;
  base: Record<string, unknown>;
  grid: Record<string, unknown[]>;
  random: Record<string, Distribution>;
  /** Random draws (0 when there is no random search). */
  samples: number;
  /** Seed of the random-search draws (the draws are the same on every run, so ids are too). */
  sampleSeed: number;
  /** Seeds each configuration runs with; null when the recipe has no `seed` field. */
  seeds: number[] | null;
  /** Dotted path of the result's number to compare trials by ("accuracy", "test.all"). */
  metric: string;
  goal: "max" | "min";
  /** Output folder (results.jsonl, summary.md/.csv, plots/). */
  out: string;
  /** How many times a crashed trial is retried before it is marked failed. */
  retries: number;
}

/** One run of the recipe. */
export interface Trial {
  /** Hash of recipe + full config (seed included). */
  id: string;
  recipe: string;
  /** The swept values (grid and random) of this trial, by field. */
  params: Record<string, unknown>;
  seed: number | null;
  /** The complete config handed to `recipe.config`/`run`. */
  config: Record<string, unknown>;
}

/** Anything that answers a recipe by name (the registry in `src/recipes`, or a test's). */
export type RecipeLookup = (name: string) => Recipe<object, object> | undefined;

const TOP = ["recipe", "base", "grid", "random", "seeds", "sampleSeed", "metric", "goal", "out", "retries"];
const DISTS = ["uniform", "loguniform", "int", "choice"];

const fail = (msg: string): never => {
  throw new ValueError(`sweep: ${msg}`);
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function nonNegInt(field: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) fail(`${field} is ${fmtValue(v)}, expected a non-negative integer`);
  return v as number;
}

function parseDistribution(field: string, v: unknown): Distribution {
  if (!isObject(v)) return fail(`${field} is ${fmtValue(v)}, expected one of { uniform: [lo, hi] }, { loguniform: [lo, hi] }, { int: [lo, hi] }, { choice: [...] }`);
  const keys = Object.keys(v);
  for (const k of keys) if (!DISTS.includes(k)) fail(unknownOptionMessage(field, k, DISTS, "distribution"));
  if (keys.length !== 1) fail(`${field} has ${keys.length} distributions, expected exactly one of ${DISTS.join(", ")}`);
  const kind = keys[0]!;
  const arg = v[kind];
  if (kind === "choice") {
    if (!Array.isArray(arg) || arg.length === 0) fail(`${field}.choice is ${fmtValue(arg)}, expected a non-empty array`);
    return { choice: arg as unknown[] };
  }
  if (!Array.isArray(arg) || arg.length !== 2 || !arg.every((x) => typeof x === "number" && Number.isFinite(x)) || !((arg[0] as number) <= (arg[1] as number))) {
    return fail(`${field}.${kind} is ${fmtValue(arg)}, expected [lo, hi] with finite numbers lo <= hi`);
  }
  const [lo, hi] = arg as [number, number];
  if (kind === "loguniform" && !(lo > 0)) fail(`${field}.loguniform is ${fmtValue(arg)}, expected 0 < lo <= hi`);
  if (kind === "int" && !(Number.isInteger(lo) && Number.isInteger(hi))) fail(`${field}.int is ${fmtValue(arg)}, expected integer bounds`);
  return { [kind]: [lo, hi] } as Distribution;
}

/** mulberry32: a tiny seeded generator, enough for drawing sweep parameters. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draw(d: Distribution, u: number): unknown {
  if ("choice" in d) return d.choice[Math.min(d.choice.length - 1, Math.floor(u * d.choice.length))];
  if ("int" in d) return d.int[0] + Math.min(d.int[1] - d.int[0], Math.floor(u * (d.int[1] - d.int[0] + 1)));
  if ("loguniform" in d) return Math.exp(Math.log(d.loguniform[0]) + u * (Math.log(d.loguniform[1]) - Math.log(d.loguniform[0])));
  return d.uniform[0] + u * (d.uniform[1] - d.uniform[0]);
}

function find(lookup: RecipeLookup, name: string): Recipe<object, object> {
  let r: Recipe<object, object> | undefined;
  try {
    r = lookup(name);
  } catch (e) {
    return fail(`recipe: ${(e as Error).message}`);
  }
  return r ?? fail(`recipe is ${fmtValue(name)}, which is not a known recipe`);
}

/** Runs `recipe.config(partial)`, turning its error into one that names the sweep's field. */
function configOf(recipe: Recipe<object, object>, partial: Record<string, unknown>, where: string): Record<string, unknown> {
  try {
    return recipe.config(partial) as Record<string, unknown>;
  } catch (e) {
    return fail(`${where}: ${(e as Error).message}`);
  }
}

/**
 * Validates a sweep file's parsed JSON against the recipe found through `lookup`. `out`
 * defaults to `sweeps/<recipe>`; `metric` is required (trials are compared by it).
 */
export function parseSweepSpec(raw: unknown, lookup: RecipeLookup): SweepSpec {
  if (!isObject(raw)) return fail(`the sweep file is ${fmtValue(raw)}, expected a JSON object`);
  for (const k of Object.keys(raw)) if (!TOP.includes(k)) throw new ValueError(unknownOptionMessage("sweep", k, TOP, "field"));
  const name = raw.recipe;
  if (typeof name !== "string" || name === "") return fail(`recipe is ${fmtValue(name)}, expected a recipe name`);
  const recipe = find(lookup, name);
  const fields = Object.keys(recipe.defaults);
  const hasSeed = fields.includes("seed");

  const base = raw.base ?? {};
  if (!isObject(base)) return fail(`base is ${fmtValue(base)}, expected an object of ${name}'s config fields`);
  configOf(recipe, base, "base");

  const grid: Record<string, unknown[]> = {};
  if (raw.grid !== undefined) {
    if (!isObject(raw.grid)) return fail(`grid is ${fmtValue(raw.grid)}, expected an object mapping config fields to arrays of values`);
    for (const [k, vs] of Object.entries(raw.grid)) {
      if (!fields.includes(k)) fail(unknownOptionMessage(`grid`, k, fields, `${name} config field`));
      if (k === "seed") fail(`grid.seed: give seeds in "seeds", not in the grid`);
      if (!Array.isArray(vs)) fail(`grid.${k} is ${fmtValue(vs)}, expected an array of values`);
      if ((vs as unknown[]).length === 0) fail(`grid.${k} is empty, expected at least one value`);
      for (const v of vs as unknown[]) configOf(recipe, { ...base, [k]: v }, `grid.${k}`);
      grid[k] = [...(vs as unknown[])];
    }
  }

  const random: Record<string, Distribution> = {};
  let samples = 0;
  if (raw.random !== undefined) {
    if (!isObject(raw.random)) return fail(`random is ${fmtValue(raw.random)}, expected { <field>: { uniform: [lo, hi] }, ..., samples: N }`);
    for (const [k, v] of Object.entries(raw.random)) {
      if (k === "samples") continue;
      if (!fields.includes(k)) fail(unknownOptionMessage(`random`, k, [...fields, "samples"], `${name} config field`));
      if (k in grid) fail(`random.${k}: ${k} is also in the grid, expected each field swept once`);
      if (k === "seed") fail(`random.seed: give seeds in "seeds", not in random`);
      random[k] = parseDistribution(`random.${k}`, v);
    }
    if (Object.keys(random).length === 0) fail(`random has no fields to draw, expected at least one besides samples`);
    samples = nonNegInt("random.samples", raw.random.samples);
    if (samples === 0) fail(`random.samples is 0, expected at least 1`);
  }

  let seeds: number[] | null = null;
  if (raw.seeds !== undefined) {
    if (!hasSeed) fail(`seeds is given but recipe ${name} has no seed field`);
    if (!Array.isArray(raw.seeds) || raw.seeds.length === 0 || !raw.seeds.every((s) => typeof s === "number" && Number.isInteger(s))) {
      fail(`seeds is ${fmtValue(raw.seeds)}, expected a non-empty array of integers`);
    }
    seeds = [...new Set(raw.seeds as number[])];
  }
  if (raw.metric === undefined) fail(`metric is missing, expected the dotted path of a number in ${name}'s result (e.g. "accuracy")`);
  if (typeof raw.metric !== "string" || !/^[A-Za-z_$][\w$]*(\.[\w$]+)*$/.test(raw.metric)) return fail(`metric is ${fmtValue(raw.metric)}, expected a dotted path such as "accuracy" or "test.all"`);
  const goal = raw.goal ?? "max";
  if (goal !== "max" && goal !== "min") fail(`goal is ${fmtValue(goal)}, expected "max" or "min"`);
  const out = raw.out ?? `sweeps/${name}`;
  if (typeof out !== "string" || out === "") fail(`out is ${fmtValue(out)}, expected a folder path`);
  const retries = raw.retries === undefined ? 2 : nonNegInt("retries", raw.retries);
  const sampleSeed = raw.sampleSeed === undefined ? 0 : nonNegInt("sampleSeed", raw.sampleSeed);
  if (Object.keys(grid).length === 0 && samples === 0 && seeds === null) fail(`nothing to sweep: give a grid, random or seeds`);
  return { recipe: name, base: { ...base }, grid, random, samples, sampleSeed, seeds, metric: raw.metric as string, goal: goal as "max" | "min", out: out as string, retries };
}

/** The grid's points in declared field order, last field fastest. */
function gridPoints(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let pts: Record<string, unknown>[] = [{}];
  for (const [k, vs] of Object.entries(grid)) pts = pts.flatMap((p) => vs.map((v) => ({ ...p, [k]: v })));
  return pts;
}

/**
 * Every trial of a sweep: grid points × random draws × seeds, each config validated by the
 * recipe. The random draws come from `sampleSeed`, so the list (and the ids) never change
 * between runs. Trials with the same id (a grid repeating a value) appear once.
 */
export function expandTrials(spec: SweepSpec, lookup: RecipeLookup): Trial[] {
  const recipe = find(lookup, spec.recipe);
  const next = rng(spec.sampleSeed);
  const fieldsR = Object.keys(spec.random);
  const draws: Record<string, unknown>[] = spec.samples === 0 ? [{}] : Array.from({ length: spec.samples }, () => Object.fromEntries(fieldsR.map((k) => [k, draw(spec.random[k]!, next())])));
  const seeds: (number | null)[] = spec.seeds ?? [null];
  const trials: Trial[] = [];
  const seen = new Set<string>();
  for (const g of gridPoints(spec.grid)) {
    for (const d of draws) {
      for (const seed of seeds) {
        const params = { ...g, ...d };
        const partial = { ...spec.base, ...params, ...(seed === null ? {} : { seed }) };
        const config = configOf(recipe, partial, `trial ${JSON.stringify(params)}`);
        const id = trialId(spec.recipe, config);
        if (seen.has(id)) continue;
        seen.add(id);
        trials.push({ id, recipe: spec.recipe, params, seed, config });
      }
    }
  }
  return trials;
}
