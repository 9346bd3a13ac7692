/**
 * Option checks shared by the environments. Every failure is a `ValueError` whose message
 * names the class, the option, what was expected and what was given.
 *
 * Randomness convention of this module: every environment takes `seed` (BindsNET's name) and
 * an optional `rng` (a {@link Generator}); `rng` wins when both are given, so several
 * environments can share one stream. Nothing here calls `Math.random`.
 */
import { ValueError, fmtValue } from "../errors.js";
import { Generator } from "../tensor/random.js";

/** `v` is an integer in [min, max]. */
export function checkInt(cls: string, name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new ValueError(`${cls}: ${name} is ${fmtValue(v)}, expected ${range}`);
  }
  return v;
}

/** `v` is a finite number in [min, max] (bounds inclusive unless `openMin`). */
export function checkNumber(cls: string, name: string, v: unknown, min = -Infinity, max = Infinity, openMin = false): number {
  const ok = typeof v === "number" && Number.isFinite(v) && (openMin ? v > min : v >= min) && v <= max;
  if (!ok) {
    const lo = min === -Infinity ? "(-inf" : `${openMin ? "(" : "["}${min}`;
    const hi = max === Infinity ? "inf)" : `${max}]`;
    const range = min === -Infinity && max === Infinity ? "a finite number" : `a number in ${lo}, ${hi}`;
    throw new ValueError(`${cls}: ${name} is ${fmtValue(v)}, expected ${range}`);
  }
  return v;
}

/** `v` is a boolean. */
export function checkBool(cls: string, name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new ValueError(`${cls}: ${name} is ${fmtValue(v)}, expected true or false`);
  return v;
}

/** `v` is one of `choices`. */
export function checkChoice<T extends string>(cls: string, name: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
    throw new ValueError(`${cls}: ${name} is ${fmtValue(v)}, expected one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  }
  return v as T;
}

/** `v` is a string. */
export function checkString(cls: string, name: string, v: unknown): string {
  if (typeof v !== "string") throw new ValueError(`${cls}: ${name} is ${fmtValue(v)}, expected a string`);
  return v;
}

/**
 * The generator an environment draws from: `rng` when given, else a new `Generator(seed)`.
 * `zeroMeansClock`: BindsNET's DotSimulator treats seed 0 as "derive from the clock"; we draw
 * a fresh non-deterministic seed instead (read it back from `generator.initialSeed()`).
 */
export function resolveRng(cls: string, seed: unknown, rng: unknown, zeroMeansClock = false): Generator {
  if (rng !== undefined) {
    if (!(rng instanceof Generator)) throw new ValueError(`${cls}: rng is ${fmtValue(rng)}, expected a Generator`);
    return rng;
  }
  if (seed === undefined || (zeroMeansClock && seed === 0)) {
    const g = new Generator();
    g.seed();
    return g;
  }
  checkInt(cls, "seed", seed, 0);
  return new Generator(seed as number);
}

/** An integer uniform in [lo, hi] inclusive (Python's `random.randint`). */
export function randint(g: Generator, lo: number, hi: number): number {
  return lo + g.nextBelow(hi - lo + 1);
}
